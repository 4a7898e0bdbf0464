#include "app/forecast_job.hpp"

#include "app/cluster/cluster.hpp"
#include "app/jobs.hpp"
#include "model/errors.hpp"
#include "sim/forecast/forecast_run.hpp"

namespace creditsim::cli {

Date forecast_end_day(Date as_of, int months) { return month_key_first_day(month_key(as_of) + months + 1); }

LoadedHistory load_history_as_written(const ForecastJobRequest& request) {
    LoadedHistory loaded;
    loaded.scenario = load_scenario(request.scenario_file, request.overrides);
    if (loaded.scenario.source != PopulationSource::files)
        throw InputError({Problem{request.scenario_file, 0, "population.source",
                                  "creditsim " + request.command +
                                      " needs a history to fit: expected population.source = files (a replay); "
                                      "got generated"}});
    loaded.inputs = std::make_unique<ReplayInputs>(load_replay_inputs(loaded.scenario));
    return loaded;
}

LoadedHistory load_history(const ForecastJobRequest& request, Date as_of, Date end_day) {
    const Scenario as_written = load_scenario(request.scenario_file, request.overrides);
    if (as_of < as_written.start)
        throw InputError({Problem{"", 0, "option '--as-of'",
                                  "expected a day on or after the scenario's start " + as_written.start.to_string() +
                                      "; got " + as_of.to_string()}});
    // The run must reach end_day: widen run.months (usage after the as-of day
    // is read, then set aside and counted).
    std::vector<std::string> overrides = request.overrides;
    const int months = run_months(as_written.start, end_day);
    overrides.push_back("run.months=" + std::to_string(months));
    ForecastJobRequest widened = request;
    widened.overrides = overrides;
    return load_history_as_written(widened);
}

int forecast_replications(const Scenario& scenario, int asked) {
    if (asked > 0) return asked;
    return scenario.replications > 1 ? scenario.replications : kDefaultForecastReplications;
}

ForecastSetup cut_and_fit(const LoadedHistory& history, const ForecastRun& run) {
    const ReplayInputs& inputs = *history.inputs;
    return prepare_forecast(inputs.population, inputs.history, history.scenario.policy.flow, run.as_of, run.end_day,
                            run.planned);
}

std::vector<ReplicationResult> run_forecast_share(const LoadedHistory& history, const ForecastSetup& setup,
                                                  const ForecastRun& run, int rank, int ranks,
                                                  const std::function<void(int, int)>& progress) {
    ForecastRunOptions options;
    options.policy = &history.scenario.policy;
    options.start = history.scenario.start;
    options.seed = history.scenario.seed;
    options.replications = run.replications;
    options.threads = run.threads;
    options.rank = rank;
    options.ranks = ranks;
    options.progress = progress;
    return run_forecast(setup, options);
}

ForecastJob run_forecast_job(const ForecastJobRequest& request, const LoadedHistory& history, const ForecastRun& run) {
    ForecastJob job;
    job.setup = cut_and_fit(history, run);
    ProgressLine line(run.progress);
    auto progress = [&](int done, int total) {
        line.report(total ? double(done) / total : 1.0, done == total, [&](ProgressStyle) {
            return "forecast replication " + std::to_string(done) + "/" + std::to_string(total);
        });
    };
    job.replications = cluster::run_forecast_everywhere(request, history, job.setup, run, progress);
    return job;
}

}  // namespace creditsim::cli
