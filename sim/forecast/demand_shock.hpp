#pragma once
// The persistent shock of a demand fit: the part of the residual that moves at the scale of months,
// which the daily AR(1) does not see (its coefficient comes from consecutive days, where day noise
// dominates) and which does not average away in a monthly total. Estimated from the residuals'
// calendar-month means: their variance beyond what the daily AR(1) explains is the shock's, their
// month-to-month change gives its persistence, and the last 30 days its state on the as-of day.

#include <vector>

#include "sim/forecast/demand_window.hpp"

namespace creditsim::detail {

struct ShockEstimate {
    double sd = 0;           ///< stationary sd of the shock (log cents); 0: none measurable
    double daily_ar = 0;     ///< its AR(1) coefficient per day
    double state = 0;        ///< its estimated value on the as-of day (shrunk toward 0)
    double state_sd = 0;     ///< the sd of that estimate
    /// How much wider the level, trend and month effects really are than the daily fit says: the
    /// square root of the monthly long-run variance with the shock over that without it (>= 1).
    double uncertainty_scale = 1;
};

/// From the fit's final residuals e (one per positive day), the daily AR(1) coefficient phi and
/// innovation sd, and the number of regression coefficients that move at the scale of months
/// (level, trend, month effects, a level shift), which the residual means lose as degrees of freedom.
ShockEstimate estimate_shock(const std::vector<double>& e, const std::vector<PositiveDay>& days, double phi,
                             double innovation_sd, int monthly_coefficients);

/// Months with fewer positive days do not enter the estimate.
inline constexpr int kShockMinDaysPerMonth = 10;
/// Fewer such months: no shock is estimated.
inline constexpr int kShockMinMonths = 6;
inline constexpr double kDaysPerMonth = 30.436875;

}  // namespace creditsim::detail
