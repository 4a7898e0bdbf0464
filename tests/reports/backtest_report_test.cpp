// Backtest scores computed by hand.
#include <gtest/gtest.h>

#include "reports/backtest_report.hpp"

namespace creditsim {
namespace {

// Every metric gets the same actual series and the same forecast.
std::vector<std::vector<int64_t>> same_for_all(const std::vector<int64_t>& values) {
    return std::vector<std::vector<int64_t>>(kForecastMetricCount, values);
}

std::vector<std::vector<MonthOutlook>> forecast_of(const std::vector<double>& means, double half_width) {
    std::vector<MonthOutlook> months;
    for (size_t k = 0; k < means.size(); ++k) {
        MonthOutlook m;
        m.month_key = 100 + int(k);
        m.mean = m.p50 = means[k];
        m.p10 = means[k] - half_width;
        m.p90 = means[k] + half_width;
        months.push_back(m);
    }
    return std::vector<std::vector<MonthOutlook>>(kForecastMetricCount, months);
}

TEST(ScoreBacktest, MaeNaiveMaseAndCoverage) {
    // Fit months 100..103: 10, 20, 20, 30 (one-step changes 10, 0, 10: scale 20/3).
    // Holdout 104, 105: actual 40, 50; forecast means 35 and 50 with p10..p90 = mean -/+ 4.
    const auto actual = same_for_all({10, 20, 20, 30, 40, 50});
    const auto forecast = forecast_of({10, 20, 20, 30, 35, 50}, 4);
    const Backtest b = score_backtest(actual, forecast, 100, 103, 2, 100);
    ASSERT_EQ(b.scores.size(), size_t(kForecastMetricCount * 3));  // all months, then each of the 2
    const BacktestScore& s = b.scores.front();
    EXPECT_EQ(s.months, 2);
    EXPECT_DOUBLE_EQ(s.mae, 2.5);         // (5 + 0) / 2
    EXPECT_DOUBLE_EQ(s.mae_naive, 15);    // 30 repeated: (10 + 20) / 2
    EXPECT_FALSE(s.mae_seasonal_naive);   // 4 fitted months: no year before
    ASSERT_TRUE(s.mase);
    EXPECT_DOUBLE_EQ(*s.mase, 2.5 / (20.0 / 3));
    EXPECT_FALSE(s.mase_seasonal);
    EXPECT_DOUBLE_EQ(s.coverage, 0.5);    // 40 is outside 31..39, 50 inside 46..54
    ASSERT_EQ(b.months.size(), size_t(2 * kForecastMetricCount));
    EXPECT_EQ(b.months[0].month_key, 104);
    EXPECT_EQ(b.months[0].naive, 30);
    EXPECT_EQ(b.months[kForecastMetricCount].month_key, 105);
}

TEST(ScoreBacktest, EachHorizonMonthIsScoredAlone) {
    // As above: month 104 (horizon 1) misses by 5 outside its band, month 105 (horizon 2) is exact.
    const Backtest b = score_backtest(same_for_all({10, 20, 20, 30, 40, 50}), forecast_of({10, 20, 20, 30, 35, 50}, 4),
                                      100, 103, 2, 100);
    const BacktestScore& first = b.scores[1];
    const BacktestScore& second = b.scores[2];
    EXPECT_EQ(b.scores[0].horizon, 0);
    EXPECT_EQ(first.horizon, 1);
    EXPECT_EQ(first.months, 1);
    EXPECT_DOUBLE_EQ(first.mae, 5);
    EXPECT_DOUBLE_EQ(first.mae_naive, 10);
    EXPECT_DOUBLE_EQ(first.coverage, 0);
    EXPECT_DOUBLE_EQ(*first.mase, 5 / (20.0 / 3));
    EXPECT_EQ(second.horizon, 2);
    EXPECT_DOUBLE_EQ(second.mae, 0);
    EXPECT_DOUBLE_EQ(second.coverage, 1);
    EXPECT_EQ(b.scores[3].metric, ForecastMetric::credit_used);
    EXPECT_EQ(b.scores[3].horizon, 0);
}

TEST(ScoreBacktest, APartialFirstMonthStaysOutOfTheScale) {
    // Month 100 is partial (3 where a full month has about 20): the scale is the changes 0, 10 of
    // months 101..103, 5, not (17 + 0 + 10) / 3.
    const Backtest b = score_backtest(same_for_all({3, 20, 20, 30, 40}), forecast_of({3, 20, 20, 30, 35}, 4), 100, 103,
                                      1, 101);
    ASSERT_TRUE(b.scores.front().mase);
    EXPECT_DOUBLE_EQ(*b.scores.front().mase, 5.0 / 5.0);
}

TEST(ScoreBacktest, SeasonalNaiveUsesTheSameMonthOfTheLastFittedYear) {
    // 14 fitted months 0..13, holdout 14..27 (14 months, past a year).
    std::vector<int64_t> values;
    for (int k = 0; k < 28; ++k) values.push_back(100 + (k % 12) * 10);  // pure seasonality
    std::vector<double> means(values.begin(), values.end());
    const Backtest b = score_backtest(same_for_all(values), forecast_of(means, 1), 0, 13, 14, 0);
    const BacktestScore& s = b.scores.front();
    ASSERT_TRUE(s.mae_seasonal_naive);
    EXPECT_DOUBLE_EQ(*s.mae_seasonal_naive, 0);  // the season repeats exactly
    EXPECT_DOUBLE_EQ(s.mae, 0);
    EXPECT_DOUBLE_EQ(s.coverage, 1);
    ASSERT_TRUE(s.mase);
    EXPECT_FALSE(s.mase_seasonal);  // no in-sample twelve-month change: the scale is zero
    // Month 26 (holdout) is compared with month 2, not with holdout month 14.
    for (const BacktestMonth& m : b.months) {
        if (m.month_key == 26) {
            EXPECT_EQ(*m.seasonal_naive, values[2]);
        }
    }
}

TEST(ScoreBacktest, AMetricThatNeverMovedHasNoMase) {
    const Backtest b = score_backtest(same_for_all({0, 0, 0, 0}), forecast_of({0, 0, 0, 0}, 0), 0, 2, 1, 0);
    EXPECT_FALSE(b.scores.front().mase);
    EXPECT_DOUBLE_EQ(b.scores.front().coverage, 1);
}

}  // namespace
}  // namespace creditsim
