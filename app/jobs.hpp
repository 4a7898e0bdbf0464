#pragma once
// The two kinds of run behind `creditsim run`: a replay of files and a
// generated population. Each produces replications ready for the reports.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "sim/generate/generated_run.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim::cli {

struct JobOutput {
    std::vector<ReplicationResult> replications;
    /// What the records' indices refer to: the replay's inputs, or the kept
    /// generated populations (per replication), or an empty one.
    std::unique_ptr<ReplayInputs> replay;
    std::vector<GeneratedReplication> generated;
    Population empty_population;
    std::vector<std::pair<std::string, std::string>> manifest_notes;  ///< ("note:...", value)
    std::vector<std::pair<std::string, std::string>> input_hashes;    ///< ("input:path", hash)
    int64_t subscription_days = 0;  ///< credit subscriptions × days of the run, over replications
    const Population& report_population() const;
};

/// Replays partners, users, actions and usage from files. Throws InputError.
JobOutput run_replay_job(const Scenario& scenario);

/// Runs the scenario's replications one at a time (replay or generated) and
/// hands each to visit, then drops it: for commands that reduce runs to metrics.
/// A progress line "label: replication r/R" goes to stderr when it is a terminal.
void for_each_replication(const Scenario& scenario, int threads, const std::string& label,
                          const std::function<void(const ReplicationResult&)>& visit);

/// Worker threads when none are asked for: all cores.
int default_threads();

/// The worker threads to use: `asked` (--threads) when above 0, else default_threads().
int worker_threads(int asked);

/// Whether stderr is a terminal.
bool stderr_is_terminal();

/// How a long run reports progress on stderr.
enum class ProgressStyle {
    none,      ///< nothing (--quiet)
    terminal,  ///< one line rewritten every few seconds, with the time left
    plain,     ///< off a terminal (CI logs, nohup): a new line at every 10% done
};

/// The style for stderr: none when quiet, else terminal or plain as stderr is a terminal or not.
ProgressStyle progress_style(bool quiet);

/// Simulates a generated population on `threads` threads, reporting progress on
/// stderr in `style`.
JobOutput run_generated_job(const Scenario& scenario, int threads, ProgressStyle style);

}  // namespace creditsim::cli
