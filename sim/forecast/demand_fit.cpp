// Fitting the daily demand model (docs/FORECAST.md, "Demand model") in stages, one file each:
// the window of every series (demand_window), own fits of the long series (demand_own_fit:
// regression, AR(1) errors, level shift, persistent shock, residual noise), calendar-month effects
// borrowed by long series without 13 months, pooled shapes per group and for the cohort
// (demand_pool), and models that borrow them (demand_borrow).
// Sums run in a fixed order in plain loops and Eigen solves only small (<= 20 x 20) systems, so
// the same build gives the same models bit for bit.

#include "sim/forecast/demand_fit.hpp"

#include <algorithm>
#include <cmath>

#include "model/errors.hpp"
#include "sim/forecast/demand_borrow.hpp"

namespace creditsim {
namespace {

using detail::HistoryKind;
using detail::OwnFit;
using detail::Window;

struct CalendarMonths {
    bool available = false;  ///< some long series of the set fitted its own
    std::array<double, 12> effect{};
};

/// The mean month effects of the own fits with seasonality of their own among `include`d series.
template <typename Include>
CalendarMonths mean_months(const std::vector<OwnFit>& fits, const std::vector<HistoryKind>& kinds, Include&& include) {
    CalendarMonths months;
    int n = 0;
    for (size_t i = 0; i < fits.size(); ++i) {
        if (kinds[i] != HistoryKind::long_history || !fits[i].model.has_seasonality || !include(i)) continue;
        ++n;
        for (int mo = 0; mo < 12; ++mo) months.effect[size_t(mo)] += fits[i].model.month_effect[size_t(mo)];
    }
    for (double& v : months.effect) v /= std::max(n, 1);
    months.available = n > 0;
    return months;
}

/// Own fits of the long series; those without 13 months are refit with their group's (else the
/// cohort's) calendar-month effects as an offset. Other entries stay default.
std::vector<OwnFit> fit_long_series(const std::vector<Window>& windows, const std::vector<HistoryKind>& kinds,
                                    const std::vector<uint32_t>& group_of, uint32_t group_count, Date as_of) {
    const size_t count = windows.size();
    std::vector<OwnFit> fits(count);
    for (size_t i = 0; i < count; ++i)
        if (kinds[i] == HistoryKind::long_history) fits[i] = detail::fit_own(windows[i], as_of, nullptr);
    const CalendarMonths cohort = mean_months(fits, kinds, [](size_t) { return true; });
    std::vector<CalendarMonths> groups(group_count);
    for (uint32_t g = 0; g < group_count; ++g)
        groups[g] = mean_months(fits, kinds, [&](size_t i) { return group_of[i] == g; });
    for (size_t i = 0; i < count; ++i) {
        if (kinds[i] != HistoryKind::long_history || fits[i].model.has_seasonality) continue;
        const CalendarMonths& group = groups[group_of[i]];
        if (group.available) fits[i] = detail::fit_own(windows[i], as_of, &group.effect);
        else if (cohort.available) fits[i] = detail::fit_own(windows[i], as_of, &cohort.effect);
    }
    return fits;
}

/// Future steps: a random walk in log level with the variance per day that the cohort's steps show
/// (the squared sizes of the steps found, over the days observed). Its mean is not corrected: a step
/// is real variation, not estimation error.
double level_walk_sd(const std::vector<Window>& windows, const std::vector<HistoryKind>& kinds,
                     const std::vector<OwnFit>& fits) {
    double step_square = 0, step_days = 0;
    for (size_t i = 0; i < windows.size(); ++i) {
        if (kinds[i] != HistoryKind::long_history) continue;
        step_square += fits[i].level_shift_size * fits[i].level_shift_size;
        step_days += windows[i].observed;
    }
    return step_days > 0 ? std::sqrt(step_square / step_days) : 0.0;
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
    std::vector<Window> windows(count);
    std::vector<HistoryKind> kinds(count);
    for (size_t i = 0; i < count; ++i) {
        windows[i] = detail::make_window(series[i], as_of);
        kinds[i] = detail::classify(windows[i]);
    }
    std::vector<OwnFit> fits = fit_long_series(windows, kinds, group_of, group_count, as_of);
    const double walk_sd = level_walk_sd(windows, kinds, fits);
    const detail::PooledShapes shapes = detail::pool_shapes(windows, kinds, fits, group_of, group_count);

    FittedDemand fitted;
    fitted.models.resize(count);
    for (size_t i = 0; i < count; ++i) {
        switch (kinds[i]) {
        case HistoryKind::dormant: fitted.models[i] = detail::dormant_model(as_of, windows[i]); break;
        case HistoryKind::long_history: fitted.models[i] = std::move(fits[i].model); break;
        case HistoryKind::empty:
        case HistoryKind::short_history:
            fitted.models[i] = detail::borrowed_model(windows[i], shapes.groups[group_of[i]], shapes.cohort, as_of);
            break;
        }
        if (!fitted.models[i].is_dormant) fitted.models[i].level_walk_sd = walk_sd;
    }
    fitted.cohort_model = detail::new_subscription_model(shapes.cohort, shapes.cohort, as_of, FitOrigin::new_in_cohort);
    fitted.cohort_model.level_walk_sd = walk_sd;
    fitted.group_models.reserve(group_count);
    for (uint32_t g = 0; g < group_count; ++g) {
        const detail::Shape& s = shapes.groups[g];
        fitted.group_models.push_back(s.has_level ? detail::new_subscription_model(s, shapes.cohort, as_of, FitOrigin::new_in_group)
                                                  : fitted.cohort_model);
        fitted.group_models.back().level_walk_sd = walk_sd;
    }
    return fitted;
}

}  // namespace creditsim
