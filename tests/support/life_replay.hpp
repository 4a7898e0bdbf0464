#pragma once
// A replay run a second way: as a generated run, so that the engine's
// credit-life path (sim/engine/credit_life.cpp) simulates it instead of the
// day loop. Its demand comes from a DemandSource that models credit demand
// (the replay's rows, summed per credit and day) and its actions from
// Reactions that plan the history's actions on the events a generated
// population reacts to (award, redemption). Both paths must give the same
// records, so every rule test of the day loop is a rule test of the credit
// lives as well.

#include <optional>
#include <string>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "model/records.hpp"

namespace creditsim::testing {

/// The outcome of running a replay through the credit lives.
struct LifeReplay {
    /// Why the history cannot be said as a generated run (empty when it can).
    std::string not_expressible;
    ReplicationResult result;  ///< when it can
};

/// Runs the replay `history` through the credit lives, if it can be said as a
/// generated run. `replayed` is the day loop's result for the same inputs,
/// run with exhaustions kept (its award and redemption days are where the
/// actions get planned). Legacy flow only.
LifeReplay run_as_lives(const Population& population, const History& history, const Policy& policy, Date start,
                        Date end_day, const ReplicationResult& replayed);

/// `history` cut down to what a generated run can say, for `replayed` (the
/// day loop's result of it): actions on a credit's award or redemption day and
/// demand outside a credit's subscription life are dropped. Replaying the cut
/// history may move redemptions: cut again until nothing changes.
History expressible_part(const Population& population, const History& history, const ReplicationResult& replayed);

}  // namespace creditsim::testing
