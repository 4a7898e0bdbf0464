// Sampling a demand path from a DemandModel. Draw order (fixed, so paths are reproducible and two
// models with the same rank consume their streams alike): parameter_rank normals, one normal for the
// level spread when the model has one, two normals for the persistent shock's start when it has one,
// one for the level walk's start when it has one, the AR(1) warm-up innovations, then per day one
// innovation, one normal for the shock and one for the walk (when the model has them) and one uniform
// (zero day or not), whether the day turns out zero or not.

#include "sim/forecast/demand_path.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "model/errors.hpp"

namespace creditsim {
namespace {

constexpr double kMaxCents = 1e15;  ///< a drawn day never exceeds this (a guard, not a model)

double power(double base, int32_t exponent) {
    double result = 1;
    for (int32_t i = 0; i < exponent && result != 0; ++i) result *= base;
    return result;
}

/// The residual mean term log E[exp(e_h)] - phi^h e_0 for h days ahead (stationary when h is past the table).
double residual_mean(const DemandModel& m, int32_t h) {
    if (m.log_residual_mean.empty()) return 0.0;
    const size_t index = std::min<size_t>(size_t(std::max<int32_t>(h, 1)) - 1, m.log_residual_mean.size() - 1);
    return m.log_residual_mean[index];
}

double capped_trend(double trend) {
    const double cap = kMaxTrendEffect / kTrendDampingDays;
    return std::clamp(trend, -cap, cap);
}

}  // namespace

void sample_demand_path(const DemandModel& model, Date from, int days, RandomStream& stream, std::vector<int64_t>& out) {
    out.assign(size_t(std::max(days, 0)), 0);
    if (model.is_dormant || days <= 0) return;
    const int rank = model.parameter_rank;
    CREDITSIM_ASSERT(model.parameter_factor.size() == size_t(kDemandParameterCount * rank),
                     "demand model: parameter factor has " << model.parameter_factor.size() << " values for rank " << rank);
    const double* factor = model.parameter_factor.data();

    // 1. One draw of the coefficients for the whole path.
    std::array<double, kDemandParameterCount> theta{};
    theta[kDemandLevel] = model.level;
    theta[kDemandTrend] = model.trend;
    for (int d = 0; d < 7; ++d) theta[size_t(kDemandWeekday0 + d)] = model.weekday_effect[size_t(d)];
    for (int m = 0; m < 12; ++m) theta[size_t(kDemandMonth0 + m)] = model.month_effect[size_t(m)];
    std::array<double, kDemandParameterCount> z{};
    for (int c = 0; c < rank; ++c) z[size_t(c)] = stream.normal();
    for (int r = 0; r < kDemandParameterCount; ++r)
        for (int c = 0; c < rank; ++c) theta[size_t(r)] += factor[r * rank + c] * z[size_t(c)];
    const double level_shift = model.level_spread > 0 ? model.level_spread * stream.normal() : 0.0;
    const double trend = capped_trend(theta[kDemandTrend] - (1.0 - model.trend_share) * model.trend);
    // Days between the model's reference day and the day before `from`: the shock, the walk and
    // the AR(1) state are each run through them.
    const int32_t gap = std::max<int32_t>((from - model.reference_day) - 1, 0);
    // The persistent shock on the day before `from`: its state on reference_day, drawn, run through the gap.
    const bool has_shock = model.shock_sd > 0;
    const double shock_ar = model.shock_ar;
    const double shock_step_sd = model.shock_sd * std::sqrt(std::max(1.0 - shock_ar * shock_ar, 0.0));
    double shock = 0;
    if (has_shock) {
        const double decay = power(shock_ar, gap);
        const double start = model.shock_state + model.shock_state_sd * stream.normal();
        shock = decay * start + model.shock_sd * std::sqrt(std::max(1.0 - decay * decay, 0.0)) * stream.normal();
    }
    const bool has_walk = model.level_walk_sd > 0;
    double walk = 0;
    if (has_walk) walk = model.level_walk_sd * std::sqrt(double(gap)) * stream.normal();

    // 2. The AR(1) state on the day before `from`.
    const double phi = model.ar_coefficient;
    const double sd = model.innovation_sd;
    const std::vector<double>* innovations = model.innovations.get();
    const uint32_t innovation_count = innovations ? uint32_t(innovations->size()) : 0;
    auto innovation = [&]() {
        return innovation_count > 0 ? sd * (*innovations)[stream.below(innovation_count)] : sd * stream.normal();
    };
    const int32_t memory = int32_t(std::max<size_t>(model.log_residual_mean.size(), 1));
    double e = 0;
    if (model.has_state) {
        e = model.ar_state;
        if (gap > 0) {
            const int32_t steps = std::min(gap, memory);
            e *= power(phi, gap - steps);
            for (int32_t i = 0; i < steps; ++i) e = phi * e + innovation();
        }
    } else {
        for (int32_t i = 0; i < memory; ++i) e = phi * e + innovation();
    }

    // 3. The days.
    const bool seasonal = model.has_seasonality;
    for (int i = 0; i < days; ++i) {
        const Date day = from.plus_days(i);
        e = phi * e + innovation();
        if (has_shock) shock = shock_ar * shock + shock_step_sd * stream.normal();
        if (has_walk) walk += model.level_walk_sd * stream.normal();
        const double u = stream.uniform();
        const int weekday = monday_weekday(day);
        if (u < model.zero_probability[size_t(weekday)]) continue;
        const int month = day.month() - 1;
        const double g = trend_days(day - model.reference_day);
        double log_cents = theta[kDemandLevel] + trend * g + theta[size_t(kDemandWeekday0 + weekday)] +
                           (seasonal ? theta[size_t(kDemandMonth0 + month)] : 0.0);
        // Mean correction for the coefficient draw: E[exp(x'F z)] = exp(x'FF'x / 2).
        double variance = 0;
        for (int c = 0; c < rank; ++c) {
            double v = factor[kDemandLevel * rank + c] + g * factor[kDemandTrend * rank + c] +
                       factor[(kDemandWeekday0 + weekday) * rank + c];
            if (seasonal) v += factor[(kDemandMonth0 + month) * rank + c];
            variance += v * v;
        }
        log_cents += level_shift - 0.5 * variance + e + shock + walk;
        out[size_t(i)] = std::llround(std::min(std::exp(log_cents), kMaxCents));
    }
}

double expected_demand(const DemandModel& model, Date day) {
    if (model.is_dormant) return 0.0;
    const int32_t h = day - model.reference_day;
    const int weekday = monday_weekday(day);
    const int month = day.month() - 1;
    double log_cents = model.level + capped_trend(model.trend * model.trend_share) * trend_days(h) + model.weekday_effect[size_t(weekday)] +
                       (model.has_seasonality ? model.month_effect[size_t(month)] : 0.0);
    if (model.has_state && h >= 1) {
        log_cents += power(model.ar_coefficient, h) * model.ar_state + residual_mean(model, h);
    } else {
        log_cents += residual_mean(model, int32_t(model.log_residual_mean.size()));
    }
    log_cents += 0.5 * model.level_spread * model.level_spread;
    if (model.shock_sd > 0) {
        // The shock h days ahead is normal: mean ar^h state, variance ar^2h state_sd^2 + sd^2 (1 - ar^2h).
        const double decay = power(model.shock_ar, std::max(h, 0));
        const double variance = decay * decay * model.shock_state_sd * model.shock_state_sd +
                                model.shock_sd * model.shock_sd * (1.0 - decay * decay);
        log_cents += decay * model.shock_state + 0.5 * variance;
    }
    if (h > 0) log_cents += 0.5 * model.level_walk_sd * model.level_walk_sd * double(h);
    return (1.0 - model.zero_probability[size_t(weekday)]) * std::exp(log_cents);
}

}  // namespace creditsim
