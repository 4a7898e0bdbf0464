#pragma once
// Sampling future daily demand from a fitted DemandModel (sim/forecast/demand_fit.hpp):
// one parameter draw per path, then per day an AR(1) residual with bootstrapped
// innovations and a Bernoulli zero day. Deterministic: every draw comes from the
// caller's RandomStream, in a fixed order, so a path is the same bit for bit.

#include <cstdint>
#include <vector>

#include "model/date.hpp"
#include "sim/forecast/demand_fit.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim {

/// Samples demand in whole cents for days [from, from + days) into out (resized), continuing the
/// model's AR(1) state from its last observation; all randomness from `stream` (one stream per
/// (replication, subscription) is the caller's job), so a path is reproducible bit for bit.
/// Meant for from > model.reference_day. A dormant model gives zeros and draws nothing.
void sample_demand_path(const DemandModel& model, Date from, int days, RandomStream& stream, std::vector<int64_t>& out);

/// Expected cents on a day (no noise), for tests and point forecasts: the mean of sample_demand_path's
/// value on that day (before rounding to cents and ignoring the rare trend cap of a drawn path).
double expected_demand(const DemandModel& model, Date day);

}  // namespace creditsim
