// SPEC 2 and 3 (step 1, carry-forward): billing periods of a monthly credit
// subscription (anniversary and calendar), the end day after validity_months
// periods, the prorated first calendar period (half-even), carry-forward and
// where lapses are booked. Every expected value is computed by hand from the
// spec in the row's reason.
#include <gtest/gtest.h>

#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

using Lines = std::vector<std::string>;
const std::string kCredit = "P1/1/m";

ExactDecimal fraction(const std::string& text) {
    DecimalError error;
    const auto value = parse_decimal(text, ExactDecimal::kMaxPlaces, error);
    if (!value) throw std::invalid_argument("bad fraction " + text);
    return *value;
}

// One monthly credit "m" of P1, assigned on the join day and redeemed on `redeem`.
WorldBuilder monthly_world(int64_t amount, const std::string& joined, const std::string& redeem) {
    WorldBuilder w;
    w.monthly("ap", "m", amount).partner("P1", "ap", joined).user("P1", "u1", "a@contoso.com");
    w.act(joined, "assign", kCredit, "u1").act(redeem, "redeem", kCredit);
    return w;
}

// ---------------------------------------------------------------------------
// Period starts and the end day. With no usage every period lapses its whole
// grant, so the ledger is fully determined by the period starts, the end day
// (the first day no longer valid) and the first grant.

struct PeriodCase {
    const char* reason;
    PeriodKind period;
    bool prorate;
    int validity_months;
    int64_t amount;
    const char* joined;  // also the run's start
    const char* redeem;
    int run_months;
    std::vector<std::string> starts;  // period starts, by hand
    const char* end_day;              // by hand
    int64_t first_grant;
};

// "start..last 0 granted 0 granted 0 0" for period i: all of it lapses.
Lines expected_rows(const PeriodCase& c) {
    Lines rows;
    for (size_t i = 0; i < c.starts.size(); ++i) {
        const Date next = i + 1 < c.starts.size() ? day(c.starts[i + 1]) : day(c.end_day);
        const std::string g = std::to_string(i == 0 ? c.first_grant : c.amount);
        rows.push_back(c.starts[i] + ".." + next.plus_days(-1).to_string() + " 0 " + g + " 0 " + g + " 0 0");
    }
    return rows;
}

TEST(EngineRulesPeriods, PeriodStartsEndDayAndFirstGrant) {
    using enum PeriodKind;
    const std::vector<PeriodCase> cases = {
        {"anniversary: periods start on the activation day, then anchor + k months; end day = activation + 3",
         anniversary, false, 3, 10000, "2026-01-01", "2026-01-10", 5,
         {"2026-01-10", "2026-02-10", "2026-03-10"}, "2026-04-10", 10000},
        {"anniversary from Jan 31: Feb 28, then Mar 31 (from the anchor, not from the clamped Feb 28); end Apr 30",
         anniversary, false, 3, 10000, "2026-01-01", "2026-01-31", 5,
         {"2026-01-31", "2026-02-28", "2026-03-31"}, "2026-04-30", 10000},
        {"anniversary from Nov 30 over a leap February: Dec 30, Jan 30, Feb 29, end Mar 30 (back to 30)",
         anniversary, false, 4, 10000, "2027-11-01", "2027-11-30", 6,
         {"2027-11-30", "2027-12-30", "2028-01-30", "2028-02-29"}, "2028-03-30", 10000},
        {"anniversary, default validity 13: 13 periods, end day = activation + 13 months",
         anniversary, false, 13, 10000, "2026-01-01", "2026-01-17", 15,
         {"2026-01-17", "2026-02-17", "2026-03-17", "2026-04-17", "2026-05-17", "2026-06-17", "2026-07-17",
          "2026-08-17", "2026-09-17", "2026-10-17", "2026-11-17", "2026-12-17", "2027-01-17"},
         "2027-02-17", 10000},
        {"calendar: activation to the month's end, then whole months; end = 1st of the 3rd month after activation's",
         calendar, false, 3, 10000, "2026-01-01", "2026-01-17", 4,
         {"2026-01-17", "2026-02-01", "2026-03-01"}, "2026-04-01", 10000},
        {"calendar, validity 13: end day is the first day of the 13th month after the activation month",
         calendar, false, 13, 10000, "2026-01-01", "2026-01-17", 14,
         {"2026-01-17", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01",
          "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01", "2027-01-01"},
         "2027-02-01", 10000},
        {"calendar without prorating: a short first period still receives the full amount",
         calendar, false, 2, 10000, "2026-12-01", "2026-12-31", 3,
         {"2026-12-31", "2027-01-01"}, "2027-02-01", 10000},
        {"calendar activated on the 1st: the first period is a whole month",
         calendar, false, 3, 10000, "2026-01-01", "2026-01-01", 4,
         {"2026-01-01", "2026-02-01", "2026-03-01"}, "2026-04-01", 10000},
        {"prorate: 10000 x 15/31 (Jan 17..31 inclusive) = 4838.71 -> 4839; later periods full",
         calendar, true, 2, 10000, "2026-01-01", "2026-01-17", 3,
         {"2026-01-17", "2026-02-01"}, "2026-03-01", 4839},
        {"prorate: one day (Dec 31) of 31: 10000/31 = 322.58 -> 323",
         calendar, true, 2, 10000, "2026-12-01", "2026-12-31", 3,
         {"2026-12-31", "2027-01-01"}, "2027-02-01", 323},
        {"prorate half-even tie down: 10001 x 15/30 (Apr 16..30) = 5000.5 -> 5000 (even)",
         calendar, true, 2, 10001, "2026-04-01", "2026-04-16", 3,
         {"2026-04-16", "2026-05-01"}, "2026-06-01", 5000},
        {"prorate half-even tie up: 10003 x 15/30 = 5001.5 -> 5002 (even)",
         calendar, true, 2, 10003, "2026-04-01", "2026-04-16", 3,
         {"2026-04-16", "2026-05-01"}, "2026-06-01", 5002},
        {"prorate counts the days of a leap February: 10000 x 15/29 (Feb 15..29) = 5172.41 -> 5172",
         calendar, true, 2, 10000, "2028-02-01", "2028-02-15", 3,
         {"2028-02-15", "2028-03-01"}, "2028-04-01", 5172},
        {"prorate from the 1st: 28/28 of the amount",
         calendar, true, 2, 10000, "2026-02-01", "2026-02-01", 3,
         {"2026-02-01", "2026-03-01"}, "2026-04-01", 10000},
        {"prorate_first_period only applies to calendar periods: anniversary grants the full amount",
         anniversary, true, 2, 10000, "2026-01-01", "2026-01-17", 3,
         {"2026-01-17", "2026-02-17"}, "2026-03-17", 10000},
    };
    for (const PeriodCase& c : cases) {
        SCOPED_TRACE(c.reason);
        Policy policy;
        policy.period = c.period;
        policy.prorate_first_period = c.prorate;
        policy.validity_months = c.validity_months;
        const RunOutcome out = monthly_world(c.amount, c.joined, c.redeem).run(policy, c.joined, c.run_months);
        EXPECT_EQ(out.ledger_lines(kCredit), expected_rows(c));
        // Limit on, never off: the subscription is disabled on its end day.
        const Lines events = out.event_lines();
        ASSERT_FALSE(events.empty());
        EXPECT_EQ(events.back(), std::string(c.end_day) + " P1 " + kCredit + " disable term_ended");
    }
}

TEST(EngineRulesPeriods, BulkIgnoresProrating) {
    // SPEC 2: prorating is for monthly credits only; a bulk credit with calendar periods grants its amount.
    WorldBuilder w;
    w.bulk("ap", "b", 60000, 2).partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
    w.act("2026-01-01", "assign", "P1/1/b", "u1").act("2026-01-17", "redeem", "P1/1/b");
    Policy policy;
    policy.period = PeriodKind::calendar;
    policy.prorate_first_period = true;
    const RunOutcome out = w.run(policy, "2026-01-01", 3);
    EXPECT_EQ(out.ledger_lines("P1/1/b"),
              (Lines{"2026-01-17..2026-01-31 0 60000 0 0 0 60000", "2026-02-01..2026-02-28 60000 0 0 0 60000 0"}));
}

// ---------------------------------------------------------------------------
// Carry-forward: carried = round_half_even(unused x fraction), lapsed = unused -
// carried; carried amounts can be carried again; at the end day everything lapses.

struct CarryCase {
    const char* reason;
    const char* carry_forward;
    std::vector<std::pair<std::string, int64_t>> usage;  // eligible usage on the credit
    Lines ledger;
    std::vector<std::pair<std::string, int64_t>> lapsed_by_month;  // summary lapsed
};

TEST(EngineRulesPeriods, CarryForward) {
    // Anniversary, validity 3, 10000/period, activation 2026-01-10: periods 01-10, 02-10, 03-10; end day 04-10.
    const std::vector<CarryCase> cases = {
        {"carry 0 (default): every unused balance lapses at its period end",
         "0", {{"2026-01-20", 2500}},
         {"2026-01-10..2026-02-09 0 10000 2500 7500 0 0", "2026-02-10..2026-03-09 0 10000 0 10000 0 0",
          "2026-03-10..2026-04-09 0 10000 0 10000 0 0"},
         {{"2026-01", 0}, {"2026-02", 7500}, {"2026-03", 10000}, {"2026-04", 10000}}},
        {"carry 0.5 with half-even ties: 4001 -> carried 2000.5 -> 2000 (lapsed 2001); 12000-8997 = 3003 -> "
         "1501.5 -> 1502 (lapsed 1501); at the end day the whole 11502 lapses",
         "0.5", {{"2026-01-20", 5999}, {"2026-02-20", 8997}},
         {"2026-01-10..2026-02-09 0 10000 5999 2001 0 2000", "2026-02-10..2026-03-09 2000 10000 8997 1501 0 1502",
          "2026-03-10..2026-04-09 1502 10000 0 11502 0 0"},
         {{"2026-01", 0}, {"2026-02", 2001}, {"2026-03", 1501}, {"2026-04", 11502}}},
        {"carry 1: everything carries and carries again (7500, 17500); the end day lapses all 27500",
         "1", {{"2026-01-20", 2500}},
         {"2026-01-10..2026-02-09 0 10000 2500 0 0 7500", "2026-02-10..2026-03-09 7500 10000 0 0 0 17500",
          "2026-03-10..2026-04-09 17500 10000 0 27500 0 0"},
         {{"2026-02", 0}, {"2026-03", 0}, {"2026-04", 27500}}},
        {"carry 0.25, no usage: 10000 -> 2500 carried; 12500 (carried part included) -> 3125; end lapses 13125",
         "0.25", {},
         {"2026-01-10..2026-02-09 0 10000 0 7500 0 2500", "2026-02-10..2026-03-09 2500 10000 0 9375 0 3125",
          "2026-03-10..2026-04-09 3125 10000 0 13125 0 0"},
         {{"2026-02", 7500}, {"2026-03", 9375}, {"2026-04", 13125}}},
        {"the carried opening is spendable: period 2 uses 17000 of 7500 + 10000",
         "1", {{"2026-01-20", 2500}, {"2026-02-20", 17000}},
         {"2026-01-10..2026-02-09 0 10000 2500 0 0 7500", "2026-02-10..2026-03-09 7500 10000 17000 0 0 500",
          "2026-03-10..2026-04-09 500 10000 0 10500 0 0"},
         {{"2026-04", 10500}}},
    };
    for (const CarryCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w = monthly_world(10000, "2026-01-01", "2026-01-10");
        for (const auto& [date, cents] : c.usage) w.use(date, "P1", kCredit, "eligible", cents);
        Policy policy;
        policy.validity_months = 3;
        policy.carry_forward = fraction(c.carry_forward);
        const RunOutcome out = w.run(policy, "2026-01-01", 4);
        EXPECT_EQ(out.ledger_lines(kCredit), c.ledger);
        for (const auto& [month, cents] : c.lapsed_by_month) {
            SCOPED_TRACE(month);
            EXPECT_EQ(out.summary(month).lapsed.cents(), cents);
        }
    }
}

// ---------------------------------------------------------------------------
// Bookings: a lapse on a boundary day belongs to the boundary day's month (SPEC 8),
// and so does the new grant.

struct BookingCase {
    const char* reason;
    PeriodKind period;
    std::vector<std::pair<std::string, int64_t>> lapsed_by_month;
    std::vector<std::pair<std::string, int64_t>> granted_by_month;
};

TEST(EngineRulesPeriods, LapseAndGrantBookedOnTheBoundaryDaysMonth) {
    // Activation 2026-01-17, validity 3, 2500 used on 01-20 in period 1 (so its lapse is 7500).
    const std::vector<BookingCase> cases = {
        {"calendar: period 1 (Jan 17..31) lapses on Feb 1 -> February, not January; last period lapses on Apr 1",
         PeriodKind::calendar,
         {{"2026-01", 0}, {"2026-02", 7500}, {"2026-03", 10000}, {"2026-04", 10000}},
         {{"2026-01", 10000}, {"2026-02", 10000}, {"2026-03", 10000}, {"2026-04", 0}}},
        {"anniversary: boundaries on the 17th; lapses in Feb, Mar and (end day Apr 17) Apr",
         PeriodKind::anniversary,
         {{"2026-01", 0}, {"2026-02", 7500}, {"2026-03", 10000}, {"2026-04", 10000}},
         {{"2026-01", 10000}, {"2026-02", 10000}, {"2026-03", 10000}, {"2026-04", 0}}},
    };
    for (const BookingCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w = monthly_world(10000, "2026-01-01", "2026-01-17");
        w.use("2026-01-20", "P1", kCredit, "eligible", 2500);
        Policy policy;
        policy.period = c.period;
        policy.validity_months = 3;
        const RunOutcome out = w.run(policy, "2026-01-01", 4);
        for (const auto& [month, cents] : c.lapsed_by_month) {
            SCOPED_TRACE("lapsed " + month);
            EXPECT_EQ(out.summary(month).lapsed.cents(), cents);
        }
        for (const auto& [month, cents] : c.granted_by_month) {
            SCOPED_TRACE("granted " + month);
            EXPECT_EQ(out.summary(month).granted.cents(), cents);
        }
    }
}

}  // namespace
}  // namespace creditsim::testing
