#pragma once
// Runs replications of a generated population (SPEC 7) as a stream: partners
// are drawn, simulated and reduced in blocks of a fixed size on worker
// threads, each into a workspace reused from block to block, and handed on in
// partner order. Nothing of the size of the population stays in memory, and
// nothing depends on the thread count: a block's records are the same on any
// thread, and blocks are reduced and handed on in the same order.

#include <functional>

#include "model/records.hpp"
#include "sim/engine/engine.hpp"
#include "sim/generate/population_generator.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim {

/// Partners per block: fixed, so that nothing depends on the thread count.
/// Small enough for a block's tables to stay in the caches, large enough
/// that the per-block set-up (tables, an engine) costs little.
constexpr uint32_t kPartnersPerBlock = 2048;

/// One block of a replication's partners, as simulated.
struct SimulatedBlock {
    int replication = 0;
    int index = 0;                                ///< blocks before it in the replication
    const GeneratedPopulation* partners = nullptr;  ///< the block's partners (the block's own indices)
    const ReplicationResult* records = nullptr;   ///< the block's records, in its indices; summary: its own
};

/// Receives the blocks of a replication in partner order, one at a time, on
/// one of the worker threads; the block's memory is reused once it returns.
using BlockSink = std::function<void(const SimulatedBlock&)>;

/// Called as blocks are handed on: (replication, blocks done, block count).
using BlockProgress = std::function<void(int, int, int)>;

/// Receives each replication's summary (no per-partner records) as it ends,
/// in replication order, after its last block went to the BlockSink.
using ReplicationSink = std::function<void(ReplicationResult&&)>;

/// How the blocks of a stream are shared among the processes of one run (the
/// ranks of an MPI job, app/cluster): counted over the replications in stream
/// order, block i is simulated by the process i % ranks. A block is the same
/// wherever it is simulated, so the split changes no result.
struct StreamShare {
    int rank = 0;
    int ranks = 1;
    /// Set in the process that hands on every block (rank 0): brings in block
    /// `block` of `replication`, simulated by rank `from_rank`, when its turn
    /// comes, and adds its summary to `sums` (month by month). Unset: this
    /// process hands on its own blocks only, to the BlockSink, and no
    /// replication ends here.
    std::function<void(int from_rank, int replication, int block, std::vector<SummaryMonth>& sums)>
        fetch_remote;
};

/// Runs every replication of the scenario's generated population as one
/// stream of blocks on `threads` threads: replication by replication, partners
/// in order, with blocks of the next replication started while the last ones
/// of the previous are still running (so that a small population keeps the
/// threads busy). Each block keeps the per-partner records the scenario's
/// [output] asks for. With a share of several ranks, this process simulates
/// its share of the blocks only.
void run_generated_replications(const Scenario& scenario, const Catalog& catalog, int threads,
                                const BlockSink& blocks, const ReplicationSink& replicated,
                                const BlockProgress& progress = {}, const StreamShare& share = {});

/// Replication `replication` alone: its blocks to `sink`; returns its summary.
ReplicationResult run_generated_replication(const Scenario& scenario, const Catalog& catalog, int replication,
                                            int threads, const BlockSink& sink = {},
                                            const BlockProgress& progress = {});

}  // namespace creditsim
