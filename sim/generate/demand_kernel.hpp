#pragma once
// The day kernel of generated demand: a credit's demand on a run of up to a
// month of days (growth stepping at most once inside), computed several days
// at a time, and sums of days it computed. Every day is the
// formula GeneratedDemand::Cursor documents, to the bit: the vector version
// does the same IEEE operations in the same order, lane by lane (its file is
// compiled without floating-point contraction), so that a run's bytes never
// depend on the CPU it ran on. demand_kernel_test compares the two.

#include <cstdint>

namespace creditsim::demand_kernel {

/// Days per call at most: a calendar month, so that a credit life's run
/// between two steps (about a month) is one call, and growth (every 30 days
/// of age) steps at most once inside it. The buffers stay in the first-level
/// cache.
constexpr int kMaxDays = 31;

/// What a run of days needs. A day of age a (days since activation) inside
/// the migration ramp (a < ramp_days) has its base scaled by
/// (a + 1) / ramp_days before the growth factor: ((base × ramp) × growth) × noise.
struct Days {
    const double* base_of_weekday;  ///< 7 entries, Monday first: daily base × weekday factor
    double growth;                  ///< the growth factor of the first days
    double next_growth;             ///< the growth factor from day growth_steps_at on
    int growth_steps_at;            ///< index of the first day of next_growth (>= the count: none)
    const float* noise;             ///< 4096 quantiles, indexed by the top 12 bits of the day's hash
    double ineligible_share;
    uint64_t hash_state;            ///< counter_hash's first step of the first day; + kHashStep a day
    int weekday;                    ///< of the first day, Monday = 0
    int32_t age = 0;                ///< of the first day, in days since activation
    int32_t ramp_days = 0;          ///< the migration ramp's length (0 or 1: none that changes a day)
};

constexpr uint64_t kHashStep = 0x9E3779B97F4A7C15ull;
constexpr double kMaxDayCents = 0x1p62;

/// The noise table's index of a day's hash state: the rest of counter_hash, top 12 bits.
inline uint32_t noise_index(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return uint32_t(z >> 52);
}

/// One day: total cents, rounded half up (beyond 2^62 cents a day, 2^62: no sum
/// of the run fits, and the engine's checked sums refuse it, exit 2).
inline int64_t day_total(double factor, float noise) {
    const double amount = factor * double(noise);
    return amount < kMaxDayCents ? int64_t(amount + 0.5) : int64_t(kMaxDayCents);
}
inline int64_t day_ineligible(int64_t total, double share) { return int64_t(double(total) * share + 0.5); }

/// The sums of days the kernel wrote (sum_days). Valid when every day is
/// below 2^56 cents (`bits`, the days' totals or-ed together, says so): then
/// no sum of kMaxSumDays of them overflows.
struct DaySums {
    int64_t total = 0;
    int64_t ineligible = 0;
    int64_t bits = 0;
    bool is_valid() const { return bits < (int64_t(1) << 56); }
};

/// Writes days [0, count) (count <= kMaxDays) into total[] and ineligible[].
/// Their sums are sum_days's: the engine asks for parts of what was written.
using FillDays = void (*)(const Days& days, int count, int64_t* total, int64_t* ineligible);

/// Day by day, in plain C++.
void fill_days_scalar(const Days& days, int count, int64_t* total, int64_t* ineligible);

/// Eight days at a time with AVX-512 (F and DQ), or null when this build
/// cannot compile it.
FillDays fill_days_avx512();

/// The fastest version this CPU runs, chosen once.
FillDays fill_days();

/// Days a sum of computed days spans at most.
constexpr int kMaxSumDays = 64;

/// The sums of days [0, count) (count <= kMaxSumDays) of arrays fill_days wrote.
using SumDays = DaySums (*)(const int64_t* total, const int64_t* ineligible, int count);

/// Day by day, in plain C++.
DaySums sum_days_scalar(const int64_t* total, const int64_t* ineligible, int count);

/// Eight days at a time with AVX-512 F, with masks instead of a loop that
/// ends on a different day each call, or null when this build cannot compile it.
SumDays sum_days_avx512();

/// The fastest version this CPU runs (the one fill_days is: both or neither vector).
SumDays sum_days();

}  // namespace creditsim::demand_kernel
