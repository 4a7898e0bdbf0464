// report.html from the command line: every report-writing command writes it with
// its CSV files, --no-html skips it, `creditsim report DIR` renders it again.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

const std::string kReplay = "scenarios/replay/scenario.ini";
const std::string kSmall = " --set population.partners=200 --set run.months=6 --replications 2 --threads 2";

std::string out_option(const fs::path& dir) { return " --out '" + dir.string() + "'"; }

TEST(HtmlReportCli, EveryReportCommandWritesTheSamePageAsReportRendersAgain) {
    TempDir dir;
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"run", "run " + kReplay},
        {"compare", "compare scenarios/baseline.ini scenarios/whatif/validity-12.ini" + kSmall},
        {"sweep", "sweep scenarios/baseline.ini --vary policy.validity_months=6,12" + kSmall},
        {"sensitivity", "sensitivity scenarios/baseline.ini --vary policy.validity_months=6,12" + kSmall},
        {"forecast", "forecast scenarios/forecast/scenario.ini --as-of 2026-11-25 --horizon 3 --replications 20"},
        {"backtest", "backtest scenarios/forecast/scenario.ini --holdout 2 --replications 20"},
    };
    for (const auto& [kind, args] : commands) {
        SCOPED_TRACE(kind);
        const fs::path out = dir.path() / kind;
        const CommandResult made = run_creditsim(args + out_option(out));
        ASSERT_EQ(made.exit_code, 0) << made.err;
        const std::string page = read_file(out / "report.html");
        ASSERT_FALSE(page.empty()) << made.err;
        EXPECT_NE(page.find("<body data-report-kind=\"" + kind + "\">"), std::string::npos);
        EXPECT_NE(made.err.find("report.html"), std::string::npos) << "the command names the page: " << made.err;
        for (const char* row : {"version", "seed", "name"})
            EXPECT_NE(page.find("<th scope=\"row\">" + std::string(row) + "</th>"), std::string::npos)
                << row << " in the headline (every command writes manifest.csv)";
        EXPECT_NE(page.find("<th scope=\"row\">input:"), std::string::npos) << "input hashes in the headline";
        fs::remove(out / "report.html");
        const CommandResult again = run_creditsim("report '" + out.string() + "'");
        ASSERT_EQ(again.exit_code, 0) << again.err;
        EXPECT_TRUE(read_file(out / "report.html") == page) << "creditsim report renders the same bytes";
    }
}

TEST(HtmlReportCli, NoHtmlSkipsThePageAndRemovesAnEarlierOne) {
    TempDir dir;
    const fs::path out = dir.path() / "replay";
    ASSERT_EQ(run_creditsim("run " + kReplay + out_option(out)).exit_code, 0);
    ASSERT_TRUE(fs::exists(out / "report.html"));
    const CommandResult r = run_creditsim("run " + kReplay + " --no-html" + out_option(out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(out / "report.html")) << "the folder never shows an older run's page";
    EXPECT_TRUE(fs::exists(out / "summary.csv"));
    const fs::path compare = dir.path() / "compare";
    ASSERT_EQ(run_creditsim("compare scenarios/baseline.ini scenarios/baseline.ini --no-html" + kSmall +
                            out_option(compare)).exit_code, 0);
    EXPECT_TRUE(fs::exists(compare / "compare.csv"));
    EXPECT_FALSE(fs::exists(compare / "report.html"));
}

TEST(HtmlReportCli, TheSameBytesOnOneOrTwoThreads) {
    TempDir dir;
    const std::string args = "run scenarios/baseline.ini --set population.partners=3000 --set run.months=6 "
                             "--set run.replications=2";
    ASSERT_EQ(run_creditsim(args + " --threads 1" + out_option(dir.path() / "one")).exit_code, 0);
    ASSERT_EQ(run_creditsim(args + " --threads 2" + out_option(dir.path() / "two")).exit_code, 0);
    const std::string one = read_file(dir.path() / "one" / "report.html");
    ASSERT_FALSE(one.empty());
    EXPECT_TRUE(one == read_file(dir.path() / "two" / "report.html"));
}

TEST(HtmlReportCli, ReportOfAFolderWithoutReportsIsBadInput) {
    TempDir dir;
    dir.write("notes.txt", "nothing here\n");
    const CommandResult r = run_creditsim("report '" + dir.path().string() + "'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("no summary.csv, compare.csv"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "report.html"));
    const CommandResult missing = run_creditsim("report '" + (dir.path() / "absent").string() + "'");
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("not a folder"), std::string::npos) << missing.err;
    EXPECT_FALSE(fs::exists(dir.path() / "absent"));
    const CommandResult none = run_creditsim("report");
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("expected one output folder"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace creditsim::testing
