#pragma once
// A backtest of creditsim's demand model on one portfolio history at the scale people read it:
// the portfolio's monthly totals. Fits every subscription up to the as-of day (the end of the month
// `holdout` months before the history's end), samples paths, and reduces them to each held-out month's
// mean, p10 and p90 (type 7, as forecast.csv). Used by the calibration test and by
// scripts/forecast-calibration (which compares the same months with R's ets()).

#include <cstdint>
#include <vector>

#include "tests/support/portfolio_history.hpp"

namespace creditsim::testing {

struct HeldOutMonth {
    int month_key = 0;
    double actual = 0, mean = 0, p10 = 0, p90 = 0;  ///< cents
};

struct PortfolioBacktest {
    std::vector<double> fitted_totals;  ///< in-sample monthly totals, the partial first month dropped
    std::vector<HeldOutMonth> months;   ///< the held-out months, in order
    double mase_scale = 0;  ///< in-sample mean absolute twelve-month change of fitted_totals (0: too short)
};

/// The backtest of `portfolio` with its last `holdout` months held out, from `paths` sampled paths.
PortfolioBacktest backtest_portfolio(const PortfolioHistory& portfolio, int holdout, int paths);

}  // namespace creditsim::testing
