// A generated credit's demand on a day is one number, whatever way it is
// read: a day at a time from a fresh cursor, a long stretch through the day
// kernel's runs cut anywhere, or a credit life's reader, which computes days
// ahead and is asked for parts of months (cut at month ends, steps and the
// limit). A run length, ramp or growth step handled wrong in the kernel path,
// or a day lost at the edge of the reader's buffer, shows as a differing day.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "model/catalog.hpp"
#include "sim/generate/generated_demand.hpp"
#include "sim/generate/population_generator.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"
#include "sim/inputs/scenario.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim {
namespace {

const std::string kBaseline = std::string(CREDITSIM_SOURCE_DIR) + "/scenarios/baseline.ini";

struct Model {
    Scenario scenario;
    Catalog catalog;
    GeneratedPopulation block;
    DemandShape shape;
    GeneratedDemand demand;
    explicit Model(const std::vector<std::string>& settings)
        : scenario(load_scenario(kBaseline, settings)),
          catalog(load_catalog(scenario.catalog_file, scenario.currency)),
          block(generate_population(catalog, scenario.policy, scenario.behavior,
                                    parse_offer_mix(scenario.offer_mix, catalog, scenario.file), scenario.partners,
                                    scenario.start, scenario.months, scenario.seed, 0)),
          shape(scenario.behavior),
          demand(shape, block, scenario.seed, 0) {}
};

// Days [first, first + count) of credit c, read through the cursor in runs of the given lengths.
std::vector<DayDemand> read_in_runs(const GeneratedDemand& demand, uint32_t c, Date activation, Date first,
                                    int count, std::mt19937& cuts) {
    std::vector<DayDemand> days;
    GeneratedDemand::Cursor cursor(demand, c, activation, first);
    std::uniform_int_distribution<int> run_length(1, 70);
    while (int(days.size()) < count) {
        const int length = std::min(run_length(cuts), count - int(days.size()));
        cursor.for_each_day(cursor.today().plus_days(length), [&](int64_t total, int64_t ineligible) {
            days.push_back(DayDemand{total, ineligible});
            return true;
        });
    }
    return days;
}

void expect_one_demand_per_day(const std::vector<std::string>& settings) {
    const Model model(settings);
    std::mt19937 cuts(5);
    const auto& credits = model.block.population.credits;
    int compared = 0;
    for (uint32_t c = 0; c < credits.size(); c += 7) {
        const Date activation = model.scenario.start.plus_days(int32_t(c % 40));
        const Date first = activation.plus_days(int32_t(c % 3 == 0 ? 0 : c % 50));  // from activation or later
        const int count = 900;
        const std::vector<DayDemand> runs = read_in_runs(model.demand, c, activation, first, count, cuts);
        for (int i = 0; i < count; ++i) {
            DayDemand fresh;
            model.demand.credit_days(c, activation, first.plus_days(i), 1, &fresh);
            ASSERT_EQ(runs[size_t(i)].total, fresh.total) << "credit " << c << " day " << i;
            ASSERT_EQ(runs[size_t(i)].uncovered, fresh.uncovered) << "credit " << c << " day " << i;
            ++compared;
        }
    }
    EXPECT_GT(compared, 10000);
}

TEST(GeneratedDemand, ADayIsTheSameWhateverRunsItIsReadIn) {
    expect_one_demand_per_day({"population.partners=300"});
}

TEST(GeneratedDemand, ADayIsTheSameWithALongRampAndSteepGrowth) {
    // A ramp longer than a growth block and than a kernel run; growth of 10 % a month.
    expect_one_demand_per_day({"population.partners=300", "behavior.migration_ramp_days=45",
                               "behavior.monthly_growth=0.1"});
}

// The demand of days [from, from + count) of credit c, each from a fresh cursor.
std::vector<DayDemand> fresh_days(const GeneratedDemand& demand, uint32_t c, Date activation, Date from, int count) {
    std::vector<DayDemand> days(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) demand.credit_days(c, activation, from.plus_days(i), 1, &days[size_t(i)]);
    return days;
}

struct Served {
    MoneyFlows flows;
    int64_t balance;
    int days;
    bool is_limit_reached;
    int exhausted_day;
    bool operator==(const Served&) const = default;
};

Served finish(const CreditDayServer& server) {
    Served served{};
    server.finish(served.flows);
    served.balance = server.balance();
    served.days = server.days_served();
    served.is_limit_reached = server.is_limit_reached();
    served.exhausted_day = server.exhausted_day();
    return served;
}

TEST(GeneratedDemand, ALifesReaderServesTheDaysOneByOneServingGives) {
    // Asks of 1-40 days, as sums (a disabled month) or fed to a credit whose balance
    // runs out on some of them, against the same days served one at a time.
    const Model model({"population.partners=300", "behavior.migration_ramp_days=45", "behavior.monthly_growth=0.02"});
    const std::unique_ptr<CreditDemandReader> reader = model.demand.credit_reader();
    std::mt19937 random(9);
    int asks = 0, run_outs = 0;
    for (uint32_t c = 0; c < model.block.population.credits.size(); c += 11) {
        const Date activation = model.scenario.start.plus_days(int32_t(c % 40));
        const Date first = activation.plus_days(int32_t(c % 3 == 0 ? 0 : c % 50));
        reader->seek(c, activation, first);
        for (int offset = 0; offset < 700;) {
            const int count = 1 + int(random() % 40);
            const std::vector<DayDemand> days = fresh_days(model.demand, c, activation, first.plus_days(offset), count);
            ++asks;
            if (random() % 3 == 0) {
                DayDemand expected;
                for (const DayDemand& day : days) {
                    expected.total += day.total;
                    expected.uncovered += day.uncovered;
                }
                const DayDemand sum = reader->sum(count);
                ASSERT_EQ(sum.total, expected.total) << "credit " << c << " offset " << offset;
                ASSERT_EQ(sum.uncovered, expected.uncovered) << "credit " << c << " offset " << offset;
                offset += count;
                continue;
            }
            // A balance of a few days' demand: some asks run out, with the limit on or off.
            const CreditInService credit{SubState::active, random() % 2 ? LimitState::on : LimitState::off,
                                         int64_t(random() % 50000)};
            CreditDayServer by_reader(credit), one_by_one(credit);
            reader->feed(count, by_reader);
            for (const DayDemand& day : days)
                if (!one_by_one.serve(day.total, day.uncovered)) break;
            const Served got = finish(by_reader), expected = finish(one_by_one);
            ASSERT_TRUE(got == expected) << "credit " << c << " offset " << offset << ": " << got.days << " days, "
                                         << expected.days << " expected";
            run_outs += expected.exhausted_day >= 0 || expected.is_limit_reached;
            offset += expected.days;  // the engine reads on from the day after the last one served
        }
    }
    EXPECT_GT(asks, 1000);
    EXPECT_GT(run_outs, 100);
}

TEST(GeneratedDemand, RampAndGrowthScaleADayAsDocumented) {
    // Inside the ramp a day is (age + 1) / ramp of its plain value, and each 30-day
    // block of age multiplies it by (1 + monthly_growth). The plain value is the same
    // credit's day in a model without ramp or growth (the same partners, bases and
    // noise: none of them depends on those two keys), so the ratio of the two days'
    // cents is ramp × growth up to rounding.
    const Model model({"population.partners=50", "behavior.migration_ramp_days=20", "behavior.monthly_growth=0.05"});
    const Model flat({"population.partners=50", "behavior.migration_ramp_days=1", "behavior.monthly_growth=0"});
    int compared = 0;
    for (uint32_t c = 0; c < model.block.population.credits.size(); ++c) {
        const Date activation = model.scenario.start.plus_days(int32_t(c % 9));
        for (int age = 0; age < 75; ++age) {
            const Date day = activation.plus_days(age);
            DayDemand got, plain;
            model.demand.credit_days(c, activation, day, 1, &got);
            flat.demand.credit_days(c, activation, day, 1, &plain);
            if (plain.total < 2000) continue;  // too few cents for the ratio to say much
            const double expected = (age < 20 ? double(age + 1) / 20.0 : 1.0) * std::pow(1.05, double(age / 30));
            EXPECT_NEAR(double(got.total) / double(plain.total), expected, (1.0 + expected) / double(plain.total))
                << "credit " << c << " age " << age;
            ++compared;
        }
    }
    EXPECT_GT(compared, 300);
}

}  // namespace
}  // namespace creditsim
