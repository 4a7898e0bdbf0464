// The demand model behind `creditsim forecast` (sim/forecast/demand_fit.hpp, sim/forecast/demand_path.hpp): parameter
// recovery on synthetic series with known parameters, calibration of monthly-total intervals, accuracy
// against the naive forecast, pooling of short histories, dormancy, the mean correction, and
// reproducibility. The figures these tests measure are recorded in docs/FORECAST.md.
#include "sim/forecast/demand_fit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "sim/forecast/demand_path.hpp"
#include "sim/support/random_stream.hpp"
#include "tests/support/synthetic_demand.hpp"

namespace creditsim {
namespace {

using testing::make_synthetic_demand;
using testing::month_sine;
using testing::SyntheticDemand;
using testing::weekend_dip;

constexpr uint64_t kPathSeed = 20240501;

/// The series cut to its days up to and including as_of.
DemandSeries history_of(const DemandSeries& s, Date as_of) {
    DemandSeries h = s;
    h.cents.resize(size_t(std::max<int32_t>(as_of - s.first_day + 1, 0)));
    return h;
}

/// Sum of cents over the calendar month starting at month_first, from a series or a path starting at `start`.
template <class T>
double month_total(const std::vector<T>& values, Date start, Date month_first) {
    double total = 0;
    const Date next = add_months(month_first, 1);
    for (Date d = month_first; d < next; d = d.plus_days(1)) {
        const int32_t i = d - start;
        if (i >= 0 && i < int32_t(values.size())) total += double(values[size_t(i)]);
    }
    return total;
}

double expected_month_total(const DemandModel& m, Date month_first) {
    double total = 0;
    for (Date d = month_first; d < add_months(month_first, 1); d = d.plus_days(1)) total += expected_demand(m, d);
    return total;
}

/// Linear-interpolation quantile of sorted values.
double quantile(const std::vector<double>& sorted, double q) {
    const double at = q * double(sorted.size() - 1);
    const size_t below = size_t(at);
    const size_t above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (at - double(below)) * (sorted[above] - sorted[below]);
}

FittedDemand fit_one(const DemandSeries& s, Date as_of) { return fit_demand({s}, {0}, 1, as_of); }

// ---------------------------------------------------------------------------------------------
// Parameter recovery: each row a known model, several seeds; the worst error over the seeds must
// stay within the row's tolerance.

struct RecoveryRow {
    const char* why;
    SyntheticDemand truth;
    int history_days;
    int as_of_day_of_month;  ///< 0: the month's last day
    double level_tolerance, trend_tolerance, weekday_tolerance, month_tolerance, zero_tolerance, ar_tolerance;
};

SyntheticDemand base_truth() {
    SyntheticDemand p;
    p.level = std::log(5000.0);
    p.weekday_effect = weekend_dip(1.0);
    p.sigma = 0.15;
    return p;
}

std::vector<RecoveryRow> recovery_rows() {
    // Tolerances are about three standard errors of each estimate for the row's noise and length, so a
    // row fails on a biased estimator, not on bad luck (the worst of six seeds and seven weekdays counts).
    std::vector<RecoveryRow> rows;
    auto row = [&](const char* why, int history_days, int as_of_day, auto&& change) {
        RecoveryRow r{why, base_truth(), history_days, as_of_day, 0.05, 0.0001, 0.05, 0.08, 0.04, 0.1};
        change(r);
        rows.push_back(r);
    };
    row("flat level and a weekend dip, two years", 730, 0, [](RecoveryRow&) {});
    row("trend +3%/month", 730, 0, [](RecoveryRow& r) { r.truth.trend = 0.001; });
    row("trend -2%/month, one year, as_of mid-month", 365, 15, [](RecoveryRow& r) {
        r.truth.trend = -0.00067;
        r.trend_tolerance = 0.0002;
        r.weekday_tolerance = 0.07;  // 52 days per weekday
        r.ar_tolerance = 0.15;       // 364 pairs
    });
    row("seasonality with 24 months", 730, 0, [](RecoveryRow& r) { r.truth.month_effect = month_sine(0.3, 2); });
    row("seasonality and trend with 24 months", 730, 0, [](RecoveryRow& r) {
        r.truth.month_effect = month_sine(0.25, 5);
        r.truth.trend = 0.0005;
    });
    row("30% zero days", 730, 0, [](RecoveryRow& r) {
        r.truth.zero_share = 0.3;
        r.ar_tolerance = 0.15;  // about 360 consecutive positive pairs
    });
    row("AR(1) 0.6", 730, 0, [](RecoveryRow& r) {
        r.truth.ar = 0.6;
        r.truth.sigma = 0.1;
        r.trend_tolerance = 0.0002;
    });
    row("AR(1) 0.3, 20% zero days, seasonality", 730, 0, [](RecoveryRow& r) {
        r.truth.ar = 0.3;
        r.truth.zero_share = 0.2;
        r.truth.month_effect = month_sine(0.2, 0);
        r.trend_tolerance = 0.0002;
        r.ar_tolerance = 0.15;
    });
    return rows;
}

TEST(DemandFit, RecoversKnownParameters) {
    constexpr int kSeeds = 6;
    for (const RecoveryRow& row : recovery_rows()) {
        double worst_level = 0, worst_trend = 0, worst_weekday = 0, worst_month = 0, worst_zero = 0, worst_ar = 0;
        for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
            const Date as_of = row.as_of_day_of_month == 0 ? Date::from_ymd(2024, 12, 31)
                                                           : Date::from_ymd(2024, 12, row.as_of_day_of_month);
            SyntheticDemand p = row.truth;
            p.first_day = as_of.plus_days(1 - row.history_days);
            p.days = row.history_days;
            p.reference_day = as_of;
            const FittedDemand fitted = fit_one(make_synthetic_demand(p, seed), as_of);
            const DemandModel& m = fitted.models[0];
            ASSERT_EQ(m.source, FitOrigin::own) << row.why;
            worst_level = std::max(worst_level, std::fabs(m.level - p.level));
            worst_trend = std::max(worst_trend, std::fabs(m.trend - p.trend));
            for (int d = 0; d < 7; ++d)
                worst_weekday = std::max(worst_weekday, std::fabs(m.weekday_effect[size_t(d)] - p.weekday_effect[size_t(d)]));
            if (row.history_days >= 396) {
                EXPECT_TRUE(m.has_seasonality) << row.why;
                for (int mo = 0; mo < 12; ++mo)
                    worst_month = std::max(worst_month, std::fabs(m.month_effect[size_t(mo)] - p.month_effect[size_t(mo)]));
            }
            double zero = 0;
            for (double z : m.zero_probability) zero += z / 7.0;
            worst_zero = std::max(worst_zero, std::fabs(zero - p.zero_share));
            worst_ar = std::max(worst_ar, std::fabs(m.ar_coefficient - p.ar));
        }
        std::printf("[recovery] %-55s level %.3f trend %.5f weekday %.3f month %.3f zero %.3f ar %.3f\n", row.why,
                    worst_level, worst_trend, worst_weekday, worst_month, worst_zero, worst_ar);
        EXPECT_LE(worst_level, row.level_tolerance) << row.why;
        EXPECT_LE(worst_trend, row.trend_tolerance) << row.why;
        EXPECT_LE(worst_weekday, row.weekday_tolerance) << row.why;
        EXPECT_LE(worst_month, row.month_tolerance) << row.why;
        EXPECT_LE(worst_zero, row.zero_tolerance) << row.why;
        EXPECT_LE(worst_ar, row.ar_tolerance) << row.why;
    }
}

// ---------------------------------------------------------------------------------------------
// Calibration and accuracy on a population of synthetic series with varied parameters.

struct Population {
    std::vector<SyntheticDemand> truths;
    std::vector<DemandSeries> full;     ///< history and the future
    std::vector<DemandSeries> history;  ///< up to as_of
};

/// n series, history_days each up to as_of then future_days; parameters drawn from `seed`.
Population make_population(int n, Date as_of, int history_days, int future_days, uint32_t seed, bool strong) {
    Population pop;
    RandomStream draw(seed, 0, 0, Purpose::forecast_parameters);
    for (int i = 0; i < n; ++i) {
        SyntheticDemand p;
        p.first_day = as_of.plus_days(1 - history_days);
        p.days = history_days + future_days;
        p.reference_day = as_of;
        p.level = std::log(500.0) + 4.0 * draw.uniform();
        p.trend = (strong ? 0.0015 : 0.0008) * (2.0 * draw.uniform() - 1.0);
        p.weekday_effect = weekend_dip(draw.uniform());
        if (strong || draw.uniform() < 0.5) p.month_effect = month_sine((strong ? 0.25 : 0.1) + 0.2 * draw.uniform(), int(draw.below(12)));
        p.zero_share = 0.3 * draw.uniform();
        p.sigma = 0.15 + 0.35 * draw.uniform();
        p.ar = 0.7 * draw.uniform();
        pop.truths.push_back(p);
        pop.full.push_back(make_synthetic_demand(p, 1000 + uint32_t(i)));
        pop.history.push_back(history_of(pop.full.back(), as_of));
    }
    return pop;
}

TEST(DemandFit, MonthlyTotalIntervalsCoverAboutEightyPercent) {
    constexpr int kSeries = 200, kPaths = 100, kMonths = 6;
    const Date as_of = Date::from_ymd(2024, 6, 30);
    const Date forecast_start = as_of.plus_days(1);
    const int horizon = add_months(forecast_start, kMonths) - forecast_start;
    const Population pop = make_population(kSeries, as_of, 540, horizon, 11, false);
    const FittedDemand fitted = fit_demand(pop.history, std::vector<uint32_t>(kSeries, 0), 1, as_of);

    std::vector<int> covered(kMonths, 0), below(kMonths, 0);
    std::vector<int64_t> path;
    for (int i = 0; i < kSeries; ++i) {
        std::vector<std::vector<double>> totals(kMonths);
        for (int r = 0; r < kPaths; ++r) {
            RandomStream stream(kPathSeed, uint32_t(r), uint32_t(i), Purpose::forecast_noise);
            sample_demand_path(fitted.models[size_t(i)], forecast_start, horizon, stream, path);
            for (int k = 0; k < kMonths; ++k) totals[size_t(k)].push_back(month_total(path, forecast_start, add_months(forecast_start, k)));
        }
        for (int k = 0; k < kMonths; ++k) {
            std::sort(totals[size_t(k)].begin(), totals[size_t(k)].end());
            const Date month = add_months(forecast_start, k);
            const double actual = month_total(pop.full[size_t(i)].cents, pop.full[size_t(i)].first_day, month);
            const double p10 = quantile(totals[size_t(k)], 0.1), p90 = quantile(totals[size_t(k)], 0.9);
            covered[size_t(k)] += actual >= p10 && actual <= p90;
            below[size_t(k)] += actual < p10;
        }
    }
    const int all = std::accumulate(covered.begin(), covered.end(), 0);
    const int all_below = std::accumulate(below.begin(), below.end(), 0);
    const double coverage = double(all) / (kSeries * kMonths);
    std::printf("[coverage] p10-p90 of monthly totals: %.3f overall (below p10 %.3f); by month:", coverage,
                double(all_below) / (kSeries * kMonths));
    for (int k = 0; k < kMonths; ++k) std::printf(" %.3f", double(covered[size_t(k)]) / kSeries);
    std::printf("\n");
    EXPECT_GE(coverage, 0.72);
    EXPECT_LE(coverage, 0.88);
    for (int k = 0; k < kMonths; ++k) EXPECT_GE(double(covered[size_t(k)]) / kSeries, 0.65) << "month " << k + 1;
}

TEST(DemandFit, MeanForecastBeatsNaiveLastMonthOnMase) {
    constexpr int kSeries = 100, kMonths = 6;
    const Date as_of = Date::from_ymd(2024, 9, 30);
    const Date forecast_start = as_of.plus_days(1);
    const int horizon = add_months(forecast_start, kMonths) - forecast_start;
    const Population pop = make_population(kSeries, as_of, 730, horizon, 23, true);
    const FittedDemand fitted = fit_demand(pop.history, std::vector<uint32_t>(kSeries, 0), 1, as_of);

    double mase_model = 0, mase_naive = 0;
    for (int i = 0; i < kSeries; ++i) {
        const DemandSeries& s = pop.full[size_t(i)];
        // In-sample scale: mean absolute month-to-month change of the history's full months.
        std::vector<double> history_months;
        for (Date m = first_of_month(s.first_day.plus_days(31)); add_months(m, 1) <= forecast_start; m = add_months(m, 1))
            history_months.push_back(month_total(s.cents, s.first_day, m));
        double scale = 0;
        for (size_t k = 1; k < history_months.size(); ++k) scale += std::fabs(history_months[k] - history_months[k - 1]);
        scale /= double(history_months.size() - 1);
        const double naive = history_months.back();
        double error_model = 0, error_naive = 0;
        for (int k = 0; k < kMonths; ++k) {
            const Date month = add_months(forecast_start, k);
            const double actual = month_total(s.cents, s.first_day, month);
            error_model += std::fabs(expected_month_total(fitted.models[size_t(i)], month) - actual) / kMonths;
            error_naive += std::fabs(naive - actual) / kMonths;
        }
        mase_model += error_model / scale / kSeries;
        mase_naive += error_naive / scale / kSeries;
    }
    std::printf("[mase] monthly totals, 6 months ahead, 100 series with trend and seasonality: model %.3f naive %.3f\n",
                mase_model, mase_naive);
    EXPECT_LT(mase_model, 0.8 * mase_naive);
}

TEST(DemandFit, PathMeanMatchesExpectedDemand) {
    // The mean correction: averaged paths reproduce expected_demand on the cents scale, for an own
    // fit (coefficient draw, bootstrap, AR state, zero days) and a new subscription (level spread).
    const Date as_of = Date::from_ymd(2024, 3, 31);
    SyntheticDemand p = base_truth();
    p.first_day = as_of.plus_days(-399);
    p.days = 400;
    p.reference_day = as_of;
    p.trend = 0.001;
    p.ar = 0.6;
    p.sigma = 0.35;
    p.zero_share = 0.2;
    const FittedDemand fitted = fit_demand({make_synthetic_demand(p, 5)}, {0}, 2, as_of);
    constexpr int kPaths = 3000;
    const Date from = as_of.plus_days(1);
    const std::vector<std::pair<const char*, const DemandModel*>> cases = {
        {"own fit", &fitted.models[0]}, {"new subscription of the group", &fitted.group_models[0]}};
    for (const auto& [why, model] : cases) {
        std::vector<double> sums(3, 0.0);
        std::vector<int64_t> path;
        for (int r = 0; r < kPaths; ++r) {
            RandomStream stream(kPathSeed, uint32_t(r), 0, Purpose::forecast_noise);
            sample_demand_path(*model, from, 91, stream, path);
            for (int k = 0; k < 3; ++k) sums[size_t(k)] += month_total(path, from, add_months(from, k)) / kPaths;
        }
        for (int k = 0; k < 3; ++k) {
            const double expected = expected_month_total(*model, add_months(from, k));
            std::printf("[mean] %-30s month %d: paths %.0f expected %.0f (%.2f%%)\n", why, k + 1, sums[size_t(k)], expected,
                        100.0 * (sums[size_t(k)] / expected - 1.0));
            EXPECT_NEAR(sums[size_t(k)] / expected, 1.0, model->level_spread > 0 ? 0.06 : 0.025) << why << " month " << k + 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pooling, dormancy, new subscriptions.

TEST(DemandFit, ShortSeriesBorrowsGroupShapeAndKeepsItsOwnLevel) {
    const Date as_of = Date::from_ymd(2024, 5, 31);
    std::vector<DemandSeries> series;
    std::vector<uint32_t> group_of;
    const std::array<double, 7> shape = weekend_dip(1.2);
    const double group_levels[] = {-0.8, -0.4, 0.0, 0.4, 0.8, 1.2};
    for (int i = 0; i < 6; ++i) {  // group 0: six long series with one weekday shape and spread levels
        SyntheticDemand p = base_truth();
        p.first_day = as_of.plus_days(-364);
        p.days = 365;
        p.reference_day = as_of;
        p.weekday_effect = shape;
        p.level = std::log(5000.0) + group_levels[i];
        series.push_back(make_synthetic_demand(p, 40 + uint32_t(i)));
        group_of.push_back(0);
    }
    SyntheticDemand short_truth = base_truth();  // 10 days, four times the group's typical level
    short_truth.first_day = as_of.plus_days(-9);
    short_truth.days = 10;
    short_truth.reference_day = as_of;
    short_truth.weekday_effect = shape;
    short_truth.level = std::log(20000.0);
    series.push_back(make_synthetic_demand(short_truth, 50));
    group_of.push_back(0);
    // Group 1: one short series only (borrows the cohort's shape). Group 2: nothing at all.
    SyntheticDemand lone = short_truth;
    lone.level = std::log(800.0);
    series.push_back(make_synthetic_demand(lone, 51));
    group_of.push_back(1);
    // A dormant series in group 0: 90 days of demand, then 30 zero days.
    SyntheticDemand fading = base_truth();
    fading.first_day = as_of.plus_days(-119);
    fading.days = 120;
    fading.reference_day = as_of;
    DemandSeries dormant = make_synthetic_demand(fading, 52);
    std::fill(dormant.cents.end() - 30, dormant.cents.end(), 0.0);
    series.push_back(dormant);
    group_of.push_back(0);
    // A subscription whose history starts after as_of: no observation at all.
    series.push_back(DemandSeries{as_of.plus_days(10), std::vector<double>(20, 100.0)});
    group_of.push_back(0);

    const FittedDemand fitted = fit_demand(series, group_of, 3, as_of);
    ASSERT_EQ(fitted.models.size(), series.size());
    ASSERT_EQ(fitted.group_models.size(), 3u);

    const DemandModel& short_model = fitted.models[6];
    EXPECT_EQ(short_model.source, FitOrigin::borrowed_group);
    for (int d = 0; d < 7; ++d) EXPECT_NEAR(short_model.weekday_effect[size_t(d)], shape[size_t(d)], 0.05) << "weekday " << d;
    EXPECT_NEAR(short_model.level, short_truth.level, 0.2);
    const double group_level = fitted.group_models[0].level;
    EXPECT_NEAR(group_level, std::log(5000.0) + 0.2, 0.15);
    EXPECT_GT(short_model.level - group_level, 0.9) << "the level is its own, not the group's";
    EXPECT_TRUE(short_model.has_state);
    std::printf("[pooling] 10-day series: level %.3f (own true %.3f, group %.3f)\n", short_model.level, short_truth.level,
                group_level);

    const DemandModel& lone_model = fitted.models[7];
    EXPECT_EQ(lone_model.source, FitOrigin::borrowed_cohort);
    EXPECT_NEAR(lone_model.level, lone.level, 0.2);
    for (int d = 0; d < 7; ++d) EXPECT_NEAR(lone_model.weekday_effect[size_t(d)], shape[size_t(d)], 0.05);

    const DemandModel& dormant_model = fitted.models[8];
    EXPECT_TRUE(dormant_model.is_dormant);
    EXPECT_EQ(expected_demand(dormant_model, as_of.plus_days(5)), 0.0);
    std::vector<int64_t> path;
    RandomStream stream(kPathSeed, 0, 8, Purpose::forecast_noise);
    sample_demand_path(dormant_model, as_of.plus_days(1), 60, stream, path);
    EXPECT_EQ(path, std::vector<int64_t>(60, 0));

    const DemandModel& unseen = fitted.models[9];
    EXPECT_EQ(unseen.source, FitOrigin::borrowed_group);
    EXPECT_FALSE(unseen.has_state);
    EXPECT_NEAR(unseen.level, group_level, 1e-12);

    // A new-subscription model for every group, never dormant, with a positive expected demand.
    EXPECT_EQ(fitted.group_models[0].source, FitOrigin::new_in_group);
    EXPECT_GT(fitted.group_models[0].level_spread, 0.25);
    EXPECT_EQ(fitted.group_models[1].source, FitOrigin::new_in_group);
    EXPECT_NEAR(fitted.group_models[1].level, lone.level, 0.2) << "group 1's only series sets its level";
    EXPECT_EQ(fitted.group_models[2].source, FitOrigin::new_in_cohort);
    for (const DemandModel* m : {&fitted.group_models[0], &fitted.group_models[1], &fitted.group_models[2], &fitted.cohort_model}) {
        EXPECT_FALSE(m->is_dormant);
        EXPECT_GT(expected_demand(*m, as_of.plus_days(30)), 0.0);
        RandomStream s(kPathSeed, 0, 99, Purpose::forecast_noise);
        sample_demand_path(*m, as_of.plus_days(1), 30, s, path);
        EXPECT_GT(std::accumulate(path.begin(), path.end(), int64_t(0)), 0);
    }
}

TEST(DemandFit, DormancyNeedsTwentyEightZeroDaysAtTheEnd) {
    const Date as_of = Date::from_ymd(2024, 5, 31);
    struct Row { const char* why; int zero_tail; bool dormant; };
    const Row rows[] = {
        {"27 zero days: still active", 27, false},
        {"28 zero days: dormant", 28, true},
        {"60 zero days: dormant", 60, true},
    };
    for (const Row& row : rows) {
        SyntheticDemand p = base_truth();
        p.first_day = as_of.plus_days(-179);
        p.days = 180;
        p.reference_day = as_of;
        DemandSeries s = make_synthetic_demand(p, 3);
        std::fill(s.cents.end() - row.zero_tail, s.cents.end(), 0.0);
        EXPECT_EQ(fit_one(s, as_of).models[0].is_dormant, row.dormant) << row.why;
    }
    // Days after as_of are ignored: zeros later do not make a series dormant.
    SyntheticDemand p = base_truth();
    p.first_day = as_of.plus_days(-179);
    p.days = 240;
    p.reference_day = as_of;
    DemandSeries s = make_synthetic_demand(p, 4);
    std::fill(s.cents.end() - 60, s.cents.end(), 0.0);
    EXPECT_FALSE(fit_one(s, as_of).models[0].is_dormant);
}

TEST(DemandFit, ConstantDemandForecastsThatConstant) {
    // A fixed daily charge (a reservation) has no noise: no spread, no drift, no zero days.
    const Date as_of = Date::from_ymd(2024, 5, 31);
    const DemandModel m = fit_one(DemandSeries{as_of.plus_days(-99), std::vector<double>(100, 1234.0)}, as_of).models[0];
    EXPECT_EQ(m.source, FitOrigin::own);
    EXPECT_NEAR(expected_demand(m, as_of.plus_days(40)), 1234.0, 0.01);
    std::vector<int64_t> path;
    RandomStream stream(kPathSeed, 0, 0, Purpose::forecast_noise);
    sample_demand_path(m, as_of.plus_days(1), 90, stream, path);
    EXPECT_EQ(path, std::vector<int64_t>(90, 1234));
}

TEST(DemandFit, LaterDaysDoNotChangeTheFit) {
    const Date as_of = Date::from_ymd(2024, 5, 15);
    SyntheticDemand p = base_truth();
    p.first_day = as_of.plus_days(-199);
    p.days = 260;
    p.reference_day = as_of;
    const DemandSeries full = make_synthetic_demand(p, 9);
    const DemandModel a = fit_one(full, as_of).models[0];
    const DemandModel b = fit_one(history_of(full, as_of), as_of).models[0];
    EXPECT_EQ(a.level, b.level);
    EXPECT_EQ(a.trend, b.trend);
    EXPECT_EQ(a.ar_state, b.ar_state);
    EXPECT_EQ(a.parameter_factor, b.parameter_factor);
}

// ---------------------------------------------------------------------------------------------
// Reproducibility.

TEST(DemandFit, SameStreamSamePathDifferentStreamsDiffer) {
    const Date as_of = Date::from_ymd(2024, 5, 31);
    SyntheticDemand p = base_truth();
    p.first_day = as_of.plus_days(-299);
    p.days = 300;
    p.reference_day = as_of;
    p.ar = 0.4;
    p.zero_share = 0.1;
    const FittedDemand fitted = fit_one(make_synthetic_demand(p, 8), as_of);
    auto path_of = [&](RandomStream stream) {
        std::vector<int64_t> out;
        sample_demand_path(fitted.models[0], as_of.plus_days(1), 120, stream, out);
        return out;
    };
    const std::vector<int64_t> base = path_of(RandomStream(kPathSeed, 3, 17, Purpose::forecast_noise));
    ASSERT_EQ(base.size(), 120u);
    EXPECT_EQ(base, path_of(RandomStream(kPathSeed, 3, 17, Purpose::forecast_noise)));
    EXPECT_GT(std::count_if(base.begin(), base.end(), [](int64_t c) { return c > 0; }), 80);
    EXPECT_NE(base, path_of(RandomStream(kPathSeed, 4, 17, Purpose::forecast_noise))) << "another replication";
    EXPECT_NE(base, path_of(RandomStream(kPathSeed, 3, 18, Purpose::forecast_noise))) << "another subscription";
    EXPECT_NE(base, path_of(RandomStream(kPathSeed + 1, 3, 17, Purpose::forecast_noise))) << "another seed";
    // Refitting gives the same model, hence the same path.
    const FittedDemand again = fit_one(make_synthetic_demand(p, 8), as_of);
    std::vector<int64_t> out;
    RandomStream stream(kPathSeed, 3, 17, Purpose::forecast_noise);
    sample_demand_path(again.models[0], as_of.plus_days(1), 120, stream, out);
    EXPECT_EQ(base, out);
}

}  // namespace
}  // namespace creditsim
