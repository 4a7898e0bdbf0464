// `creditsim forecast` and `creditsim backtest` on the shipped example: the
// report layouts, actual months equal to the replay, thread independence,
// and usage mistakes exiting 2 with nothing written.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "tests/cli/cli_support.hpp"
#include "tests/cli/second_run.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

const std::string kExample = "scenarios/forecast/scenario.ini";

CommandResult forecast(const fs::path& out, const std::string& extra = "") {
    return run_creditsim("forecast " + kExample + " --as-of 2026-11-25 --horizon 6 --replications 24 --out '" +
                         out.string() + "'" + extra);
}

TEST(ForecastCli, WritesActualThenForecastMonthsThatMatchTheReplay) {
    TempDir dir;
    const CommandResult r = forecast(dir.path() / "f", " --threads 2");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("forecast months"), std::string::npos) << r.err;
    const auto rows = read_csv(dir.path() / "f" / "forecast.csv");
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0], (std::vector<std::string>{"month", "metric", "kind", "mean", "p10", "p50", "p90", "unit"}));
    // Oct 2025 .. May 2027: 20 months x 6 metrics; Oct 2025 .. Oct 2026 actual.
    ASSERT_EQ(rows.size(), 1u + 20 * 6);
    std::map<std::string, std::string> kind_of_month;
    for (size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 8u);
        EXPECT_EQ(rows[i][7], "USD") << "every forecast metric is money, row " << i;
        kind_of_month[rows[i][0]] = rows[i][2];
        const double p10 = std::stod(rows[i][4]), p50 = std::stod(rows[i][5]), p90 = std::stod(rows[i][6]);
        EXPECT_LE(p10, p50) << i;
        EXPECT_LE(p50, p90) << i;
        if (rows[i][2] == "actual") {
            EXPECT_EQ(rows[i][4], rows[i][6]) << "an actual month has no spread, row " << i;
        }
    }
    EXPECT_EQ(kind_of_month["2026-10"], "actual");
    EXPECT_EQ(kind_of_month["2026-11"], "forecast");  // the as-of month is partly forecast
    EXPECT_EQ(kind_of_month["2027-05"], "forecast");

    // The actual months are the replay's summary.
    const fs::path replay = dir.path() / "replay";
    ASSERT_EQ(run_creditsim("run " + kExample + " --set run.months=13 --out '" + replay.string() + "'").exit_code, 0);
    std::map<std::string, std::string> replay_used;
    const auto summary = read_csv(replay / "summary.csv");
    for (size_t i = 1; i < summary.size(); ++i) replay_used[summary[i][1]] = summary[i][3];  // credit_used
    int compared = 0;
    for (size_t i = 1; i < rows.size(); ++i)
        if (rows[i][2] == "actual" && rows[i][1] == "credit_used") {
            EXPECT_EQ(rows[i][3], replay_used[rows[i][0]]) << rows[i][0];
            ++compared;
        }
    EXPECT_EQ(compared, 13);
}

TEST(ForecastCli, CreditsForecastListsTheOpenPeriods) {
    TempDir dir;
    ASSERT_EQ(forecast(dir.path() / "f").exit_code, 0);
    const auto rows = read_csv(dir.path() / "f" / "credits_forecast.csv");
    ASSERT_GT(rows.size(), 1u);
    EXPECT_EQ(rows[0].size(), 17u);
    EXPECT_EQ(rows[0][7], "exhausted_p10");
    EXPECT_EQ(rows[0][16], "currency");
    bool planned_credit = false, copilot = false;
    for (size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 17u) << i;
        EXPECT_EQ(rows[i][16], "USD") << i;
        EXPECT_GT(rows[i][5], "2026-11-24") << "periods end after the as-of day, row " << i;
        const double share = std::stod(rows[i][6]);
        EXPECT_GE(share, 0);
        EXPECT_LE(share, 1);
        if (share == 0) {
            EXPECT_EQ(rows[i][7], "never") << i;
        }
        if (rows[i][1] == "P04/2/azure_monthly#1") planned_credit = true;
        if (rows[i][1] == "P03/1/copilot_security") copilot = true;
    }
    EXPECT_TRUE(planned_credit) << "a credit redeemed after the as-of day is forecast";
    EXPECT_TRUE(copilot);
}

TEST(ForecastCli, TheSameBytesOnOneOrTwoThreads) {
    TempDir dir;
    ASSERT_EQ(forecast(dir.path() / "one", " --threads 1").exit_code, 0);
    ASSERT_EQ(forecast(dir.path() / "two", " --threads 2").exit_code, 0);
    for (const char* name : {"forecast.csv", "credits_forecast.csv"})
        EXPECT_EQ(read_file(dir.path() / "one" / name), read_file(dir.path() / "two" / name)) << name;
}

TEST(ForecastCli, UsageMistakesExitTwoAndWriteNothing) {
    TempDir dir;
    const fs::path out = dir.path() / "never";
    const std::string to = " --out '" + out.string() + "'";
    struct Case {
        std::string args, message;
    };
    const std::vector<Case> cases = {
        {"forecast " + kExample + " --horizon 6", "expected --as-of YYYY-MM-DD"},
        {"forecast " + kExample + " --as-of 2026-11-25", "expected --horizon MONTHS"},
        {"forecast " + kExample + " --as-of 2026-13-01 --horizon 6", "expected a date YYYY-MM-DD; got \"2026-13-01\""},
        {"forecast " + kExample + " --as-of 2026-11-25 --horizon 0", "expected a whole number 1..120; got 0"},
        {"forecast " + kExample + " --as-of 2025-01-01 --horizon 6", "on or after the scenario's start 2025-10-01"},
        {"forecast scenarios/baseline.ini --as-of 2026-11-25 --horizon 6", "expected population.source = files"},
        {"forecast " + kExample + " --as-of 2026-11-25 --horizon 6 --history missing.csv", "missing.csv"},
        {"backtest " + kExample, "expected --holdout MONTHS"},
        {"backtest " + kExample + " --holdout 13", "expected at least 2 months left to fit"},
    };
    for (const Case& c : cases) expect_bad_input(c.args + to, c.message, out);
}

TEST(BacktestCli, ScoresEveryMetricOnTheHeldOutMonths) {
    TempDir dir;
    const fs::path out = dir.path() / "b";
    const CommandResult r =
        run_creditsim("backtest " + kExample + " --holdout 3 --replications 24 --out '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The summary goes to stderr, like forecast's and run's.
    EXPECT_NE(r.err.find("forecast 2026-08..2026-10"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("actions after 2026-07-31 were not known to the forecast"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    const auto rows = read_csv(out / "backtest.csv");
    ASSERT_EQ(rows.size(), 1u + 6 * 4);  // per metric: all months, then horizon months 1..3
    EXPECT_EQ(rows[0], (std::vector<std::string>{"metric", "horizon", "months", "mae", "mae_naive",
                                                 "mae_seasonal_naive", "mase", "mase_seasonal", "coverage_p10_p90",
                                                 "actions", "currency"}));
    for (size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 11u) << i;
        EXPECT_EQ(rows[i][10], "USD") << i;
        const size_t k = (i - 1) % 4;
        EXPECT_EQ(rows[i][1], k == 0 ? "all" : std::to_string(k)) << i;
        EXPECT_EQ(rows[i][2], k == 0 ? "3" : "1") << i;
        const double coverage = std::stod(rows[i][8]);
        EXPECT_GE(coverage, 0);
        EXPECT_LE(coverage, 1);
        if (k != 0) {
            EXPECT_TRUE(coverage == 0 || coverage == 1) << i;
        }
        EXPECT_EQ(rows[i][9], "until_as_of");
    }
    const auto months = read_csv(out / "backtest_months.csv");
    EXPECT_EQ(months.size(), 1u + 3 * 6);
    EXPECT_EQ(months[0].back(), "unit");
    for (size_t i = 1; i < months.size(); ++i) EXPECT_EQ(months[i].back(), "USD") << i;
}

TEST(BacktestCli, WithPlanTheForecastKnowsTheLaterActions) {
    TempDir dir;
    const fs::path known = dir.path() / "known", planned = dir.path() / "planned";
    const std::string args = "backtest " + kExample + " --holdout 3 --replications 24 --out '";
    ASSERT_EQ(run_creditsim(args + known.string() + "'").exit_code, 0);
    const CommandResult r = run_creditsim(args + planned.string() + "' --with-plan");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("the forecast knew the actions after 2026-07-31 (--with-plan)"), std::string::npos) << r.err;
    const auto rows = read_csv(planned / "backtest.csv");
    EXPECT_EQ(rows[1][9], "planned");
    // October's redemptions (a credit's new subscription) are in the planned forecast only.
    EXPECT_NE(read_file(known / "backtest_months.csv"), read_file(planned / "backtest_months.csv"));
}

TEST(BacktestCli, SaysWhenRunMonthsCutsTheHistoryShort) {
    TempDir dir;
    const CommandResult r = run_creditsim("backtest " + kExample + " --holdout 3 --replications 8 --set run.months=10 "
                                          "--out '" + (dir.path() / "b").string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("fall outside the scenario's run (2025-10-01 for run.months = 10): the backtest scores the "
                         "months through 2026-07"),
              std::string::npos)
        << r.err;
}

}  // namespace
}  // namespace creditsim::testing

namespace creditsim::testing {
namespace {

// A real cost export (the EA sample: a few days of September 2023) imported,
// then forecast: the pipeline a FinOps team runs, on a history too short for
// any own fit (every model borrows from the cohort).
TEST(ForecastCli, ForecastsAnImportedCostExport) {
    TempDir dir;
    const std::string map = dir.write("subscriptions.csv",
                                      "subscription_id,partner_id,credit_id\n"
                                      "1caaa5a3-2b66-438e-8ab4-bce37d518c5d,P1,P1/1/azure_monthly\n"
                                      "ed570627-0265-4620-bb42-bae06bcfa914,P2,\n"
                                      "9ec51cfd-5ca7-4d76-8101-dd0a4abc5674,P2,\n"
                                      "64e355d7-997c-491d-b0c1-8414dccfcf42,P1,\n");
    const std::string usage = (dir.path() / "usage.csv").string();
    const CommandResult imported = run_creditsim("import --format azure-cost tests/data/azure-ea-actual-cost-small.csv "
                                                 "--map '" + map + "' --out '" + usage + "'");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    dir.write("partners.csv", "partner_id,offer,joined,renewals\nP1,action_pack,2023-09-01,\nP2,success_core,2023-09-01,\n");
    dir.write("users.csv", "partner_id,user_id,email\nP1,ana,ana@contoso.com\n");
    dir.write("actions.csv", "date,partner_id,action,credit_id,user_id\n"
                             "2023-09-01,P1,assign,P1/1/azure_monthly,ana\n2023-09-02,P1,redeem,P1/1/azure_monthly,\n");
    const std::string scenario = dir.write(
        "scenario.ini", "[run]\nstart = 2023-09-01\nmonths = 1\n[catalog]\nfile = " + std::string(CREDITSIM_SOURCE_DIR) +
                            "/scenarios/catalog.csv\n[population]\nsource = files\nusage_file = usage.csv\n");
    const fs::path out = dir.path() / "f";
    const CommandResult r = run_creditsim("forecast '" + scenario + "' --as-of 2023-09-30 --horizon 3 --replications 10 "
                                          "--out '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = read_csv(out / "forecast.csv");
    ASSERT_EQ(rows.size(), 1u + 4 * 6);
    // The export's $8.5450077867... in six day-subscription-category sums, each rounded to the cent:
    // 2.44 + 2.64 + 0.00 + 0.00 + 0.21 + 3.25.
    EXPECT_EQ(rows[1], (std::vector<std::string>{"2023-09", "demand", "actual", "8.54", "8.54", "8.54", "8.54", "USD"}));
    EXPECT_EQ(rows[7][2], "forecast");
    const auto credits = read_csv(out / "credits_forecast.csv");
    ASSERT_GE(credits.size(), 2u);
    EXPECT_EQ(credits[1][1], "P1/1/azure_monthly");
}

// Issue 14: the folder is locked before the history is read, not when the reports are written.
TEST(ForecastCli, ASecondForecastIntoTheSameFolderFailsAtOnce) {
    TempDir dir;
    const fs::path out = dir.path() / "f";
    const std::string err = expect_second_run_refused(
        {"forecast", kExample, "--as-of", "2026-11-25", "--horizon", "12", "--replications", "3000", "--threads", "1",
         "--no-html", "--out", out.string()},
        dir.path(), out);
    const auto rows = read_csv(out / "forecast.csv");
    EXPECT_EQ(rows.size(), 1u + 26 * 6) << "the first forecast's months, whole: Oct 2025 .. Nov 2027";
    EXPECT_TRUE(fs::exists(out / "credits_forecast.csv"));
    EXPECT_NE(err.find("3000 replications"), std::string::npos) << err;
}

}  // namespace
}  // namespace creditsim::testing
