#include "sim/generate/generated_run.hpp"

#include <optional>
#include <vector>

#include "model/errors.hpp"
#include "sim/generate/behavior_model.hpp"
#include "sim/generate/generated_demand.hpp"
#include "sim/support/ordered_blocks.hpp"

namespace creditsim {
namespace {

/// What a thread simulates a block in; reused from block to block, so a
/// steady run allocates little and touches memory it already has.
struct BlockWorkspace {
    GeneratedPopulation partners;
    std::optional<GeneratedDemand> demand;
    std::optional<BehaviorModel> behavior;  ///< refers to partners
    ReplicationResult records;
};

}  // namespace

namespace {

/// Runs replications [first, end) as one stream of blocks.
void stream_replications(const Scenario& scenario, const Catalog& catalog, int first, int end, int threads,
                         const BlockSink& sink, const ReplicationSink& replicated, const BlockProgress& progress) {
    const auto offer_mix = parse_offer_mix(scenario.offer_mix, catalog, scenario.file);
    const PartnerDraws draws(catalog, scenario.policy, scenario.behavior, offer_mix, scenario.partners,
                             scenario.start, scenario.months, scenario.seed);
    const DemandShape shape(scenario.behavior);
    const int blocks_per_replication = int((scenario.partners + kPartnersPerBlock - 1) / kPartnersPerBlock);

    auto simulate = [&](int replication, uint32_t first_partner, uint32_t end_partner, BlockWorkspace& workspace) {
        draws.draw_block(replication, first_partner, end_partner, workspace.partners);
        if (workspace.demand)
            workspace.demand->place(workspace.partners, scenario.seed, replication);
        else
            workspace.demand.emplace(shape, workspace.partners, scenario.seed, replication);
        if (workspace.behavior)
            workspace.behavior->place(first_partner, replication);
        else
            workspace.behavior.emplace(workspace.partners.population, scenario.behavior, scenario.seed, replication,
                                       first_partner);
        EngineRun run;
        run.population = &workspace.partners.population;
        run.policy = &scenario.policy;
        run.start = scenario.start;
        run.end_day = scenario.end_day();
        run.options = EngineOptions{scenario.write_ledger, scenario.write_events, scenario.write_billing};
        run.replication = replication;
        run.demand = &*workspace.demand;
        run.reactions = &*workspace.behavior;
        workspace.records = run_engine(run);
    };

    if (blocks_per_replication == 0) {  // no partners: still a summary of zeros per replication
        std::vector<BlockWorkspace> empty(1);
        for (int r = first; r < end; ++r) {
            simulate(r, 0, 0, empty[0]);
            if (sink) sink(SimulatedBlock{r, 0, &empty[0].partners, &empty[0].records});
            if (progress) progress(r, 0, 0);
            if (replicated) replicated(std::move(empty[0].records));
        }
        return;
    }

    // Item i of the stream: block i % blocks_per_replication of replication first + i / blocks_per_replication.
    const int64_t items = int64_t(blocks_per_replication) * (end - first);
    CREDITSIM_ASSERT(items < (int64_t(1) << 31), items << " blocks in one stream");
    ReplicationResult total;  // of the replication being handed on
    auto compute = [&](int item, BlockWorkspace& workspace) {
        const int replication = first + item / blocks_per_replication;
        const uint32_t first_partner = uint32_t(item % blocks_per_replication) * kPartnersPerBlock;
        const uint32_t end_partner =
            uint32_t(std::min<int64_t>(scenario.partners, int64_t(first_partner) + kPartnersPerBlock));
        simulate(replication, first_partner, end_partner, workspace);
    };
    auto deliver = [&](int item, BlockWorkspace& workspace) {
        const int replication = first + item / blocks_per_replication;
        const int block = item % blocks_per_replication;
        const ReplicationResult& records = workspace.records;
        if (block == 0) {
            total = ReplicationResult{};
            total.replication = records.replication;
            total.first_month_key = records.first_month_key;
            total.month_count = records.month_count;
            total.summary = records.summary;
        } else {
            for (int m = 0; m < total.month_count; ++m) total.summary[size_t(m)] += records.summary[size_t(m)];
        }
        if (sink) sink(SimulatedBlock{replication, block, &workspace.partners, &records});
        if (progress) progress(replication, block + 1, blocks_per_replication);
        if (block + 1 == blocks_per_replication && replicated) replicated(std::move(total));
    };
    // Two workspaces a thread: a thread can start its next block while an
    // earlier block elsewhere holds back the hand-over of its last one.
    std::vector<BlockWorkspace> workspaces(size_t(2 * std::max(1, threads)));
    for_each_block_in_order(int(items), threads, workspaces, compute, deliver);
}

}  // namespace

void run_generated_replications(const Scenario& scenario, const Catalog& catalog, int threads,
                                const BlockSink& blocks, const ReplicationSink& replicated,
                                const BlockProgress& progress) {
    stream_replications(scenario, catalog, 0, scenario.replications, threads, blocks, replicated, progress);
}

ReplicationResult run_generated_replication(const Scenario& scenario, const Catalog& catalog, int replication,
                                            int threads, const BlockSink& sink, const BlockProgress& progress) {
    ReplicationResult summary;
    stream_replications(scenario, catalog, replication, replication + 1, threads, sink,
                        [&](ReplicationResult&& result) { summary = std::move(result); }, progress);
    return summary;
}

}  // namespace creditsim
