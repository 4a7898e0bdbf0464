#include "sim/generate/generated_run.hpp"

#include <algorithm>
#include <atomic>

#include "model/errors.hpp"
#include "sim/generate/behavior_model.hpp"
#include "sim/generate/generated_demand.hpp"
#include "sim/support/worker_pool.hpp"

namespace creditsim {

ReplicationResult merge_shards(std::vector<ReplicationResult>& shards) {
    CREDITSIM_ASSERT(!shards.empty(), "no shard to merge");
    ReplicationResult merged;
    merged.replication = shards[0].replication;
    merged.first_month_key = shards[0].first_month_key;
    merged.month_count = shards[0].month_count;
    merged.summary.resize(merged.month_count);
    size_t ledger_rows = 0, events = 0, billing = 0;
    for (const auto& s : shards) {
        ledger_rows += s.ledger.size();
        events += s.events.size();
        billing += s.billing.size();
    }
    merged.ledger.reserve(ledger_rows);
    merged.events.reserve(events);
    merged.billing.reserve(billing);
    for (auto& s : shards) {
        for (int m = 0; m < merged.month_count; ++m) merged.summary[m] += s.summary[m];
        // Shards cover ascending partner ranges, so concatenation keeps (partner, credit) order.
        merged.ledger.insert(merged.ledger.end(), s.ledger.begin(), s.ledger.end());
        merged.billing.insert(merged.billing.end(), s.billing.begin(), s.billing.end());
        merged.events.insert(merged.events.end(), s.events.begin(), s.events.end());
        s = ReplicationResult{};  // free as we go
    }
    // Each shard's events are in (day, phase) order; within a (day, phase) the
    // lower shard's subjects come first, exactly as one engine would emit them.
    std::stable_sort(merged.events.begin(), merged.events.end(), [](const Event& a, const Event& b) {
        return a.day != b.day ? a.day < b.day : a.phase < b.phase;
    });
    return merged;
}

GeneratedReplication run_generated_replication(const Scenario& scenario, const Catalog& catalog, int replication,
                                               int threads, bool keep_population, const ShardProgress& progress) {
    const auto offer_mix = parse_offer_mix(scenario.offer_mix, catalog, scenario.file);
    auto generated = std::make_unique<GeneratedPopulation>(
        generate_population(catalog, scenario.policy, scenario.behavior, offer_mix, scenario.partners, scenario.start,
                            scenario.months, scenario.seed, replication, threads));
    const Population& population = generated->population;
    std::vector<double> intensity(generated->traits.size());
    for (size_t p = 0; p < intensity.size(); ++p) intensity[p] = generated->traits[p].usage_intensity;
    GeneratedDemand demand(population, intensity, scenario.behavior, scenario.seed, replication, threads);
    BehaviorModel behavior(population, generated->traits, scenario.behavior, scenario.seed, replication);

    const uint32_t partner_count = uint32_t(population.partners.size());
    const int shard_count = int((partner_count + kPartnersPerShard - 1) / kPartnersPerShard);
    std::vector<ReplicationResult> shards(std::max(shard_count, 1));
    std::atomic<int> done{0};
    for_each_item(shard_count, threads, [&](int s) {
        EngineRun run;
        run.population = &population;
        run.policy = &scenario.policy;
        run.start = scenario.start;
        run.end_day = scenario.end_day();
        run.options = EngineOptions{scenario.write_ledger, scenario.write_events, scenario.write_billing};
        run.replication = replication;
        run.demand = &demand;
        run.reactions = &behavior;
        const uint32_t first = uint32_t(s) * kPartnersPerShard;
        run.partners = PartnerRange{first, std::min(partner_count, first + kPartnersPerShard)};
        shards[size_t(s)] = run_engine(run);
        const int finished = ++done;
        if (progress) progress(replication, finished, shard_count);
    });

    GeneratedReplication out;
    if (shard_count == 0) {
        EngineRun empty;  // no partners: still a summary of zeros
        empty.population = &population;
        empty.policy = &scenario.policy;
        empty.start = scenario.start;
        empty.end_day = scenario.end_day();
        empty.replication = replication;
        empty.demand = &demand;
        shards[0] = run_engine(empty);
    }
    out.result = merge_shards(shards);
    if (keep_population) {
        out.population = std::move(generated);
        out.result.population = &out.population->population;
    }
    return out;
}

}  // namespace creditsim
