#pragma once
// The two kinds of run behind `creditsim run`: a replay of files and a
// generated population. A replay keeps its inputs and records for the
// reports; a generated population streams its partners' records into them.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/progress.hpp"
#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/report_set.hpp"
#include "sim/generate/generated_run.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim::cli {

struct JobOutput {
    /// A replay's: whole records; a generated population's: summaries only (its
    /// per-partner records went to the reports block by block).
    std::vector<ReplicationResult> replications;
    /// A replay's inputs, which its records' indices refer to.
    std::unique_ptr<ReplayInputs> replay;
    std::vector<std::pair<std::string, std::string>> manifest_notes;  ///< ("note:...", value)
    std::vector<std::pair<std::string, std::string>> input_hashes;    ///< (absolute path, SHA-256)
    int64_t subscription_days = 0;  ///< credit subscriptions × days of the run, over replications
};

/// Replays partners, users, actions and usage from files; replicated(done) after each
/// replication. Throws InputError.
JobOutput run_replay_job(const Scenario& scenario, const std::function<void(int)>& replicated = {});

/// Where one scenario's replications stand in a command that runs several (compare's
/// scenarios, a sweep's points): the index-th of count, named by label.
struct ProgressStep {
    ProgressLine* line = nullptr;  ///< null: no progress
    std::string label;             ///< "scenario 2/3 (name)", "point 4/9"
    int index = 0;
    int count = 1;
};

/// Where a generated population's blocks run in an MPI job (docs/SCALING.md).
enum class Sharing : uint8_t {
    every_rank,  ///< over every rank (rank 0 hands them on): the default
    this_rank,   ///< in this process alone (a rank that runs a whole scenario)
};

/// Runs the scenario's replications one at a time (replay or generated) and
/// hands each to visit, then drops it: for commands that reduce runs to metrics.
/// Reports its share of the command's progress on step.line.
void for_each_replication(const Scenario& scenario, int threads, const ProgressStep& step,
                          const std::function<void(const ReplicationResult&)>& visit,
                          Sharing sharing = Sharing::every_rank);

/// Reports `step` of the command, of `replications`, as done (a step run elsewhere).
void report_step_done(const ProgressStep& step, int replications);

/// Worker threads when none are asked for: the cores this process is bound to
/// (taskset, a launcher's binding), else all cores, shared among the MPI ranks on this machine.
int default_threads();

/// The worker threads to use: `asked` (--threads) when above 0, else default_threads().
int worker_threads(int asked);

/// Simulates a generated population on `threads` threads, reporting progress on
/// stderr in `style`; the per-partner rows go to `reports` as blocks of
/// partners complete (null: none are written).
JobOutput run_generated_job(const Scenario& scenario, int threads, ProgressStyle style, ReportSet* reports);

}  // namespace creditsim::cli
