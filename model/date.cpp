#include "model/date.hpp"


namespace creditsim {
namespace {

// Civil-calendar conversions: the era-based algorithm (400-year cycles of
// 146097 days), exact for every proleptic Gregorian day.
constexpr int32_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(int32_t z, int& y, int& m, int& d) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = yoe + era * 400 + (m <= 2);
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// add_months runs for every billing period of every credit, so it works from a
// table of month starts (1900-01 .. 2299-12, 19 KB, built at compile time)
// instead of two calendar conversions; outside the table it converts.
constexpr int kTableFirstYear = 1900;
constexpr int kTableMonths = 400 * 12;

struct MonthStarts {
    int32_t first[kTableMonths + 1] = {};  ///< serial of the first day of month i (i = 0: 1900-01); one past the end
};

constexpr MonthStarts make_month_starts() {
    MonthStarts table;
    for (int i = 0; i <= kTableMonths; ++i) table.first[i] = days_from_civil(kTableFirstYear + i / 12, i % 12 + 1, 1);
    return table;
}

constexpr MonthStarts kMonthStarts = make_month_starts();

// The table month holding the day, or -1 outside the table.
int table_month_of(int32_t serial) {
    const int32_t* first = kMonthStarts.first;
    if (serial < first[0] || serial >= first[kTableMonths]) return -1;
    // 400 Gregorian years are 146,097 days and 4,800 months: an estimate off by at most one.
    int i = int(int64_t(serial - first[0]) * kTableMonths / 146097);
    if (i >= kTableMonths) i = kTableMonths - 1;
    while (first[i] > serial) --i;
    while (first[i + 1] <= serial) ++i;
    return i;
}

}  // namespace

Date Date::from_ymd(int year, int month, int day) { return from_serial(days_from_civil(year, month, day)); }

void Date::to_ymd(int& year, int& month, int& day) const { civil_from_days(serial_, year, month, day); }
int Date::year() const { int y, m, d; to_ymd(y, m, d); return y; }
int Date::month() const { int y, m, d; to_ymd(y, m, d); return m; }
int Date::day() const { int y, m, d; to_ymd(y, m, d); return d; }

char* Date::format_to(char* out) const {
    int y, m, d;
    to_ymd(y, m, d);
    out[0] = char('0' + y / 1000 % 10);
    out[1] = char('0' + y / 100 % 10);
    out[2] = char('0' + y / 10 % 10);
    out[3] = char('0' + y % 10);
    out[4] = '-';
    out[5] = char('0' + m / 10);
    out[6] = char('0' + m % 10);
    out[7] = '-';
    out[8] = char('0' + d / 10);
    out[9] = char('0' + d % 10);
    return out + 10;
}

std::string Date::to_string() const {
    char buf[10];
    format_to(buf);
    return std::string(buf, 10);
}

int days_in_month(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

bool is_valid_ymd(int year, int month, int day) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto digits = [&](size_t from, size_t count, int& value) {
        value = 0;
        for (size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    };
    int y, m, d;
    if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
    if (!is_valid_ymd(y, m, d)) return std::nullopt;
    return Date::from_ymd(y, m, d);
}

Date add_months(Date anchor, int months) {
    const int from = table_month_of(anchor.serial());
    const int to = from + months;
    if (from >= 0 && to >= 0 && to < kTableMonths) {
        const int32_t day_index = anchor.serial() - kMonthStarts.first[from];  // 0-based day of the month
        const int32_t month_length = kMonthStarts.first[to + 1] - kMonthStarts.first[to];
        return Date::from_serial(kMonthStarts.first[to] + (day_index < month_length ? day_index : month_length - 1));
    }
    int y, m, d;
    anchor.to_ymd(y, m, d);
    int index = y * 12 + (m - 1) + months;
    const int ty = index / 12;
    const int tm = index % 12 + 1;
    const int dim = days_in_month(ty, tm);
    return Date::from_ymd(ty, tm, d < dim ? d : dim);
}

Date first_of_month(Date day) {
    int y, m, d;
    day.to_ymd(y, m, d);
    return Date::from_ymd(y, m, 1);
}

Date month_key_first_day(int key) { return Date::from_ymd(key / 12, key % 12 + 1, 1); }

char* format_month_key_to(char* out, int key) {
    // The first 7 characters of the month's first day, "YYYY-MM".
    char day[10];
    month_key_first_day(key).format_to(day);
    for (int i = 0; i < 7; ++i) out[i] = day[i];
    return out + 7;
}

std::string month_key_to_string(int key) {
    char buf[7];
    return std::string(buf, format_month_key_to(buf, key));
}

}  // namespace creditsim
