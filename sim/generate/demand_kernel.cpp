#include "sim/generate/demand_kernel.hpp"

#include <cstdlib>
#include <string_view>

#if defined(__x86_64__) && defined(__GNUC__)
#if !defined(__clang__)
// GCC 12 warns about the intrinsics' own deliberately undefined start values.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>
#define CREDITSIM_HAS_AVX512_KERNEL 1
#endif

namespace creditsim::demand_kernel {

void fill_days_scalar(const Days& days, int count, int64_t* total, int64_t* ineligible) {
    double factor[7], next_factor[7];
    for (int w = 0; w < 7; ++w) {
        factor[w] = days.base_of_weekday[w] * days.growth;
        next_factor[w] = days.base_of_weekday[w] * days.next_growth;
    }
    uint64_t hash_state = days.hash_state;
    int weekday = days.weekday;
    const auto put_day = [&](int i, double day_factor) {
        total[i] = day_total(day_factor, days.noise[noise_index(hash_state)]);
        ineligible[i] = day_ineligible(total[i], days.ineligible_share);
        hash_state += kHashStep;
        weekday = weekday == 6 ? 0 : weekday + 1;
    };
    int i = 0;
    for (; i < count && days.age + i < days.ramp_days; ++i) {  // the ramp's days: (base × ramp) × growth
        const double ramp = double(days.age + i + 1) / double(days.ramp_days);
        put_day(i, days.base_of_weekday[weekday] * ramp * (i < days.growth_steps_at ? days.growth : days.next_growth));
    }
    for (; i < count; ++i) put_day(i, i < days.growth_steps_at ? factor[weekday] : next_factor[weekday]);
}

DaySums sum_days_scalar(const int64_t* total, const int64_t* ineligible, int count) {
    uint64_t sum_total = 0, sum_ineligible = 0;  // unsigned: wrapping (when bits says so) is defined
    int64_t bits = 0;
    for (int i = 0; i < count; ++i) {
        sum_total += uint64_t(total[i]);
        sum_ineligible += uint64_t(ineligible[i]);
        bits |= total[i];
    }
    return DaySums{int64_t(sum_total), int64_t(sum_ineligible), bits};
}

#ifdef CREDITSIM_HAS_AVX512_KERNEL
namespace {

// Lane i of weekday w's vector: (w + i) % 7, the weekdays of eight days from w.
alignas(64) const int64_t kWeekdayLanes[7][8] = {
    {0, 1, 2, 3, 4, 5, 6, 0}, {1, 2, 3, 4, 5, 6, 0, 1}, {2, 3, 4, 5, 6, 0, 1, 2}, {3, 4, 5, 6, 0, 1, 2, 3},
    {4, 5, 6, 0, 1, 2, 3, 4}, {5, 6, 0, 1, 2, 3, 4, 5}, {6, 0, 1, 2, 3, 4, 5, 6},
};

__attribute__((target("avx512f,avx512dq"))) void fill_days_avx512_body(const Days& days, int count,
                                                                            int64_t* total, int64_t* ineligible) {
    // The 7 bases in lanes 0..6; a lane's factor is base × growth, the product the scalar version forms.
    const __m512d growth = _mm512_set1_pd(days.growth);
    const __m512d next_growth = _mm512_set1_pd(days.next_growth);
    const __m512d base = _mm512_maskz_loadu_pd(0x7F, days.base_of_weekday);
    const __m512i steps_at = _mm512_set1_epi64(days.growth_steps_at);
    const __m512i ramp_days = _mm512_set1_epi64(days.ramp_days);
    const __m512d ramp_length = _mm512_set1_pd(double(days.ramp_days));
    const __m512i one = _mm512_set1_epi64(1);
    __m512i day_index = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    const __m512i eight = _mm512_set1_epi64(8);
    const __m512i step8 = _mm512_set1_epi64(int64_t(8 * kHashStep));
    const __m512i mul1 = _mm512_set1_epi64(int64_t(0xBF58476D1CE4E5B9ull));
    const __m512i mul2 = _mm512_set1_epi64(int64_t(0x94D049BB133111EBull));
    const __m512d half = _mm512_set1_pd(0.5);
    const __m512d max_cents = _mm512_set1_pd(kMaxDayCents);
    const __m512i max_total = _mm512_set1_epi64(int64_t(kMaxDayCents));
    const __m512d share = _mm512_set1_pd(days.ineligible_share);
    // Lane i: the hash state of day i.
    __m512i hash = _mm512_add_epi64(_mm512_set1_epi64(int64_t(days.hash_state)),
                                    _mm512_mullo_epi64(_mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0),
                                                       _mm512_set1_epi64(int64_t(kHashStep))));
    int weekday = days.weekday;
    for (int i = 0; i < count; i += 8) {
        const __mmask8 lanes = count - i >= 8 ? __mmask8(0xFF) : __mmask8((1u << (count - i)) - 1);
        __m512i z = _mm512_xor_si512(hash, _mm512_srli_epi64(hash, 30));
        z = _mm512_mullo_epi64(z, mul1);
        z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 27));
        z = _mm512_mullo_epi64(z, mul2);
        // 64-bit indices straight into the gather: no narrowing to 32 bits first.
        const __m512d noise = _mm512_cvtps_pd(_mm512_i64gather_ps(_mm512_srli_epi64(z, 52), days.noise, 4));
        const __m512i lanes_weekday = _mm512_load_si512(kWeekdayLanes[weekday]);
        const __mmask8 is_next = _mm512_cmpge_epi64_mask(day_index, steps_at);
        __m512d day_base = _mm512_permutexvar_pd(lanes_weekday, base);
        if (days.age + i < days.ramp_days) {  // some of these days in the ramp: base × (age + 1) / ramp_days
            const __m512i age = _mm512_add_epi64(_mm512_set1_epi64(days.age), day_index);
            const __mmask8 in_ramp = _mm512_cmplt_epi64_mask(age, ramp_days);
            const __m512d ramp = _mm512_div_pd(_mm512_cvtepi64_pd(_mm512_add_epi64(age, one)), ramp_length);
            day_base = _mm512_mask_mul_pd(day_base, in_ramp, day_base, ramp);
        }
        const __m512d factor = _mm512_mul_pd(day_base, _mm512_mask_blend_pd(is_next, growth, next_growth));
        const __m512d amount = _mm512_mul_pd(factor, noise);
        const __mmask8 fits = _mm512_cmp_pd_mask(amount, max_cents, _CMP_LT_OQ);
        const __m512i rounded = _mm512_cvttpd_epi64(_mm512_add_pd(amount, half));
        const __m512i totals = _mm512_mask_blend_epi64(fits, max_total, rounded);
        const __m512i ineligibles =
            _mm512_cvttpd_epi64(_mm512_add_pd(_mm512_mul_pd(_mm512_cvtepi64_pd(totals), share), half));
        _mm512_mask_storeu_epi64(total + i, lanes, totals);
        _mm512_mask_storeu_epi64(ineligible + i, lanes, ineligibles);
        hash = _mm512_add_epi64(hash, step8);
        day_index = _mm512_add_epi64(day_index, eight);
        weekday = weekday == 6 ? 0 : weekday + 1;  // eight days on: one weekday on
    }
}

// Up to 32 days in four masked steps whatever the count (most sums are of part
// of a month), then eight at a time.
__attribute__((target("avx512f"))) DaySums sum_days_avx512_body(const int64_t* total, const int64_t* ineligible,
                                                                 int count) {
    __m512i sum_total = _mm512_setzero_si512(), sum_ineligible = _mm512_setzero_si512(),
            bits = _mm512_setzero_si512();
    const int steps = count <= 32 ? 32 : count;  // a fixed four steps up to 32: the same branches every call
    for (int i = 0; i < steps; i += 8) {
        const int left = count - i;
        const __mmask8 lanes = left >= 8 ? __mmask8(0xFF) : left <= 0 ? __mmask8(0) : __mmask8((1u << left) - 1);
        const __m512i totals = _mm512_maskz_loadu_epi64(lanes, total + i);
        sum_total = _mm512_add_epi64(sum_total, totals);
        sum_ineligible = _mm512_add_epi64(sum_ineligible, _mm512_maskz_loadu_epi64(lanes, ineligible + i));
        bits = _mm512_or_si512(bits, totals);
    }
    return DaySums{_mm512_reduce_add_epi64(sum_total), _mm512_reduce_add_epi64(sum_ineligible),
                   _mm512_reduce_or_epi64(bits)};
}

}  // namespace

FillDays fill_days_avx512() { return fill_days_avx512_body; }
SumDays sum_days_avx512() { return sum_days_avx512_body; }
#else
FillDays fill_days_avx512() { return nullptr; }
SumDays sum_days_avx512() { return nullptr; }
#endif

FillDays fill_days() {
    static const FillDays chosen = [] {
        // CREDITSIM_DAY_KERNEL=scalar: the plain version, to measure what the vector one gains
        // (docs/PERFORMANCE.md); the bytes are the same either way.
        const char* asked = std::getenv("CREDITSIM_DAY_KERNEL");
        if (asked != nullptr && std::string_view(asked) == "scalar") return &fill_days_scalar;
#ifdef CREDITSIM_HAS_AVX512_KERNEL
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) return fill_days_avx512();
#endif
        return &fill_days_scalar;
    }();
    return chosen;
}

SumDays sum_days() {
    static const SumDays chosen = fill_days() == &fill_days_scalar ? &sum_days_scalar : sum_days_avx512();
    return chosen;
}

}  // namespace creditsim::demand_kernel
