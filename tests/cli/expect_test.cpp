// `creditsim run --expect DIR [--tolerance METRIC=REL]`: a run checked against a
// frozen golden summary.csv, with exit 1 naming what moved and 2 on bad input.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

const std::string kScenario = "tests/golden/01_monthly_lapse/scenario.ini";
const std::string kExpected = "tests/golden/01_monthly_lapse/expected";

/// A copy of the golden summary.csv with lapsed of 2026-02 one cent higher (69.50 -> 69.51).
std::string write_moved_copy(const TempDir& dir) {
    std::string text = read_file(fs::path(CREDITSIM_SOURCE_DIR) / kExpected / "summary.csv");
    const std::string row = "0,2026-02,65.75,65.75,0.00,0.00,0.00,0.00,100.00,69.50,";
    const size_t at = text.find(row);
    EXPECT_NE(at, std::string::npos) << "the golden row changed; update this test";
    if (at != std::string::npos) text.replace(at, row.size(), "0,2026-02,65.75,65.75,0.00,0.00,0.00,0.00,100.00,69.51,");
    fs::create_directories(dir.path() / "moved");
    dir.write("moved/summary.csv", text);
    return (dir.path() / "moved").string();
}

std::string run_args(const TempDir& dir, const std::string& expect_dir) {
    return "run " + kScenario + " --out '" + (dir.path() / "out").string() + "' --expect '" + expect_dir + "'";
}

TEST(ExpectCli, MatchesItsOwnGoldenBaseline) {
    TempDir dir;
    const CommandResult r = run_creditsim(run_args(dir, kExpected));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("expect passed"), std::string::npos) << r.err;
}

TEST(ExpectCli, OneCentMovedFailsNamingMetricAndMonth) {
    TempDir dir;
    const CommandResult r = run_creditsim(run_args(dir, write_moved_copy(dir)));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("in 1 value"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("metric lapsed, month 2026-02, replication 0: expected 69.51, got 69.50"), std::string::npos)
        << r.err;
}

TEST(ExpectCli, ToleranceAbsorbsTheMove) {
    TempDir dir;
    const std::string moved = write_moved_copy(dir);
    EXPECT_EQ(run_creditsim(run_args(dir, moved) + " --tolerance lapsed=0.001").exit_code, 0);
    EXPECT_EQ(run_creditsim(run_args(dir, moved) + " --tolerance all=0.01").exit_code, 0);
    // Too tight (1 cent of 69.51 is 0.0144 %), or on another metric: still a failure.
    EXPECT_EQ(run_creditsim(run_args(dir, moved) + " --tolerance lapsed=0.0001").exit_code, 1);
    EXPECT_EQ(run_creditsim(run_args(dir, moved) + " --tolerance granted=0.5").exit_code, 1);
}

TEST(ExpectCli, AGoldenWrittenBeforeCurrenciesStillChecksItsUsdRun) {
    // summary.csv without its last column, currency, as creditsim wrote it before [run] currency.
    TempDir dir;
    std::istringstream golden(read_file(fs::path(CREDITSIM_SOURCE_DIR) / kExpected / "summary.csv"));
    std::string older;
    for (std::string line; std::getline(golden, line);) older += line.substr(0, line.rfind(',')) + "\n";
    ASSERT_EQ(older.find("currency"), std::string::npos);
    ASSERT_EQ(older.find("USD"), std::string::npos);
    fs::create_directories(dir.path() / "older");
    dir.write("older/summary.csv", older);
    const std::string older_dir = (dir.path() / "older").string();
    const CommandResult same = run_creditsim(run_args(dir, older_dir));
    EXPECT_EQ(same.exit_code, 0) << same.err;
    const CommandResult euros = run_creditsim(run_args(dir, older_dir) + " --set run.currency=EUR");
    EXPECT_EQ(euros.exit_code, 1) << euros.err;
    EXPECT_NE(euros.err.find("has no currency column (written before [run] currency: its amounts are USD); this "
                             "run's are EUR"),
              std::string::npos)
        << euros.err;
    // A value moved is still found.
    std::string moved = older;
    moved.replace(moved.find(",69.50,"), 7, ",69.51,");
    dir.write("older/summary.csv", moved);
    EXPECT_EQ(run_creditsim(run_args(dir, older_dir)).exit_code, 1);
}

TEST(ExpectCli, BadInputExitsTwoBeforeRunning) {
    TempDir dir;
    struct Case {
        const char* extra;
        const char* message;
        const char* why;
    };
    const Case cases[] = {
        {" --tolerance lapsed", "expected METRIC=REL", "no value"},
        {" --tolerance lapsed=abc", "expected METRIC=REL", "not a number"},
        {" --tolerance lapsed=-0.1", "expected METRIC=REL", "negative"},
        {" --tolerance nosuch=0.1", "unknown metric 'nosuch'", "not a summary.csv column"},
        {" --tolerance month=0.1", "unknown metric 'month'", "a row key, not a metric"},
    };
    for (const Case& c : cases) {
        const CommandResult r = run_creditsim(run_args(dir, kExpected) + c.extra);
        EXPECT_EQ(r.exit_code, 2) << c.why << "\n" << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << c.why << "\n" << r.err;
        EXPECT_FALSE(fs::exists(dir.path() / "out")) << c.why << ": nothing written";
    }
    const CommandResult missing = run_creditsim(run_args(dir, (dir.path() / "nowhere").string()));
    EXPECT_EQ(missing.exit_code, 2) << missing.err;
    EXPECT_NE(missing.err.find("summary.csv"), std::string::npos) << missing.err;
    EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(ExpectCli, CapsTheListAtTwentyLines) {
    TempDir dir;
    // Every money value of replication 0 shifted: far more than 20 differences.
    std::string text = read_file(fs::path(CREDITSIM_SOURCE_DIR) / kExpected / "summary.csv");
    for (size_t at = text.find(".00"); at != std::string::npos; at = text.find(".00", at + 3)) text[at + 2] = '7';
    fs::create_directories(dir.path() / "shifted");
    dir.write("shifted/summary.csv", text);
    const CommandResult r = run_creditsim(run_args(dir, (dir.path() / "shifted").string()));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(" more\n"), std::string::npos) << r.err;
    size_t lines = 0;
    for (size_t at = r.err.find("  metric "); at != std::string::npos; at = r.err.find("  metric ", at + 1)) ++lines;
    EXPECT_EQ(lines, 20u) << r.err;
}

}  // namespace
}  // namespace creditsim::testing
