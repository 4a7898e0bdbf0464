#include "sim/forecast/demand_design.hpp"

#include <algorithm>
#include <optional>

#include "sim/forecast/demand_level_shift.hpp"

namespace creditsim::detail {
namespace {

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

}  // namespace

Regression build_regression(const Window& w, const std::array<double, 12>* month_offset) {
    const bool seasonal = month_offset == nullptr && w.observed >= kSeasonalMinDays;
    Regression r;
    Design& d = r.design;
    d = make_design(w, seasonal);
    const size_t n = w.positive.size();
    if (d.seasonal && n < d.kind.size() + 20) d = make_design(w, false);
    const int p = int(d.kind.size());

    r.x.resize(Eigen::Index(n), p);
    r.y.resize(Eigen::Index(n));
    std::vector<double> row(static_cast<size_t>(p));
    for (size_t i = 0; i < n; ++i) {
        design_row(d, w.positive[i], row.data());
        for (int c = 0; c < p; ++c) r.x(Eigen::Index(i), c) = row[size_t(c)];
        r.y(Eigen::Index(i)) = w.positive[i].y - (month_offset ? (*month_offset)[size_t(w.positive[i].month)] : 0.0);
    }
    // A step in level gets its own column, so the trend is the slope around it, not across it.
    if (const std::optional<LevelShift> step = find_level_shift(r.x, r.y, w.positive)) {
        d.step_column = p;
        d.step_first = step->first;
        d.kind.push_back(kDemandLevel);
        r.x.conservativeResize(Eigen::NoChange, p + 1);
        for (size_t i = 0; i < n; ++i) r.x(Eigen::Index(i), p) = i >= step->first ? 1.0 : 0.0;
    }
    return r;
}

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

}  // namespace creditsim::detail
