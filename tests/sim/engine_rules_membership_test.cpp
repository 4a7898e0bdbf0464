// SPEC 2 (ids, membership years) and 3 step 4: renewals award year-k
// credits with deterministic ids (`#k` copies, byte order), the order of
// renew/award/leave on one day, credits outliving their membership, and
// active_partners (membership overlapping the month).
#include <gtest/gtest.h>

#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

using Lines = std::vector<std::string>;

bool has_kind(const std::string& event, const char* kind) {
    const std::string k = std::string(" ") + kind;
    return event.size() >= k.size() && event.compare(event.size() - k.size(), k.size(), k) == 0;
}

// Only award, renew and leave events.
Lines membership_events(const Lines& events) {
    Lines kept;
    for (const auto& e : events)
        if (has_kind(e, "award") || has_kind(e, "renew") || has_kind(e, "leave")) kept.push_back(e);
    return kept;
}

TEST(EngineRulesMembership, RenewalsAwardYearKCreditsWithDeterministicIds) {
    // P1 joined 2026-01-01 with 2 renewals: years awarded on 2026-01-01, 2027-01-01, 2028-01-01; the
    // membership ends on joined + 12 x 3 months = 2029-01-01. Catalog: gold_bulk (count 1: no suffix) and
    // gold_monthly (count 3: #1..#3). Awards in ascending id order.
    WorldBuilder w;
    w.bulk("gold", "gold_bulk", 60000).monthly("gold", "gold_monthly", 10000, 3);
    w.partner("P1", "gold", "2026-01-01", 2);
    Policy policy;
    policy.activation_window_days = 1000;
    const RunOutcome out = w.run(policy, "2026-01-01", 37);
    Lines expected;
    for (int year = 1; year <= 3; ++year) {
        const std::string date = std::to_string(2025 + year) + "-01-01";
        const std::string prefix = date + " P1 P1/" + std::to_string(year) + "/";
        if (year > 1) expected.push_back(date + " P1 P1 renew");
        expected.push_back(prefix + "gold_bulk award");
        for (int k = 1; k <= 3; ++k) expected.push_back(prefix + "gold_monthly#" + std::to_string(k) + " award");
    }
    expected.push_back("2029-01-01 P1 P1 leave");
    EXPECT_EQ(membership_events(out.event_lines()), expected);
    EXPECT_EQ(out.summary("2026-01").awarded, 4);
    EXPECT_EQ(out.summary("2027-01").awarded, 4);
    EXPECT_EQ(out.summary("2028-01").awarded, 4);
    EXPECT_EQ(out.totals().awarded, 12);
    EXPECT_NE(out.population.find_credit("P1/3/gold_monthly#3"), kNone);
    EXPECT_EQ(out.population.find_credit("P1/4/gold_bulk"), kNone);  // no fourth year
}

TEST(EngineRulesMembership, MembershipYearsCountFromTheJoinDateAnchor) {
    // Joined on Feb 29 2028 with 4 renewals: year k on joined + 12(k-1) months, always from the anchor, so
    // 2029..2031 clamp to Feb 28 and 2032 is Feb 29 again; the membership ends on joined + 60 months.
    WorldBuilder w;
    w.monthly("ap", "m", 100).partner("P1", "ap", "2028-02-29", 4);
    Policy policy;
    policy.activation_window_days = 10000;
    const RunOutcome out = w.run(policy, "2028-02-01", 61);
    EXPECT_EQ(membership_events(out.event_lines()),
              (Lines{"2028-02-29 P1 P1/1/m award", "2029-02-28 P1 P1 renew", "2029-02-28 P1 P1/2/m award",
                     "2030-02-28 P1 P1 renew", "2030-02-28 P1 P1/3/m award", "2031-02-28 P1 P1 renew",
                     "2031-02-28 P1 P1/4/m award", "2032-02-29 P1 P1 renew", "2032-02-29 P1 P1/5/m award",
                     "2033-02-28 P1 P1 leave"}));
}

TEST(EngineRulesMembership, IdsCompareAsByteStrings) {
    // count 10: "#10" sorts between "#1" and "#2"; partner "P10" before "P2".
    WorldBuilder w;
    w.monthly("ap", "x", 100, 10).partner("P2", "ap", "2026-01-01").partner("P10", "ap", "2026-01-01");
    const RunOutcome out = w.run(Policy{}, "2026-01-01", 1);
    Lines expected;
    for (const char* partner : {"P10", "P2"})
        for (const char* k : {"1", "10", "2", "3", "4", "5", "6", "7", "8", "9"})
            expected.push_back(std::string("2026-01-01 ") + partner + " " + partner + "/1/x#" + k + " award");
    EXPECT_EQ(out.event_lines(), expected);
}

struct DayOrderCase {
    const char* reason;
    int window_days;
    Lines events_on_day;  // every event of 2027-01-01
};

TEST(EngineRulesMembership, StepFourOrderOnOneDay) {
    // On 2027-01-01: P0 (joined 2026-01-01, no renewal) leaves, P1 (one renewal) renews, P10 and P2 join.
    // Step 4 runs renewals, then the awards of joins and renewals (ascending credit id), then ends of
    // membership; step 2 (forfeits) comes before all of them.
    const std::vector<DayOrderCase> cases = {
        {"renew, then awards by credit id (P1/2 < P10/1 < P2/1), then leave", 1000,
         {"2027-01-01 P1 P1 renew", "2027-01-01 P1 P1/2/m award", "2027-01-01 P10 P10/1/m award",
          "2027-01-01 P2 P2/1/m award", "2027-01-01 P0 P0 leave"}},
        {"window 365: year-1 credits forfeit on 2026-01-01 + 365 = 2027-01-01, in step 2, before step 4", 365,
         {"2027-01-01 P0 P0/1/m forfeit", "2027-01-01 P1 P1/1/m forfeit", "2027-01-01 P1 P1 renew",
          "2027-01-01 P1 P1/2/m award", "2027-01-01 P10 P10/1/m award", "2027-01-01 P2 P2/1/m award",
          "2027-01-01 P0 P0 leave"}},
    };
    for (const DayOrderCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        w.monthly("ap", "m", 10000);
        w.partner("P0", "ap", "2026-01-01").partner("P1", "ap", "2026-01-01", 1);
        w.partner("P2", "ap", "2027-01-01").partner("P10", "ap", "2027-01-01");
        Policy policy;
        policy.activation_window_days = c.window_days;
        const RunOutcome out = w.run(policy, "2026-01-01", 13);
        Lines on_day;
        for (const auto& e : out.event_lines())
            if (e.compare(0, 10, "2027-01-01") == 0) on_day.push_back(e);
        EXPECT_EQ(on_day, c.events_on_day);
        EXPECT_EQ(out.summary("2027-01").awarded, 3);
    }
}

TEST(EngineRulesMembership, CreditsOutliveTheMembership) {
    // P1 joined 2026-01-01, no renewal: the membership ends 2027-01-01. Window 400 (deadline 2027-02-05).
    // m is assigned before the end and redeemed after it (end day 2027-01-10 + 13 months = 2028-02-10);
    // bulk b (term 24 -> end 2028-01-01) keeps its term too.
    WorldBuilder w;
    w.monthly("ap", "m", 10000).bulk("ap", "b", 20000, 24);
    w.partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com").user("P1", "u2", "b@contoso.com");
    w.act("2026-01-02", "assign", "P1/1/b", "u2").act("2026-01-02", "redeem", "P1/1/b");
    w.act("2026-12-20", "assign", "P1/1/m", "u1").act("2027-01-10", "redeem", "P1/1/m");
    w.act("2027-03-01", "limit_off", "P1/1/m");
    w.use("2027-06-15", "P1", "P1/1/m", "eligible", 3000).use("2027-07-01", "P1", "P1/1/b", "eligible", 1000);
    Policy policy;
    policy.activation_window_days = 400;
    const RunOutcome out = w.run(policy, "2026-01-01", 26);
    Lines events;
    for (const auto& e : out.event_lines())
        if (!has_kind(e, "award")) events.push_back(e);
    EXPECT_EQ(events, (Lines{"2026-01-02 P1 P1/1/b assign u2", "2026-01-02 P1 P1/1/b redeem u2",
                             "2026-12-20 P1 P1/1/m assign u1", "2027-01-01 P1 P1 leave",
                             "2027-01-10 P1 P1/1/m redeem u1", "2027-03-01 P1 P1/1/m limit off",
                             "2028-01-01 P1 P1/1/b expire", "2028-01-01 P1 P1/1/b disable term_ended",
                             "2028-02-10 P1 P1/1/m convert"}));
    const Lines rows = out.ledger_lines("P1/1/m");
    ASSERT_EQ(rows.size(), 13u);
    EXPECT_EQ(rows[0], "2027-01-10..2027-02-09 0 10000 0 10000 0 0");
    EXPECT_EQ(rows[5], "2027-06-10..2027-07-09 0 10000 3000 7000 0 0");
    EXPECT_EQ(rows[12], "2028-01-10..2028-02-09 0 10000 0 10000 0 0");
    EXPECT_EQ(out.billing("P1", "2027-06").flows.credit_used.cents(), 3000);
    EXPECT_EQ(out.billing("P1", "2027-07").flows.credit_used.cents(), 1000);
    EXPECT_EQ(out.summary("2027-06").active_partners, 0);
}

struct ActiveCase { const char* month; int64_t active; const char* reason; };

TEST(EngineRulesMembership, ActivePartnersAreMembershipsOverlappingTheMonth) {
    // P1 joined 2026-03-15 (member until 2027-03-14), P2 joined 2026-03-15 with one renewal (until
    // 2028-03-14), P3 joined 2026-02-01 (until 2027-01-31).
    WorldBuilder w;
    w.monthly("ap", "m", 100);
    w.partner("P1", "ap", "2026-03-15").partner("P2", "ap", "2026-03-15", 1).partner("P3", "ap", "2026-02-01");
    const RunOutcome out = w.run(Policy{}, "2026-02-01", 27);
    const std::vector<ActiveCase> cases = {
        {"2026-02", 1, "only P3 has joined"},
        {"2026-03", 3, "P1 and P2 join mid-month: the month overlaps"},
        {"2027-01", 3, "P3's last month (ends 2027-02-01)"},
        {"2027-02", 2, "P3's end day is Feb 1: no overlap with February"},
        {"2027-03", 2, "P1's last day is Mar 14: March overlaps"},
        {"2027-04", 1, "only P2 (renewed) is left"},
        {"2028-03", 1, "P2's last month"},
        {"2028-04", 0, "nobody"},
    };
    for (const ActiveCase& c : cases) {
        SCOPED_TRACE(std::string(c.month) + ": " + c.reason);
        EXPECT_EQ(out.summary(c.month).active_partners, c.active);
    }
}

}  // namespace
}  // namespace creditsim::testing
