// The day kernel's vector version gives the scalar version's bytes on every
// day, including the edges: partial chunks, every weekday start, migration
// ramps that end before, inside or after the run, growth so large that a day
// exceeds 2^62 cents, zero and tiny bases, half-cent ties.
#include "sim/generate/demand_kernel.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace creditsim::demand_kernel {
namespace {

struct Table {
    std::vector<float> noise = std::vector<float>(4096);
    explicit Table(std::mt19937_64& random) {
        std::lognormal_distribution<float> draw(0.0f, 0.4f);
        for (float& v : noise) v = draw(random);
    }
};

TEST(DemandKernel, ScalarMatchesTheCursorFormula) {
    // The formula written out once more, day by day, as GeneratedDemand documents it.
    std::mt19937_64 random(7);
    const Table table(random);
    const double base[7] = {1234.5, 99.25, 0.0, 1e-9, 7777.75, 0.5, 31.0};
    // From age 5, in a ramp of 14 days: days 0-8 ramp up.
    const Days days{base, 1.01, 1.0201, 20, table.noise.data(), 0.125, 0x1234567890ABCDEFull, 3, 5, 14};
    int64_t total[kMaxDays], ineligible[kMaxDays];
    fill_days_scalar(days, kMaxDays, total, ineligible);
    const DaySums sums = sum_days_scalar(total, ineligible, kMaxDays);
    int64_t sum_total = 0, sum_ineligible = 0;
    for (int i = 0; i < kMaxDays; ++i) {
        sum_total += total[i];
        sum_ineligible += ineligible[i];
        double factor = base[(3 + i) % 7];
        if (5 + i < 14) factor *= double(5 + i + 1) / 14.0;  // the ramp before the growth
        factor *= i < 20 ? 1.01 : 1.0201;                    // growth steps at day 20
        const double amount = factor * double(table.noise[noise_index(days.hash_state + uint64_t(i) * kHashStep)]);
        const int64_t expected = int64_t(amount + 0.5);
        EXPECT_EQ(total[i], expected) << "day " << i;
        EXPECT_EQ(ineligible[i], int64_t(double(expected) * 0.125 + 0.5)) << "day " << i;
    }
    ASSERT_TRUE(sums.is_valid());
    EXPECT_EQ(sums.total, sum_total);
    EXPECT_EQ(sums.ineligible, sum_ineligible);
}

TEST(DemandKernel, VectorVersionGivesTheScalarBytes) {
    const FillDays vector_fill = fill_days_avx512();
    if (vector_fill == nullptr || fill_days() == &fill_days_scalar)
        GTEST_SKIP() << "this CPU or build has no AVX-512 F+DQ: the scalar version runs, nothing to compare";
    std::mt19937_64 random(20261204);
    const Table table(random);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int compared = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        double base[7];
        const int shape = trial % 5;
        for (double& b : base) {
            if (shape == 0) b = unit(random) * 2000;                     // everyday cents
            if (shape == 1) b = std::floor(unit(random) * 200) + 0.5;    // half-cent ties before noise
            if (shape == 2) b = unit(random) * 1e-6;                     // tiny: zero cents
            if (shape == 3) b = std::ldexp(unit(random), 61 + trial % 4);  // around 2^62: the cap
            if (shape == 4) b = unit(random) < 0.3 ? 0.0 : unit(random) * 1e12;
        }
        const double growth = shape == 3 ? 1.0 + unit(random) : std::pow(1.01, trial % 40);
        const double share = trial % 3 == 0 ? 0.0 : unit(random);
        const int32_t ramp_days = trial % 4 == 0 ? 0 : 1 + trial % 45;  // none, or ending before, in or after the run
        const Days days{base,     growth,          growth * 1.01,  int(trial % 40), table.noise.data(),
                        share,    random(),        int(trial % 7), int32_t(trial % 50), ramp_days};
        const int count = 1 + trial % kMaxDays;
        int64_t scalar_total[kMaxDays], scalar_ineligible[kMaxDays];
        int64_t vector_total[kMaxDays + 1], vector_ineligible[kMaxDays + 1];
        vector_total[count] = vector_ineligible[count] = -77;  // past the end: must stay untouched
        fill_days_scalar(days, count, scalar_total, scalar_ineligible);
        vector_fill(days, count, vector_total, vector_ineligible);
        const DaySums scalar = sum_days_scalar(scalar_total, scalar_ineligible, count);
        const DaySums vector = sum_days_scalar(vector_total, vector_ineligible, count);
        ASSERT_EQ(vector.bits, scalar.bits) << "trial " << trial;
        ASSERT_EQ(vector.is_valid(), shape != 3 || scalar.is_valid()) << "trial " << trial;
        if (scalar.is_valid()) {
            ASSERT_EQ(vector.total, scalar.total) << "trial " << trial;
            ASSERT_EQ(vector.ineligible, scalar.ineligible) << "trial " << trial;
        }
        for (int i = 0; i < count; ++i) {
            ASSERT_EQ(vector_total[i], scalar_total[i]) << "trial " << trial << " day " << i;
            ASSERT_EQ(vector_ineligible[i], scalar_ineligible[i]) << "trial " << trial << " day " << i;
            ++compared;
        }
        ASSERT_EQ(vector_total[count], -77) << "wrote past day " << count;
        ASSERT_EQ(vector_ineligible[count], -77) << "wrote past day " << count;
    }
    EXPECT_GT(compared, 300000);
}

TEST(DemandKernel, SumsOfComputedDaysAreTheScalarSums) {
    // Every count a sum is asked for, from none to kMaxSumDays, on everyday cents and
    // on days near the cap (where bits says the sums are not to be trusted).
    std::mt19937_64 random(11);
    int64_t total[kMaxSumDays], ineligible[kMaxSumDays];
    const SumDays vector_sum = sum_days_avx512();
    for (int trial = 0; trial < 2000; ++trial) {
        const int count = trial % (kMaxSumDays + 1);
        for (int i = 0; i < kMaxSumDays; ++i) {
            total[i] = trial % 7 == 0 ? int64_t(random() >> 1) : int64_t(random() % 100000);
            ineligible[i] = total[i] / 3;
        }
        const DaySums scalar = sum_days_scalar(total, ineligible, count);
        int64_t expected_total = 0, expected_ineligible = 0, expected_bits = 0;
        for (int i = 0; i < count; ++i) {
            expected_total = int64_t(uint64_t(expected_total) + uint64_t(total[i]));
            expected_ineligible = int64_t(uint64_t(expected_ineligible) + uint64_t(ineligible[i]));
            expected_bits |= total[i];
        }
        ASSERT_EQ(scalar.bits, expected_bits) << "count " << count;
        ASSERT_EQ(scalar.total, expected_total) << "count " << count;
        ASSERT_EQ(scalar.ineligible, expected_ineligible) << "count " << count;
        ASSERT_EQ(scalar.is_valid(), trial % 7 != 0 || count == 0) << "count " << count;
        if (vector_sum == nullptr || sum_days() == &sum_days_scalar) continue;  // no AVX-512 here
        const DaySums vector = vector_sum(total, ineligible, count);
        ASSERT_EQ(vector.bits, scalar.bits) << "count " << count;
        ASSERT_EQ(vector.total, scalar.total) << "count " << count;
        ASSERT_EQ(vector.ineligible, scalar.ineligible) << "count " << count;
    }
}

}  // namespace
}  // namespace creditsim::demand_kernel
