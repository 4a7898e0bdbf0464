// The as-of cut of a forecast: what is kept, what is set aside, what is
// forecast, and that sampled histories are reproducible and well formed.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "sim/forecast/forecast_run.hpp"
#include "sim/forecast/forecast_setup.hpp"
#include "tests/support/world_builder.hpp"

namespace creditsim {
namespace {

using testing::day;
using testing::WorldBuilder;

TEST(SplitByWeights, PartsSumToTheTotalAndFollowTheWeights) {
    struct Row {
        int64_t total;
        std::vector<int64_t> weights, expected;
    };
    const std::vector<Row> rows = {
        {100, {1, 1, 1}, {34, 33, 33}},  // a cent left: the earliest of equal remainders
        {7, {3, 1}, {5, 2}},             // 5.25 and 1.75: the leftover cent to the larger remainder
        {0, {5, 5}, {0, 0}},
        {1, {1, 1}, {1, 0}},
        {1000, {90, 10}, {900, 100}},
        {999, {1, 0, 2}, {333, 0, 666}},
    };
    for (const Row& row : rows) {
        std::vector<std::pair<Category, int64_t>> weights;
        for (size_t k = 0; k < row.weights.size(); ++k) weights.emplace_back(Category(k), row.weights[k]);
        std::vector<int64_t> parts;
        split_by_weights(row.total, weights, parts);
        EXPECT_EQ(parts, row.expected) << "total " << row.total;
    }
}

// One partner: a monthly credit redeemed in January with daily usage through
// May (30 cents a day ineligible), a PAYG subscription, and a second credit whose
// redemption is planned after the as-of day.
WorldBuilder forecast_world() {
    WorldBuilder w;
    w.monthly("ap", "azure_monthly", 10000, 2).partner("P1", "ap", "2026-01-01", 1).user("P1", "u1", "a@contoso.com");
    w.act("2026-01-02", "assign", "P1/1/azure_monthly#1", "u1").act("2026-01-03", "redeem", "P1/1/azure_monthly#1");
    w.act("2026-06-10", "assign", "P1/1/azure_monthly#2", "u1").act("2026-06-12", "redeem", "P1/1/azure_monthly#2");
    w.act("2027-03-01", "limit_off", "P1/1/azure_monthly#1");  // after the forecast's end: dropped
    for (Date d = day("2026-01-03"); d <= day("2026-05-31"); d = d.plus_days(1)) {
        const std::string date = d.to_string();
        w.use(date, "P1", "P1/1/azure_monthly#1", "eligible", 270 + (d.serial() % 7) * 10);
        w.use(date, "P1", "P1/1/azure_monthly#1", "ineligible", 30);
        w.use(date, "P1", "payg-data", "eligible", 500);
    }
    return w;
}

struct ForecastWorld {
    testing::RunOutcome replay;
    ForecastSetup setup;
};

ForecastWorld prepared(Date as_of, Date end_day) {
    ForecastWorld world{forecast_world().run(Policy{}, "2026-01-01", 12), {}};
    world.setup = prepare_forecast(world.replay.population, world.replay.history, Flow::legacy, as_of, end_day);
    return world;
}

TEST(PrepareForecast, KeepsWhatIsKnownOnTheAsOfDayAndSetsTheRestAside) {
    const Date as_of = day("2026-04-15");
    const ForecastWorld world = prepared(as_of, day("2026-10-01"));
    const ForecastSetup& setup = world.setup;
    ASSERT_FALSE(setup.observed.demand.empty());
    EXPECT_LE(setup.observed.demand.back().day, as_of);
    // 46 days after the as-of day (Apr 16..May 31), three entries a day.
    EXPECT_EQ(setup.usage_after_as_of, 46 * 3);
    // Actions inside the forecast stay (the plan); those after its end are dropped.
    for (const Action& a : setup.observed.actions) EXPECT_LT(a.day, setup.end_day);
    EXPECT_EQ(setup.observed.actions.size(), 4u);
}

TEST(PrepareForecast, ForecastsKnownSubscriptionsFromTheNextDayAndPlannedOnesFromTheirRedemption) {
    const Date as_of = day("2026-04-15");
    const ForecastWorld world = prepared(as_of, day("2026-10-01"));
    const ForecastSetup& setup = world.setup;
    ASSERT_EQ(setup.subscriptions.size(), 3u);
    std::vector<std::string> ids;
    for (const ForecastSubscription& f : setup.subscriptions) {
        const Subscription& s = setup.population.subscriptions[f.subscription];
        ids.push_back(s.id);
        if (s.id == "P1/1/azure_monthly#2") {
            EXPECT_TRUE(f.is_new);
            EXPECT_EQ(f.first_day, day("2026-06-12"));
            EXPECT_EQ(s.credit, setup.population.find_credit("P1/1/azure_monthly#2"));
        } else {
            EXPECT_FALSE(f.is_new) << s.id;
            EXPECT_EQ(f.first_day, as_of.plus_days(1)) << s.id;
            EXPECT_FALSE(f.model.is_dormant) << s.id;
        }
    }
    // Population order (by id) is kept when the planned subscription is added.
    EXPECT_EQ(ids, (std::vector<std::string>{"P1/1/azure_monthly#1", "P1/1/azure_monthly#2", "payg-data"}));
    for (const Demand& d : setup.observed.demand)
        EXPECT_NE(setup.population.subscriptions[d.subscription].id, "P1/1/azure_monthly#2");
}

TEST(PrepareForecast, WithoutThePlanKnowsOnlyTheActionsUpToTheAsOfDay) {
    // A backtest's default: the redemption on 2026-06-12 was not known on 2026-04-15, so its credit gets
    // no subscription and no forecast, and the actions after the as-of day are counted, not kept.
    const Date as_of = day("2026-04-15");
    ForecastWorld world{forecast_world().run(Policy{}, "2026-01-01", 12), {}};
    const ForecastSetup setup = prepare_forecast(world.replay.population, world.replay.history, Flow::legacy, as_of,
                                                 day("2026-10-01"), PlannedActions::dropped);
    for (const Action& a : setup.observed.actions) EXPECT_LE(a.day, as_of);
    const ForecastSetup planned = prepare_forecast(world.replay.population, world.replay.history, Flow::legacy, as_of,
                                                   day("2026-10-01"), PlannedActions::kept);
    EXPECT_GT(setup.actions_after_as_of_dropped, 0);
    EXPECT_EQ(setup.observed.actions.size() + size_t(setup.actions_after_as_of_dropped), planned.observed.actions.size());
    EXPECT_EQ(planned.actions_after_as_of_dropped, 0);
    ASSERT_EQ(setup.subscriptions.size(), 2u);
    for (const ForecastSubscription& f : setup.subscriptions) {
        EXPECT_FALSE(f.is_new);
        EXPECT_NE(setup.population.subscriptions[f.subscription].id, "P1/1/azure_monthly#2");
    }
}

TEST(PrepareForecast, TakesTheCategoryMixFromRecentUsage) {
    const ForecastWorld world = prepared(day("2026-04-15"), day("2026-10-01"));
    const ForecastSubscription& credit = world.setup.subscriptions.front();
    ASSERT_EQ(credit.mix.size(), 2u);
    EXPECT_EQ(credit.mix[0].first, kEligible);
    EXPECT_EQ(credit.mix[1].first, kIneligible);
    EXPECT_EQ(credit.mix[1].second, 91 * 30);  // the last 13 weeks
    // The planned subscription takes its partner's ineligible share.
    const ForecastSubscription& planned = world.setup.subscriptions[1];
    ASSERT_TRUE(planned.is_new);
    ASSERT_EQ(planned.mix.size(), 2u);
    EXPECT_EQ(planned.mix[1].first, kIneligible);
}

TEST(SampleForecastHistory, IsReproducibleSortedAndKeepsTheObservedPrefix) {
    const ForecastWorld world = prepared(day("2026-04-15"), day("2026-10-01"));
    const ForecastSetup& setup = world.setup;
    const History a = sample_forecast_history(setup, 7, 0);
    const History b = sample_forecast_history(setup, 7, 0);
    const History other = sample_forecast_history(setup, 7, 1);
    ASSERT_EQ(a.demand.size(), b.demand.size());
    for (size_t i = 0; i < a.demand.size(); ++i) {
        EXPECT_EQ(a.demand[i].amount, b.demand[i].amount);
        EXPECT_EQ(a.demand[i].day, b.demand[i].day);
    }
    bool differs = a.demand.size() != other.demand.size();
    for (size_t i = 0; !differs && i < a.demand.size(); ++i) differs = a.demand[i].amount != other.demand[i].amount;
    EXPECT_TRUE(differs) << "another replication samples another future";
    for (size_t i = 0; i < setup.observed.demand.size(); ++i)
        EXPECT_EQ(a.demand[i].amount, setup.observed.demand[i].amount);
    for (size_t i = 1; i < a.demand.size(); ++i) {
        const Demand& p = a.demand[i - 1];
        const Demand& q = a.demand[i];
        EXPECT_TRUE(p.day < q.day || (p.day == q.day && (p.subscription < q.subscription ||
                                                         (p.subscription == q.subscription && p.category < q.category))))
            << "entry " << i;
        EXPECT_LT(q.day, setup.end_day);
        EXPECT_TRUE(q.amount.is_positive());
    }
    // The planned subscription has demand only from its redemption day.
    const uint32_t planned = setup.subscriptions[1].subscription;
    for (const Demand& d : a.demand) {
        if (d.subscription == planned) {
            EXPECT_GE(d.day, day("2026-06-12"));
        }
    }
    // The forecast keeps the observed ineligible share (30 of 330 cents a day) of the credit's subscription.
    int64_t ineligible = 0, total = 0;
    for (const Demand& d : a.demand)
        if (d.day > setup.as_of && d.subscription == setup.subscriptions[0].subscription) {
            total += d.amount.cents();
            if (d.category == kIneligible) ineligible += d.amount.cents();
        }
    ASSERT_GT(total, 0);
    EXPECT_NEAR(double(ineligible) / double(total), 30.0 / 330.0, 0.002);
}

TEST(RunForecast, AgreesWithTheReplayUpToTheAsOfDayAndDoesNotDependOnThreads) {
    const Date as_of = day("2026-04-30");
    const ForecastWorld world = prepared(as_of, day("2026-10-01"));
    ForecastRunOptions options;
    const Policy policy;
    options.policy = &policy;
    options.start = day("2026-01-01");
    options.seed = 11;
    options.replications = 6;
    options.threads = 1;
    const std::vector<ReplicationResult> one = run_forecast(world.setup, options);
    options.threads = 2;
    const std::vector<ReplicationResult> two = run_forecast(world.setup, options);
    ASSERT_EQ(one.size(), 6u);
    for (size_t r = 0; r < one.size(); ++r) {
        ASSERT_EQ(one[r].summary.size(), two[r].summary.size());
        for (size_t m = 0; m < one[r].summary.size(); ++m) {
            EXPECT_EQ(one[r].summary[m].flows.demand, two[r].summary[m].flows.demand);
            EXPECT_EQ(one[r].summary[m].flows.credit_used, two[r].summary[m].flows.credit_used);
            EXPECT_EQ(one[r].summary[m].lapsed, two[r].summary[m].lapsed);
        }
        // January..April are history: every replication equals the replay.
        for (size_t m = 0; m < 4; ++m) {
            EXPECT_EQ(one[r].summary[m].flows.demand, world.replay.result.summary[m].flows.demand) << "month " << m;
            EXPECT_EQ(one[r].summary[m].flows.credit_used, world.replay.result.summary[m].flows.credit_used);
            EXPECT_EQ(one[r].summary[m].lapsed, world.replay.result.summary[m].lapsed);
        }
        EXPECT_TRUE(one[r].summary[5].flows.demand.is_positive()) << "June is forecast";
    }
}

}  // namespace
}  // namespace creditsim
