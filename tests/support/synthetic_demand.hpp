#pragma once
// Synthetic daily demand series with known parameters, for the demand model's tests:
// on a positive day log(cents) = level + trend * (day - reference_day) + weekday effect
// + month effect + e, e a stationary Gaussian AR(1); a day is zero with probability zero_share.
// The trend is linear forever (no damping). The same seed always gives the same series.
//   SyntheticDemand p; p.first_day = Date::from_ymd(2023, 1, 1); p.days = 730; p.reference_day = p.first_day;
//   DemandSeries s = make_synthetic_demand(p, 7);

#include <array>
#include <cmath>
#include <cstdint>

#include "model/date.hpp"
#include "sim/forecast/demand_fit.hpp"

namespace creditsim::testing {

struct SyntheticDemand {
    Date first_day;
    int days = 0;                                 ///< days generated from first_day (history and future)
    Date reference_day;                           ///< level is the log level on this day
    double level = std::log(5000.0);              ///< log cents, averaged over weekdays and months
    double trend = 0;                             ///< log cents per day
    std::array<double, 7> weekday_effect{};       ///< Monday first, mean zero
    std::array<double, 12> month_effect{};        ///< January first, mean zero
    double zero_share = 0;                        ///< probability of a zero day
    double sigma = 0.3;                           ///< sd of the AR(1) innovations
    double ar = 0;                                ///< AR(1) coefficient
};

/// The series (whole cents as doubles) drawn with stream key (seed, Purpose::demand_noise).
DemandSeries make_synthetic_demand(const SyntheticDemand& p, uint32_t seed);

/// A typical weekday pattern scaled by `depth` (weekends low), mean zero.
std::array<double, 7> weekend_dip(double depth);
/// A sine of calendar month with the given amplitude and phase (months), mean zero.
std::array<double, 12> month_sine(double amplitude, int phase_months);

}  // namespace creditsim::testing
