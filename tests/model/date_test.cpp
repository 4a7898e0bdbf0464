// Dates: exhaustive checks against Boost.Date_Time as an independent oracle.
#include "model/date.hpp"

#include <gtest/gtest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

namespace creditsim {
namespace {

namespace bg = boost::gregorian;

Date from_boost(const bg::date& d) { return Date::from_ymd(d.year(), d.month(), d.day()); }

// Every day 2020-2040: civil conversion, formatting and parsing round-trip and
// agree with Boost, and consecutive days have consecutive serials.
TEST(DateExhaustive, EveryDayMatchesBoost) {
    bg::date expected(2020, 1, 1);
    Date previous = Date::from_ymd(2019, 12, 31);
    for (; expected <= bg::date(2040, 12, 31); expected += bg::days(1)) {
        const Date d = from_boost(expected);
        ASSERT_EQ(d - previous, 1) << bg::to_iso_extended_string(expected);
        ASSERT_EQ(d.year(), expected.year());
        ASSERT_EQ(d.month(), expected.month());
        ASSERT_EQ(d.day(), expected.day());
        ASSERT_EQ(d.to_string(), bg::to_iso_extended_string(expected));
        ASSERT_EQ(parse_date(d.to_string()), d);
        ASSERT_EQ(days_in_month(d.year(), d.month()), bg::gregorian_calendar::end_of_month_day(expected.year(), expected.month()));
        previous = d;
    }
}

// add_months clamps the anchor's day to the target month and always counts from
// the anchor. Oracle: Boost's month arithmetic on the first of the month, then
// the day clamped by hand (Boost's own `months` snaps to month ends: a trap).
TEST(DateExhaustive, AddMonthsFromEveryAnchor2020To2040) {
    for (bg::date anchor(2020, 1, 1); anchor <= bg::date(2040, 12, 31); anchor += bg::days(1)) {
        const Date a = from_boost(anchor);
        for (int k = 0; k <= 40; ++k) {
            const bg::date first_of_target = bg::date(anchor.year(), anchor.month(), 1) + bg::months(k);
            const int last = bg::gregorian_calendar::end_of_month_day(first_of_target.year(), first_of_target.month());
            const int day = std::min<int>(anchor.day(), last);
            const bg::date expected(first_of_target.year(), first_of_target.month(), day);
            ASSERT_EQ(add_months(a, k), from_boost(expected)) << bg::to_iso_extended_string(anchor) << " + " << k;
        }
    }
}

// add_months reads a table of month starts for 1900..2299 and converts outside
// it: anchors and targets on both sides of both edges, months back and forth.
TEST(DateExhaustive, AddMonthsAcrossTheTableEdges) {
    for (const bg::date from : {bg::date(1899, 10, 1), bg::date(2299, 9, 1)})
        for (bg::date anchor = from; anchor < from + bg::days(200); anchor += bg::days(1))
            for (int k = -14; k <= 14; ++k) {
                const bg::date month_first = bg::date(anchor.year(), anchor.month(), 1);
                const bg::date first_of_target = k >= 0 ? month_first + bg::months(k) : month_first - bg::months(-k);
                const int last =
                    bg::gregorian_calendar::end_of_month_day(first_of_target.year(), first_of_target.month());
                const bg::date expected(first_of_target.year(), first_of_target.month(),
                                        std::min<int>(anchor.day(), last));
                ASSERT_EQ(add_months(from_boost(anchor), k), from_boost(expected))
                    << bg::to_iso_extended_string(anchor) << " + " << k;
            }
}

struct AddMonthsCase {
    const char* anchor;
    int months;
    const char* expected;
    const char* reason;
};

TEST(DateRules, AddMonthsTable) {
    const AddMonthsCase cases[] = {
        {"2027-01-31", 1, "2027-02-28", "clamped to February's length"},
        {"2028-01-31", 1, "2028-02-29", "leap February"},
        {"2027-01-31", 2, "2027-03-31", "counted from the anchor, not from the clamped Feb 28"},
        {"2027-01-31", 3, "2027-04-30", "30-day month"},
        {"2027-01-31", 13, "2028-02-29", "13 months from Jan 31 lands on a leap day"},
        {"2026-03-31", -1, "2026-02-28", "negative months clamp too"},
        {"2026-01-10", 12, "2027-01-10", "a year"},
        {"2024-02-29", 12, "2025-02-28", "leap day plus a year"},
        {"2026-12-15", 1, "2027-01-15", "across the year end"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.reason);
        EXPECT_EQ(add_months(*parse_date(c.anchor), c.months).to_string(), c.expected);
    }
}

TEST(DateRules, ParseRejectsAnythingButIsoDays) {
    for (const char* bad : {"2026-02-30", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01x", "",
                            "2026-00-10", "2025-02-29", "01/31/2026"}) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE(parse_date(bad).has_value());
    }
    EXPECT_EQ(parse_date("2024-02-29")->to_string(), "2024-02-29");
}

TEST(DateRules, MonthKeys) {
    const Date d = *parse_date("2027-02-14");
    EXPECT_EQ(month_key_to_string(month_key(d)), "2027-02");
    EXPECT_EQ(month_key_first_day(month_key(d)).to_string(), "2027-02-01");
    EXPECT_EQ(first_of_month(d).to_string(), "2027-02-01");
}

}  // namespace
}  // namespace creditsim
