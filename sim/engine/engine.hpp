#pragma once
// The day-by-day engine of SPEC 3: applies a history (actions and daily
// demand) to a population under a policy and produces the run's records.
// Replays give it a complete History; generated populations give it a demand
// model and the partners' reactions instead. Partners never interact, so a run
// can cover a range of partners (a shard) and shards merge exactly.

#include <cstdint>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "model/records.hpp"

namespace creditsim {

class GeneratedDemand;
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
    /// Replay: actions sorted by action_before and demand sorted by (day,
    /// subscription, category), all inside the run; whole population only.
    const History* history = nullptr;
    /// Generated populations: every live credit subscription's daily demand.
    const GeneratedDemand* demand = nullptr;
    /// Generated populations: the partners' behaviour (plans actions).
    Reactions* reactions = nullptr;
    /// The partners simulated, [first_partner, end_partner); kNone = all. Their
    /// credits must be a contiguous index range (true when ids have fixed width).
    uint32_t first_partner = 0;
    uint32_t end_partner = kNone;
};

/// Runs [start, end_day) day by day and returns the records of the partners
/// simulated: billing rows for them only (partner index - first_partner).
ReplicationResult run_engine(const EngineRun& run, EngineNotes* notes = nullptr);

/// A replay of the whole population.
ReplicationResult run_engine(const Population& population, const History& history, const Policy& policy, Date start,
                             Date end_day, const EngineOptions& options, int replication = 0,
                             EngineNotes* notes = nullptr);

/// Event phases: SPEC 3's step, step 4's sub-step, step 5's action rank.
namespace phase {
constexpr uint8_t kPeriodBoundary = 1, kEndOrDeadline = 2, kDeletion = 3, kRenew = 4, kAward = 5, kLeave = 6,
                  kFirstAction = 7 /* + action_rank */, kUsage = 12;
}

}  // namespace creditsim
