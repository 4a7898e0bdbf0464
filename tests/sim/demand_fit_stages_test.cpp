// The stages of the demand fit, each on its own input and output (sim/forecast/demand_window,
// demand_design, demand_ar_regression, demand_residual_noise, demand_pool): what a history
// counts as, the regression's columns, the AR(1) least squares on a series with known
// parameters, the bootstrap's standardised innovations, and pooling.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/forecast/demand_ar_regression.hpp"
#include "sim/forecast/demand_design.hpp"
#include "sim/forecast/demand_pool.hpp"
#include "sim/forecast/demand_residual_noise.hpp"
#include "sim/forecast/demand_window.hpp"
#include "tests/support/synthetic_demand.hpp"

namespace creditsim::detail {
namespace {

const Date kAsOf = Date::from_ymd(2026, 6, 30);

/// A series ending on kAsOf of `days` days whose first `positive` days (counted from the end) are 100 cents.
DemandSeries series_with(int days, int positive_at_end, int zeros_at_end = 0) {
    DemandSeries s;
    s.first_day = kAsOf.plus_days(1 - days);
    s.cents.assign(size_t(days), 0.0);
    for (int i = 0; i < positive_at_end; ++i) s.cents[size_t(days - 1 - zeros_at_end - i)] = 100.0;
    return s;
}

TEST(DemandFitStages, HistoryKindsAtTheirThresholds) {
    struct Case {
        int days, positive, zeros_at_end;
        HistoryKind kind;
    };
    const Case cases[] = {
        {56, 28, 0, HistoryKind::long_history},   // 28 positive days over 8 weeks
        {56, 27, 0, HistoryKind::short_history},  // one positive day short
        {55, 28, 0, HistoryKind::short_history},  // one observed day short
        {40, 0, 0, HistoryKind::dormant},         // 28+ zero days at the end
        {20, 0, 0, HistoryKind::empty},           // zeros, too few to call dormant
        {100, 40, 28, HistoryKind::dormant},      // positive days, then four weeks without
        {100, 40, 27, HistoryKind::long_history},
    };
    for (const Case& c : cases)
        EXPECT_EQ(classify(make_window(series_with(c.days, c.positive, c.zeros_at_end), kAsOf)), c.kind)
            << c.days << " days, " << c.positive << " positive, " << c.zeros_at_end << " zeros at the end";
}

TEST(DemandFitStages, TheRegressionHasLevelTrendAndOneDummyPerWeekdayButTheFirst) {
    // A late start of 200 days: its first kRampDays (the migration in) are left out.
    const Window w = make_window(series_with(200, 200), kAsOf);
    const Regression r = build_regression(w, nullptr);
    const int n = 200 - kRampDays;
    ASSERT_EQ(r.x.rows(), n);
    ASSERT_EQ(r.x.cols(), 8) << "level, trend, 6 weekday dummies: under 13 months, no month columns";
    EXPECT_FALSE(r.design.seasonal);
    EXPECT_EQ(r.design.step_column, -1) << "a flat series has no level shift";
    EXPECT_EQ(r.x(n - 1, 0), 1.0);
    EXPECT_EQ(r.x(n - 1, 1), 0.0) << "the trend counts days from as_of";
    EXPECT_DOUBLE_EQ(r.x(0, 1), -(n - 1) / kTrendScale);
    EXPECT_DOUBLE_EQ(r.y(0), std::log(100.0));
    // Each row has exactly one weekday dummy set, except the baseline weekday's rows.
    int baseline_rows = 0;
    for (int i = 0; i < n; ++i) {
        double dummies = 0;
        for (int c = 2; c < 8; ++c) dummies += r.x(i, c);
        EXPECT_TRUE(dummies == 0.0 || dummies == 1.0) << i;
        baseline_rows += dummies == 0.0;
    }
    EXPECT_TRUE(baseline_rows == n / 7 || baseline_rows == n / 7 + 1) << baseline_rows;
    // The centring map sends the level column to the level and the trend column to trend per day.
    const Eigen::MatrixXd a = centring_map(r.design);
    EXPECT_EQ(a.rows(), kDemandParameterCount);
    EXPECT_EQ(a(kDemandLevel, 0), 1.0);
    EXPECT_DOUBLE_EQ(a(kDemandTrend, 1), 1.0 / kTrendScale);
}

TEST(DemandFitStages, ThirteenMonthsAddMonthColumnsAndABorrowedSeasonIsSubtracted) {
    // Longer than the fit window: no late start, 731 days observed.
    const Window w = make_window(series_with(800, 800), kAsOf);
    ASSERT_GE(w.observed, kSeasonalMinDays);
    EXPECT_EQ(build_regression(w, nullptr).x.cols(), 8 + 11) << "11 month dummies beside the baseline month";
    std::array<double, 12> offset{};
    offset.fill(0.25);
    const Regression borrowed = build_regression(w, &offset);
    EXPECT_EQ(borrowed.x.cols(), 8) << "a borrowed season is an offset, not columns";
    EXPECT_DOUBLE_EQ(borrowed.y(0), std::log(100.0) - 0.25);
}

TEST(DemandFitStages, ArRegressionRecoversLevelTrendAndPhi) {
    testing::SyntheticDemand p;
    p.first_day = kAsOf.plus_days(-699);
    p.days = 700;
    p.reference_day = kAsOf;
    p.level = std::log(20000.0);
    p.trend = 0.3 / 365.0;
    p.ar = 0.6;
    p.sigma = 0.2;
    const Window w = make_window(testing::make_synthetic_demand(p, 11), kAsOf);
    const Regression r = build_regression(w, nullptr);
    const ArRegression fit = fit_ar_regression(r, w.positive);
    EXPECT_NEAR(fit.phi, 0.6, 0.08);
    EXPECT_NEAR(fit.innovation_sd, 0.2, 0.02);
    // No weekday effect was drawn: the level column alone is the level on as_of.
    EXPECT_NEAR(fit.beta(0), p.level, 0.15);
    EXPECT_NEAR(fit.beta(1) / kTrendScale, p.trend, 0.4 / 365.0);
    EXPECT_EQ(fit.residuals.size(), w.positive.size());
    EXPECT_EQ(fit.innovations.size(), w.positive.size());
    // The factor inverts the normal equations: L^{-T} is upper triangular with a positive diagonal.
    for (int c = 0; c < fit.inverse_cholesky_t.cols(); ++c) {
        EXPECT_GT(fit.inverse_cholesky_t(c, c), 0.0);
        for (int row = c + 1; row < fit.inverse_cholesky_t.rows(); ++row) EXPECT_EQ(fit.inverse_cholesky_t(row, c), 0.0);
    }
}

TEST(DemandFitStages, StandardisedInnovationsAreCentredUnitAndTheMostRecent) {
    std::vector<double> u;
    for (int i = 0; i < 600; ++i) u.push_back(double(i % 7) - 1.0);
    const StandardisedInnovations z = standardise_innovations(u);
    EXPECT_TRUE(z.has_spread);
    ASSERT_EQ(z.values.size(), kMaxInnovations);
    // The kept values are the last 512, in order: value 600 - 512 = 88 first (88 % 7 = 4).
    EXPECT_LT(z.values[0], z.values[1]) << "u[88] = 3, u[89] = 4";
    EXPECT_GT(z.values[2], z.values[3]) << "u[90] = 5, u[91] = -1";
    double mean = 0;
    for (double v : u) mean += v;
    mean /= 600.0;
    double ss = 0;
    for (double v : u) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / 600.0);
    EXPECT_DOUBLE_EQ(z.values.front(), (u[88] - mean) / sd);
    EXPECT_DOUBLE_EQ(z.values.back(), (u[599] - mean) / sd);

    const StandardisedInnovations flat = standardise_innovations(std::vector<double>(10, 0.5));
    EXPECT_FALSE(flat.has_spread);
    EXPECT_EQ(flat.values, std::vector<double>(10, 0.0));
}

TEST(DemandFitStages, IntegerPower) {
    EXPECT_EQ(integer_power(0.5, 0), 1.0);
    EXPECT_EQ(integer_power(0.5, 3), 0.125);
    EXPECT_EQ(integer_power(-2.0, 3), -8.0);
    EXPECT_EQ(integer_power(0.0, 5), 0.0);
    EXPECT_EQ(integer_power(3.0, -1), 1.0) << "a negative exponent is no step at all";
}

TEST(DemandFitStages, PoolingWithoutLongSeriesTakesTheShortSeriesLevels) {
    // Two groups: group 0 with two short series of 100 and 400 cents, group 1 with none.
    std::vector<Window> windows;
    for (double cents : {100.0, 400.0}) {
        DemandSeries s = series_with(20, 10);
        for (double& c : s.cents)
            if (c > 0) c = cents;
        windows.push_back(make_window(s, kAsOf));
    }
    const std::vector<HistoryKind> kinds(2, HistoryKind::short_history);
    const std::vector<OwnFit> fits(2);
    const PooledShapes shapes = pool_shapes(windows, kinds, fits, {0, 0}, 2);
    EXPECT_FALSE(shapes.cohort.available) << "no own fit to pool";
    EXPECT_TRUE(shapes.cohort.has_level);
    EXPECT_NEAR(shapes.cohort.level, std::log(200.0), 1e-12) << "the mean of log 100 and log 400";
    ASSERT_EQ(shapes.groups.size(), 2u);
    EXPECT_TRUE(shapes.groups[0].has_level);
    EXPECT_NEAR(shapes.groups[0].level, std::log(200.0), 1e-12);
    EXPECT_FALSE(shapes.groups[1].has_level) << "a group without series has no level of its own";
    EXPECT_EQ(shapes.groups[1].innovation_sd, kDefaultInnovationSd);
}

}  // namespace
}  // namespace creditsim::detail
