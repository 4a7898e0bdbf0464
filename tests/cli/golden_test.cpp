// Golden reports: creditsim run on each scenario under tests/golden must
// reproduce expected/ byte for byte, and the same bytes on every run.
#include <gtest/gtest.h>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

class GoldenReports : public ::testing::TestWithParam<std::string> {};

// Reports compared byte for byte (resolved.ini and manifest.csv hold paths and times).
const char* const kCompared[] = {"ledger.csv", "billing.csv", "events.csv", "summary.csv"};

std::string scenario_of(const std::string& name) {
    return name == "replay" ? "scenarios/replay/scenario.ini" : "tests/golden/" + name + "/scenario.ini";
}

TEST_P(GoldenReports, MatchExpectedByteForByte) {
    const std::string name = GetParam();
    TempDir out;
    const CommandResult run = run_creditsim("run " + scenario_of(name) + " --out '" + out.path().string() + "'");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    for (const char* report : kCompared) {
        SCOPED_TRACE(report);
        const fs::path expected = fs::path(CREDITSIM_SOURCE_DIR) / "tests/golden" / name / "expected" / report;
        ASSERT_TRUE(fs::exists(expected)) << expected;
        EXPECT_EQ(read_file(out.path() / report), read_file(expected));
    }
}

TEST_P(GoldenReports, SameBytesOnEveryRun) {
    const std::string name = GetParam();
    TempDir first, second;
    ASSERT_EQ(run_creditsim("run " + scenario_of(name) + " --out '" + first.path().string() + "'").exit_code, 0);
    ASSERT_EQ(run_creditsim("run " + scenario_of(name) + " --out '" + second.path().string() + "'").exit_code, 0);
    for (const char* report : {"ledger.csv", "billing.csv", "events.csv", "summary.csv", "resolved.ini"})
        EXPECT_EQ(read_file(first.path() / report), read_file(second.path() / report)) << report;
}

INSTANTIATE_TEST_SUITE_P(Examples, GoldenReports,
                         ::testing::Values("01_monthly_lapse", "02_term_end_notice_retention", "07_reassignment_cap",
                                           "15_anniversary_clamp_jan31", "17_billing_profile_pool",
                                           "21_product_outside_catalog", "22_long_decimals",
                                           "23_demand_outside_membership", "replay"));

}  // namespace
}  // namespace creditsim::testing
