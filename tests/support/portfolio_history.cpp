#include "tests/support/portfolio_history.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/support/random_stream.hpp"

namespace creditsim::testing {
namespace {

constexpr uint64_t kPortfolioSeed = 0x1DE9E4DE47ull;  // not a seed any model test uses

double between(RandomStream& r, double low, double high) { return low + (high - low) * r.uniform(); }

/// Day noise with heavier tails than a normal: one day in twenty has three times the spread.
double heavy_tailed(RandomStream& r, double sd) {
    const double scale = r.uniform() < 0.05 ? 3.0 : 1.0;
    return sd * scale * r.normal();
}

/// One subscription's daily cents over [portfolio_first, last_day], zero before its start.
std::vector<double> draw_subscription(RandomStream& r, Date portfolio_first, Date last_day, double peak_day,
                                      double season_amplitude, int& start_offset) {
    const int days = (last_day - portfolio_first) + 1;
    const double level = std::log(between(r, 3000.0, 200000.0));  // $30 .. $2,000 a day
    const double yearly_growth = between(r, -0.35, 0.6);          // log change a year
    const double amplitude = season_amplitude * between(r, 0.5, 1.5);
    const double weekend = between(r, 0.0, 0.6);
    const double shock_ar = between(r, 0.90, 0.99);
    const double shock_sd = between(r, 0.08, 0.3);  // stationary sd of the persistent shock
    const double day_sd = between(r, 0.05, 0.25);
    const double zero_share = r.uniform() < 0.2 ? between(r, 0.05, 0.25) : between(r, 0.0, 0.01);
    // A late start, at least 14 months before the end: every subscription is known at a 12-month backtest.
    start_offset = r.uniform() < 0.4 ? int(r.below(uint32_t(days - 430))) : 0;
    const int ramp_days = int(r.below(31));
    // Steps: about one per subscription every three years, anywhere in the span.
    std::vector<std::pair<int, double>> steps;
    const int step_count = int(r.poisson(double(days) / 1100.0));
    for (int k = 0; k < step_count; ++k) {
        const double size = (r.uniform() < 0.5 ? -1.0 : 1.0) * between(r, 0.2, 0.7);
        steps.emplace_back(int(r.below(uint32_t(days))), size);
    }
    // Missing days: at most one run of 3-20 days.
    int gap_first = -1, gap_days = 0;
    if (r.uniform() < 0.3) {
        gap_days = 3 + int(r.below(18));
        gap_first = int(r.below(uint32_t(days)));
    }
    std::vector<double> cents(size_t(days), 0.0);
    double shock = shock_sd * r.normal();
    const double shock_innovation = shock_sd * std::sqrt(1.0 - shock_ar * shock_ar);
    for (int i = 0; i < days; ++i) {
        shock = shock_ar * shock + shock_innovation * r.normal();
        const double noise = heavy_tailed(r, day_sd);
        const double u = r.uniform();
        if (i < start_offset) continue;
        const Date day = portfolio_first.plus_days(i);
        int y, m, d;
        day.to_ymd(y, m, d);
        double log_cents = level + yearly_growth * double(i - days) / 365.25 + shock + noise;
        const double day_of_year = double(day - Date::from_ymd(y, 1, 1));
        log_cents += amplitude * std::cos(2.0 * std::numbers::pi * (day_of_year - peak_day) / 365.25);
        if ((m == 12 && d >= 20) || (m == 1 && d <= 2)) log_cents -= 0.35;
        if (monday_weekday(day) >= 5) log_cents -= weekend;
        for (const auto& [at, size] : steps)
            if (i >= at) log_cents += size;
        const int age = i - start_offset;
        if (age < ramp_days) log_cents += std::log((age + 1.0) / (ramp_days + 1.0));
        const bool missing = gap_first >= 0 && i >= gap_first && i < gap_first + gap_days;
        if (missing || u < zero_share) continue;
        cents[size_t(i)] = std::round(std::exp(log_cents));
    }
    return cents;
}

}  // namespace

PortfolioHistory make_portfolio_history(uint32_t index) {
    RandomStream r(kPortfolioSeed, 0, index, Purpose::demand_noise, 91);
    PortfolioHistory p;
    const int months = 30 + int(r.below(7));
    const Date last_month = Date::from_ymd(2026, 1 + int(r.below(12)), 1);
    p.last_day = add_months(last_month, 1).plus_days(-1);
    // The first month is partial: the history starts on a day 2..28 of it.
    p.first_day = add_months(last_month, 1 - months).plus_days(1 + int(r.below(27)));
    const double peak_day = between(r, 0.0, 365.0);
    const double season_amplitude = between(r, 0.0, 0.3);
    const int subscriptions = 2 + int(r.below(8));
    for (int s = 0; s < subscriptions; ++s) {
        int start_offset = 0;
        std::vector<double> cents = draw_subscription(r, p.first_day, p.last_day, peak_day, season_amplitude, start_offset);
        DemandSeries series;
        series.first_day = p.first_day.plus_days(start_offset);
        series.cents.assign(cents.begin() + start_offset, cents.end());
        p.subscriptions.push_back(std::move(series));
    }
    return p;
}

std::vector<DemandSeries> history_until(const PortfolioHistory& portfolio, Date as_of) {
    std::vector<DemandSeries> cut;
    for (const DemandSeries& s : portfolio.subscriptions) {
        if (s.first_day > as_of) continue;
        DemandSeries h = s;
        h.cents.resize(size_t(std::min<int32_t>(as_of - s.first_day + 1, int32_t(s.cents.size()))));
        cut.push_back(std::move(h));
    }
    return cut;
}

std::vector<double> monthly_totals(const PortfolioHistory& portfolio) {
    const int first = month_key(portfolio.first_day);
    std::vector<double> totals(size_t(month_key(portfolio.last_day) - first + 1), 0.0);
    for (const DemandSeries& s : portfolio.subscriptions)
        for (size_t i = 0; i < s.cents.size(); ++i)
            totals[size_t(month_key(s.first_day.plus_days(int32_t(i))) - first)] += s.cents[i];
    return totals;
}

}  // namespace creditsim::testing
