// `creditsim sweep` and `creditsim sensitivity` as a user meets them: the CSV
// layouts, the grid, the ranking by swing, and bad keys exiting 2.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "tests/cli/cli_support.hpp"
#include "tests/cli/second_run.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

const char* const kSmall = " --set population.partners=300 --set run.months=12 --replications 4 --threads 2";

TEST(SweepCli, TwoByTwoGridWritesEveryMetricAtEveryPoint) {
    TempDir dir;
    const fs::path out = dir.path() / "sweep";
    const CommandResult r = run_creditsim(
        "sweep scenarios/baseline.ini --vary policy.validity_months=6,13 --vary policy.carry_forward=0,0.25" +
        std::string(kSmall) + " --out '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = read_csv(out / "sweep.csv");
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0], (std::vector<std::string>{"point", "policy.validity_months", "policy.carry_forward",
                                                 "metric", "mean", "p05", "p95", "unit"}));
    std::map<std::string, std::set<std::string>> metrics_per_point;
    std::set<std::pair<std::string, std::string>> combinations;
    for (size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 8u) << i;
        const std::map<std::string, std::string> unit_of = {
            {"lapsed", "USD"}, {"breakage_rate", "fraction"}, {"disabled_days", "days"}, {"awarded", "count"}};
        if (const auto unit = unit_of.find(rows[i][3]); unit != unit_of.end()) {
            EXPECT_EQ(rows[i][7], unit->second) << i;
        }
        metrics_per_point[rows[i][0]].insert(rows[i][3]);
        combinations.insert({rows[i][1], rows[i][2]});
        EXPECT_LE(std::stod(rows[i][5]), std::stod(rows[i][4]) + 1e-9) << "p05 <= mean, row " << i;
        EXPECT_LE(std::stod(rows[i][4]), std::stod(rows[i][6]) + 1e-9) << "mean <= p95, row " << i;
    }
    ASSERT_EQ(metrics_per_point.size(), 4u);
    for (const auto& [point, metrics] : metrics_per_point) EXPECT_EQ(metrics.size(), 28u) << point;
    EXPECT_EQ(rows.size(), 1u + 4u * 28u);
    EXPECT_EQ(combinations, (std::set<std::pair<std::string, std::string>>{{"6", "0"}, {"6", "0.25"}, {"13", "0"}, {"13", "0.25"}}));
    // Point 1 is (6, 0): the first key varies slowest.
    EXPECT_EQ(rows[1][0], "1");
    EXPECT_EQ(rows[1][1], "6");
    EXPECT_EQ(rows[1][2], "0");
    EXPECT_NE(r.out.find("sweep: 4 points"), std::string::npos) << r.out;
}

TEST(SweepCli, BadInputExitsTwoAndWritesNothing) {
    TempDir dir;
    const fs::path out = dir.path() / "sweep";
    struct Case {
        const char* args;
        const char* message;
    };
    const Case cases[] = {
        {" --vary policy.no_such_key=1,2", "no_such_key"},
        {" --vary policy.validity_months=6,abc", "validity_months"},
        {" --vary novalues", "expected section.key="},
        {" --vary policy.validity_months=", "expected section.key="},
        {"", "--vary"},
        {" --vary policy.validity_months=6,12 --metric nosuch", "unknown metric 'nosuch'"},
    };
    for (const Case& c : cases)
        expect_bad_input("sweep scenarios/baseline.ini" + std::string(c.args) + kSmall + " --out '" + out.string() + "'",
                         c.message, out);
}

TEST(SensitivityCli, RanksKeysBySwing) {
    TempDir dir;
    const fs::path out = dir.path() / "sens";
    // Partners move breakage a lot (3x the population); the carry-forward of 0 vs 1 % barely.
    const CommandResult r = run_creditsim(
        "sensitivity scenarios/baseline.ini --vary policy.carry_forward=0,0.01 "
        "--vary population.partners=100,300 --metric breakage" +
        std::string(" --set run.months=12 --replications 4 --threads 2 --out '") + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = read_csv(out / "sensitivity.csv");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(read_file(out / "sensitivity.csv").substr(0, 44), "key,lo,hi,metric,mean_lo,mean_hi,swing,unit\n");
    EXPECT_EQ(rows[1][0], "population.partners");
    EXPECT_EQ(rows[2][0], "policy.carry_forward");
    for (size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 8u);
        EXPECT_EQ(rows[i][3], "breakage");
        EXPECT_EQ(rows[i][7], "USD");
        EXPECT_NEAR(std::stod(rows[i][6]), std::fabs(std::stod(rows[i][5]) - std::stod(rows[i][4])), 0.011);
    }
    EXPECT_GE(std::stod(rows[1][6]), std::stod(rows[2][6]));
    EXPECT_EQ(rows[1][1], "100");
    EXPECT_EQ(rows[1][2], "300");
    // The tornado table lists the widest swing first.
    const size_t partners = r.out.find("population.partners 100..300");
    const size_t carry = r.out.find("policy.carry_forward 0..0.01");
    ASSERT_NE(partners, std::string::npos) << r.out;
    ASSERT_NE(carry, std::string::npos) << r.out;
    EXPECT_LT(partners, carry) << r.out;
}

TEST(SensitivityCli, NeedsExactlyTwoValuesPerKey) {
    TempDir dir;
    const CommandResult r = run_creditsim("sensitivity scenarios/baseline.ini --vary policy.validity_months=6,12,24" +
                                          std::string(kSmall) + " --out '" + (dir.path() / "s").string() + "'");
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("LO,HI"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "s"));
}

// Issue 14: the folder is locked before the first point runs, not when the reports are written.
TEST(SweepCli, ASecondSweepIntoTheSameFolderFailsAtOnce) {
    TempDir dir;
    const fs::path out = dir.path() / "sweep";
    const std::string err = expect_second_run_refused(
        {"sweep", "scenarios/baseline.ini", "--vary", "policy.validity_months=12,13", "--set",
         "population.partners=20000", "--replications", "2", "--threads", "1", "--no-html", "--out", out.string()},
        dir.path(), out);
    const auto rows = read_csv(out / "sweep.csv");
    ASSERT_EQ(rows.size(), 1u + 2u * 28u) << "the first sweep's rows, whole";
    EXPECT_EQ(rows[1][1], "12");
    EXPECT_NE(err.find("sweep.csv and manifest.csv in " + out.string() + " (2 points)"), std::string::npos) << err;
}

}  // namespace
}  // namespace creditsim::testing
