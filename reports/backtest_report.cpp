#include "reports/backtest_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/errors.hpp"
#include "reports/metrics.hpp"
#include "reports/statistics.hpp"

namespace creditsim {
namespace {

// The in-sample mean absolute change over `lag` months (the MASE scale), or
// empty when there is no such change or it is zero.
std::optional<double> in_sample_scale(const std::vector<int64_t>& values, int fit_months, int lag) {
    if (fit_months <= lag) return std::nullopt;
    double sum = 0;
    for (int k = lag; k < fit_months; ++k) sum += std::fabs(double(values[size_t(k)] - values[size_t(k - lag)]));
    const double scale = sum / (fit_months - lag);
    if (scale <= 0) return std::nullopt;
    return scale;
}

std::string optional_count(const std::optional<double>& value) {
    return value ? format_count_statistic(*value) : std::string();
}

}  // namespace

Backtest score_backtest(const std::vector<std::vector<int64_t>>& actual,
                        const std::vector<std::vector<MonthOutlook>>& forecast, int first_month_key,
                        int last_fit_month_key, int holdout, int first_scale_month_key) {
    const int fit_months = last_fit_month_key - first_month_key + 1;
    const int skipped = std::clamp(first_scale_month_key - first_month_key, 0, fit_months);
    CREDITSIM_ASSERT(fit_months >= 1 && holdout >= 1, "a backtest needs fitted and held-out months");
    Backtest backtest;
    for (int metric = 0; metric < kForecastMetricCount; ++metric) {
        const std::vector<int64_t>& a = actual[size_t(metric)];
        const std::vector<MonthOutlook>& f = forecast[size_t(metric)];
        CREDITSIM_ASSERT(a.size() >= size_t(fit_months + holdout) && f.size() >= size_t(fit_months + holdout),
                         "a backtest needs every held-out month");
        // The scales, from the in-sample months after a partial first month.
        const std::vector<int64_t> scaled(a.begin() + skipped, a.begin() + fit_months);
        const std::optional<double> scale = in_sample_scale(scaled, int(scaled.size()), 1);
        const std::optional<double> seasonal_scale = in_sample_scale(scaled, int(scaled.size()), 12);
        const bool has_seasonal = fit_months >= 12;
        std::vector<BacktestScore> by_horizon;
        BacktestScore all;
        all.metric = ForecastMetric(metric);
        all.months = holdout;
        double seasonal_error = 0;
        for (int h = 0; h < holdout; ++h) {
            const size_t k = size_t(fit_months + h);
            BacktestMonth month;
            month.month_key = first_month_key + int(k);
            month.metric = all.metric;
            month.actual = a[k];
            month.forecast = f[k];
            month.naive = a[size_t(fit_months - 1)];
            // Seasonal naive: the same calendar month in the last in-sample year.
            if (has_seasonal) {
                size_t same_month = k - 12;
                while (same_month >= size_t(fit_months)) same_month -= 12;
                month.seasonal_naive = a[same_month];
            }
            const double actual_value = double(month.actual);
            BacktestScore one;
            one.metric = all.metric;
            one.horizon = h + 1;
            one.months = 1;
            one.mae = std::fabs(month.forecast.mean - actual_value);
            one.mae_naive = std::fabs(double(month.naive) - actual_value);
            if (month.seasonal_naive) {
                one.mae_seasonal_naive = std::fabs(double(*month.seasonal_naive) - actual_value);
                seasonal_error += *one.mae_seasonal_naive;
            }
            one.coverage = month.forecast.p10 <= actual_value && actual_value <= month.forecast.p90 ? 1.0 : 0.0;
            all.mae += one.mae / holdout;
            all.mae_naive += one.mae_naive / holdout;
            all.coverage += one.coverage / holdout;
            by_horizon.push_back(one);
            backtest.months.push_back(month);
        }
        if (has_seasonal) all.mae_seasonal_naive = seasonal_error / holdout;
        backtest.scores.push_back(all);
        backtest.scores.insert(backtest.scores.end(), by_horizon.begin(), by_horizon.end());
        for (auto it = backtest.scores.end() - (holdout + 1); it != backtest.scores.end(); ++it) {
            if (scale) it->mase = it->mae / *scale;
            if (seasonal_scale) it->mase_seasonal = it->mae / *seasonal_scale;
        }
    }
    // By month, then metric.
    std::stable_sort(backtest.months.begin(), backtest.months.end(),
                     [](const BacktestMonth& x, const BacktestMonth& y) { return x.month_key < y.month_key; });
    return backtest;
}

void write_backtest_csv(CsvWriter& out, const Backtest& backtest, std::string_view currency) {
    out.raw("metric,horizon,months,mae,mae_naive,mae_seasonal_naive,mase,mase_seasonal,coverage_p10_p90,actions,"
            "currency\n");
    const char* actions = backtest.knows_planned_actions ? "planned" : "until_as_of";
    for (const BacktestScore& s : backtest.scores) {
        out.text(to_string(s.metric));
        if (s.horizon == 0) out.text("all");
        else out.integer(s.horizon);
        out.integer(s.months).text(format_money_statistic(s.mae)).text(format_money_statistic(s.mae_naive));
        if (s.mae_seasonal_naive) out.text(format_money_statistic(*s.mae_seasonal_naive));
        else out.empty();
        out.text(optional_count(s.mase)).text(optional_count(s.mase_seasonal)).text(format_count_statistic(s.coverage));
        out.text(actions).text(currency);
        out.end_row();
    }
}

void write_backtest_months_csv(CsvWriter& out, const Backtest& backtest, std::string_view currency) {
    out.raw("month,metric,actual,mean,p10,p50,p90,naive,seasonal_naive,unit\n");
    for (const BacktestMonth& m : backtest.months) {
        out.month(m.month_key)
            .text(to_string(m.metric))
            .money(Money::from_cents(m.actual))
            .text(format_money_statistic(m.forecast.mean))
            .text(format_money_statistic(m.forecast.p10))
            .text(format_money_statistic(m.forecast.p50))
            .text(format_money_statistic(m.forecast.p90))
            .money(Money::from_cents(m.naive));
        if (m.seasonal_naive) out.money(Money::from_cents(*m.seasonal_naive));
        else out.empty();
        out.text(cli::unit_label(cli::metric_unit(to_string(m.metric)), currency));
        out.end_row();
    }
}

std::string format_backtest_table(const Backtest& backtest) {
    std::string text;
    char line[200];
    std::snprintf(line, sizeof line, "  %-12s %12s %12s %12s %8s %8s %9s\n", "metric", "MAE", "MAE naive",
                  "MAE seas.", "MASE", "MASE s.", "coverage");
    text += line;
    for (const BacktestScore& s : backtest.scores) {
        if (s.horizon != 0) continue;  // the table shows all held-out months; backtest.csv has each
        const std::string seasonal = s.mae_seasonal_naive ? format_money_statistic(*s.mae_seasonal_naive) : "-";
        const std::string mase = s.mase ? format_count_statistic(*s.mase) : "-";
        const std::string mase_seasonal = s.mase_seasonal ? format_count_statistic(*s.mase_seasonal) : "-";
        std::snprintf(line, sizeof line, "  %-12s %12s %12s %12s %8s %8s %8.0f%%\n", to_string(s.metric),
                      format_money_statistic(s.mae).c_str(), format_money_statistic(s.mae_naive).c_str(),
                      seasonal.c_str(), mase.c_str(), mase_seasonal.c_str(), 100 * s.coverage);
        text += line;
    }
    return text;
}

}  // namespace creditsim
