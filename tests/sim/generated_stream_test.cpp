// A generated replication streamed in blocks of partners gives exactly what
// one engine over the whole population gives: the same summary, and the
// same ledger, billing and event rows (by id) in the same order. So nothing
// is lost or changed at a block's edges, and the block hand-over keeps
// partner order on any number of threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "reports/events_report.hpp"
#include "sim/engine/engine.hpp"
#include "sim/generate/behavior_model.hpp"
#include "sim/generate/generated_demand.hpp"
#include "sim/generate/generated_run.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"

namespace creditsim {
namespace {

const std::string kBaseline = std::string(CREDITSIM_SOURCE_DIR) + "/scenarios/baseline.ini";

std::string describe(const SummaryMonth& m) {
    std::ostringstream out;
    const MoneyFlows& f = m.flows;
    out << f.demand.cents() << " " << f.credit_used.cents() << " " << f.payg_overage.cents() << " "
        << f.payg_ineligible.cents() << " " << f.payg_other.cents() << " " << f.unserved.cents() << " | "
        << m.granted.cents() << " " << m.lapsed.cents() << " " << m.expired.cents() << " " << m.forfeited_value.cents()
        << " | " << m.awarded << " " << m.assigned << " " << m.activated;
    for (int64_t r : m.rejected) out << " " << r;
    out << " | " << m.disables << " " << m.conversions << " " << m.deletions << " " << m.active_partners << " "
        << m.disabled_days;
    return out.str();
}

struct Rows {
    std::vector<std::string> summary, ledger, billing;
    std::vector<std::pair<std::pair<int32_t, uint8_t>, std::string>> events;  // ((day, phase), row)

    void add(const Population& population, const ReplicationResult& records) {
        for (const LedgerRow& row : records.ledger) {
            std::ostringstream out;
            out << population.credits[row.credit].id << " " << row.period_start.to_string() << " "
                << row.opening.cents() << " " << row.granted.cents() << " " << row.used.cents() << " "
                << row.lapsed.cents() << " " << row.expired.cents() << " " << row.closing.cents();
            ledger.push_back(out.str());
        }
        for (size_t i = 0; i < records.billing.size(); ++i) {
            const BillingMonth& month = records.billing[i];
            std::ostringstream out;
            out << population.partners[i / size_t(records.month_count)].id << " " << i % size_t(records.month_count)
                << " " << month.flows.demand.cents() << " " << month.flows.unserved.cents() << " "
                << month.disabled_days;
            billing.push_back(out.str());
        }
        for (const Event& event : records.events) {
            const bool is_partner_subject = event.kind == EventKind::renew || event.kind == EventKind::leave;
            std::ostringstream out;
            out << event.day.to_string() << " " << population.partners[event.partner].id << " "
                << (is_partner_subject ? population.partners[event.subject].id : population.credits[event.subject].id)
                << " " << to_string(event.kind) << " " << event_detail(population, event);
            events.push_back({{event.day.serial(), event.phase}, out.str()});
        }
    }
    void sort_events() {
        std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
};

Rows whole_population(const Scenario& scenario, const Catalog& catalog, int replication) {
    const GeneratedPopulation g =
        generate_population(catalog, scenario.policy, scenario.behavior,
                            parse_offer_mix(scenario.offer_mix, catalog, scenario.file), scenario.partners,
                            scenario.start, scenario.months, scenario.seed, replication);
    const DemandShape shape(scenario.behavior);
    GeneratedDemand demand(shape, g, scenario.seed, replication);
    BehaviorModel behavior(g.population, scenario.behavior, scenario.seed, replication);
    EngineRun run;
    run.population = &g.population;
    run.policy = &scenario.policy;
    run.start = scenario.start;
    run.end_day = scenario.end_day();
    run.replication = replication;
    run.demand = &demand;
    run.reactions = &behavior;
    const ReplicationResult result = run_engine(run);
    Rows rows;
    rows.add(g.population, result);
    for (const SummaryMonth& m : result.summary) rows.summary.push_back(describe(m));
    return rows;
}

Rows streamed(const Scenario& scenario, const Catalog& catalog, int replication, int threads, int& blocks) {
    Rows rows;
    blocks = 0;
    const ReplicationResult summary =
        run_generated_replication(scenario, catalog, replication, threads, [&](const SimulatedBlock& block) {
            EXPECT_EQ(block.index, blocks) << "blocks out of partner order";
            EXPECT_EQ(block.partners->first_partner, uint32_t(block.index) * kPartnersPerBlock);
            ++blocks;
            rows.add(block.partners->population, *block.records);
        });
    rows.sort_events();
    for (const SummaryMonth& m : summary.summary) rows.summary.push_back(describe(m));
    return rows;
}

TEST(GeneratedStream, BlocksGiveWhatOneEngineOverThePopulationGives) {
    // 5,000 partners: two full blocks and a partial one; 24 months, so renewals and
    // deletions happen; every per-partner record kept.
    const Scenario scenario =
        load_scenario(kBaseline, {"population.partners=5000", "run.months=24", "output.ledger=true",
                                  "output.billing=true", "output.events=true"});
    const Catalog catalog = load_catalog(scenario.catalog_file, scenario.currency);
    for (const int replication : {0, 3}) {
        SCOPED_TRACE(testing::Message() << "replication " << replication);
        const Rows whole = whole_population(scenario, catalog, replication);
        ASSERT_GT(whole.ledger.size(), 10000u);
        ASSERT_GT(whole.events.size(), 10000u);
        for (const int threads : {1, 2, 5}) {
            SCOPED_TRACE(testing::Message() << threads << " threads");
            int blocks = 0;
            const Rows stream = streamed(scenario, catalog, replication, threads, blocks);
            EXPECT_EQ(blocks, 3);
            EXPECT_EQ(stream.summary, whole.summary);
            EXPECT_TRUE(stream.ledger == whole.ledger) << "ledger rows differ";
            EXPECT_TRUE(stream.billing == whole.billing) << "billing rows differ";
            EXPECT_TRUE(stream.events == whole.events) << "events differ";
        }
    }
}

TEST(GeneratedStream, PartnerIdsWidenBeyondSevenDigitsAndKeepIdOrder) {
    const Catalog catalog({CatalogLine{"ap", "m", CreditKind::monthly, Money::from_cents(10000), 1, 12, kAzureScope}},
                          {});
    const std::vector<std::pair<int, double>> mix = {{0, 1.0}};
    const Behavior behavior;
    GeneratedPopulation block;
    const PartnerDraws small(catalog, Policy{}, behavior, mix, 9999999, Date::from_ymd(2026, 1, 1), 12, 1);
    small.draw_block(0, 9999997, 9999999, block);
    EXPECT_EQ(block.population.partners.back().id, "G9999999");
    const PartnerDraws large(catalog, Policy{}, behavior, mix, 12000000, Date::from_ymd(2026, 1, 1), 12, 1);
    large.draw_block(0, 9999998, 10000002, block);
    std::vector<std::string> ids;
    for (const Partner& p : block.population.partners) ids.push_back(p.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"G09999999", "G10000000", "G10000001", "G10000002"}));
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << "id order is index order";
    EXPECT_EQ(block.first_partner, 9999998u);
}

}  // namespace
}  // namespace creditsim
