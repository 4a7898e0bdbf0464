#pragma once
// The messages between the ranks of an MPI run (docs/SCALING.md): rank 0
// sends a worker rank a job (a generated stream to share) or the end of the
// run; a worker rank sends back the blocks it simulated, in stream order, and
// how its share ended. Pure bytes: nothing here calls MPI.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/forecast_job.hpp"
#include "app/study.hpp"
#include "model/catalog.hpp"
#include "model/records.hpp"
#include "reports/block_rows.hpp"
#include "reports/report_set.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim::cli::cluster {

/// The first byte of every message.
enum class MessageKind : uint8_t {
    // rank 0 to a worker rank
    job = 1,        ///< a StreamJob
    forecast_job,   ///< a ForecastShareJob
    study_job,      ///< a StudyJob
    stop,           ///< the job failed elsewhere: stop sending
    exit,           ///< the run is over: leave with this exit code
    // a worker rank to rank 0
    block,          ///< a RemoteBlock
    replication,    ///< a forecast replication's ReplicationResult
    metrics,        ///< a study scenario's MetricValues
    done,           ///< every block or replication of the share was sent
    failed,         ///< the share failed: exit code and message
    stopped,        ///< the share stopped on a stop message
};

MessageKind kind_of(std::string_view message);

/// A generated stream to share: what the worker ranks simulate it from.
struct StreamJob {
    /// The fields that the stream reads (sim/generate/generated_run.cpp) and
    /// the per-partner reports' selection; the rest keep their defaults.
    Scenario scenario;
    Catalog catalog;
    int threads = 1;
    /// Null in the sender: no per-partner rows are wanted. Decoded: whether they are.
    bool wants_rows = false;
    ReportSelection selection;  ///< ledger, billing, events, population (html stays off)
    std::string currency;
};

std::string encode_job(const Scenario& scenario, const Catalog& catalog, int threads, const ReportSet* reports);
StreamJob decode_job(std::string_view message);

/// The scenarios of a study (compare, sweep, sensitivity) to share whole:
/// each a StreamJob of its own.
struct StudyJob {
    std::vector<StreamJob> scenarios;
    bool per_month = false;
};

std::string encode_study_job(const std::vector<Scenario>& scenarios, const std::vector<Catalog>& catalogs,
                             int threads, bool per_month);
StudyJob decode_study_job(std::string_view message);

/// Scenario `scenario` of a study, its metrics.
std::string encode_metrics(int scenario, const MetricValues& values);
std::pair<int, MetricValues> decode_metrics(std::string_view message);

/// A forecast (or backtest) to share: what a worker rank loads and runs its
/// replications from, and the SHA-256 of every input file as rank 0 read it.
struct ForecastShareJob {
    ForecastJobRequest request;
    ForecastRun run;
    std::vector<std::pair<std::string, std::string>> input_hashes;
};

std::string encode_forecast_job(const ForecastJobRequest& request, const ForecastRun& run,
                                const std::vector<std::pair<std::string, std::string>>& input_hashes);
ForecastShareJob decode_forecast_job(std::string_view message);

/// A forecast replication, every record of it.
std::string encode_replication(const ReplicationResult& result);
ReplicationResult decode_replication(std::string_view message);

/// One block of partners simulated on a worker rank.
struct RemoteBlock {
    int replication = 0;
    int block = 0;
    std::vector<SummaryMonth> summary;  ///< the block's monthly sums
    BlockRows rows;                     ///< empty when no per-partner rows are wanted
};

std::string encode_block(int replication, int block, const std::vector<SummaryMonth>& summary,
                         const BlockRows& rows);
RemoteBlock decode_block(std::string_view message);

/// exit (rank 0's exit code) and failed (a worker's exit code and what it would have printed).
struct Outcome {
    int code = 0;
    std::string text;
};
std::string encode_outcome(MessageKind kind, const Outcome& outcome);
Outcome decode_outcome(std::string_view message);

/// A message of one byte: stop, done, stopped.
std::string encode_signal(MessageKind kind);

}  // namespace creditsim::cli::cluster
