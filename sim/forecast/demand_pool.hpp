#pragma once
// Pooling (sim/forecast/demand_fit.cpp's middle stage): the shapes that short series and new
// subscriptions borrow, one per group (a partner) and one for the cohort, from the own fits of the
// long series; a group or cohort without long series takes its level from its short series.

#include <array>
#include <memory>
#include <vector>

#include "sim/forecast/demand_own_fit.hpp"

namespace creditsim::detail {

inline constexpr double kDefaultLevelSpread = 0.75;  ///< sd of log level between subscriptions when unmeasurable
inline constexpr double kMinLevelSpread = 0.25;  ///< floor: subscriptions of one group are never assumed alike
inline constexpr double kDefaultInnovationSd = 0.5;  ///< when no series at all has an own fit

/// A pooled shape: what short series and new subscriptions borrow.
struct Shape {
    bool available = false;  ///< pooled from own fits of the group (false: borrowed from the cohort)
    double trend = 0, trend_sd = 0;
    std::array<double, 7> weekday{};
    std::array<double, 12> month{};
    bool has_seasonality = false;
    double ar = 0, innovation_sd = kDefaultInnovationSd;
    double shock_sd = 0, shock_ar = 0;
    std::shared_ptr<const std::vector<double>> innovations;
    std::array<double, 7> zero_probability{};
    bool has_level = false;
    double level = 0, level_se = 0, level_spread = kDefaultLevelSpread;
};

struct PooledShapes {
    Shape cohort;
    std::vector<Shape> groups;  ///< one per group
};

/// fits[i] is read only where kinds[i] is long_history.
PooledShapes pool_shapes(const std::vector<Window>& windows, const std::vector<HistoryKind>& kinds,
                         const std::vector<OwnFit>& fits, const std::vector<uint32_t>& group_of,
                         uint32_t group_count);

/// A shape's systematic part of log cents on a positive day (level excluded).
double shape_effect(const Shape& s, const PositiveDay& p);

struct RawLevel {
    double level = 0;     ///< the unshrunk mean level of a short series under a shape
    double variance = 0;  ///< its sampling variance
};

RawLevel raw_level(const Window& w, const Shape& s);

}  // namespace creditsim::detail
