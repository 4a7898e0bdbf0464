#pragma once
// backtest.csv and backtest_months.csv: a forecast made as of an earlier day
// scored against what happened. Per metric: the mean absolute error of the
// forecast mean, the same for the naive (last month repeated) and seasonal
// naive (same month a year before) forecasts, MASE (Hyndman & Koehler 2006:
// MAE over the in-sample mean absolute one-step, or twelve-step, change; a
// partial first month is left out of the scale) and the share of months whose
// actual value fell inside p10..p90, over all held-out months and per horizon
// month.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/csv_writer.hpp"
#include "reports/forecast_report.hpp"

namespace creditsim {

struct BacktestScore {
    ForecastMetric metric = ForecastMetric::demand;
    int horizon = 0;         ///< 0: all held-out months; k: the k-th held-out month alone
    int months = 0;          ///< months scored (the holdout, or 1 for a horizon month)
    double mae = 0;          ///< cents
    double mae_naive = 0;    ///< cents
    std::optional<double> mae_seasonal_naive;  ///< cents; needs a year of history before the holdout
    std::optional<double> mase;           ///< empty when the metric never changed in-sample
    std::optional<double> mase_seasonal;  ///< needs 13 in-sample months
    double coverage = 0;                  ///< share of months with p10 <= actual <= p90
};

struct BacktestMonth {
    int month_key = 0;
    ForecastMetric metric = ForecastMetric::demand;
    int64_t actual = 0;
    MonthOutlook forecast;
    int64_t naive = 0;
    std::optional<int64_t> seasonal_naive;
};

struct Backtest {
    /// Per metric in ForecastMetric order: all held-out months (horizon 0), then each horizon month.
    std::vector<BacktestScore> scores;
    std::vector<BacktestMonth> months;  ///< by month, then metric
    /// The forecast knew the actions after the as-of day (the plan), not only those up to it.
    bool knows_planned_actions = false;
};

/// actual[metric][k] is the whole history's value in month first_month_key + k
/// (at least through the holdout); forecast[metric][k] the forecast run's, same
/// months. Months first_month_key .. last_fit_month_key are in-sample; the
/// `holdout` months after them are scored. The MASE scales use the in-sample
/// months from first_scale_month_key on (the month after a partial first month).
Backtest score_backtest(const std::vector<std::vector<int64_t>>& actual,
                        const std::vector<std::vector<MonthOutlook>>& forecast, int first_month_key,
                        int last_fit_month_key, int holdout, int first_scale_month_key);

/// backtest.csv: metric,horizon,months,mae,mae_naive,mae_seasonal_naive,mase,mase_seasonal,coverage_p10_p90,actions
/// ,currency (horizon `all` or 1..holdout; actions `until_as_of` or `planned`; currency the one of the mae columns).
void write_backtest_csv(CsvWriter& out, const Backtest& backtest, std::string_view currency);

/// backtest_months.csv: month,metric,actual,mean,p10,p50,p90,naive,seasonal_naive,unit (the metric's unit).
void write_backtest_months_csv(CsvWriter& out, const Backtest& backtest, std::string_view currency);

/// The scores as an aligned table for the terminal.
std::string format_backtest_table(const Backtest& backtest);

}  // namespace creditsim
