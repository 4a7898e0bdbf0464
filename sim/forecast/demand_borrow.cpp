#include "sim/forecast/demand_borrow.hpp"

#include <algorithm>
#include <cmath>

#include "sim/forecast/demand_residual_noise.hpp"

namespace creditsim::detail {
namespace {

constexpr double kShortZeroPseudoDays = 14.0;  ///< a short series' zero share shrunk to its group's

/// A model with a shape's parameters and an uncertainty factor for level (column 0) and trend (column 1).
DemandModel model_from_shape(const Shape& s, Date as_of, FitOrigin source, double level, double level_sd) {
    DemandModel m;
    m.source = source;
    m.reference_day = as_of;
    m.level = level;
    m.trend = s.trend;
    m.weekday_effect = s.weekday;
    m.month_effect = s.month;
    m.has_seasonality = s.has_seasonality;
    m.zero_probability = s.zero_probability;
    m.ar_coefficient = s.ar;
    m.innovation_sd = s.innovation_sd;
    m.innovations = s.innovations;
    // Without an own observation the shock starts from its stationary law.
    m.shock_sd = s.shock_sd;
    m.shock_ar = s.shock_ar;
    m.shock_state_sd = s.shock_sd;
    m.parameter_rank = 2;
    m.parameter_factor.assign(size_t(kDemandParameterCount * 2), 0.0);
    m.parameter_factor[size_t(kDemandLevel * 2 + 0)] = level_sd;
    m.parameter_factor[size_t(kDemandTrend * 2 + 1)] = s.trend_sd;
    fill_residual_mean(m);
    return m;
}

/// The zero share: own, shrunk toward the group's, spread over weekdays as the group's.
std::array<double, 7> borrowed_zero_probability(const Window& w, const Shape& s) {
    int zeros = 0;
    for (int z : w.zero_by_weekday) zeros += z;
    double group_share = 0;
    for (double p : s.zero_probability) group_share += p / 7.0;
    const double own_share = (zeros + kShortZeroPseudoDays * group_share) / (w.observed + kShortZeroPseudoDays);
    std::array<double, 7> p{};
    for (int d = 0; d < 7; ++d)
        p[size_t(d)] = group_share > 0 ? std::clamp(s.zero_probability[size_t(d)] * own_share / group_share, 0.0, 0.99)
                                       : own_share;
    return p;
}

}  // namespace

DemandModel borrowed_model(const Window& w, const Shape& s, const Shape& cohort, Date as_of) {
    const FitOrigin source = s.available ? FitOrigin::borrowed_group : FitOrigin::borrowed_cohort;
    const double prior_variance = s.level_spread * s.level_spread + s.level_se * s.level_se;
    const double prior_level = s.has_level ? s.level : cohort.level;
    DemandModel m;
    if (w.positive.empty()) {
        m = model_from_shape(s, as_of, source, prior_level, std::sqrt(prior_variance));
    } else {
        const RawLevel own = raw_level(w, s);
        const double precision = 1.0 / own.variance + 1.0 / prior_variance;
        const double level = (own.level / own.variance + prior_level / prior_variance) / precision;
        m = model_from_shape(s, as_of, source, level, std::sqrt(1.0 / precision));
        const PositiveDay& last = w.positive.back();
        m.ar_state = (last.y - level - shape_effect(s, last)) * integer_power(s.ar, -last.t);
        m.has_state = true;
        m.shock_state_sd = 0;  // the level is read from the recent days: it holds the shock's state
    }
    m.zero_probability = borrowed_zero_probability(w, s);
    m.positive_days = int(w.positive.size());
    m.observed_days = w.observed;
    return m;
}

DemandModel new_subscription_model(const Shape& s, const Shape& cohort, Date as_of, FitOrigin source) {
    DemandModel m = model_from_shape(s, as_of, source, s.has_level ? s.level : cohort.level,
                                     s.has_level ? s.level_se : cohort.level_se);
    m.level_spread = s.level_spread;
    return m;
}

DemandModel dormant_model(Date as_of, const Window& w) {
    DemandModel m;
    m.is_dormant = true;
    m.source = FitOrigin::dormant;
    m.reference_day = as_of;
    m.zero_probability.fill(1.0);
    m.positive_days = int(w.positive.size());
    m.observed_days = w.observed;
    return m;
}

}  // namespace creditsim::detail
