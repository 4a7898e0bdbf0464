#include "sim/forecast/demand_window.hpp"

#include <algorithm>
#include <cmath>

namespace creditsim::detail {

namespace {
constexpr int kMinDaysToSkipRamp = 112;  ///< a shorter late start keeps its ramp: it has little else
}

Window make_window(const DemandSeries& series, Date as_of) {
    Window w;
    if (series.cents.empty()) return w;
    const Date last_day = series.first_day.plus_days(int32_t(series.cents.size()) - 1);
    const Date window_start = as_of.plus_days(1 - kFitWindowDays);
    Date start = std::max(series.first_day, window_start);
    const Date end = std::min(last_day, as_of);
    if (end < start) return w;
    w.starts_inside = series.first_day > window_start;
    if (w.starts_inside && (end - start) + 1 >= kMinDaysToSkipRamp) start = start.plus_days(kRampDays);
    bool previous_positive = false;
    int trailing_zeros = 0;
    for (Date day = start; day <= end; day = day.plus_days(1)) {
        const double cents = series.cents[size_t(day - series.first_day)];
        const int weekday = monday_weekday(day);
        ++w.observed;
        ++w.observed_by_weekday[weekday];
        if (cents > 0 && std::isfinite(cents)) {
            w.positive.push_back({day - as_of, std::log(cents), weekday, day.month() - 1, month_key(day), previous_positive});
            previous_positive = true;
            trailing_zeros = 0;
        } else {
            ++w.zero_by_weekday[weekday];
            previous_positive = false;
            ++trailing_zeros;
        }
    }
    w.is_dormant = w.observed >= kDormantDays && trailing_zeros >= kDormantDays;
    return w;
}

HistoryKind classify(const Window& w) {
    if (w.is_dormant) return HistoryKind::dormant;
    if (int(w.positive.size()) >= kMinPositiveDays && w.observed >= kMinObservedDays) return HistoryKind::long_history;
    return w.positive.empty() ? HistoryKind::empty : HistoryKind::short_history;
}

}  // namespace creditsim::detail
