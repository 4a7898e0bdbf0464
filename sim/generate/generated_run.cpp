#include "sim/generate/generated_run.hpp"

#include <optional>
#include <vector>

#include "model/errors.hpp"
#include "sim/generate/behavior_model.hpp"
#include "sim/generate/generated_demand.hpp"
#include "sim/support/ordered_blocks.hpp"
#include "sim/support/round_robin.hpp"

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

/// Runs replications [first, end) as one stream of blocks, this process' share of them.
void stream_replications(const Scenario& scenario, const Catalog& catalog, int first, int end, int threads,
                         const BlockSink& sink, const ReplicationSink& replicated, const BlockProgress& progress,
                         const StreamShare& share) {
    CREDITSIM_ASSERT(share.ranks >= 1 && share.rank >= 0 && share.rank < share.ranks,
                     "rank " << share.rank << " of " << share.ranks);
    // Rank 0 (or the only process) hands on every block; another rank hands its own to the sink.
    const bool hands_on_all = share.ranks == 1 || bool(share.fetch_remote);
    CREDITSIM_ASSERT(hands_on_all || sink, "a rank other than 0 without a sink for its blocks");
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
        if (!hands_on_all) return;
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
    // The items this process simulates: all of them (one process), or every ranks-th.
    const int64_t own_count = round_robin_share(items, share.rank, share.ranks);
    auto own_item = [&](int j) { return share.rank + j * share.ranks; };
    const int first_month_key = month_key(scenario.start);
    const int month_count = run_months(scenario.start, scenario.end_day());

    auto compute = [&](int j, BlockWorkspace& workspace) {
        const int item = own_item(j);
        const int replication = first + item / blocks_per_replication;
        const uint32_t first_partner = uint32_t(item % blocks_per_replication) * kPartnersPerBlock;
        const uint32_t end_partner =
            uint32_t(std::min<int64_t>(scenario.partners, int64_t(first_partner) + kPartnersPerBlock));
        simulate(replication, first_partner, end_partner, workspace);
    };
    // Where every block is handed on (rank 0, or the only process): item `item` of the
    // stream, simulated here (into `simulated`) or, when null, by another rank.
    ReplicationResult total;  // of the replication being handed on
    int next_to_hand_on = 0;
    auto hand_on = [&](int item, const BlockWorkspace* simulated) {
        const int replication = first + item / blocks_per_replication;
        const int block = item % blocks_per_replication;
        if (block == 0) {
            total = ReplicationResult{};
            total.replication = replication;
            total.first_month_key = first_month_key;
            total.month_count = month_count;
            total.summary.assign(size_t(month_count), SummaryMonth{});
        }
        if (simulated) {
            const ReplicationResult& records = simulated->records;
            CREDITSIM_ASSERT(records.month_count == month_count, "a block of " << records.month_count << " months");
            for (int m = 0; m < month_count; ++m) total.summary[size_t(m)] += records.summary[size_t(m)];
            if (sink) sink(SimulatedBlock{replication, block, &simulated->partners, &records});
        } else {
            share.fetch_remote(item % share.ranks, replication, block, total.summary);
        }
        if (progress) progress(replication, block + 1, blocks_per_replication);
        if (block + 1 == blocks_per_replication && replicated) replicated(std::move(total));
        next_to_hand_on = item + 1;
    };
    auto deliver = [&](int j, BlockWorkspace& workspace) {
        const int item = own_item(j);
        if (!hands_on_all) {  // another rank: its own blocks to the sink (which sends them to rank 0)
            sink(SimulatedBlock{first + item / blocks_per_replication, item % blocks_per_replication,
                                &workspace.partners, &workspace.records});
            return;
        }
        // Other ranks' blocks before this one first. They take no workspace here, so this
        // process computes its own blocks as far ahead as one that simulates them all.
        while (next_to_hand_on < item) hand_on(next_to_hand_on, nullptr);
        hand_on(item, &workspace);
    };
    // Two workspaces a thread: a thread can start its next block while an
    // earlier block elsewhere holds back the hand-over of its last one.
    std::vector<BlockWorkspace> workspaces(size_t(2 * std::max(1, threads)));
    for_each_block_in_order(int(own_count), threads, workspaces, compute, deliver);
    if (hands_on_all)  // the other ranks' blocks after this one's last
        while (next_to_hand_on < items) hand_on(next_to_hand_on, nullptr);
}

}  // namespace

void run_generated_replications(const Scenario& scenario, const Catalog& catalog, int threads,
                                const BlockSink& blocks, const ReplicationSink& replicated,
                                const BlockProgress& progress, const StreamShare& share) {
    stream_replications(scenario, catalog, 0, scenario.replications, threads, blocks, replicated, progress, share);
}

ReplicationResult run_generated_replication(const Scenario& scenario, const Catalog& catalog, int replication,
                                            int threads, const BlockSink& sink, const BlockProgress& progress) {
    ReplicationResult summary;
    stream_replications(scenario, catalog, replication, replication + 1, threads, sink,
                        [&](ReplicationResult&& result) { summary = std::move(result); }, progress, {});
    return summary;
}

}  // namespace creditsim
