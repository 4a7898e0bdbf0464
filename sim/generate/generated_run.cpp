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

ReplicationResult run_generated_replication(const Scenario& scenario, const Catalog& catalog, int replication,
                                            int threads, const BlockSink& sink, const BlockProgress& progress) {
    const auto offer_mix = parse_offer_mix(scenario.offer_mix, catalog, scenario.file);
    const PartnerDraws draws(catalog, scenario.policy, scenario.behavior, offer_mix, scenario.partners,
                             scenario.start, scenario.months, scenario.seed, replication);
    const DemandShape shape(scenario.behavior);
    const int block_count = int((scenario.partners + kPartnersPerBlock - 1) / kPartnersPerBlock);

    auto engine_run = [&](BlockWorkspace& workspace) {
        EngineRun run;
        run.population = &workspace.partners.population;
        run.policy = &scenario.policy;
        run.start = scenario.start;
        run.end_day = scenario.end_day();
        run.options = EngineOptions{scenario.write_ledger, scenario.write_events, scenario.write_billing};
        run.replication = replication;
        run.demand = &*workspace.demand;
        run.reactions = &*workspace.behavior;
        return run;
    };
    auto simulate = [&](int block, BlockWorkspace& workspace) {
        const uint32_t first = uint32_t(block) * kPartnersPerBlock;
        const uint32_t end = uint32_t(std::min<int64_t>(scenario.partners, int64_t(first) + kPartnersPerBlock));
        draws.draw_block(first, end, workspace.partners);
        if (workspace.demand)
            workspace.demand->place(workspace.partners, scenario.seed, replication);
        else
            workspace.demand.emplace(shape, workspace.partners, scenario.seed, replication);
        if (workspace.behavior)
            workspace.behavior->place(first);
        else
            workspace.behavior.emplace(workspace.partners.population, workspace.partners.traits, scenario.behavior,
                                       scenario.seed, replication, first);
        workspace.records = run_engine(engine_run(workspace));
    };

    ReplicationResult total;
    auto reduce = [&](int block, BlockWorkspace& workspace) {
        const ReplicationResult& records = workspace.records;
        if (block == 0) {
            total.replication = records.replication;
            total.first_month_key = records.first_month_key;
            total.month_count = records.month_count;
            total.summary = records.summary;
        } else {
            for (int m = 0; m < total.month_count; ++m) total.summary[size_t(m)] += records.summary[size_t(m)];
        }
        if (sink) sink(SimulatedBlock{replication, block, &workspace.partners, &records});
        if (progress) progress(replication, block + 1, block_count);
    };

    if (block_count == 0) {  // no partners: still a summary of zeros
        std::vector<BlockWorkspace> empty(1);
        draws.draw_block(0, 0, empty[0].partners);
        empty[0].demand.emplace(shape, empty[0].partners, scenario.seed, replication);
        empty[0].behavior.emplace(empty[0].partners.population, empty[0].partners.traits, scenario.behavior,
                                  scenario.seed, replication, 0);
        empty[0].records = run_engine(engine_run(empty[0]));
        reduce(0, empty[0]);
        return total;
    }
    // Two workspaces a thread: a thread can start its next block while an
    // earlier block elsewhere holds back the hand-over of its last one.
    std::vector<BlockWorkspace> workspaces(size_t(2 * std::max(1, threads)));
    for_each_block_in_order(block_count, threads, workspaces, simulate, reduce);
    return total;
}

}  // namespace creditsim
