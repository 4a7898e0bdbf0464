// EngineOptions::keep_exhaustions: the day usage brings a balance from
// positive to exactly zero, whatever the limit does next, in both flows.
#include <gtest/gtest.h>

#include "tests/support/world_builder.hpp"

namespace creditsim {
namespace {

using testing::day;
using testing::WorldBuilder;

std::vector<std::pair<std::string, std::string>> exhaustions(const WorldBuilder& w, const Policy& policy,
                                                              int months) {
    testing::RunOutcome out = w.run(policy, "2026-01-01", months);
    EngineOptions options;
    options.keep_exhaustions = true;
    const ReplicationResult kept = run_engine(out.population, out.history, policy, day("2026-01-01"),
                                              add_months(day("2026-01-01"), months), options);
    std::vector<std::pair<std::string, std::string>> lines;
    for (const Exhaustion& e : kept.exhaustions) lines.emplace_back(out.population.credits[e.credit].id, e.day.to_string());
    EXPECT_TRUE(out.result.exhaustions.empty()) << "not kept unless asked";
    return lines;
}

TEST(EngineExhaustions, LegacyRecordsTheDayTheBalanceReachesZeroOncePerPeriod) {
    WorldBuilder w;
    w.monthly("ap", "azure_monthly", 10000).partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
    w.act("2026-01-02", "assign", "P1/1/azure_monthly", "u1").act("2026-01-02", "redeem", "P1/1/azure_monthly");
    w.use("2026-01-10", "P1", "P1/1/azure_monthly", "eligible", 6000);
    w.use("2026-01-12", "P1", "P1/1/azure_monthly", "eligible", 6000);  // runs out: disabled (limit on)
    w.use("2026-01-13", "P1", "P1/1/azure_monthly", "eligible", 500);   // disabled: nothing drawn
    w.use("2026-02-05", "P1", "P1/1/azure_monthly", "eligible", 10000); // exactly the amount: zero on the day
    w.use("2026-03-03", "P1", "P1/1/azure_monthly", "eligible", 9999);  // a cent left: not exhausted
    w.use("2026-03-04", "P1", "P1/1/azure_monthly", "ineligible", 500); // ineligible never draws
    const auto lines = exhaustions(w, Policy{}, 3);
    EXPECT_EQ(lines, (std::vector<std::pair<std::string, std::string>>{{"P1/1/azure_monthly", "2026-01-12"},
                                                                        {"P1/1/azure_monthly", "2026-02-05"}}));
}

TEST(EngineExhaustions, LegacyWithTheLimitOffRecordsItToo) {
    WorldBuilder w;
    w.bulk("sc", "azure_bulk", 5000).partner("P1", "sc", "2026-01-01").user("P1", "u1", "a@contoso.com");
    w.act("2026-01-02", "assign", "P1/1/azure_bulk", "u1").act("2026-01-02", "redeem", "P1/1/azure_bulk");
    w.act("2026-01-03", "limit_off", "P1/1/azure_bulk");
    w.use("2026-01-20", "P1", "P1/1/azure_bulk", "eligible", 7000);  // 5000 from the credit, 2000 overage
    w.use("2026-01-21", "P1", "P1/1/azure_bulk", "eligible", 7000);  // overage only: no second record
    const auto lines = exhaustions(w, Policy{}, 2);
    EXPECT_EQ(lines, (std::vector<std::pair<std::string, std::string>>{{"P1/1/azure_bulk", "2026-01-20"}}));
}

TEST(EngineExhaustions, BillingProfilePoolRecordsEachCreditItEmpties) {
    WorldBuilder w;
    w.monthly("mix", "azure_monthly", 1000).bulk("mix", "azure_bulk", 3000).partner("P1", "mix", "2026-01-01");
    // Earliest end first: the bulk (12-month term) before the monthly (13-month validity).
    w.use("2026-01-05", "P1", "sub-a", "eligible", 3000);  // the bulk empties
    w.use("2026-01-06", "P1", "sub-a", "eligible", 1200);  // the monthly empties; 200 overage
    Policy policy;
    policy.flow = Flow::billing_profile;
    const auto lines = exhaustions(w, policy, 1);
    EXPECT_EQ(lines, (std::vector<std::pair<std::string, std::string>>{{"P1/1/azure_bulk", "2026-01-05"},
                                                                        {"P1/1/azure_monthly", "2026-01-06"}}));
}

}  // namespace
}  // namespace creditsim
