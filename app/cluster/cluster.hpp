#pragma once
// Runs over the ranks of an MPI job (docs/SCALING.md). Rank 0 runs the
// command: it reads every input and writes every report. The other ranks
// (workers) write nothing: each simulates its share of the blocks of every
// generated stream rank 0 shares with them, and sends the blocks back, which
// rank 0 hands on in stream order as if it had simulated them; of a forecast,
// each runs its share of the replications, from the history it reads itself. Built
// without MPI, or started without mpirun/srun, the process is rank 0 of 1.

#include <functional>
#include <vector>

#include "app/forecast_job.hpp"
#include "app/study.hpp"
#include "model/catalog.hpp"
#include "reports/report_set.hpp"
#include "sim/generate/generated_run.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim::cli::cluster {

/// This process' part in the run, for as long as it lives: joins the MPI job
/// when a launcher (mpirun, srun) started the process, and leaves it at the end.
/// Throws Error when the job cannot be joined (or when several ranks were
/// launched and this executable was built without MPI).
class Session {
public:
    Session(int* argc, char*** argv);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
};

int rank();         ///< 0 for the process that runs the command
int ranks();        ///< 1 without MPI
int local_ranks();  ///< the ranks on this machine, this one among them (they share its cores)

/// A worker rank's whole run: the shares of the streams rank 0 sends, until it
/// ends the run. Returns rank 0's exit code.
int serve_as_worker();

/// Rank 0, at the end of its command: every worker rank leaves with `code`.
void end_workers(int code);

/// run_generated_replications over every rank, the per-partner rows of every
/// block (wherever it was simulated) to `reports` (null: none), in partner
/// order. The same calls of replicated and progress, the same bytes, at any
/// rank count. A failure on any rank ends it here (RemoteFailure for a
/// worker's) once every worker has stopped.
void run_generated_replications_everywhere(const Scenario& scenario, const Catalog& catalog, int threads,
                                           ReportSet* reports, const ReplicationSink& replicated,
                                           const BlockProgress& progress);

/// run_forecast_share over every rank: every replication's records, in order,
/// on rank 0. The other ranks load request's history themselves (the same
/// files at the same paths: docs/SCALING.md) and check that they read the same
/// bytes as `history` did. progress(done, replications) as replications end.
std::vector<ReplicationResult> run_forecast_everywhere(const ForecastJobRequest& request, const LoadedHistory& history,
                                                       const ForecastSetup& setup, const ForecastRun& run,
                                                       const std::function<void(int, int)>& progress);

/// A study's scenario s, its metrics, run with its blocks shared as `sharing` says.
using ScenarioMetrics = std::function<MetricValues(int s, Sharing sharing)>;

/// The metrics of each scenario of a study, in scenario order. With at least as
/// many (generated) scenarios as ranks, whole scenarios: scenario s on rank s %
/// ranks, on rank 0 by compute(s, Sharing::this_rank), and arrived(s) as each of
/// the others comes in. Else compute(s, Sharing::every_rank) for each on rank 0,
/// its blocks over every rank. The same values either way.
std::vector<MetricValues> collect_metrics_by_scenario(const std::vector<Scenario>& scenarios, int threads,
                                                      bool per_month, const ScenarioMetrics& compute,
                                                      const std::function<void(int)>& arrived);

/// The BlockSink that adds a block simulated here to reports (none for null).
inline BlockSink rows_to(ReportSet* reports) {
    if (!reports) return {};
    return [reports](const SimulatedBlock& block) {
        reports->add_partners(block.replication, block.partners->population, *block.records);
    };
}

}  // namespace creditsim::cli::cluster
