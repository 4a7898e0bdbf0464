#pragma once
// Runs replications of a generated population (SPEC 7): draws the partners,
// splits them into fixed shards simulated on worker threads, and merges the
// shards' records in a fixed order, so the bytes do not depend on the thread count.

#include <functional>
#include <memory>
#include <vector>

#include "model/records.hpp"
#include "sim/engine/engine.hpp"
#include "sim/generate/population_generator.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim {

/// One replication: its partners (kept when per-partner reports need their
/// ids) and its records.
struct GeneratedReplication {
    std::unique_ptr<GeneratedPopulation> population;
    ReplicationResult result;
};

/// Called from worker threads as shards finish: (replication, shards done, shard count).
using ShardProgress = std::function<void(int, int, int)>;

/// Partners per shard: fixed, so merging never depends on the thread count.
constexpr uint32_t kPartnersPerShard = 2048;

/// Runs replication `replication` of the scenario's generated population on
/// `threads` threads. keep_population keeps the partners for the reports.
GeneratedReplication run_generated_replication(const Scenario& scenario, const Catalog& catalog, int replication,
                                               int threads, bool keep_population,
                                               const ShardProgress& progress = {});

/// Merges shard results (in shard order) into one replication's records.
ReplicationResult merge_shards(std::vector<ReplicationResult>& shards);

}  // namespace creditsim
