#include "sim/forecast/demand_own_fit.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "sim/forecast/demand_ar_regression.hpp"
#include "sim/forecast/demand_design.hpp"
#include "sim/forecast/demand_residual_noise.hpp"
#include "sim/forecast/demand_shock.hpp"

namespace creditsim::detail {
namespace {

constexpr double kWeekdayZeroPseudoDays = 2.0;  ///< per-weekday zero share shrunk to the overall share
constexpr int kNoTrendDays = 273;   ///< a window without own seasonality this short (9 months) extrapolates no trend ...
constexpr int kFullTrendDays = 456;  ///< ... and one of 15 months all of it

/// Per-weekday zero probabilities, each weekday's share shrunk toward the overall share.
std::array<double, 7> zero_probabilities(const Window& w) {
    int zeros = 0;
    for (int z : w.zero_by_weekday) zeros += z;
    const double overall = w.observed > 0 ? double(zeros) / w.observed : 0.0;
    std::array<double, 7> p{};
    for (int d = 0; d < 7; ++d)
        p[d] = (w.zero_by_weekday[d] + kWeekdayZeroPseudoDays * overall) / (w.observed_by_weekday[d] + kWeekdayZeroPseudoDays);
    return p;
}

/// The persistent shock takes its share of the last residual; the daily AR(1) carries the rest.
ShockEstimate apply_shock(DemandModel& m, const Design& d, const ArRegression& ar, const std::vector<PositiveDay>& days) {
    const int monthly_coefficients = 2 + (d.seasonal ? d.months_present - 1 : 0) + (d.step_column >= 0 ? 1 : 0);
    const ShockEstimate shock = estimate_shock(ar.residuals, days, ar.phi, ar.innovation_sd, monthly_coefficients);
    m.shock_sd = shock.sd;
    m.shock_ar = shock.daily_ar;
    m.shock_state = shock.state;
    m.shock_state_sd = shock.state_sd;
    m.ar_state = (ar.residuals.back() - shock.state) * integer_power(ar.phi, -days.back().t);
    return shock;
}

/// Centred coefficients and their uncertainty factor A * s * L^{-T} (Sigma_beta = s^2 (X'X)^{-1}).
void set_coefficients(OwnFit& fit, const Window& w, const Design& d, const ArRegression& ar,
                      const ShockEstimate& shock, const std::array<double, 12>* month_offset) {
    DemandModel& m = fit.model;
    const int p = int(d.kind.size());
    const Eigen::MatrixXd a = centring_map(d);
    const Eigen::VectorXd theta = a * ar.beta;
    m.level = theta(kDemandLevel);
    m.trend = theta(kDemandTrend);
    for (int wd = 0; wd < 7; ++wd) m.weekday_effect[size_t(wd)] = theta(kDemandWeekday0 + wd);
    if (d.seasonal) {
        m.has_seasonality = true;
        fit.has_own_seasonality = true;
        for (int mo = 0; mo < 12; ++mo) m.month_effect[size_t(mo)] = theta(kDemandMonth0 + mo);
    } else if (month_offset) {
        m.has_seasonality = true;
        m.month_effect = *month_offset;
    }
    Eigen::MatrixXd factor = a * (ar.innovation_sd * ar.inverse_cholesky_t);
    // The daily fit's standard errors assume the days are the only noise; with a persistent shock the
    // trend and month effects are known only as well as the months allow. (The level's own error is
    // in the shock's state: the last 30 days say where the series is.)
    factor.row(kDemandTrend) *= shock.uncertainty_scale;
    for (int mo = 0; mo < 12; ++mo) factor.row(kDemandMonth0 + mo) *= shock.uncertainty_scale;
    // Under a year without seasonality of its own, a rise may be the season, not growth: the trend
    // extrapolated is shrunk from none at 9 months to all of it at 15 (its uncertainty is kept).
    if (!fit.has_own_seasonality && w.observed < kFullTrendDays)
        m.trend_share = std::clamp(double(w.observed - kNoTrendDays) / double(kFullTrendDays - kNoTrendDays), 0.0, 1.0);
    m.parameter_rank = p;
    m.parameter_factor.resize(size_t(kDemandParameterCount * p));
    for (int r = 0; r < kDemandParameterCount; ++r)
        for (int c = 0; c < p; ++c) m.parameter_factor[size_t(r * p + c)] = factor(r, c);
}

}  // namespace

OwnFit fit_own(const Window& w, Date as_of, const std::array<double, 12>* month_offset) {
    const Regression regression = build_regression(w, month_offset);
    const Design& d = regression.design;
    const ArRegression ar = fit_ar_regression(regression, w.positive);

    OwnFit fit;
    DemandModel& m = fit.model;
    m.source = FitOrigin::own;
    m.reference_day = as_of;
    m.positive_days = int(w.positive.size());
    m.observed_days = w.observed;
    m.ar_coefficient = ar.phi;
    m.innovation_sd = ar.innovation_sd;
    m.has_state = true;
    m.zero_probability = zero_probabilities(w);
    m.has_level_shift = d.step_column >= 0;
    if (m.has_level_shift) fit.level_shift_size = ar.beta(d.step_column);
    const ShockEstimate shock = apply_shock(m, d, ar, w.positive);
    set_coefficients(fit, w, d, ar, shock, month_offset);

    StandardisedInnovations z = standardise_innovations(ar.innovations);
    fit.innovations = std::move(z.values);
    if (z.has_spread) m.innovations = std::make_shared<const std::vector<double>>(fit.innovations);
    fill_residual_mean(m);
    return fit;
}

}  // namespace creditsim::detail
