// Google Benchmark micro-benchmarks of the hot paths: generated demand per
// subscription-day (as the engine's per-credit loops draw it) and the legacy day split.
#include <benchmark/benchmark.h>

#include <vector>

#include "sim/generate/demand_kernel.hpp"

#include "model/usage_split.hpp"
#include "sim/engine/engine.hpp"
#include "sim/generate/generated_demand.hpp"
#include "sim/generate/population_generator.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim {
namespace {

Catalog bench_catalog() {
    return Catalog({CatalogLine{"ap", "m", CreditKind::monthly, Money::from_cents(10000), 1, 12, kAzureScope},
                    CatalogLine{"core", "b", CreditKind::bulk, Money::from_cents(240000), 1, 12, kAzureScope}},
                   {});
}

void BM_GeneratedDemandDay(benchmark::State& state) {
    const Catalog catalog = bench_catalog();
    const Behavior behavior;
    GeneratedPopulation g = generate_population(catalog, Policy{}, behavior, {{0, 0.5}, {1, 0.5}}, 1000,
                                                Date::from_ymd(2026, 1, 1), 36, 1, 0);
    for (PartnerTraits& traits : g.traits) traits.usage_intensity = 1.0;
    const DemandShape shape(behavior);
    const GeneratedDemand demand(shape, g, 1, 0);
    const uint32_t credits = uint32_t(g.population.credits.size());
    Date day = Date::from_ymd(2026, 3, 1);
    const Date activation = Date::from_ymd(2026, 1, 15);
    int64_t sum = 0;
    for (auto _ : state) {
        // As the engine runs a credit's life: a cursor over 30 consecutive days.
        for (uint32_t c = 0; c < credits; ++c) {
            GeneratedDemand::Cursor cursor(demand, c, activation, day);
            int64_t credit_sum = 0;
            cursor.for_each_day(day.plus_days(30), [&](int64_t total, int64_t ineligible) {
                credit_sum += total + ineligible;
                return true;
            });
            sum += credit_sum;
        }
        day = day.plus_days(1);
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(int64_t(state.iterations()) * credits * 30);
}
BENCHMARK(BM_GeneratedDemandDay);

// The day kernel alone: 30 days of one credit per call, as a credit life's month asks for them.
void day_kernel(benchmark::State& state, demand_kernel::FillDays fill) {
    if (fill == nullptr) {
        state.SkipWithError("not available on this CPU or build");
        return;
    }
    std::vector<float> noise(4096);
    for (size_t i = 0; i < noise.size(); ++i) noise[i] = 0.5f + float(i) / 4096.0f;
    const double base[7] = {812.5, 799.0, 805.25, 790.0, 801.0, 400.0, 350.5};
    demand_kernel::Days days{base, 1.01, 1.0201, 30, noise.data(), 0.1, 0x1234, 0};
    int64_t total[demand_kernel::kMaxDays], ineligible[demand_kernel::kMaxDays];
    int64_t sum = 0;
    for (auto _ : state) {
        fill(days, 30, total, ineligible);
        sum += total[29] + ineligible[3];
        days.hash_state += 30 * demand_kernel::kHashStep;
        days.weekday = (days.weekday + 30) % 7;
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(int64_t(state.iterations()) * 30);
}
void BM_DayKernelScalar(benchmark::State& state) { day_kernel(state, &demand_kernel::fill_days_scalar); }
void BM_DayKernelAvx512(benchmark::State& state) {
    day_kernel(state, demand_kernel::fill_days() == &demand_kernel::fill_days_scalar ? nullptr
                                                                                      : demand_kernel::fill_days_avx512());
}
BENCHMARK(BM_DayKernelScalar);
BENCHMARK(BM_DayKernelAvx512);

void BM_SplitLegacyDay(benchmark::State& state) {
    Money balance = Money::from_cents(1000000000);
    int64_t used = 0;
    Money covered = Money::from_cents(321), uncovered = Money::from_cents(17);
    for (auto _ : state) {
        benchmark::DoNotOptimize(covered);
        benchmark::DoNotOptimize(uncovered);
        const LegacyDaySplit split = split_legacy_day(balance, LimitState::on, covered, uncovered);
        balance -= split.credit_used;
        used += split.credit_used.cents();
        if (balance.cents() < 1000) balance = Money::from_cents(1000000000);
        benchmark::DoNotOptimize(balance);
    }
    benchmark::DoNotOptimize(used);
    state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_SplitLegacyDay);

}  // namespace
}  // namespace creditsim

BENCHMARK_MAIN();
