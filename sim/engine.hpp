#pragma once
// The day-by-day engine of SPEC 3: applies a history (actions and daily
// demand) to a population under a policy and produces the run's records.

#include <cstdint>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "model/records.hpp"

namespace creditsim {

/// Which per-partner records to keep (summary rows are always kept).
struct EngineOptions {
    bool keep_ledger = true;
    bool keep_events = true;
    bool keep_billing = true;
};

/// Things the run's notes report that are not events.
struct EngineNotes {
    int64_t billing_profile_actions_ignored = 0;  ///< actions are not applied in the billing-profile flow
};

/// Runs [start, end_day) day by day and returns the records of one replication.
/// history.actions must be sorted by action_before and dated inside the run;
/// history.demand sorted by (day, subscription, category), inside the run.
ReplicationResult run_engine(const Population& population, const History& history, const Policy& policy, Date start,
                             Date end_day, const EngineOptions& options, int replication = 0,
                             EngineNotes* notes = nullptr);

}  // namespace creditsim
