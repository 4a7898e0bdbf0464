// The cluster of a build without MPI: one process. Launched by mpirun as
// several ranks, each copy would run the whole command into the same folder:
// it refuses instead.
#include <cstdlib>
#include <string>

#include "app/cluster/cluster.hpp"
#include "model/errors.hpp"

namespace creditsim::cli::cluster {

Session::Session(int*, char***) {
    for (const char* size : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
        const char* value = std::getenv(size);
        if (value && std::string(value) != "1")
            throw Error(std::string("launched as ") + value +
                        " MPI ranks, but this creditsim was built without MPI (install libopenmpi-dev, "
                        "build again: docs/SCALING.md)");
    }
}
Session::~Session() = default;

int rank() { return 0; }
int ranks() { return 1; }
int local_ranks() { return 1; }
int serve_as_worker() { return 0; }
void end_workers(int) {}

void run_generated_replications_everywhere(const Scenario& scenario, const Catalog& catalog, int threads,
                                           ReportSet* reports, const ReplicationSink& replicated,
                                           const BlockProgress& progress) {
    run_generated_replications(scenario, catalog, threads, rows_to(reports), replicated, progress);
}

std::vector<ReplicationResult> run_forecast_everywhere(const ForecastJobRequest&, const LoadedHistory& history,
                                                       const ForecastSetup& setup, const ForecastRun& run,
                                                       const std::function<void(int, int)>& progress) {
    return run_forecast_share(history, setup, run, 0, 1, progress);
}

std::vector<MetricValues> collect_metrics_by_scenario(const std::vector<Scenario>& scenarios, int, bool,
                                                      const ScenarioMetrics& compute, const std::function<void(int)>&) {
    std::vector<MetricValues> values;
    for (int s = 0; s < int(scenarios.size()); ++s) values.push_back(compute(s, Sharing::every_rank));
    return values;
}

}  // namespace creditsim::cli::cluster
