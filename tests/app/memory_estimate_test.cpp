// The memory estimate's counts follow from the scenario alone, and each key it names moves it.
#include "app/memory_estimate.hpp"

#include <gtest/gtest.h>

#include "model/errors.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"

namespace creditsim::cli {
namespace {

const std::string kBaseline = std::string(CREDITSIM_SOURCE_DIR) + "/scenarios/baseline.ini";

MemoryEstimate estimate(const std::vector<std::string>& overrides, int threads = 2, bool keeps_reports = true) {
    const Scenario scenario = load_scenario(kBaseline, overrides);
    return estimate_generated_run(scenario, load_catalog(scenario.catalog_file, scenario.currency), threads, keeps_reports);
}

struct YearsRow {
    std::string months, join_window;
    double years;  // expected membership years of a partner, renewal probability 0.8
    std::string reason;
};

TEST(MemoryEstimate, CreditsAreTheMixTimesTheExpectedMembershipYears) {
    // Baseline mix: credits a year 0.4 x 1 + 0.35 x 1 + 0.1 x 1 + 0.05 x 10 + 0.1 x 2 = 1.55.
    const std::vector<YearsRow> rows = {
        {"12", "12", 1.0, "no anniversary inside a year"},
        {"24", "12", 1.8, "every partner reaches its first anniversary"},
        {"18", "12", 1.4, "half of them reach it"},
        {"36", "12", 1 + 0.8 + 0.64, "two anniversaries"},
        {"36", "36", 1 + 0.8 * 2 / 3.0 + 0.64 / 3.0, "joins spread over the whole run"},
    };
    for (const auto& row : rows) {
        const MemoryEstimate e = estimate({"run.months=" + row.months, "behavior.join_window_months=" + row.join_window});
        EXPECT_NEAR(e.credits, 10000 * 1.55 * row.years, 1e-6) << row.reason;
        EXPECT_NEAR(e.users, 30000, 1e-9) << "10,000 partners x 3 users";
    }
}

TEST(MemoryEstimate, ReplicationsCountOnlyWhileReportsKeepTheirPopulations) {
    const std::vector<std::string> off = {"output.ledger=false", "output.billing=false", "output.events=false"};
    auto with = [&](std::vector<std::string> more) {
        more.insert(more.begin(), off.begin(), off.end());
        return estimate(more);
    };
    const MemoryEstimate one = with({"run.replications=1"});
    EXPECT_EQ(one.reports_bytes, 0);
    EXPECT_DOUBLE_EQ(with({"run.replications=10"}).total_bytes, one.total_bytes) << "one replication at a time";
    const MemoryEstimate ledger = with({"run.replications=10", "output.ledger=true"});
    EXPECT_GT(ledger.reports_bytes, 0);
    EXPECT_NEAR(ledger.total_bytes - one.total_bytes, 10 * ledger.reports_bytes + 9 * one.population_bytes, 1)
        << "ten populations and their ledgers are kept for the reports";
    EXPECT_DOUBLE_EQ(estimate({"run.replications=10", "output.ledger=true"}, 2, false).total_bytes, one.total_bytes)
        << "compare and sweep reduce each replication and drop it";
    EXPECT_DOUBLE_EQ(with({"output.ledger=true", "policy.validity_months=26"}).reports_bytes -
                         with({"output.ledger=true", "run.months=36"}).reports_bytes,
                     10000 * 2.44 * (0.4 + 0.05 * 10) * 13 * 64)
        << "monthly credits' ledger rows grow with their validity";
}

TEST(MemoryEstimate, EachWorkerThreadHoldsAShard) {
    const std::vector<std::string> large = {"population.partners=100000"};
    const MemoryEstimate one = estimate(large, 1), eight = estimate(large, 8), many = estimate(large, 64);
    EXPECT_NEAR(eight.threads_bytes, 8 * one.threads_bytes, 1e-3);
    EXPECT_NEAR(many.threads_bytes, 49 * one.threads_bytes, 1e-3) << "100,000 partners are 49 shards of 2,048";
    EXPECT_NEAR(estimate({}, 8).threads_bytes, 5 * estimate({}, 1).threads_bytes, 1e-3) << "10,000 are 5";
}

TEST(MemoryEstimate, BytesAreWrittenInBinaryUnits) {
    EXPECT_EQ(format_bytes(512), "512 B");
    EXPECT_EQ(format_bytes(1536), "1.5 KiB");
    EXPECT_EQ(format_bytes(880.0 * 1024 * 1024), "880.0 MiB");
    EXPECT_EQ(format_bytes(3.0 * 1024 * 1024 * 1024), "3.0 GiB");
}

TEST(MemoryEstimate, AvailableMemoryIsKnownOnLinux) {
    std::string source;
    EXPECT_GT(available_memory_bytes(source), 0);
    EXPECT_FALSE(source.empty());
}

}  // namespace
}  // namespace creditsim::cli
