// The memory estimate follows from the scenario alone: flat in the population
// size (blocks of partners stream; events.csv's rows beyond a bound wait in files).
#include "app/memory_estimate.hpp"

#include <gtest/gtest.h>

#include "model/errors.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"

namespace creditsim::cli {
namespace {

const std::string kBaseline = std::string(CREDITSIM_SOURCE_DIR) + "/scenarios/baseline.ini";

MemoryEstimate estimate(const std::vector<std::string>& overrides, int threads = 2) {
    const Scenario scenario = load_scenario(kBaseline, overrides);
    return estimate_generated_run(scenario, load_catalog(scenario.catalog_file, scenario.currency), threads);
}

const std::vector<std::string> kNoEvents = {"output.ledger=true", "output.billing=true", "output.events=false"};

std::vector<std::string> plus(std::vector<std::string> keys, const std::vector<std::string>& more) {
    keys.insert(keys.end(), more.begin(), more.end());
    return keys;
}

struct YearsRow {
    std::string months, join_window;
    double years;  // expected membership years of a partner, renewal probability 0.8
    std::string reason;
};

TEST(MemoryEstimate, EventRowsGrowWithTheExpectedMembershipYears) {
    const std::vector<YearsRow> rows = {
        {"24", "12", 1.8, "every partner reaches its first anniversary"},
        {"36", "12", 1 + 0.8 + 0.64, "two anniversaries"},
        {"36", "36", 1 + 0.8 * 2 / 3.0 + 0.64 / 3.0, "joins spread over the whole run"},
    };
    auto events_bytes = [](const YearsRow& row) {
        return estimate({"run.months=" + row.months, "behavior.join_window_months=" + row.join_window,
                         "output.events=true"})
            .events_bytes;
    };
    const double first = events_bytes(rows[0]);
    EXPECT_GT(first, 10000 * 1.8 * 150) << "at least one credit period a membership year";
    for (const auto& row : rows)
        EXPECT_NEAR(events_bytes(row) / first, row.years / rows[0].years, 1e-12) << row.reason;
}

TEST(MemoryEstimate, FlatInThePopulationWithoutEvents) {
    const MemoryEstimate small = estimate(plus(kNoEvents, {"population.partners=100000"}));
    const MemoryEstimate huge = estimate(plus(kNoEvents, {"population.partners=100000000"}));
    EXPECT_EQ(small.events_bytes, 0);
    EXPECT_DOUBLE_EQ(huge.total_bytes, small.total_bytes) << "ledger and billing rows stream out block by block";
    EXPECT_DOUBLE_EQ(estimate(plus(kNoEvents, {"run.replications=10"})).total_bytes,
                     estimate(plus(kNoEvents, {"run.replications=1"})).total_bytes)
        << "one replication at a time";
    EXPECT_LT(huge.total_bytes, 96.0 * 1024 * 1024) << "two threads' blocks";
    const MemoryEstimate events = estimate({"population.partners=100000", "output.events=true"});
    EXPECT_NEAR(events.events_bytes, 10 * estimate({"population.partners=10000", "output.events=true"}).events_bytes,
                1e-3)
        << "events.csv's rows of a replication wait to be sorted by day";
}

TEST(MemoryEstimate, EventRowsBeyondTheBoundWaitInFilesNotInMemory) {
    const MemoryEstimate few = estimate({"population.partners=200", "output.events=true"});
    EXPECT_DOUBLE_EQ(few.events_in_memory_bytes, few.events_bytes) << "below the bound: all in memory";
    const MemoryEstimate many = estimate({"population.partners=1000000", "output.events=true"});
    const MemoryEstimate huge = estimate({"population.partners=100000000", "output.events=true"});
    EXPECT_GT(many.events_bytes, 10.0 * many.events_in_memory_bytes);
    EXPECT_DOUBLE_EQ(huge.events_in_memory_bytes, many.events_in_memory_bytes);
    EXPECT_DOUBLE_EQ(huge.total_bytes, many.total_bytes) << "flat with events too";
    EXPECT_LT(huge.total_bytes, 256.0 * 1024 * 1024);
}

TEST(MemoryEstimate, EachWorkerThreadHoldsTwoBlocks) {
    const std::vector<std::string> large = plus(kNoEvents, {"population.partners=100000"});
    const MemoryEstimate one = estimate(large, 1), eight = estimate(large, 8);
    EXPECT_NEAR(eight.blocks_bytes, 8 * one.blocks_bytes, 1e-3);
    EXPECT_NEAR(estimate(plus(kNoEvents, {"population.partners=1000"}), 1).blocks_bytes,
                one.blocks_bytes * 1000.0 / 2048.0, 1e-3)
        << "a population smaller than a block is one smaller block";
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
