#include "sim/forecast/demand_pool.hpp"

#include <algorithm>
#include <cmath>

#include "sim/forecast/demand_residual_noise.hpp"

namespace creditsim::detail {
namespace {

double parameter_variance(const DemandModel& m, int row) {
    double v = 0;
    for (int c = 0; c < m.parameter_rank; ++c) {
        const double f = m.parameter_factor[size_t(row * m.parameter_rank + c)];
        v += f * f;
    }
    return v;
}

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

/// Innovations: round robin over members from their most recent, so each member counts equally.
std::shared_ptr<const std::vector<double>> interleaved_innovations(const std::vector<const OwnFit*>& members) {
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
    if (pooled.empty()) return nullptr;
    return std::make_shared<const std::vector<double>>(std::move(pooled));
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
    s.innovations = interleaved_innovations(members);
    return s;
}

/// The cohort's level, when no series is long: the mean of the short series' raw levels.
void level_from_short_series(Shape& cohort, const std::vector<Window>& windows, const std::vector<HistoryKind>& kinds) {
    std::vector<double> levels;
    for (size_t i = 0; i < windows.size(); ++i)
        if (kinds[i] == HistoryKind::short_history) levels.push_back(raw_level(windows[i], cohort).level);
    double variance = 0;
    mean_variance(levels, cohort.level, variance);
    cohort.has_level = !levels.empty();
    cohort.level_spread = levels.size() >= 3 ? std::max(std::sqrt(variance), kMinLevelSpread) : kDefaultLevelSpread;
    cohort.level_se = cohort.level_spread / std::sqrt(double(std::max<size_t>(levels.size(), 1)));
}

/// A group without long series: the cohort's shape and the mean raw level of its short series.
Shape borrowed_from_cohort(const Shape& cohort, uint32_t group, const std::vector<Window>& windows,
                           const std::vector<HistoryKind>& kinds, const std::vector<uint32_t>& group_of) {
    Shape s = cohort;
    s.available = false;
    std::vector<double> levels;
    double sampling = 0;
    for (size_t i = 0; i < windows.size(); ++i) {
        if (group_of[i] != group || kinds[i] != HistoryKind::short_history) continue;
        const RawLevel raw = raw_level(windows[i], cohort);
        levels.push_back(raw.level);
        sampling += raw.variance;
    }
    s.has_level = !levels.empty();
    if (s.has_level) {
        double variance = 0;
        mean_variance(levels, s.level, variance);
        s.level_spread = cohort.level_spread;
        s.level_se = std::sqrt((s.level_spread * s.level_spread + sampling / double(levels.size())) /
                               double(levels.size()));
    }
    return s;
}

}  // namespace

PooledShapes pool_shapes(const std::vector<Window>& windows, const std::vector<HistoryKind>& kinds,
                         const std::vector<OwnFit>& fits, const std::vector<uint32_t>& group_of,
                         uint32_t group_count) {
    std::vector<const OwnFit*> all_long;
    std::vector<std::vector<const OwnFit*>> group_long(group_count);
    for (size_t i = 0; i < windows.size(); ++i) {
        if (kinds[i] != HistoryKind::long_history) continue;
        all_long.push_back(&fits[i]);
        group_long[group_of[i]].push_back(&fits[i]);
    }
    PooledShapes shapes;
    shapes.cohort = pool(all_long, kDefaultLevelSpread);
    shapes.groups.resize(group_count);
    for (uint32_t g = 0; g < group_count; ++g) shapes.groups[g] = pool(group_long[g], shapes.cohort.level_spread);
    if (!shapes.cohort.has_level) level_from_short_series(shapes.cohort, windows, kinds);
    for (uint32_t g = 0; g < group_count; ++g)
        if (!shapes.groups[g].available)
            shapes.groups[g] = borrowed_from_cohort(shapes.cohort, g, windows, kinds, group_of);
    return shapes;
}

double shape_effect(const Shape& s, const PositiveDay& p) {
    return s.trend * double(p.t) + s.weekday[size_t(p.weekday)] + (s.has_seasonality ? s.month[size_t(p.month)] : 0.0);
}

RawLevel raw_level(const Window& w, const Shape& s) {
    RawLevel r;
    for (const PositiveDay& p : w.positive) r.level += (p.y - shape_effect(s, p)) / double(w.positive.size());
    const double phi = s.ar;
    const double residual_variance = s.innovation_sd * s.innovation_sd / (1.0 - phi * phi);
    const double n = double(w.positive.size());
    const double effective = std::max(1.0, phi > 0 ? n * (1.0 - phi) / (1.0 + phi) : n);
    r.variance = residual_variance / effective;
    return r;
}

}  // namespace creditsim::detail
