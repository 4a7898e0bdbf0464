#include "app/progress.hpp"

#include <unistd.h>

namespace creditsim::cli {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

ProgressStyle progress_style(bool quiet) {
    if (quiet) return ProgressStyle::none;
    return stderr_is_terminal() ? ProgressStyle::terminal : ProgressStyle::plain;
}

ProgressLine::ProgressLine(ProgressStyle style, std::FILE* to)
    : style_(style), to_(to), started_(std::chrono::steady_clock::now()) {}

void ProgressLine::close() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (wrote_terminal_line_) std::fprintf(to_, "\n");
    wrote_terminal_line_ = false;
    style_ = ProgressStyle::none;
}

void ProgressLine::report(double fraction, bool finished, const Describe& describe) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (style_ == ProgressStyle::none) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    char left[48] = "";
    if (fraction > 0 && !finished)
        std::snprintf(left, sizeof left, ", about %.0f s left", elapsed / fraction * (1.0 - fraction));
    if (style_ == ProgressStyle::terminal) {
        // A line rewritten in place, every few seconds and at the end.
        if (elapsed - last_print_ < 2.0 && !finished) return;
        last_print_ = elapsed;
        wrote_terminal_line_ = true;
        std::fprintf(to_, "\r%s, %.1f s elapsed%s   ", describe(style_).c_str(), elapsed, left);
    } else {
        // A new line at each 10% step of the whole command: readable in a log.
        const int tenth = int(fraction * 100.0 + 1e-9) / 10;
        if (tenth <= last_tenth_) return;
        last_tenth_ = tenth;
        std::fprintf(to_, "progress: %d%% (%s), %.1f s elapsed%s\n", tenth * 10, describe(style_).c_str(), elapsed,
                     left);
    }
    std::fflush(to_);
}

}  // namespace creditsim::cli
