#pragma once
// The residual noise of a demand model: the bootstrap's standardised innovations, and the mean
// correction that keeps a path's cents-scale expectation right under them.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/forecast/demand_fit.hpp"

namespace creditsim::detail {

inline constexpr size_t kMaxInnovations = 512;  ///< most recent innovations kept for the bootstrap

struct StandardisedInnovations {
    std::vector<double> values;  ///< centred, unit sd, the most recent kMaxInnovations, oldest first
    bool has_spread = false;     ///< false: the innovations were all equal (values all zero)
};

StandardisedInnovations standardise_innovations(const std::vector<double>& u);

/// Fills m.log_residual_mean: log E[exp(e_{T+h})] - phi^h e_T when innovations are sd * z, z drawn
/// from m.innovations. Exact (the bootstrap's MGF) for the first lags, then the cumulant expansion
/// to 4th order summed in closed form.
void fill_residual_mean(DemandModel& m);

/// base^exponent by repeated products (exponent >= 0; a negative one gives 1), stopping at 0.
double integer_power(double base, int32_t exponent);

}  // namespace creditsim::detail
