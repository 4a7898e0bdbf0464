#pragma once
// Models built on a pooled shape (sim/forecast/demand_pool.hpp), the last stage of a demand fit:
// a short (or empty) series' model, its level shrunk toward its group's, and the model of a new
// subscription of a group or of the cohort.

#include "sim/forecast/demand_pool.hpp"

namespace creditsim::detail {

/// A short series (or one with no positive day) of a group with shape `s`; `cohort` gives the
/// level where the group has none.
DemandModel borrowed_model(const Window& w, const Shape& s, const Shape& cohort, Date as_of);

/// A new subscription's model (no history): the shape's mean level (the cohort's when it has none)
/// and the spread of levels between subscriptions.
DemandModel new_subscription_model(const Shape& s, const Shape& cohort, Date as_of, FitOrigin source);

DemandModel dormant_model(Date as_of, const Window& w);

}  // namespace creditsim::detail
