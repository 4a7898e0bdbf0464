#pragma once
// The part of a demand series that a fit looks at (the first stage of sim/forecast/demand_fit.cpp,
// read by every later one): its positive days on the log scale, and its zero days
// counted per weekday.

#include <array>
#include <cstdint>
#include <vector>

#include "sim/forecast/demand_fit.hpp"

namespace creditsim::detail {

inline constexpr int kFitWindowDays = 731;  ///< at most the last two years (and a day) are fitted
inline constexpr int kDormantDays = 28;     ///< this many zero days at the end: dormant

/// A positive day of a series, in day order.
struct PositiveDay {
    int32_t t = 0;  ///< day - as_of (<= 0)
    double y = 0;   ///< log cents
    int weekday = 0;
    int month = 0;  ///< 0..11
    int month_key = 0;  ///< calendar month (month_key), for monthly aggregates of residuals
    bool follows_positive = false;  ///< the previous calendar day is a positive day of the window too
};

struct Window {
    std::vector<PositiveDay> positive;
    int observed = 0;
    std::array<int, 7> observed_by_weekday{};
    std::array<int, 7> zero_by_weekday{};
    bool is_dormant = false;
    bool starts_inside = false;  ///< the series' first day is inside the fit window (a late start)
};

/// The window of a series up to and including as_of (at most kFitWindowDays). A series that starts
/// inside the window and has 112+ days skips its first kRampDays (the workload migrating in).
Window make_window(const DemandSeries& series, Date as_of);

/// What a fit can do with a window: nothing (dormant), an own fit (long), a level of its own under
/// a borrowed shape (short), or the borrowed model alone (empty: no positive day).
enum class HistoryKind { dormant, long_history, short_history, empty };

inline constexpr int kMinPositiveDays = 28;  ///< an own fit needs this many positive days ...
inline constexpr int kMinObservedDays = 56;  ///< ... over at least 8 weeks

HistoryKind classify(const Window& w);

/// Days of a late start that are left out of the fit: migration onto a new subscription takes weeks,
/// and a ramp read as growth would be extrapolated.
inline constexpr int kRampDays = 28;

}  // namespace creditsim::detail
