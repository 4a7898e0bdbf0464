#pragma once
// Runs a forecast's replications: each samples its own future demand
// (sample_forecast_history) and replays it through the engine from the
// scenario's start, so the state on the as-of day is the true replayed state.

#include <functional>
#include <vector>

#include "model/records.hpp"
#include "sim/forecast/forecast_setup.hpp"

namespace creditsim {

struct ForecastRunOptions {
    const Policy* policy = nullptr;
    Date start;  ///< the scenario's first day
    uint64_t seed = 0;
    int replications = 1;
    int threads = 1;
    /// The share of one process of several (the ranks of an MPI job, app/cluster):
    /// replication r runs where r % ranks == rank.
    int rank = 0;
    int ranks = 1;
    /// Called from worker threads as replications of the share finish: (done, share's total).
    std::function<void(int, int)> progress;
};

/// The replications' records (ledger, events, the day each balance reached
/// zero; no billing), in replication order whatever the thread count. Those
/// of another rank's share are left empty. A replication is the same in any
/// share.
std::vector<ReplicationResult> run_forecast(const ForecastSetup& setup, const ForecastRunOptions& options);

}  // namespace creditsim
