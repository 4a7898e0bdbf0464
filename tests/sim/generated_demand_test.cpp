// A generated credit's demand on a day is one number, whatever way it is
// read: a day at a time from a fresh cursor, or a long stretch through the
// day kernel's runs, cut anywhere (a credit life cuts at month ends, steps
// and its limit). The formula is written out once more here, day by day,
// with its migration ramp and growth steps, so that a run length or ramp
// handled wrong in the kernel path shows as a differing day.
#include <gtest/gtest.h>

#include <cmath>
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
