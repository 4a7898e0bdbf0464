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
#include "sim/forecast/demand_residual_noise.hpp"

namespace creditsim {
namespace {

constexpr double kMaxCents = 1e15;  ///< a drawn day never exceeds this (a guard, not a model)

using detail::integer_power;

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

/// What a path draws before its first day, in this order: the coefficients, the level spread, the
/// persistent shock and the level walk on the day before `from` (gap days after reference_day).
struct PathStart {
    std::array<double, kDemandParameterCount> theta{};  ///< the coefficients of the whole path
    double level_shift = 0;  ///< a new subscription's level around the group's
    double trend = 0;        ///< the trend extrapolated (its share, capped)
    double shock = 0;
    double walk = 0;
};

PathStart draw_path_start(const DemandModel& model, int32_t gap, RandomStream& stream) {
    const int rank = model.parameter_rank;
    const double* factor = model.parameter_factor.data();
    PathStart p;
    // One draw of the coefficients for the whole path.
    p.theta[kDemandLevel] = model.level;
    p.theta[kDemandTrend] = model.trend;
    for (int d = 0; d < 7; ++d) p.theta[size_t(kDemandWeekday0 + d)] = model.weekday_effect[size_t(d)];
    for (int m = 0; m < 12; ++m) p.theta[size_t(kDemandMonth0 + m)] = model.month_effect[size_t(m)];
    std::array<double, kDemandParameterCount> z{};
    for (int c = 0; c < rank; ++c) z[size_t(c)] = stream.normal();
    for (int r = 0; r < kDemandParameterCount; ++r)
        for (int c = 0; c < rank; ++c) p.theta[size_t(r)] += factor[r * rank + c] * z[size_t(c)];
    p.level_shift = model.level_spread > 0 ? model.level_spread * stream.normal() : 0.0;
    p.trend = capped_trend(p.theta[kDemandTrend] - (1.0 - model.trend_share) * model.trend);
    // The persistent shock: its state on reference_day, drawn, run through the gap.
    if (model.shock_sd > 0) {
        const double decay = integer_power(model.shock_ar, gap);
        const double start = model.shock_state + model.shock_state_sd * stream.normal();
        p.shock = decay * start + model.shock_sd * std::sqrt(std::max(1.0 - decay * decay, 0.0)) * stream.normal();
    }
    if (model.level_walk_sd > 0) p.walk = model.level_walk_sd * std::sqrt(double(gap)) * stream.normal();
    return p;
}

/// The AR(1) innovations of a path: resampled from the model's standardised ones, else normal.
class InnovationDraw {
public:
    InnovationDraw(const DemandModel& model, RandomStream& stream)
        : sd_(model.innovation_sd), values_(model.innovations.get()), stream_(stream),
          count_(values_ ? uint32_t(values_->size()) : 0) {}
    double operator()() { return count_ > 0 ? sd_ * (*values_)[stream_.below(count_)] : sd_ * stream_.normal(); }

private:
    double sd_;
    const std::vector<double>* values_;
    RandomStream& stream_;
    uint32_t count_;
};

/// The AR(1) residual on the day before `from`: the model's state run through the gap (its last
/// `memory` days drawn), or, without a state, a warm-up from zero.
double ar_start(const DemandModel& model, int32_t gap, InnovationDraw& innovation) {
    const double phi = model.ar_coefficient;
    const int32_t memory = int32_t(std::max<size_t>(model.log_residual_mean.size(), 1));
    double e = 0;
    if (model.has_state) {
        e = model.ar_state;
        if (gap > 0) {
            const int32_t steps = std::min(gap, memory);
            e *= integer_power(phi, gap - steps);
            for (int32_t i = 0; i < steps; ++i) e = phi * e + innovation();
        }
    } else {
        for (int32_t i = 0; i < memory; ++i) e = phi * e + innovation();
    }
    return e;
}

/// x'FF'x of a day's coefficient row: E[exp(x'F z)] = exp(x'FF'x / 2), the coefficient draw's mean correction.
double coefficient_variance(const DemandModel& model, double g, int weekday, int month) {
    const int rank = model.parameter_rank;
    const double* factor = model.parameter_factor.data();
    double variance = 0;
    for (int c = 0; c < rank; ++c) {
        double v = factor[kDemandLevel * rank + c] + g * factor[kDemandTrend * rank + c] +
                   factor[(kDemandWeekday0 + weekday) * rank + c];
        if (model.has_seasonality) v += factor[(kDemandMonth0 + month) * rank + c];
        variance += v * v;
    }
    return variance;
}

}  // namespace

void sample_demand_path(const DemandModel& model, Date from, int days, RandomStream& stream, std::vector<int64_t>& out) {
    out.assign(size_t(std::max(days, 0)), 0);
    if (model.is_dormant || days <= 0) return;
    CREDITSIM_ASSERT(model.parameter_factor.size() == size_t(kDemandParameterCount * model.parameter_rank),
                     "demand model: parameter factor has " << model.parameter_factor.size() << " values for rank "
                                                           << model.parameter_rank);
    // Days between the model's reference day and the day before `from`: the shock, the walk and
    // the AR(1) state are each run through them.
    const int32_t gap = std::max<int32_t>((from - model.reference_day) - 1, 0);
    PathStart p = draw_path_start(model, gap, stream);
    InnovationDraw innovation(model, stream);
    double e = ar_start(model, gap, innovation);

    const double phi = model.ar_coefficient;
    const bool has_shock = model.shock_sd > 0;
    const double shock_step_sd = model.shock_sd * std::sqrt(std::max(1.0 - model.shock_ar * model.shock_ar, 0.0));
    const bool has_walk = model.level_walk_sd > 0;
    const bool seasonal = model.has_seasonality;
    for (int i = 0; i < days; ++i) {
        const Date day = from.plus_days(i);
        e = phi * e + innovation();
        if (has_shock) p.shock = model.shock_ar * p.shock + shock_step_sd * stream.normal();
        if (has_walk) p.walk += model.level_walk_sd * stream.normal();
        const double u = stream.uniform();
        const int weekday = monday_weekday(day);
        if (u < model.zero_probability[size_t(weekday)]) continue;
        const int month = day.month() - 1;
        const double g = trend_days(day - model.reference_day);
        double log_cents = p.theta[kDemandLevel] + p.trend * g + p.theta[size_t(kDemandWeekday0 + weekday)] +
                           (seasonal ? p.theta[size_t(kDemandMonth0 + month)] : 0.0);
        log_cents += p.level_shift - 0.5 * coefficient_variance(model, g, weekday, month) + e + p.shock + p.walk;
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
        log_cents += integer_power(model.ar_coefficient, h) * model.ar_state + residual_mean(model, h);
    } else {
        log_cents += residual_mean(model, int32_t(model.log_residual_mean.size()));
    }
    log_cents += 0.5 * model.level_spread * model.level_spread;
    if (model.shock_sd > 0) {
        // The shock h days ahead is normal: mean ar^h state, variance ar^2h state_sd^2 + sd^2 (1 - ar^2h).
        const double decay = integer_power(model.shock_ar, std::max(h, 0));
        const double variance = decay * decay * model.shock_state_sd * model.shock_state_sd +
                                model.shock_sd * model.shock_sd * (1.0 - decay * decay);
        log_cents += decay * model.shock_state + 0.5 * variance;
    }
    if (h > 0) log_cents += 0.5 * model.level_walk_sd * model.level_walk_sd * double(h);
    return (1.0 - model.zero_probability[size_t(weekday)]) * std::exp(log_cents);
}

}  // namespace creditsim
