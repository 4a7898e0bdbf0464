// app/progress.hpp: the one progress line of every long command, in its three styles.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

#include "app/progress.hpp"

namespace creditsim::cli {
namespace {

/// What a ProgressLine writes, captured in memory.
class Captured {
public:
    Captured() : file_(::open_memstream(&buffer_, &size_)) {}
    ~Captured() {
        std::fclose(file_);
        std::free(buffer_);
    }
    std::FILE* file() { return file_; }
    std::string text() {
        std::fflush(file_);
        return std::string(buffer_, size_);
    }

private:
    char* buffer_ = nullptr;
    size_t size_ = 0;
    std::FILE* file_;
};

/// A description that records which style asked for it.
struct Where {
    int calls = 0;
    ProgressStyle last = ProgressStyle::none;
    ProgressLine::Describe describe() {
        return [this](ProgressStyle style) {
            ++calls;
            last = style;
            return std::string(style == ProgressStyle::terminal ? "on a terminal" : "in a log");
        };
    }
};

TEST(ProgressLine, OnATerminalOneLineRewrittenWithTheTimeLeftThenANewline) {
    Captured out;
    Where where;
    {
        ProgressLine line(ProgressStyle::terminal, out.file());
        line.report(0.25, false, where.describe());
        line.report(0.5, false, where.describe());  // within 2 s of the last: not shown
        line.report(1.0, true, where.describe());   // the end is always shown
        line.close();
        line.report(1.0, true, where.describe());  // after close: nothing
    }
    EXPECT_EQ(where.calls, 2);
    EXPECT_EQ(where.last, ProgressStyle::terminal);
    EXPECT_TRUE(std::regex_match(out.text(), std::regex("\ron a terminal, [0-9.]+ s elapsed, about \\d+ s left   "
                                                         "\ron a terminal, [0-9.]+ s elapsed   \n")))
        << out.text();
}

TEST(ProgressLine, OffATerminalALineAtEachNewTenthWithoutCarriageReturns) {
    Captured out;
    Where where;
    {
        ProgressLine line(ProgressStyle::plain, out.file());
        for (double fraction : {0.05, 0.1, 0.15, 0.35, 0.36}) line.report(fraction, false, where.describe());
        line.report(1.0, true, where.describe());
    }
    EXPECT_EQ(where.calls, 3);
    EXPECT_EQ(where.last, ProgressStyle::plain);
    EXPECT_TRUE(std::regex_match(out.text(), std::regex("progress: 10% \\(in a log\\), [0-9.]+ s elapsed, about \\d+ s left\n"
                                                         "progress: 30% \\(in a log\\), [0-9.]+ s elapsed, about \\d+ s left\n"
                                                         "progress: 100% \\(in a log\\), [0-9.]+ s elapsed\n")))
        << out.text();
}

TEST(ProgressLine, QuietWritesNothingAndNeverAsksWhere) {
    Captured out;
    Where where;
    {
        ProgressLine line(ProgressStyle::none, out.file());
        line.report(0.5, false, where.describe());
        line.report(1.0, true, where.describe());
    }
    EXPECT_EQ(where.calls, 0);
    EXPECT_EQ(out.text(), "");
}

TEST(ProgressLine, QuietIsNoneWhateverStderrIs) { EXPECT_EQ(progress_style(true), ProgressStyle::none); }

}  // namespace
}  // namespace creditsim::cli
