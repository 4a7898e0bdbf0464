// The shared worked examples, rebuilt in code: the engine's records must match
// the reasoning of each WHY.md to the cent. (The file-level golden test runs
// the same examples through the CLI.)
#include <gtest/gtest.h>

#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

using Lines = std::vector<std::string>;

TEST(EngineExample, MonthlyLapseOverThreePeriods) {
    WorldBuilder w;
    w.monthly("ap", "azure_monthly", 10000).partner("P1", "ap", "2026-01-01").user("P1", "u1", "alice@contoso.com");
    w.act("2026-01-05", "assign", "P1/1/azure_monthly", "u1").act("2026-01-10", "redeem", "P1/1/azure_monthly");
    w.use("2026-01-12", "P1", "P1/1/azure_monthly", "eligible", 2000)
        .use("2026-02-09", "P1", "P1/1/azure_monthly", "eligible", 1050)
        .use("2026-02-10", "P1", "P1/1/azure_monthly", "eligible", 5525)
        .use("2026-04-15", "P1", "P1/1/azure_monthly", "eligible", 100);
    const RunOutcome out = w.run(Policy{}, "2026-01-01", 4);
    EXPECT_EQ(out.ledger_lines("P1/1/azure_monthly"), (Lines{
        "2026-01-10..2026-02-09 0 10000 3050 6950 0 0",
        "2026-02-10..2026-03-09 0 10000 5525 4475 0 0",
        "2026-03-10..2026-04-09 0 10000 0 10000 0 0",
        "2026-04-10..2026-05-09 0 10000 100 0 0 9900",  // still open at the run's end
    }));
    EXPECT_EQ(out.event_lines(), (Lines{"2026-01-01 P1 P1/1/azure_monthly award",
                                        "2026-01-05 P1 P1/1/azure_monthly assign u1",
                                        "2026-01-10 P1 P1/1/azure_monthly redeem u1"}));
    EXPECT_EQ(out.summary("2026-02").lapsed.cents(), 6950);  // booked on the boundary day's month
    EXPECT_EQ(out.summary("2026-03").lapsed.cents(), 4475);
    EXPECT_EQ(out.billing("P1", "2026-02").flows.credit_used.cents(), 6575);
}

TEST(EngineExample, TermEndNoticeConversionAndDeletion) {
    WorldBuilder w;
    w.monthly("ap", "azure_monthly", 10000);
    for (std::string p : {"P1", "P2", "P3"}) {
        w.partner(p, "ap", "2026-01-01").user(p, "u1", "x@contoso.com");
        w.act("2026-01-01", "redeem", p + "/1/azure_monthly").act("2026-01-01", "assign", p + "/1/azure_monthly", "u1");
        w.use("2027-01-31", p, p + "/1/azure_monthly", "eligible", 15000);
        for (std::string d : {"2027-02-05", "2027-02-15", "2027-05-10"})
            w.use(d, p, p + "/1/azure_monthly", "eligible", 1000).use(d, p, p + "/1/azure_monthly", "ineligible", 200);
    }
    w.act("2027-01-27", "limit_off", "P1/1/azure_monthly")
        .act("2027-01-28", "limit_off", "P2/1/azure_monthly")
        .act("2027-02-11", "convert", "P2/1/azure_monthly");
    const RunOutcome out = w.run(Policy{}, "2026-01-01", 18);
    const Lines events = out.event_lines();
    const Lines tail(events.end() - 11, events.end());
    EXPECT_EQ(tail, (Lines{
        "2027-01-01 P1 P1 leave", "2027-01-01 P2 P2 leave", "2027-01-01 P3 P3 leave",
        "2027-01-27 P1 P1/1/azure_monthly limit off", "2027-01-28 P2 P2/1/azure_monthly limit off",
        "2027-01-31 P3 P3/1/azure_monthly disable spending_limit_reached",
        "2027-02-01 P1 P1/1/azure_monthly convert",
        "2027-02-01 P2 P2/1/azure_monthly disable term_ended",
        "2027-02-01 P3 P3/1/azure_monthly disable term_ended",
        "2027-02-11 P2 P2/1/azure_monthly convert",
        "2027-05-02 P3 P3/1/azure_monthly delete"}));
    EXPECT_EQ(out.billing("P2", "2027-02").disabled_days, 10);
    EXPECT_EQ(out.billing("P2", "2027-02").flows.payg_other.cents(), 1200);
    EXPECT_EQ(out.billing("P2", "2027-02").flows.unserved.cents(), 1200);
    EXPECT_EQ(out.billing("P3", "2027-01").disabled_days, 1);
    EXPECT_EQ(out.billing("P3", "2027-02").disabled_days, 28);
    EXPECT_EQ(out.billing("P3", "2027-05").disabled_days, 1);
    EXPECT_EQ(out.billing("P3", "2027-05").flows.unserved.cents(), 1200);
    EXPECT_EQ(out.billing("P1", "2027-01").flows.payg_overage.cents(), 5000);
    EXPECT_EQ(out.summary("2027-01").active_partners, 0);
    EXPECT_EQ(out.summary("2026-12").active_partners, 3);
}

TEST(EngineExample, ReassignmentCap) {
    WorldBuilder w;
    w.monthly("ap", "azure_monthly", 10000).partner("P1", "ap", "2026-01-01");
    for (std::string u : {"u1", "u2", "u3", "u4"}) w.user("P1", u, u + "@contoso.com");
    const std::string c = "P1/1/azure_monthly";
    w.act("2026-01-02", "assign", c, "u1").act("2026-01-03", "assign", c, "u1").act("2026-01-04", "assign", c, "u2")
        .act("2026-01-05", "assign", c, "u1").act("2026-01-06", "remove", c).act("2026-01-07", "assign", c, "u3")
        .act("2026-01-08", "assign", c, "u3").act("2026-01-08", "remove", c).act("2026-01-09", "redeem", c)
        .act("2026-01-10", "assign", c, "u2").act("2026-01-11", "assign", c, "u4").act("2026-01-12", "assign", c, "u1")
        .act("2026-01-13", "assign", c, "u4").act("2026-01-14", "remove", c).act("2026-01-15", "assign", c, "u4")
        .act("2026-01-16", "assign", c, "u2");
    w.use("2026-01-10", "P1", c, "eligible", 1000).use("2026-01-20", "P1", c, "eligible", 500);
    const RunOutcome out = w.run(Policy{}, "2026-01-01", 1);
    EXPECT_EQ(out.event_lines(), (Lines{
        "2026-01-01 P1 P1/1/azure_monthly award", "2026-01-02 P1 P1/1/azure_monthly assign u1",
        "2026-01-04 P1 P1/1/azure_monthly assign u2", "2026-01-05 P1 P1/1/azure_monthly assign u1",
        "2026-01-06 P1 P1/1/azure_monthly remove u1", "2026-01-07 P1 P1/1/azure_monthly assign u3",
        "2026-01-08 P1 P1/1/azure_monthly remove u3", "2026-01-08 P1 P1/1/azure_monthly assign u3",
        "2026-01-09 P1 P1/1/azure_monthly redeem u3", "2026-01-10 P1 P1/1/azure_monthly assign u2",
        "2026-01-11 P1 P1/1/azure_monthly assign u4", "2026-01-12 P1 P1/1/azure_monthly reject reassignment_cap",
        "2026-01-14 P1 P1/1/azure_monthly remove u4", "2026-01-15 P1 P1/1/azure_monthly assign u4",
        "2026-01-16 P1 P1/1/azure_monthly reject reassignment_cap"}));
    EXPECT_EQ(out.ledger_lines(c), (Lines{"2026-01-09..2026-02-08 0 10000 1500 0 0 8500"}));
    EXPECT_EQ(out.totals().assigned, 8);
    EXPECT_EQ(out.totals().rejected[int(RejectReason::reassignment_cap)], 2);
}

TEST(EngineExample, AnniversaryClampFromJan31) {
    WorldBuilder w;
    const std::string c = "P1/1/azure_monthly";
    w.monthly("ap", "azure_monthly", 10000).partner("P1", "ap", "2027-01-01").user("P1", "u1", "a@contoso.com");
    w.act("2027-01-05", "assign", c, "u1").act("2027-01-31", "redeem", c);
    w.use("2027-02-27", "P1", c, "eligible", 6000).use("2027-02-28", "P1", c, "eligible", 7000)
        .use("2028-02-28", "P1", c, "eligible", 10000);
    const RunOutcome out = w.run(Policy{}, "2027-01-01", 14);
    const Lines rows = out.ledger_lines(c);
    ASSERT_EQ(rows.size(), 13u);
    EXPECT_EQ(rows[0], "2027-01-31..2027-02-27 0 10000 6000 4000 0 0");
    EXPECT_EQ(rows[1], "2027-02-28..2027-03-30 0 10000 7000 3000 0 0");
    EXPECT_EQ(rows[2], "2027-03-31..2027-04-29 0 10000 0 10000 0 0");  // from the anchor, not from Feb 28
    EXPECT_EQ(rows[12], "2028-01-31..2028-02-28 0 10000 10000 0 0 0");  // end day Feb 29 (leap)
    EXPECT_EQ(out.billing("P1", "2028-02").disabled_days, 2);
    const Lines events = out.event_lines();
    EXPECT_EQ(events.back(), "2028-02-29 P1 P1/1/azure_monthly disable term_ended");
}

TEST(EngineExample, BillingProfilePool) {
    WorldBuilder w;
    w.bulk("bp", "azure_bulk", 30000, 12).monthly("bp", "azure_monthly", 10000)
        .monthly("bp", "ghe_monthly", 5000, 1, "github_enterprise");
    w.partner("P1", "bp", "2026-01-01").user("P1", "u1", "a@contoso.com");
    w.use("2026-01-05", "P1", "S1", "eligible", 25000).use("2026-01-05", "P1", "S2", "eligible", 8000)
        .use("2026-01-06", "P1", "S1", "github_enterprise", 6000).use("2026-01-07", "P1", "S2", "eligible", 3000)
        .use("2026-01-07", "P1", "S2", "ineligible", 400).use("2026-01-08", "P1", "S1", "github_enterprise", 7000)
        .use("2026-02-03", "P1", "S1", "eligible", 1000);
    Policy policy;
    policy.flow = Flow::billing_profile;
    const RunOutcome out = w.run(policy, "2026-01-01", 2);
    EXPECT_EQ(out.ledger_lines("P1/1/azure_bulk"),
              (Lines{"2026-01-01..2026-01-31 0 30000 30000 0 0 0", "2026-02-01..2026-02-28 0 0 0 0 0 0"}));
    EXPECT_EQ(out.ledger_lines("P1/1/azure_monthly"),
              (Lines{"2026-01-01..2026-01-31 0 10000 10000 0 0 0", "2026-02-01..2026-02-28 0 10000 1000 0 0 9000"}));
    EXPECT_EQ(out.ledger_lines("P1/1/ghe_monthly"),
              (Lines{"2026-01-01..2026-01-31 0 5000 5000 0 0 0", "2026-02-01..2026-02-28 0 5000 0 0 0 5000"}));
    const BillingMonth jan = out.billing("P1", "2026-01");
    EXPECT_EQ(jan.flows.demand.cents(), 49400);
    EXPECT_EQ(jan.flows.credit_used.cents(), 45000);
    EXPECT_EQ(jan.flows.payg_overage.cents(), 4000);
    EXPECT_EQ(jan.flows.payg_ineligible.cents(), 400);
    EXPECT_EQ(out.summary("2026-01").activated, 3);
    EXPECT_EQ(out.summary("2026-02").granted.cents(), 15000);
}

}  // namespace
}  // namespace creditsim::testing
