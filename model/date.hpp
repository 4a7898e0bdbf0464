#pragma once
// Calendar days (UTC, no time of day) and the one place that adds months.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace creditsim {

/// A calendar day, stored as days since 1970-01-01. Plain value, totally ordered.
class Date {
public:
    constexpr Date() = default;
    static constexpr Date from_serial(int32_t serial) { Date d; d.serial_ = serial; return d; }
    /// The day y-m-d; the caller guarantees it exists (see is_valid_ymd).
    static Date from_ymd(int year, int month, int day);

    constexpr int32_t serial() const { return serial_; }
    int year() const;
    int month() const;  ///< 1..12
    int day() const;    ///< 1..31
    void to_ymd(int& year, int& month, int& day) const;

    /// "YYYY-MM-DD".
    std::string to_string() const;
    /// Writes "YYYY-MM-DD" (10 chars) at out; returns one past the end.
    char* format_to(char* out) const;

    constexpr Date plus_days(int32_t days) const { return from_serial(serial_ + days); }
    friend constexpr int32_t operator-(Date a, Date b) { return a.serial_ - b.serial_; }
    friend constexpr bool operator==(Date a, Date b) { return a.serial_ == b.serial_; }
    friend constexpr bool operator!=(Date a, Date b) { return a.serial_ != b.serial_; }
    friend constexpr bool operator<(Date a, Date b) { return a.serial_ < b.serial_; }
    friend constexpr bool operator<=(Date a, Date b) { return a.serial_ <= b.serial_; }
    friend constexpr bool operator>(Date a, Date b) { return a.serial_ > b.serial_; }
    friend constexpr bool operator>=(Date a, Date b) { return a.serial_ >= b.serial_; }

private:
    int32_t serial_ = 0;
};

/// Whether y-m-d names a real day of the proleptic Gregorian calendar (years 1..9999).
bool is_valid_ymd(int year, int month, int day);
/// Days in the month (28..31).
int days_in_month(int year, int month);

/// Parses exactly "YYYY-MM-DD"; nullopt for anything else or a day that does not exist.
std::optional<Date> parse_date(std::string_view text);

/// anchor + k months, the day clamped to the target month's length. Always counts
/// from the anchor: add_months(Jan 31, 2) is Mar 31, never Mar 28.
/// The only month arithmetic in the project: never write date + months elsewhere.
Date add_months(Date anchor, int months);

/// The first day of the month that contains day.
Date first_of_month(Date day);

/// Months since year 0 (year*12 + month-1): a dense key for calendar-month buckets.
inline int month_key(Date day) { int y, m, d; day.to_ymd(y, m, d); return y * 12 + (m - 1); }
/// How many calendar months the days [start, end_day) touch (end_day > start): a run's months.
inline int run_months(Date start, Date end_day) { return month_key(end_day.plus_days(-1)) - month_key(start) + 1; }
/// The first day of the month with that key.
Date month_key_first_day(int key);
/// "YYYY-MM" of a month key.
std::string month_key_to_string(int key);
/// Writes "YYYY-MM" (7 chars) of a month key at out; returns one past the end.
char* format_month_key_to(char* out, int key);

}  // namespace creditsim
