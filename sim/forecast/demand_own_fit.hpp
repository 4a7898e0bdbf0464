#pragma once
// An own demand fit of one long series (sim/forecast/demand_fit.cpp's first stage): the regression
// (demand_design.hpp) solved with AR(1) errors (demand_ar_regression.hpp), the persistent shock
// (demand_shock.hpp) read from its residuals, centred coefficients with their uncertainty, and the
// residual noise (demand_residual_noise.hpp).

#include <array>
#include <vector>

#include "sim/forecast/demand_window.hpp"

namespace creditsim::detail {

/// An own fit's by-products that pooling needs.
struct OwnFit {
    DemandModel model;
    std::vector<double> innovations;  ///< standardised, oldest first (the model shares the same values)
    bool has_own_seasonality = false;  ///< month effects fitted here, not borrowed as an offset
    double level_shift_size = 0;       ///< log cents of the step found in the window (0: none)
};

/// Regression of log cents with AR(1) errors on the window's positive days. month_offset, when given,
/// is a borrowed calendar-month effect subtracted first (then the model carries it, without uncertainty).
OwnFit fit_own(const Window& w, Date as_of, const std::array<double, 12>* month_offset);

}  // namespace creditsim::detail
