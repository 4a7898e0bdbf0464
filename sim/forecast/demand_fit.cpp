// Fitting the daily demand model (docs/FORECAST.md, "Demand model"): a regression of log cents on
// positive days with AR(1) errors (two Prais-Winsten steps that respect gaps), per-weekday zero
// probabilities, and pooling of short histories toward their group's and the cohort's shape.
// Sums run in a fixed order in plain loops and Eigen solves only small (<= 20 x 20) systems, so
// the same build gives the same models bit for bit.

#include "sim/forecast/demand_fit.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "model/errors.hpp"
#include "sim/forecast/demand_level_shift.hpp"
#include "sim/forecast/demand_shock.hpp"
#include "sim/forecast/demand_window.hpp"

namespace creditsim {
namespace {

using detail::PositiveDay;
using detail::Window;
using detail::make_window;

constexpr int kMinPositiveDays = 28;     ///< an own fit needs this many positive days ...
constexpr int kMinObservedDays = 56;     ///< ... over at least 8 weeks
constexpr int kSeasonalMinDays = 396;    ///< 13 months of observed days fit calendar-month effects
constexpr double kWeekdayZeroPseudoDays = 2.0;   ///< per-weekday zero share shrunk to the overall share
constexpr double kShortZeroPseudoDays = 14.0;    ///< a short series' zero share shrunk to its group's
constexpr size_t kMaxInnovations = 512;  ///< most recent innovations kept for the bootstrap
constexpr double kMinAr = -0.5;
constexpr double kMaxAr = 0.95;
constexpr int kMinArPairs = 10;          ///< fewer consecutive positive pairs: AR(1) coefficient 0
constexpr double kDefaultLevelSpread = 0.75;  ///< sd of log level between subscriptions when unmeasurable
constexpr double kMinLevelSpread = 0.25;  ///< floor: subscriptions of one group are never assumed alike
constexpr double kDefaultInnovationSd = 0.5;  ///< when no series at all has an own fit
constexpr double kTrendScale = 365.0;    ///< the regression's trend column is days / 365 (conditioning)
constexpr int kExactMgfTerms = 4;        ///< residual mean: exact bootstrap MGF for this many lags, cumulants after
constexpr double kArNegligible = 1e-4;   ///< the AR memory is over when |phi|^h is below this
constexpr int kNoTrendDays = 273;        ///< a window without own seasonality this short (9 months) extrapolates no trend ...
constexpr int kFullTrendDays = 456;      ///< ... and one of 15 months all of it

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

double power(double base, int32_t exponent) {
    double result = 1;
    for (int32_t i = 0; i < exponent && result != 0; ++i) result *= base;
    return result;
}

/// Fills log_residual_mean: log E[exp(e_{T+h})] - phi^h e_T when innovations are sd * z, z drawn from
/// the standardised innovations. Exact (the bootstrap's MGF) for the first lags, then the cumulant
/// expansion to 4th order summed in closed form.
void fill_residual_mean(DemandModel& m) {
    const double phi = m.ar_coefficient;
    const double sd = m.innovation_sd;
    const std::vector<double>* z = m.innovations.get();
    const bool has_z = z != nullptr && !z->empty();
    double k3 = 0, k4 = 0;  // standardised: k1 = 0, k2 = 1
    if (has_z) {
        double m3 = 0, m4 = 0;
        for (double v : *z) { m3 += v * v * v; m4 += v * v * v * v; }
        k3 = m3 / double(z->size());
        k4 = m4 / double(z->size()) - 3.0;
    }
    auto exact_log_mgf = [&](double s) {
        if (!has_z) return 0.5 * s * s;
        double sum = 0;
        for (double v : *z) sum += std::exp(s * v);
        return std::log(sum / double(z->size()));
    };
    const double abs_phi = std::fabs(phi);
    int horizon = 1;
    if (abs_phi > 1e-9) horizon = std::clamp(int(std::ceil(std::log(kArNegligible) / std::log(abs_phi))), 1, 400);
    m.log_residual_mean.assign(size_t(horizon), 0.0);
    double cumulative = 0;
    double scale = sd;  // sd * phi^k
    for (int k = 0; k < horizon; ++k) {
        if (k < kExactMgfTerms) {
            cumulative += exact_log_mgf(scale);
        } else {
            const double s2 = scale * scale;
            cumulative += 0.5 * s2 + k3 * s2 * scale / 6.0 + k4 * s2 * s2 / 24.0;
        }
        m.log_residual_mean[size_t(k)] = cumulative;
        scale *= phi;
    }
}

/// The column layout of one own fit: which coefficient each regression column is.
struct Design {
    std::vector<int> kind;  ///< kDemandLevel, kDemandTrend, kDemandWeekday0 + d, kDemandMonth0 + m
    std::array<int, 7> weekday_column{};   ///< -1: baseline or absent
    std::array<int, 12> month_column{};
    std::array<bool, 7> weekday_present{};
    std::array<bool, 12> month_present{};
    int weekdays_present = 0;
    int months_present = 0;
    bool seasonal = false;
    int step_column = -1;  ///< a level shift's column (1 from step_first on), or -1
    size_t step_first = 0;
};

Design make_design(const Window& w, bool seasonal) {
    Design d;
    d.kind = {kDemandLevel, kDemandTrend};
    d.weekday_column.fill(-1);
    d.month_column.fill(-1);
    for (const PositiveDay& p : w.positive) {
        d.weekday_present[size_t(p.weekday)] = true;
        d.month_present[size_t(p.month)] = true;
    }
    // One dummy column per weekday (month) present, the first present being the baseline.
    auto add_dummies = [&](const auto& present, auto& column, int& present_count, int first_effect) {
        bool is_baseline = true;
        for (size_t k = 0; k < present.size(); ++k) {
            if (!present[k]) continue;
            ++present_count;
            if (is_baseline) {
                is_baseline = false;
                continue;
            }
            column[k] = int(d.kind.size());
            d.kind.push_back(first_effect + int(k));
        }
    };
    add_dummies(d.weekday_present, d.weekday_column, d.weekdays_present, kDemandWeekday0);
    d.seasonal = seasonal;
    if (seasonal) add_dummies(d.month_present, d.month_column, d.months_present, kDemandMonth0);
    return d;
}

void design_row(const Design& d, const PositiveDay& p, double* x) {
    std::fill(x, x + d.kind.size(), 0.0);
    x[0] = 1.0;
    x[1] = double(p.t) / kTrendScale;
    if (d.weekday_column[size_t(p.weekday)] >= 0) x[d.weekday_column[size_t(p.weekday)]] = 1.0;
    if (d.seasonal && d.month_column[size_t(p.month)] >= 0) x[d.month_column[size_t(p.month)]] = 1.0;
}

/// The linear map from regression coefficients (baseline dummies) to the model's centred coefficients.
Eigen::MatrixXd centring_map(const Design& d) {
    const int p = int(d.kind.size());
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(kDemandParameterCount, p);
    a(kDemandLevel, 0) = 1.0;
    a(kDemandTrend, 1) = 1.0 / kTrendScale;
    // A dummy's coefficient moves the level by its share and the effects by
    // their deviation from the mean over the weekdays (months) present.
    auto centre = [&](const auto& column, const auto& present, int present_count, int first_effect) {
        for (size_t k = 0; k < column.size(); ++k) {
            const int c = column[k];
            if (c < 0) continue;
            a(kDemandLevel, c) += 1.0 / present_count;
            for (size_t other = 0; other < present.size(); ++other)
                if (present[other]) a(first_effect + int(other), c) -= 1.0 / present_count;
            a(first_effect + int(k), c) += 1.0;
        }
    };
    centre(d.weekday_column, d.weekday_present, d.weekdays_present, kDemandWeekday0);
    centre(d.month_column, d.month_present, d.months_present, kDemandMonth0);
    // The as-of day is after a level shift: the step is part of the level.
    if (d.step_column >= 0) a(kDemandLevel, d.step_column) = 1.0;
    return a;
}

/// An own fit's by-products that pooling needs.
struct OwnFit {
    DemandModel model;
    std::vector<double> innovations;  ///< standardised, oldest first (the model shares the same values)
    bool has_own_seasonality = false;  ///< month effects fitted here, not borrowed as an offset
    double level_shift_size = 0;       ///< log cents of the step found in the window (0: none)
};

/// Regression of log cents with AR(1) errors on the window's positive days. month_offset, when given,
/// is a borrowed calendar-month effect subtracted first (then the model carries it, without uncertainty).
OwnFit fit_own(const Window& w, Date as_of, const std::array<double, 12>* month_offset) {
    const bool seasonal = month_offset == nullptr && w.observed >= kSeasonalMinDays;
    Design d = make_design(w, seasonal);
    const size_t n = w.positive.size();
    if (d.seasonal && n < d.kind.size() + 20) d = make_design(w, false);
    int p = int(d.kind.size());

    Eigen::MatrixXd x(Eigen::Index(n), p);
    Eigen::VectorXd y(static_cast<Eigen::Index>(n));
    std::vector<double> row(static_cast<size_t>(p));
    for (size_t i = 0; i < n; ++i) {
        design_row(d, w.positive[i], row.data());
        for (int c = 0; c < p; ++c) x(Eigen::Index(i), c) = row[size_t(c)];
        y(Eigen::Index(i)) = w.positive[i].y - (month_offset ? (*month_offset)[size_t(w.positive[i].month)] : 0.0);
    }
    // A step in level gets its own column, so the trend is the slope around it, not across it.
    if (const std::optional<detail::LevelShift> step = detail::find_level_shift(x, y, w.positive)) {
        d.step_column = p;
        d.step_first = step->first;
        d.kind.push_back(kDemandLevel);
        x.conservativeResize(Eigen::NoChange, p + 1);
        for (size_t i = 0; i < n; ++i) x(Eigen::Index(i), p) = i >= step->first ? 1.0 : 0.0;
        row.resize(size_t(p + 1));
        ++p;
    }

    auto residuals = [&](const Eigen::VectorXd& beta) {
        std::vector<double> e(n);
        for (size_t i = 0; i < n; ++i) {
            double fitted = 0;
            for (int c = 0; c < p; ++c) fitted += x(Eigen::Index(i), c) * beta(c);
            e[i] = y(Eigen::Index(i)) - fitted;
        }
        return e;
    };
    auto ar_of = [&](const std::vector<double>& e) {
        double num = 0, den = 0;
        int pairs = 0;
        for (size_t i = 1; i < n; ++i) {
            if (!w.positive[i].follows_positive) continue;
            num += e[i] * e[i - 1];
            den += e[i - 1] * e[i - 1];
            ++pairs;
        }
        if (pairs < kMinArPairs || !(den > 0)) return 0.0;
        return std::clamp(num / den, kMinAr, kMaxAr);
    };
    // Prais-Winsten with gaps: a positive day after a positive day is quasi-differenced, the first of a
    // run is scaled by sqrt(1 - phi^2) (it starts a new stretch of the stationary process).
    Eigen::MatrixXd xtx(p, p);
    Eigen::VectorXd beta;
    Eigen::LLT<Eigen::MatrixXd> llt;
    auto solve = [&](double phi) {
        xtx.setZero();
        Eigen::VectorXd xty = Eigen::VectorXd::Zero(p);
        const double head = std::sqrt(1.0 - phi * phi);
        for (size_t i = 0; i < n; ++i) {
            const bool diff = w.positive[i].follows_positive && i > 0;
            double ys = diff ? y(Eigen::Index(i)) - phi * y(Eigen::Index(i - 1)) : head * y(Eigen::Index(i));
            for (int c = 0; c < p; ++c)
                row[size_t(c)] = diff ? x(Eigen::Index(i), c) - phi * x(Eigen::Index(i - 1), c) : head * x(Eigen::Index(i), c);
            for (int r = 0; r < p; ++r) {
                xty(r) += row[size_t(r)] * ys;
                for (int c = 0; c <= r; ++c) xtx(r, c) += row[size_t(r)] * row[size_t(c)];
            }
        }
        for (int r = 0; r < p; ++r)
            for (int c = r + 1; c < p; ++c) xtx(r, c) = xtx(c, r);
        // A whisker of ridge keeps a degenerate column (a weekday seen once) from breaking the factorisation.
        for (int r = 0; r < p; ++r) xtx(r, r) += 1e-9 * (1.0 + xtx(r, r));
        llt.compute(xtx);
        CREDITSIM_ASSERT(llt.info() == Eigen::Success, "demand fit: normal equations are not positive definite");
        beta = llt.solve(xty);
    };
    double phi = 0;
    solve(phi);
    for (int step = 0; step < 2; ++step) {
        phi = ar_of(residuals(beta));
        solve(phi);
    }
    const std::vector<double> e = residuals(beta);

    // Innovations on the process's own scale: quasi-differences, and the first of a run scaled.
    std::vector<double> u(n);
    const double head = std::sqrt(1.0 - phi * phi);
    double rss = 0;
    for (size_t i = 0; i < n; ++i) {
        u[i] = (w.positive[i].follows_positive && i > 0) ? e[i] - phi * e[i - 1] : head * e[i];
        rss += u[i] * u[i];
    }
    const double s = std::sqrt(rss / double(std::max<size_t>(n - size_t(p), 1)));

    OwnFit fit;
    DemandModel& m = fit.model;
    m.source = FitOrigin::own;
    m.reference_day = as_of;
    m.positive_days = int(n);
    m.observed_days = w.observed;
    m.ar_coefficient = phi;
    m.innovation_sd = s;
    m.has_state = true;
    m.zero_probability = zero_probabilities(w);
    m.has_level_shift = d.step_column >= 0;
    if (m.has_level_shift) fit.level_shift_size = beta(d.step_column);
    // The persistent shock takes its share of the last residual; the daily AR(1) carries the rest.
    const int monthly_coefficients =
        2 + (d.seasonal ? d.months_present - 1 : 0) + (d.step_column >= 0 ? 1 : 0);
    const detail::ShockEstimate shock = detail::estimate_shock(e, w.positive, phi, s, monthly_coefficients);
    m.shock_sd = shock.sd;
    m.shock_ar = shock.daily_ar;
    m.shock_state = shock.state;
    m.shock_state_sd = shock.state_sd;
    m.ar_state = (e[n - 1] - shock.state) * power(phi, -w.positive[n - 1].t);

    // Centred coefficients and their uncertainty factor A * s * L^{-T} (Sigma_beta = s^2 (X'X)^{-1}).
    const Eigen::MatrixXd a = centring_map(d);
    const Eigen::VectorXd theta = a * beta;
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
    const Eigen::MatrixXd l = llt.matrixL();
    const Eigen::MatrixXd l_inverse_t =
        l.transpose().triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
    Eigen::MatrixXd factor = a * (s * l_inverse_t);
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

    // Standardised innovations (centred, unit sd), the most recent kMaxInnovations.
    double mean = 0;
    for (double v : u) mean += v;
    mean /= double(n);
    double ss = 0;
    for (double v : u) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / double(n));
    const size_t first = n > kMaxInnovations ? n - kMaxInnovations : 0;
    for (size_t i = first; i < n; ++i) fit.innovations.push_back(sd > 0 ? (u[i] - mean) / sd : 0.0);
    if (sd > 0) m.innovations = std::make_shared<const std::vector<double>>(fit.innovations);
    fill_residual_mean(m);
    return fit;
}

double parameter_variance(const DemandModel& m, int row) {
    double v = 0;
    for (int c = 0; c < m.parameter_rank; ++c) {
        const double f = m.parameter_factor[size_t(row * m.parameter_rank + c)];
        v += f * f;
    }
    return v;
}

/// A pooled shape: what short series and new subscriptions borrow.
struct Shape {
    bool available = false;
    double trend = 0, trend_sd = 0;
    std::array<double, 7> weekday{};
    std::array<double, 12> month{};
    bool has_seasonality = false;
    double ar = 0, innovation_sd = kDefaultInnovationSd;
    double shock_sd = 0, shock_ar = 0;
    std::shared_ptr<const std::vector<double>> innovations;
    std::array<double, 7> zero_probability{};
    bool has_level = false;
    double level = 0, level_se = 0, level_spread = kDefaultLevelSpread;
};

/// Mean and sample variance of values (variance 0 below two values).
void mean_variance(const std::vector<double>& v, double& mean, double& variance) {
    mean = 0;
    variance = 0;
    if (v.empty()) return;
    for (double x : v) mean += x;
    mean /= double(v.size());
    if (v.size() < 2) return;
    for (double x : v) variance += (x - mean) * (x - mean);
    variance /= double(v.size() - 1);
}

/// Pools long series' own fits: mean effects, mean trend and its spread, mean AR(1), innovations
/// interleaved from every member (most recent first), mean level and the spread of levels.
Shape pool(const std::vector<const OwnFit*>& members, double fallback_level_spread) {
    Shape s;
    if (members.empty()) return s;
    s.available = true;
    const double count = double(members.size());
    std::vector<double> trends, levels;
    double level_sampling_variance = 0, trend_sampling_variance = 0, innovation_variance = 0, shock_variance = 0;
    int seasonal = 0;
    for (const OwnFit* f : members) {
        const DemandModel& m = f->model;
        trends.push_back(m.trend);
        levels.push_back(m.level);
        level_sampling_variance += parameter_variance(m, kDemandLevel) / count;
        trend_sampling_variance += parameter_variance(m, kDemandTrend) / count;
        for (int d = 0; d < 7; ++d) {
            s.weekday[size_t(d)] += m.weekday_effect[size_t(d)] / count;
            s.zero_probability[size_t(d)] += m.zero_probability[size_t(d)] / count;
        }
        s.ar += m.ar_coefficient / count;
        innovation_variance += m.innovation_sd * m.innovation_sd / count;
        shock_variance += m.shock_sd * m.shock_sd / count;
        s.shock_ar += m.shock_ar / count;
        if (f->has_own_seasonality) {
            ++seasonal;
            for (int mo = 0; mo < 12; ++mo) s.month[size_t(mo)] += m.month_effect[size_t(mo)];
        }
    }
    double weekday_mean = 0;
    for (double v : s.weekday) weekday_mean += v / 7.0;
    for (double& v : s.weekday) v -= weekday_mean;
    if (seasonal > 0) {
        s.has_seasonality = true;
        for (double& v : s.month) v /= seasonal;
    }
    s.innovation_sd = std::sqrt(innovation_variance);
    s.shock_sd = std::sqrt(shock_variance);
    double trend_variance = 0;
    mean_variance(trends, s.trend, trend_variance);
    s.trend_sd = std::sqrt(members.size() >= 2 ? trend_variance : trend_sampling_variance);
    double level_variance = 0;
    mean_variance(levels, s.level, level_variance);
    s.has_level = true;
    s.level_spread = members.size() >= 3
                         ? std::max(std::sqrt(std::max(level_variance - level_sampling_variance, 0.0)), kMinLevelSpread)
                         : fallback_level_spread;
    s.level_se = std::sqrt((s.level_spread * s.level_spread + level_sampling_variance) / count);
    // Innovations: round robin over members from their most recent, so each member counts equally.
    std::vector<double> pooled;
    for (size_t back = 1; pooled.size() < kMaxInnovations; ++back) {
        bool any = false;
        for (const OwnFit* f : members) {
            if (back > f->innovations.size()) continue;
            any = true;
            pooled.push_back(f->innovations[f->innovations.size() - back]);
            if (pooled.size() == kMaxInnovations) break;
        }
        if (!any) break;
    }
    if (!pooled.empty()) s.innovations = std::make_shared<const std::vector<double>>(std::move(pooled));
    return s;
}

/// A shape's systematic part of log cents on a positive day (level excluded).
double shape_effect(const Shape& s, const PositiveDay& p) {
    return s.trend * double(p.t) + s.weekday[size_t(p.weekday)] + (s.has_seasonality ? s.month[size_t(p.month)] : 0.0);
}

/// The raw (unshrunk) mean level of a short series under a shape, and its sampling variance.
void raw_level(const Window& w, const Shape& s, double& level, double& variance) {
    level = 0;
    for (const PositiveDay& p : w.positive) level += (p.y - shape_effect(s, p)) / double(w.positive.size());
    const double phi = s.ar;
    const double residual_variance = s.innovation_sd * s.innovation_sd / (1.0 - phi * phi);
    const double n = double(w.positive.size());
    const double effective = std::max(1.0, phi > 0 ? n * (1.0 - phi) / (1.0 + phi) : n);
    variance = residual_variance / effective;
}

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

}  // namespace

double trend_days(int32_t h) {
    if (h <= 0) return double(h);
    return kTrendDampingDays * -std::expm1(-double(h) / kTrendDampingDays);
}

FittedDemand fit_demand(const std::vector<DemandSeries>& series, const std::vector<uint32_t>& group_of,
                        uint32_t group_count, Date as_of) {
    CREDITSIM_ASSERT(group_of.size() == series.size(),
                     "fit_demand: " << group_of.size() << " groups for " << series.size() << " series");
    for (uint32_t g : group_of) CREDITSIM_ASSERT(g < group_count, "fit_demand: group " << g << " >= " << group_count);
    const size_t count = series.size();

    enum class Kind { dormant, long_history, short_history, empty };
    std::vector<Window> windows(count);
    std::vector<Kind> kinds(count);
    for (size_t i = 0; i < count; ++i) {
        windows[i] = make_window(series[i], as_of);
        const Window& w = windows[i];
        kinds[i] = w.is_dormant ? Kind::dormant
                   : (int(w.positive.size()) >= kMinPositiveDays && w.observed >= kMinObservedDays) ? Kind::long_history
                   : w.positive.empty() ? Kind::empty
                                        : Kind::short_history;
    }

    // 1. Own fits of long series; seasonal shapes from those with 13+ months.
    std::vector<OwnFit> fits(count);
    for (size_t i = 0; i < count; ++i)
        if (kinds[i] == Kind::long_history) fits[i] = fit_own(windows[i], as_of, nullptr);
    auto seasonal_mean = [&](auto&& include, std::array<double, 12>& months) {
        int n = 0;
        months.fill(0.0);
        for (size_t i = 0; i < count; ++i) {
            if (kinds[i] != Kind::long_history || !fits[i].model.has_seasonality || !include(i)) continue;
            ++n;
            for (int mo = 0; mo < 12; ++mo) months[size_t(mo)] += fits[i].model.month_effect[size_t(mo)];
        }
        for (double& v : months) v /= std::max(n, 1);
        return n > 0;
    };
    std::array<double, 12> cohort_months{};
    const bool cohort_seasonal = seasonal_mean([](size_t) { return true; }, cohort_months);
    std::vector<std::array<double, 12>> group_months(group_count);
    std::vector<bool> group_seasonal(group_count, false);
    for (uint32_t g = 0; g < group_count; ++g)
        group_seasonal[g] = seasonal_mean([&](size_t i) { return group_of[i] == g; }, group_months[g]);

    // 2. Long series without 13 months refit with their group's (else the cohort's) seasonality as an offset.
    for (size_t i = 0; i < count; ++i) {
        if (kinds[i] != Kind::long_history || fits[i].model.has_seasonality) continue;
        const uint32_t g = group_of[i];
        if (group_seasonal[g]) fits[i] = fit_own(windows[i], as_of, &group_months[g]);
        else if (cohort_seasonal) fits[i] = fit_own(windows[i], as_of, &cohort_months);
    }

    // Future steps: a random walk in log level with the variance per day that the cohort's steps show
    // (the squared sizes of the steps found, over the days observed). Its mean is not corrected: a step
    // is real variation, not estimation error.
    double step_square = 0, step_days = 0;
    for (size_t i = 0; i < count; ++i) {
        if (kinds[i] != Kind::long_history) continue;
        step_square += fits[i].level_shift_size * fits[i].level_shift_size;
        step_days += windows[i].observed;
    }
    const double level_walk_sd = step_days > 0 ? std::sqrt(step_square / step_days) : 0.0;

    // 3. Pooled shapes.
    std::vector<const OwnFit*> all_long;
    std::vector<std::vector<const OwnFit*>> group_long(group_count);
    for (size_t i = 0; i < count; ++i) {
        if (kinds[i] != Kind::long_history) continue;
        all_long.push_back(&fits[i]);
        group_long[group_of[i]].push_back(&fits[i]);
    }
    Shape cohort = pool(all_long, kDefaultLevelSpread);
    std::vector<Shape> groups(group_count);
    for (uint32_t g = 0; g < group_count; ++g) groups[g] = pool(group_long[g], cohort.level_spread);
    // The cohort's level, when no series is long: the mean of the short series' raw levels.
    if (!cohort.has_level) {
        std::vector<double> levels;
        for (size_t i = 0; i < count; ++i) {
            if (kinds[i] != Kind::short_history) continue;
            double level, variance;
            raw_level(windows[i], cohort, level, variance);
            levels.push_back(level);
        }
        double variance = 0;
        mean_variance(levels, cohort.level, variance);
        cohort.has_level = !levels.empty();
        cohort.level_spread = levels.size() >= 3 ? std::max(std::sqrt(variance), kMinLevelSpread) : kDefaultLevelSpread;
        cohort.level_se = cohort.level_spread / std::sqrt(double(std::max<size_t>(levels.size(), 1)));
    }
    // A group without long series takes the cohort's shape and the mean raw level of its short series.
    for (uint32_t g = 0; g < group_count; ++g) {
        if (groups[g].available) continue;
        Shape s = cohort;
        s.available = false;  // marks "borrowed from the cohort"
        std::vector<double> levels;
        double sampling = 0;
        for (size_t i = 0; i < count; ++i) {
            if (group_of[i] != g || kinds[i] != Kind::short_history) continue;
            double level, variance;
            raw_level(windows[i], cohort, level, variance);
            levels.push_back(level);
            sampling += variance;
        }
        if (!levels.empty()) {
            double variance = 0;
            mean_variance(levels, s.level, variance);
            s.level_spread = cohort.level_spread;
            s.level_se = std::sqrt((s.level_spread * s.level_spread + sampling / double(levels.size())) /
                                   double(levels.size()));
            s.has_level = true;
        } else {
            s.has_level = false;
        }
        groups[g] = s;
    }

    // 4. Every series' model.
    FittedDemand fitted;
    fitted.models.resize(count);
    for (size_t i = 0; i < count; ++i) {
        const Window& w = windows[i];
        const Shape& s = groups[group_of[i]];
        switch (kinds[i]) {
        case Kind::dormant:
            fitted.models[i] = dormant_model(as_of, w);
            break;
        case Kind::long_history:
            fitted.models[i] = fits[i].model;
            break;
        case Kind::empty:
        case Kind::short_history: {
            const FitOrigin source = s.available ? FitOrigin::borrowed_group : FitOrigin::borrowed_cohort;
            const double prior_variance = s.level_spread * s.level_spread + s.level_se * s.level_se;
            const double prior_level = s.has_level ? s.level : cohort.level;
            DemandModel m;
            if (w.positive.empty()) {
                m = model_from_shape(s, as_of, source, prior_level, std::sqrt(prior_variance));
            } else {
                double own, own_variance;
                raw_level(w, s, own, own_variance);
                const double precision = 1.0 / own_variance + 1.0 / prior_variance;
                const double level = (own / own_variance + prior_level / prior_variance) / precision;
                m = model_from_shape(s, as_of, source, level, std::sqrt(1.0 / precision));
                const PositiveDay& last = w.positive.back();
                m.ar_state = (last.y - level - shape_effect(s, last)) * power(s.ar, -last.t);
                m.has_state = true;
                m.shock_state_sd = 0;  // the level is read from the recent days: it holds the shock's state
            }
            // The zero share: own, shrunk toward the group's, spread over weekdays as the group's.
            int zeros = 0;
            for (int z : w.zero_by_weekday) zeros += z;
            double group_share = 0;
            for (double p : s.zero_probability) group_share += p / 7.0;
            const double own_share = (zeros + kShortZeroPseudoDays * group_share) / (w.observed + kShortZeroPseudoDays);
            for (int d = 0; d < 7; ++d)
                m.zero_probability[size_t(d)] =
                    group_share > 0 ? std::clamp(s.zero_probability[size_t(d)] * own_share / group_share, 0.0, 0.99)
                                    : own_share;
            m.positive_days = int(w.positive.size());
            m.observed_days = w.observed;
            fitted.models[i] = std::move(m);
            break;
        }
        }
    }

    // 5. New-subscription models: the group's (or cohort's) shape and mean level, plus the level spread.
    auto new_model = [&](const Shape& s, FitOrigin source) {
        DemandModel m = model_from_shape(s, as_of, source, s.has_level ? s.level : cohort.level,
                                         s.has_level ? s.level_se : cohort.level_se);
        m.level_spread = s.level_spread;
        return m;
    };
    for (DemandModel& m : fitted.models)
        if (!m.is_dormant) m.level_walk_sd = level_walk_sd;
    fitted.cohort_model = new_model(cohort, FitOrigin::new_in_cohort);
    fitted.cohort_model.level_walk_sd = level_walk_sd;
    fitted.group_models.reserve(group_count);
    for (uint32_t g = 0; g < group_count; ++g)
        fitted.group_models.push_back(groups[g].has_level ? new_model(groups[g], FitOrigin::new_in_group)
                                                          : fitted.cohort_model);
    for (DemandModel& m : fitted.group_models) m.level_walk_sd = level_walk_sd;
    return fitted;
}

}  // namespace creditsim
