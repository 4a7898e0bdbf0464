#pragma once
// The day-by-day engine of SPEC 3: applies a history (actions and daily
// demand) to a population under a policy and produces the run's records.
// Replays give it their recorded actions and demand; generated populations
// give it a demand model and the partners' reactions instead (both through
// interfaces: demand_source.hpp, reactions.hpp). Partners never interact, so
// a generated run simulates its population in blocks of partners, each a
// population of its own, and their records add up exactly. A day's flow is
// written out in engine.cpp.

#include <cstdint>
#include <span>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "model/records.hpp"

namespace creditsim {

class DemandSource;
class Reactions;

/// Which per-partner records to keep (summary rows are always kept).
struct EngineOptions {
    bool keep_ledger = true;
    bool keep_events = true;
    bool keep_billing = true;
    bool keep_exhaustions = false;  ///< forecasts: the day each balance reaches zero
};

/// Things the run's notes report that are not events.
struct EngineNotes {
    int64_t billing_profile_actions_ignored = 0;  ///< actions are not applied in the billing-profile flow
};

/// Everything one engine run needs.
struct EngineRun {
    const Population* population = nullptr;
    const Policy* policy = nullptr;
    Date start;     ///< first day
    Date end_day;   ///< first day after the run
    EngineOptions options;
    int replication = 0;
    /// Where the day's demand comes from: a replay's rows or a demand model.
    DemandSource* demand = nullptr;
    /// Replay: the recorded actions, sorted by action_before, all inside the run.
    std::span<const Action> actions;
    /// Generated populations: the partners' behaviour (plans actions).
    Reactions* reactions = nullptr;
};

/// Runs [start, end_day) day by day and returns the population's records.
ReplicationResult run_engine(const EngineRun& run, EngineNotes* notes = nullptr);

/// A replay of the whole population: its history's actions and demand, which
/// must lie inside [start, end_day); asserts that every row was applied.
ReplicationResult run_engine(const Population& population, const History& history, const Policy& policy, Date start,
                             Date end_day, const EngineOptions& options, int replication = 0,
                             EngineNotes* notes = nullptr);

/// The parts of a day in SPEC 3's order. An event's `phase` holds one, and
/// the engine's scheduled steps are ordered by it (then by subject).
enum class Phase : uint8_t {
    period_boundary = 1,  ///< step 1
    end_or_deadline = 2,  ///< step 2: end days and activation deadlines
    deletion = 3,         ///< step 3
    renew = 4,            ///< step 4 in three parts: renewals, awards, ends of membership
    award = 5,
    leave = 6,
    first_action = 7,     ///< step 5: first_action + action_rank(kind)
    usage = 12,           ///< step 6
};

/// The phase in which step 5 applies actions of this kind.
constexpr Phase action_phase(ActionKind kind) { return Phase(uint8_t(Phase::first_action) + action_rank(kind)); }

}  // namespace creditsim
