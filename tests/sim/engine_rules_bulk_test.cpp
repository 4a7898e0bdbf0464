// SPEC 1 and 2-3 for bulk credits: valid from the award to award + term_months
// whatever the activation day; ledger rows follow the subscription's periods,
// the last one clipped to the end day; expire (event only when > 0); an
// exhausted bulk subscription is re-enabled at each period boundary and
// disabled again by its first covered usage; a bulk credit never redeemed is
// forfeited at min(deadline, end day), never expired. Also forfeits of monthly
// credits and their nominal value.
#include <gtest/gtest.h>

#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

using Lines = std::vector<std::string>;
const std::string kBulk = "P1/1/b";

ExactDecimal fraction(const std::string& text) {
    DecimalError error;
    const auto value = parse_decimal(text, ExactDecimal::kMaxPlaces, error);
    if (!value) throw std::invalid_argument("bad fraction " + text);
    return *value;
}

// Events without the award lines.
Lines without_awards(const Lines& events) {
    Lines kept;
    for (const auto& e : events)
        if (e.size() < 6 || e.compare(e.size() - 6, 6, " award") != 0) kept.push_back(e);
    return kept;
}

// ---------------------------------------------------------------------------

struct BulkLedgerCase {
    const char* reason;
    PeriodKind period;
    int term_months;
    const char* redeem;
    const char* carry_forward;
    std::vector<std::pair<std::string, int64_t>> usage;  // eligible usage on the bulk subscription
    Lines ledger;
    Lines events;  // without awards
    int64_t expired_cents;  // summary, whole run
};

TEST(EngineRulesBulk, ValidFromAwardToTermEndWhateverTheActivation) {
    // Bulk "b" 60000, award 2026-01-01, assigned to u1 on the award day. Run 2026-01-01 + 13 months.
    using enum PeriodKind;
    const std::vector<BulkLedgerCase> cases = {
        {"activated 03-15: anniversary rows from 03-15 on the 15th; end day = award + 12 = 2027-01-01, so the "
         "last row 12-15 is clipped to 12-31; 60000-10000-5000 = 45000 expires on the end day",
         anniversary, 12, "2026-03-15", "0", {{"2026-03-15", 10000}, {"2026-12-31", 5000}},
         {"2026-03-15..2026-04-14 0 60000 10000 0 0 50000", "2026-04-15..2026-05-14 50000 0 0 0 0 50000",
          "2026-05-15..2026-06-14 50000 0 0 0 0 50000", "2026-06-15..2026-07-14 50000 0 0 0 0 50000",
          "2026-07-15..2026-08-14 50000 0 0 0 0 50000", "2026-08-15..2026-09-14 50000 0 0 0 0 50000",
          "2026-09-15..2026-10-14 50000 0 0 0 0 50000", "2026-10-15..2026-11-14 50000 0 0 0 0 50000",
          "2026-11-15..2026-12-14 50000 0 0 0 0 50000", "2026-12-15..2026-12-31 50000 0 5000 0 45000 0"},
         {"2026-01-01 P1 P1/1/b assign u1", "2026-03-15 P1 P1/1/b redeem u1", "2027-01-01 P1 P1/1/b expire",
          "2027-01-01 P1 P1/1/b disable term_ended", "2027-01-01 P1 P1 leave"},
         45000},
        {"calendar periods, term 6: rows 03-15..03-31, Apr, May, Jun; end day 07-01",
         calendar, 6, "2026-03-15", "0", {{"2026-06-30", 1000}},
         {"2026-03-15..2026-03-31 0 60000 0 0 0 60000", "2026-04-01..2026-04-30 60000 0 0 0 0 60000",
          "2026-05-01..2026-05-31 60000 0 0 0 0 60000", "2026-06-01..2026-06-30 60000 0 1000 0 59000 0"},
         {"2026-01-01 P1 P1/1/b assign u1", "2026-03-15 P1 P1/1/b redeem u1", "2026-07-01 P1 P1/1/b expire",
          "2026-07-01 P1 P1/1/b disable term_ended",
          "2026-09-29 P1 P1/1/b delete", "2027-01-01 P1 P1 leave"},  // deleted end + 90 days
         59000},
        {"term 3 (end 04-01) activated 03-15: the only row, its first period, is clipped to 03-31",
         anniversary, 3, "2026-03-15", "0", {},
         {"2026-03-15..2026-03-31 0 60000 0 0 60000 0"},
         {"2026-01-01 P1 P1/1/b assign u1", "2026-03-15 P1 P1/1/b redeem u1", "2026-04-01 P1 P1/1/b expire",
          "2026-04-01 P1 P1/1/b disable term_ended",
          "2026-06-30 P1 P1/1/b delete", "2027-01-01 P1 P1 leave"},  // deleted end + 90 days
         60000},
        {"fully used (exact hit disables): nothing expires, so no expire event; re-enabled at the boundary",
         anniversary, 3, "2026-01-01", "0", {{"2026-02-10", 60000}},
         {"2026-01-01..2026-01-31 0 60000 0 0 0 60000", "2026-02-01..2026-02-28 60000 0 60000 0 0 0",
          "2026-03-01..2026-03-31 0 0 0 0 0 0"},
         {"2026-01-01 P1 P1/1/b assign u1", "2026-01-01 P1 P1/1/b redeem u1",
          "2026-02-10 P1 P1/1/b disable spending_limit_reached", "2026-03-01 P1 P1/1/b enable",
          "2026-04-01 P1 P1/1/b disable term_ended",
          "2026-06-30 P1 P1/1/b delete", "2027-01-01 P1 P1 leave"},  // deleted end + 90 days
         0},
        {"carry_forward is about monthly balances: a bulk balance neither lapses nor is split at boundaries",
         anniversary, 3, "2026-01-01", "0.5", {{"2026-01-15", 1000}},
         {"2026-01-01..2026-01-31 0 60000 1000 0 0 59000", "2026-02-01..2026-02-28 59000 0 0 0 0 59000",
          "2026-03-01..2026-03-31 59000 0 0 0 59000 0"},
         {"2026-01-01 P1 P1/1/b assign u1", "2026-01-01 P1 P1/1/b redeem u1", "2026-04-01 P1 P1/1/b expire",
          "2026-04-01 P1 P1/1/b disable term_ended",
          "2026-06-30 P1 P1/1/b delete", "2027-01-01 P1 P1 leave"},  // deleted end + 90 days
         59000},
    };
    for (const BulkLedgerCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        w.bulk("ap", "b", 60000, c.term_months).partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
        w.act("2026-01-01", "assign", kBulk, "u1").act(c.redeem, "redeem", kBulk);
        for (const auto& [date, cents] : c.usage) w.use(date, "P1", kBulk, "eligible", cents);
        Policy policy;
        policy.period = c.period;
        policy.carry_forward = fraction(c.carry_forward);
        const RunOutcome out = w.run(policy, "2026-01-01", 13);
        EXPECT_EQ(out.ledger_lines(kBulk), c.ledger);
        EXPECT_EQ(without_awards(out.event_lines()), c.events);
        EXPECT_EQ(out.totals().expired.cents(), c.expired_cents);
        EXPECT_EQ(out.totals().lapsed.cents(), 0);  // bulk balances never lapse
    }
}

TEST(EngineRulesBulk, ExhaustedBulkIsReEnabledAndDisabledAgainByCoveredUsage) {
    // Bulk 60000 redeemed 2026-01-15 (periods on the 15th). 03-20: 60000 eligible, an exact hit -> disabled.
    // 04-15 boundary: re-enabled (no refill). 04-16: 50 ineligible only -> blocked (limit on), not disabled.
    // 04-20: 100 eligible -> covered usage > 0 leaves the balance at 0 -> disabled again, 100 unserved.
    // 05-15: re-enabled again.
    WorldBuilder w;
    w.bulk("ap", "b", 60000, 12).partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
    w.act("2026-01-01", "assign", kBulk, "u1").act("2026-01-15", "redeem", kBulk);
    w.use("2026-03-20", "P1", kBulk, "eligible", 60000)
        .use("2026-04-16", "P1", kBulk, "ineligible", 50)
        .use("2026-04-20", "P1", kBulk, "eligible", 100);
    const RunOutcome out = w.run(Policy{}, "2026-01-01", 5);
    EXPECT_EQ(without_awards(out.event_lines()),
              (Lines{"2026-01-01 P1 P1/1/b assign u1", "2026-01-15 P1 P1/1/b redeem u1",
                     "2026-03-20 P1 P1/1/b disable spending_limit_reached", "2026-04-15 P1 P1/1/b enable",
                     "2026-04-20 P1 P1/1/b disable spending_limit_reached", "2026-05-15 P1 P1/1/b enable"}));
    struct MonthCase { const char* month; int64_t used, unserved; int disabled_days; };
    for (const MonthCase& m : std::vector<MonthCase>{
             {"2026-03", 60000, 0, 12},    // 03-20..03-31
             {"2026-04", 0, 150, 14 + 11},  // 04-01..04-14 and 04-20..04-30
             {"2026-05", 0, 0, 14},         // 05-01..05-14
         }) {
        SCOPED_TRACE(m.month);
        const BillingMonth b = out.billing("P1", m.month);
        EXPECT_EQ(b.flows.credit_used.cents(), m.used);
        EXPECT_EQ(b.flows.unserved.cents(), m.unserved);
        EXPECT_EQ(b.disabled_days, m.disabled_days);
    }
    EXPECT_EQ(out.ledger_lines(kBulk)[3], "2026-04-15..2026-05-14 0 0 0 0 0 0");
}

TEST(EngineRulesBulk, EndDayIgnoresValidityMonthsAndExhaustedBulkIsNotReEnabledOnIt) {
    // validity_months is for monthly credits: a bulk credit (term 3, award 2026-01-01) still ends on
    // 2026-04-01. Exhausted on 03-10 (disabled); the end day brings no re-enable, only term_ended.
    WorldBuilder w;
    w.bulk("ap", "b", 60000, 3).partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
    w.act("2026-01-01", "assign", kBulk, "u1").act("2026-01-01", "redeem", kBulk);
    w.use("2026-03-10", "P1", kBulk, "eligible", 60000);
    Policy policy;
    policy.validity_months = 1;
    const RunOutcome out = w.run(policy, "2026-01-01", 5);
    EXPECT_EQ(without_awards(out.event_lines()),
              (Lines{"2026-01-01 P1 P1/1/b assign u1", "2026-01-01 P1 P1/1/b redeem u1",
                     "2026-03-10 P1 P1/1/b disable spending_limit_reached", "2026-04-01 P1 P1/1/b disable term_ended"}));
    EXPECT_EQ(out.ledger_lines(kBulk).size(), 3u);
    EXPECT_EQ(out.billing("P1", "2026-03").disabled_days, 22);  // 03-10..03-31
    EXPECT_EQ(out.billing("P1", "2026-04").disabled_days, 30);
}

// ---------------------------------------------------------------------------
// Forfeits: a credit never redeemed is forfeited on award + activation_window_days,
// or on its end day if that comes first; forfeited_value is the nominal value.

struct ForfeitCase {
    const char* reason;
    bool is_bulk;
    int term_months;
    int window_days;
    int validity_months;
    std::vector<std::pair<std::string, std::string>> actions;  // (date, action) on the credit
    Lines events;                                             // without awards
    const char* forfeit_month;                                // "" when none
    int64_t forfeited_value;
};

TEST(EngineRulesBulk, ForfeitAtTheEarlierOfDeadlineAndEndDayNeverExpire) {
    // Award 2026-01-01; run 2026-01-01 + 13 months; credit "c" (bulk 60000 or monthly 10000).
    const std::vector<ForfeitCase> cases = {
        {"bulk, window 100: deadline 2026-01-01 + 100 days = 04-11 comes before the end day",
         true, 12, 100, 13, {}, {"2026-04-11 P1 P1/1/c forfeit", "2027-01-01 P1 P1 leave"}, "2026-04", 60000},
        {"bulk, window 365: deadline 2027-01-01 = end day: forfeited once, not expired (no expire event)",
         true, 12, 365, 13, {}, {"2027-01-01 P1 P1/1/c forfeit", "2027-01-01 P1 P1 leave"}, "2027-01", 60000},
        {"bulk, window 400: deadline 2027-02-05 is after the end day 2027-01-01: forfeited on the end day",
         true, 12, 400, 13, {}, {"2027-01-01 P1 P1/1/c forfeit", "2027-01-01 P1 P1 leave"}, "2027-01", 60000},
        {"bulk, term 6: end day 2026-07-01 before the deadline 2027-01-01: forfeited on 07-01",
         true, 6, 365, 13, {}, {"2026-07-01 P1 P1/1/c forfeit", "2027-01-01 P1 P1 leave"}, "2026-07", 60000},
        {"bulk assigned but never redeemed is forfeited the same way",
         true, 12, 100, 13, {{"2026-01-02", "assign"}},
         {"2026-01-02 P1 P1/1/c assign u1", "2026-04-11 P1 P1/1/c forfeit", "2027-01-01 P1 P1 leave"}, "2026-04",
         60000},
        {"bulk redeemed the day before the deadline (04-10): no forfeit; it runs and expires on its end day",
         true, 12, 100, 13, {{"2026-01-02", "assign"}, {"2026-04-10", "redeem"}},
         {"2026-01-02 P1 P1/1/c assign u1", "2026-04-10 P1 P1/1/c redeem u1", "2027-01-01 P1 P1/1/c expire",
          "2027-01-01 P1 P1/1/c disable term_ended", "2027-01-01 P1 P1 leave"},
         "", 0},
        {"monthly, window 30: forfeited on 01-31; nominal value 10000 x 13 periods",
         false, 0, 30, 13, {}, {"2026-01-31 P1 P1/1/c forfeit", "2027-01-01 P1 P1 leave"}, "2026-01", 130000},
        {"monthly, validity 3: nominal value 10000 x 3",
         false, 0, 30, 3, {}, {"2026-01-31 P1 P1/1/c forfeit", "2027-01-01 P1 P1 leave"}, "2026-01", 30000},
    };
    for (const ForfeitCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        if (c.is_bulk) w.bulk("ap", "c", 60000, c.term_months);
        else w.monthly("ap", "c", 10000);
        w.partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
        for (const auto& [date, action] : c.actions)
            w.act(date, action, "P1/1/c", action == "assign" ? "u1" : "");
        Policy policy;
        policy.activation_window_days = c.window_days;
        policy.validity_months = c.validity_months;
        const RunOutcome out = w.run(policy, "2026-01-01", 13);
        EXPECT_EQ(without_awards(out.event_lines()), c.events);
        EXPECT_EQ(out.totals().forfeited_value.cents(), c.forfeited_value);
        if (*c.forfeit_month) {
            EXPECT_EQ(out.summary(c.forfeit_month).forfeited_value.cents(), c.forfeited_value);
        }
        if (c.forfeited_value > 0) {
            EXPECT_TRUE(out.ledger_lines("P1/1/c").empty());  // never activated: no ledger row
            EXPECT_EQ(out.totals().expired.cents(), 0);
            EXPECT_EQ(out.totals().granted.cents(), 0);
        }
    }
}

}  // namespace
}  // namespace creditsim::testing
