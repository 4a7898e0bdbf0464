#include "tests/support/portfolio_backtest.hpp"

#include <algorithm>
#include <cmath>

#include "sim/forecast/demand_path.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim::testing {
namespace {

constexpr uint64_t kPathSeed = 20261203;

double type7(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    const double at = q * double(values.size() - 1);
    const size_t below = size_t(at);
    const size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (at - double(below)) * (values[above] - values[below]);
}

}  // namespace

PortfolioBacktest backtest_portfolio(const PortfolioHistory& portfolio, int holdout, int paths) {
    PortfolioBacktest result;
    const int last_key = month_key(portfolio.last_day);
    const Date forecast_first = month_key_first_day(last_key - holdout + 1);
    const Date as_of = forecast_first.plus_days(-1);
    const int forecast_days = (portfolio.last_day - as_of);

    const std::vector<double> totals = monthly_totals(portfolio);
    const int first_key = month_key(portfolio.first_day);
    const bool first_partial = portfolio.first_day != first_of_month(portfolio.first_day);
    for (int key = first_key + (first_partial ? 1 : 0); key <= last_key - holdout; ++key)
        result.fitted_totals.push_back(totals[size_t(key - first_key)]);
    double scale = 0;
    for (size_t k = 12; k < result.fitted_totals.size(); ++k)
        scale += std::fabs(result.fitted_totals[k] - result.fitted_totals[k - 12]);
    if (result.fitted_totals.size() > 12) result.mase_scale = scale / double(result.fitted_totals.size() - 12);

    const std::vector<DemandSeries> history = history_until(portfolio, as_of);
    const FittedDemand fitted = fit_demand(history, std::vector<uint32_t>(history.size(), 0), 1, as_of);
    // [month][path] totals over the portfolio.
    std::vector<std::vector<double>> sampled(size_t(holdout), std::vector<double>(size_t(paths), 0.0));
    std::vector<int64_t> path;
    for (size_t s = 0; s < history.size(); ++s)
        for (int r = 0; r < paths; ++r) {
            RandomStream stream(kPathSeed, uint32_t(r), uint32_t(s), Purpose::forecast_noise);
            sample_demand_path(fitted.models[s], forecast_first, forecast_days, stream, path);
            for (int i = 0; i < forecast_days; ++i)
                sampled[size_t(month_key(forecast_first.plus_days(i)) - (last_key - holdout + 1))][size_t(r)] +=
                    double(path[size_t(i)]);
        }
    for (int h = 0; h < holdout; ++h) {
        HeldOutMonth m;
        m.month_key = last_key - holdout + 1 + h;
        m.actual = totals[size_t(m.month_key - first_key)];
        const std::vector<double>& v = sampled[size_t(h)];
        for (double x : v) m.mean += x / double(v.size());
        m.p10 = type7(v, 0.1);
        m.p90 = type7(v, 0.9);
        result.months.push_back(m);
    }
    return result;
}

}  // namespace creditsim::testing
