#pragma once
// What `creditsim forecast` and `creditsim backtest` share: loading a replay
// scenario with its history widened to cover the forecast, the as-of cut, the
// fitted demand and the replications.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/progress.hpp"
#include "model/records.hpp"
#include "sim/forecast/forecast_setup.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim::cli {

struct ForecastJobRequest {
    std::string scenario_file;
    std::vector<std::string> overrides;  ///< --set, plus the history file when given
    std::string command;                 ///< "forecast" or "backtest", for messages
};

/// A replay scenario loaded so that its run reaches end_day (first of a month),
/// with every input file; throws InputError when the scenario is not a replay
/// or as_of is before its start.
struct LoadedHistory {
    Scenario scenario;
    std::unique_ptr<ReplayInputs> inputs;
};
LoadedHistory load_history(const ForecastJobRequest& request, Date as_of, Date end_day);

/// The scenario loaded as written (its own run length): for the first day
/// and, in a backtest, the history's extent.
LoadedHistory load_history_as_written(const ForecastJobRequest& request);

/// Replications of the forecast: the default is the scenario's
/// run.replications when above 1, else kDefaultForecastReplications.
constexpr int kDefaultForecastReplications = 100;
int forecast_replications(const Scenario& scenario, int asked);

/// How a forecast runs: from as_of to end_day, its replications and threads, whether it knows
/// the actions after as_of, and its progress on stderr.
struct ForecastRun {
    Date as_of;
    Date end_day;
    int replications = 0;
    int threads = 1;
    PlannedActions planned = PlannedActions::kept;
    ProgressStyle progress = ProgressStyle::none;
};

/// Cuts, fits and runs: the replications of a forecast, over every rank of an
/// MPI job (app/cluster: the other ranks load `request`'s history themselves).
struct ForecastJob {
    ForecastSetup setup;
    std::vector<ReplicationResult> replications;
};
ForecastJob run_forecast_job(const ForecastJobRequest& request, const LoadedHistory& history, const ForecastRun& run);

/// The as-of cut of `history` and the demand fitted to it: the same on every rank.
ForecastSetup cut_and_fit(const LoadedHistory& history, const ForecastRun& run);

/// The replications r of `run` with r % ranks == rank (the others left empty);
/// progress(done, share's total) from worker threads.
std::vector<ReplicationResult> run_forecast_share(const LoadedHistory& history, const ForecastSetup& setup,
                                                  const ForecastRun& run, int rank, int ranks,
                                                  const std::function<void(int, int)>& progress);

/// The day after the as-of month plus `months` months: a forecast's end.
Date forecast_end_day(Date as_of, int months);

}  // namespace creditsim::cli
