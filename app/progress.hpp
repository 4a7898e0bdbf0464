#pragma once
// Progress of a long command on stderr, one implementation for run, compare, sweep,
// sensitivity, forecast and backtest: on a terminal one line rewritten every few
// seconds with an estimate of the time left; off a terminal (CI logs, nohup) a new
// line at each 10% of the whole command; nothing with --quiet.

#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>

namespace creditsim::cli {

/// How a long run reports progress on stderr.
enum class ProgressStyle {
    none,      ///< nothing (--quiet)
    terminal,  ///< one line rewritten every few seconds, with the time left
    plain,     ///< off a terminal: a new line at every 10% done
};

/// Whether stderr is a terminal.
bool stderr_is_terminal();

/// The style for stderr: none when quiet, else terminal or plain as stderr is a terminal or not.
ProgressStyle progress_style(bool quiet);

/// The progress line of one command. report() may be called from worker threads.
class ProgressLine {
public:
    /// Where the work is, in the words of a terminal line or of a plain one.
    using Describe = std::function<std::string(ProgressStyle)>;

    explicit ProgressLine(ProgressStyle style, std::FILE* to = stderr);
    ~ProgressLine() { close(); }
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    /// `fraction` (0..1) of the whole command is done; `finished` on the last report.
    /// Terminal: "\r<describe>, 1.2 s elapsed, about 3 s left" at most every 2 s and at the end.
    /// Plain: "progress: 30% (<describe>), 1.2 s elapsed, about 3 s left" at each new 10% step.
    /// describe is called only when a line is written.
    void report(double fraction, bool finished, const Describe& describe);

    /// Ends a terminal line that was written, so that what follows starts on a line of its own;
    /// later reports are dropped.
    void close();

private:
    ProgressStyle style_;
    std::FILE* to_;
    std::chrono::steady_clock::time_point started_;
    std::mutex mutex_;
    double last_print_ = -1e9;  ///< seconds since the start of the last terminal line
    int last_tenth_ = 0;        ///< plain lines: the last 10% step written
    bool wrote_terminal_line_ = false;
};

}  // namespace creditsim::cli
