// The cluster of a build with MPI (OpenMPI, docs/SCALING.md). Rank 0 runs the
// command; for each generated stream it sends every worker rank the job, and
// takes the blocks that a worker simulated in stream order, as its turn
// comes. A worker rank simulates its share and sends its blocks one at a time
// (a synchronous send: none waits in a buffer, so memory stays flat), and
// ends its share with done, failed or stopped. A forecast goes alike, by
// whole replications: each rank loads the history and runs every ranks-th
// replication; rank 0 takes them in replication order. So does a study of
// at least as many scenarios as ranks, by whole scenarios.
//
// MPI is called from one thread at a time (MPI_THREAD_SERIALIZED): the blocks
// of a stream are handed on one at a time (sim/support/ordered_blocks.hpp),
// and every call here is made while handing one on, or outside the stream.
// Waiting polls with short sleeps instead of MPI's blocking calls, which spin:
// a rank that waits must leave the cores to the threads that simulate.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "app/cli.hpp"
#include "app/cluster/cluster.hpp"
#include "app/cluster/messages.hpp"
#include "app/failure.hpp"
#include "app/memory_estimate.hpp"
#include "model/errors.hpp"
#include "sim/support/round_robin.hpp"

namespace creditsim::cli::cluster {
namespace {

constexpr int kControl = 1;  ///< rank 0 to a worker: a job, stop, exit
constexpr int kData = 2;     ///< a worker to rank 0: what its share made, then done, failed or stopped

/// The longest sleep between polls while a block is on its way: MPI moves a
/// message only inside MPI calls, and a block takes a few round trips, so a
/// long sleep on either side stalls both (at 1 ms, 2 ranks took 11% longer on bench-1m).
constexpr std::chrono::microseconds kDataPause{50};
/// The longest sleep of a worker with nothing to do (rank 0 reads inputs, or runs a replay).
constexpr std::chrono::milliseconds kIdlePause{20};

struct World {
    bool joined = false;
    int rank = 0;
    int ranks = 1;
    int local_ranks = 1;
};
World world;

/// Whether a launcher started this process as a rank of an MPI job. Started
/// alone, the process does not join MPI at all (a singleton start of OpenMPI
/// is slow and wants its helper programs).
bool launched_as_rank() {
    for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
        if (std::getenv(variable)) return true;
    return false;
}

void check(int result, const char* call) {
    if (result == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(result, text, &length);
    throw Error(std::string("MPI: ") + call + " failed: " + std::string(text, size_t(length)));
}

/// Sleeps a little longer each time, up to `longest`: the wait of a rank with nothing to do.
class Backoff {
public:
    explicit Backoff(std::chrono::microseconds longest) : longest_(longest) {}
    void pause() {
        std::this_thread::sleep_for(next_);
        next_ = std::min(longest_, next_ * 2);
    }

private:
    std::chrono::microseconds next_{20};
    std::chrono::microseconds longest_;
};

/// The next message from `source` with `tag`, once one has come.
std::string receive(int source, int tag, std::chrono::microseconds longest_pause) {
    MPI_Status status;
    int arrived = 0;
    Backoff backoff(longest_pause);
    for (;;) {
        check(MPI_Iprobe(source, tag, MPI_COMM_WORLD, &arrived, &status), "MPI_Iprobe");
        if (arrived) break;
        backoff.pause();
    }
    int size = 0;
    check(MPI_Get_count(&status, MPI_CHAR, &size), "MPI_Get_count");
    std::string message(size_t(size), '\0');
    check(MPI_Recv(message.data(), size, MPI_CHAR, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
    return message;
}

/// Sends `message` and returns once it left this rank; `synchronous`: once the receiver took it.
void send(const std::string& message, int destination, int tag, bool synchronous = false) {
    CREDITSIM_ASSERT(message.size() < size_t(1) << 31, "a message of " << message.size() << " bytes");
    MPI_Request request;
    // MPI's count is an int, and a const buffer is not const in its C interface.
    char* bytes = const_cast<char*>(message.data());
    if (synchronous)
        check(MPI_Issend(bytes, int(message.size()), MPI_CHAR, destination, tag, MPI_COMM_WORLD, &request),
              "MPI_Issend");
    else
        check(MPI_Isend(bytes, int(message.size()), MPI_CHAR, destination, tag, MPI_COMM_WORLD, &request),
              "MPI_Isend");
    Backoff backoff(kDataPause);
    for (int done = 0;;) {
        check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
        if (done) return;
        backoff.pause();
    }
}

bool is_end_of_share(MessageKind kind) {
    return kind == MessageKind::done || kind == MessageKind::failed || kind == MessageKind::stopped;
}

// ---- a worker rank ----

/// Thrown in a worker's sink when rank 0 asked it to stop.
struct Stopped {};

/// The rank that fails on purpose, for the tests of failure across ranks
/// (tests/cli/cluster_test.cpp): CREDITSIM_TEST_FAIL_ON_RANK, -1 when unset.
int rank_that_fails_on_purpose() {
    const char* value = std::getenv("CREDITSIM_TEST_FAIL_ON_RANK");
    return value ? std::atoi(value) : -1;
}

/// Throws Stopped when rank 0 asked this rank to stop its share.
void throw_if_stopped() {
    int stop = 0;
    check(MPI_Iprobe(0, kControl, MPI_COMM_WORLD, &stop, MPI_STATUS_IGNORE), "MPI_Iprobe");
    if (!stop) return;
    const std::string message = receive(0, kControl, kDataPause);
    CREDITSIM_ASSERT(kind_of(message) == MessageKind::stop, "a control message in a share");
    throw Stopped{};
}

/// Runs a share (which sends what it made) and tells rank 0 how it ended.
void serve_share(const std::function<void()>& share) {
    std::string ending;
    try {
        if (rank_that_fails_on_purpose() == world.rank)
            throw Error("rank " + std::to_string(world.rank) +
                        " failed on purpose (CREDITSIM_TEST_FAIL_ON_RANK, a test of failures across ranks)");
        share();
        ending = encode_signal(MessageKind::done);
    } catch (const Stopped&) {
        ending = encode_signal(MessageKind::stopped);
    } catch (...) {
        const Failure failure = describe_failure(std::current_exception());
        ending = encode_outcome(MessageKind::failed, Outcome{failure.code, failure.text});
    }
    send(ending, 0, kData);
}

/// This rank's blocks of a generated stream, each sent once it is handed on.
void serve_stream(const StreamJob& job) {
    auto send_block = [&](const SimulatedBlock& block) {
        throw_if_stopped();
        const BlockRows rows = job.wants_rows ? format_block_rows(job.selection, job.currency, block.replication,
                                                                  block.partners->population, *block.records)
                                              : BlockRows{};
        send(encode_block(block.replication, block.index, block.records->summary, rows), 0, kData, true);
    };
    run_generated_replications(job.scenario, job.catalog, job.threads, send_block, {}, {},
                               StreamShare{world.rank, world.ranks, {}});
}

/// This rank's whole scenarios of a study, each run here alone and its metrics sent.
void serve_study(const StudyJob& job) {
    for (size_t s = size_t(world.rank); s < job.scenarios.size(); s += size_t(world.ranks)) {
        throw_if_stopped();
        const StreamJob& scenario = job.scenarios[s];
        MetricCollector collector(scenario.scenario, job.per_month);
        run_generated_replications(scenario.scenario, scenario.catalog, scenario.threads, {},
                                   [&](ReplicationResult&& result) { collector.add(result); });
        send(encode_metrics(int(s), collector.values()), 0, kData, true);
    }
}

/// The files this rank read must be the ones rank 0 read: a forecast's
/// replications are only the same from the same history.
void check_same_inputs(const std::vector<std::pair<std::string, std::string>>& on_rank_0,
                       const std::vector<std::pair<std::string, std::string>>& here) {
    const std::string rank = "rank " + std::to_string(world.rank);
    std::string problem;
    for (size_t i = 0; problem.empty() && i < std::max(on_rank_0.size(), here.size()); ++i) {
        if (i >= here.size())
            problem = rank + " did not read " + on_rank_0[i].first + ", which rank 0 read";
        else if (i >= on_rank_0.size())
            problem = rank + " read " + here[i].first + ", which rank 0 did not";
        else if (here[i].first != on_rank_0[i].first)
            problem = rank + " read " + here[i].first + " where rank 0 read " + on_rank_0[i].first;
        else if (here[i].second != on_rank_0[i].second)
            problem = rank + " read " + here[i].first + " with other bytes than rank 0 (SHA-256 " +
                      here[i].second.substr(0, 12) + "... there, " + on_rank_0[i].second.substr(0, 12) +
                      "... on rank 0)";
    }
    if (!problem.empty())
        throw Error(problem +
                    ": every rank of a forecast reads the history itself, so the scenario's files must be the "
                    "same, at the same paths, on every machine (a shared folder; docs/SCALING.md)");
}

/// This rank's replications of a forecast, from the history it loads itself, sent in order.
void serve_forecast(const ForecastShareJob& job) {
    const LoadedHistory history = load_history(job.request, job.run.as_of, job.run.end_day);
    check_same_inputs(job.input_hashes, history.inputs->input_hashes);
    const ForecastSetup setup = cut_and_fit(history, job.run);
    std::vector<ReplicationResult> results = run_forecast_share(history, setup, job.run, world.rank, world.ranks, {});
    for (int r = world.rank; r < job.run.replications; r += world.ranks) {
        throw_if_stopped();
        send(encode_replication(results[size_t(r)]), 0, kData, true);
        results[size_t(r)] = ReplicationResult{};
    }
}

// ---- rank 0 ----

/// Rank 0's side of one shared job (a stream, a forecast, a study): what it
/// takes from the workers, and which of them have ended their share.
class Shares {
public:
    explicit Shares(int ranks) : ended_(size_t(ranks), false) { ended_[0] = true; }

    /// Block `block` of `replication` from `from`: its sums to `sums`, its rows to `reports`.
    void take_block(int from, int replication, int block, std::vector<SummaryMonth>& sums, ReportSet* reports) {
        const RemoteBlock remote = decode_block(take(from, MessageKind::block));
        CREDITSIM_ASSERT(remote.replication == replication && remote.block == block,
                         "rank " << from << " sent block " << remote.block << " of replication " << remote.replication
                                 << " for block " << block << " of replication " << replication);
        CREDITSIM_ASSERT(remote.summary.size() == sums.size(),
                         "a block of " << remote.summary.size() << " months for " << sums.size());
        for (size_t m = 0; m < sums.size(); ++m) sums[m] += remote.summary[m];
        if (reports) reports->add_formatted(remote.rows);
    }

    /// Replication `replication` of a forecast from `from`.
    ReplicationResult take_replication(int from, int replication) {
        ReplicationResult result = decode_replication(take(from, MessageKind::replication));
        CREDITSIM_ASSERT(result.replication == replication,
                         "rank " << from << " sent replication " << result.replication << " for " << replication);
        return result;
    }

    /// Scenario `scenario` of a study from `from`: its metrics.
    MetricValues take_metrics(int from, int scenario) {
        auto [sent, values] = decode_metrics(take(from, MessageKind::metrics));
        CREDITSIM_ASSERT(sent == scenario, "rank " << from << " sent scenario " << sent << " for " << scenario);
        return std::move(values);
    }

    /// After rank 0's share: every worker ends its own.
    void take_ends() {
        for (int from = 1; from < int(ended_.size()); ++from) {
            if (ended_[size_t(from)]) continue;
            take(from, MessageKind::done);
            ended_[size_t(from)] = true;
        }
    }

    /// After a failure anywhere: the workers still simulating stop, and what they
    /// sent meanwhile is dropped, so that the next job starts clean.
    void stop_all() noexcept {
        try {
            for (int to = 1; to < int(ended_.size()); ++to)
                if (!ended_[size_t(to)]) send(encode_signal(MessageKind::stop), to, kControl);
            for (int from = 1; from < int(ended_.size()); ++from)
                while (!ended_[size_t(from)])
                    ended_[size_t(from)] = is_end_of_share(kind_of(receive(from, kData, kDataPause)));
        } catch (...) {
            std::cerr << "creditsim: the worker ranks could not be stopped; ending the MPI job\n";
            MPI_Abort(MPI_COMM_WORLD, kInternalError);
        }
    }

private:
    /// The next message from `from`, which must be of kind `expected`; a failure there
    /// ends its share and is thrown here as RemoteFailure.
    std::string take(int from, MessageKind expected) {
        std::string message = receive(from, kData, kDataPause);
        const MessageKind kind = kind_of(message);
        if (kind == MessageKind::failed) {
            ended_[size_t(from)] = true;
            const Outcome outcome = decode_outcome(message);
            throw RemoteFailure(Failure{outcome.code, outcome.text});
        }
        CREDITSIM_ASSERT(kind == expected,
                         "rank " << from << " sent message kind " << int(kind) << " for kind " << int(expected));
        return message;
    }

    std::vector<bool> ended_;
};

/// Rank 0's side of a shared job: sends `job` to every worker, runs `work(shares)`
/// (rank 0's share, taking the workers' results), then takes every worker's end. After
/// a failure anywhere the workers still at it are stopped, and it is rethrown here.
template <typename Work>
auto share_job(const std::string& job, Work work) {
    for (int to = 1; to < world.ranks; ++to) send(job, to, kControl);
    Shares shares(world.ranks);
    try {
        if constexpr (std::is_void_v<decltype(work(shares))>) {
            work(shares);
            shares.take_ends();
        } else {
            auto result = work(shares);
            shares.take_ends();
            return result;
        }
    } catch (...) {
        shares.stop_all();
        throw;
    }
}

/// Whether a study's scenarios go whole to the ranks: several ranks, at least as many
/// scenarios, all of them generated (a worker rank reads no replay).
bool shares_whole_scenarios(const std::vector<Scenario>& scenarios) {
    if (world.ranks == 1 || int(scenarios.size()) < world.ranks) return false;
    for (const Scenario& scenario : scenarios)
        if (scenario.source != PopulationSource::generated) return false;
    return true;
}

}  // namespace

Session::Session(int* argc, char*** argv) {
    if (!launched_as_rank()) return;
    int provided = 0;
    check(MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
    world.joined = true;
    if (provided < MPI_THREAD_SERIALIZED)
        throw Error("this MPI library cannot be called from the worker threads (MPI_THREAD_SERIALIZED); "
                    "creditsim needs an MPI built with thread support, such as Debian's OpenMPI");
    check(MPI_Comm_rank(MPI_COMM_WORLD, &world.rank), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &world.ranks), "MPI_Comm_size");
    MPI_Comm machine;
    check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &machine),
          "MPI_Comm_split_type");
    check(MPI_Comm_size(machine, &world.local_ranks), "MPI_Comm_size");
    MPI_Comm_free(&machine);
}

Session::~Session() {
    if (world.joined) MPI_Finalize();
}

int rank() { return world.rank; }
int ranks() { return world.ranks; }
int local_ranks() { return world.local_ranks; }

int serve_as_worker() {
    try {
        for (;;) {
            const std::string message = receive(0, kControl, kIdlePause);
            switch (kind_of(message)) {
                case MessageKind::exit: return decode_outcome(message).code;
                case MessageKind::stop: break;  // for a share that had ended before it came
                case MessageKind::job: serve_share([&] { serve_stream(decode_job(message)); }); break;
                case MessageKind::study_job: serve_share([&] { serve_study(decode_study_job(message)); }); break;
                case MessageKind::forecast_job:
                    serve_share([&] { serve_forecast(decode_forecast_job(message)); });
                    break;
                default: CREDITSIM_ASSERT(false, "a worker rank got message kind " << int(kind_of(message)));
            }
        }
    } catch (...) {
        // Rank 0 cannot be told in order: end the whole job rather than leave it waiting.
        std::cerr << "creditsim (rank " << world.rank << "): "
                  << describe_failure(std::current_exception()).text;
        MPI_Abort(MPI_COMM_WORLD, kInternalError);
        return kInternalError;
    }
}

void end_workers(int code) {
    for (int to = 1; to < world.ranks; ++to) send(encode_outcome(MessageKind::exit, Outcome{code, ""}), to, kControl);
}

void run_generated_replications_everywhere(const Scenario& scenario, const Catalog& catalog, int threads,
                                           ReportSet* reports, const ReplicationSink& replicated,
                                           const BlockProgress& progress) {
    if (world.ranks == 1) {
        run_generated_replications(scenario, catalog, threads, rows_to(reports), replicated, progress);
        return;
    }
    share_job(encode_job(scenario, catalog, threads, reports), [&](Shares& shares) {
        StreamShare share{0, world.ranks, [&](int from, int replication, int block, std::vector<SummaryMonth>& sums) {
                              shares.take_block(from, replication, block, sums, reports);
                          }};
        run_generated_replications(scenario, catalog, threads, rows_to(reports), replicated, progress, share);
    });
}

std::vector<ReplicationResult> run_forecast_everywhere(const ForecastJobRequest& request, const LoadedHistory& history,
                                                       const ForecastSetup& setup, const ForecastRun& run,
                                                       const std::function<void(int, int)>& progress) {
    if (world.ranks == 1) return run_forecast_share(history, setup, run, 0, 1, progress);
    return share_job(encode_forecast_job(request, run, history.inputs->input_hashes), [&](Shares& shares) {
        std::vector<ReplicationResult> results =
            run_forecast_share(history, setup, run, 0, world.ranks, [&](int done, int) {
                if (progress) progress(done, run.replications);
            });
        int done = int(round_robin_share(run.replications, 0, world.ranks));
        for (int r = 0; r < run.replications; ++r) {
            if (r % world.ranks == 0) continue;
            results[size_t(r)] = shares.take_replication(r % world.ranks, r);
            if (progress) progress(++done, run.replications);
        }
        return results;
    });
}

std::vector<MetricValues> collect_metrics_by_scenario(const std::vector<Scenario>& scenarios, int threads,
                                                      bool per_month, const ScenarioMetrics& compute,
                                                      const std::function<void(int)>& arrived) {
    if (!shares_whole_scenarios(scenarios)) {
        std::vector<MetricValues> values;
        for (int s = 0; s < int(scenarios.size()); ++s) values.push_back(compute(s, Sharing::every_rank));
        return values;
    }
    std::vector<Catalog> catalogs;
    for (const Scenario& scenario : scenarios) {
        catalogs.push_back(load_catalog(scenario.catalog_file, scenario.currency));
        check_generated_run_fits(scenario, catalogs.back(), threads);  // on a worker rank's machine alike
    }
    return share_job(encode_study_job(scenarios, catalogs, threads, per_month), [&](Shares& shares) {
        // In scenario order, rank 0's own among the others': every rank works all the while.
        std::vector<MetricValues> values;
        for (int s = 0; s < int(scenarios.size()); ++s) {
            const int owner = s % world.ranks;
            if (owner == 0) {
                values.push_back(compute(s, Sharing::this_rank));
            } else {
                values.push_back(shares.take_metrics(owner, s));
                if (arrived) arrived(s);
            }
        }
        return values;
    });
}

}  // namespace creditsim::cli::cluster
