#pragma once
// Portfolio histories drawn independently of creditsim's demand model, to measure its forecasts on
// shapes it does not assume: per subscription a log-linear trend, a smooth yearly cycle (a cosine with
// a portfolio-wide peak day, plus a holiday dip from 20 December to 2 January), a weekday pattern,
// a persistent AR(1) shock (daily coefficient 0.90-0.99: shocks last weeks to months) plus heavy-tailed
// day noise, step changes in level (in the history and in the future alike), runs of missing days,
// scattered zero days, and late starts with a ramp-up. Nothing here uses calendar-month effects or the
// model's daily AR(1); the generator knows nothing of sim/demand_fit.
//   PortfolioHistory p = make_portfolio_history(7);   // 2-9 subscriptions, 30-36 months

#include <cstdint>
#include <vector>

#include "model/date.hpp"
#include "sim/forecast/demand_fit.hpp"

namespace creditsim::testing {

struct PortfolioHistory {
    Date first_day;                        ///< the portfolio's first day (mid-month: a partial first month)
    Date last_day;                         ///< the last day of the history (a month's last day)
    std::vector<DemandSeries> subscriptions;  ///< each from its own (possibly late) start to last_day, whole cents
};

/// Portfolio `index`'s history: 2-9 subscriptions over 30-36 months ending on a month's last day.
/// The same index always gives the same history.
PortfolioHistory make_portfolio_history(uint32_t index);

/// The subscriptions cut to their days up to and including as_of (a subscription starting later is left out).
std::vector<DemandSeries> history_until(const PortfolioHistory& portfolio, Date as_of);

/// The portfolio's total cents per calendar month, from first_day's month to last_day's.
std::vector<double> monthly_totals(const PortfolioHistory& portfolio);

}  // namespace creditsim::testing
