#include "sim/forecast/demand_shock.hpp"

#include <algorithm>
#include <cmath>

namespace creditsim::detail {
namespace {

constexpr double kMinMonthlyAr = 0.5;   ///< the residual means of a detrended window understate persistence
constexpr double kMaxMonthlyAr = 0.95;
constexpr double kMaxUncertaintyScale = 10.0;
constexpr int kStateDays = 30;          ///< the shock's state is read from the last 30 days

/// Variance of the mean of n consecutive values of a stationary AR(1) with variance v and coefficient phi.
double ar_mean_variance(double v, double phi, int n) {
    double sum = 1.0, power = 1.0;
    for (int k = 1; k < n; ++k) {
        power *= phi;
        sum += 2.0 * (1.0 - double(k) / n) * power;
    }
    return v * sum / n;
}

struct MonthMean {
    int month_key = 0;
    double mean = 0;
    double fast_variance = 0;  ///< what the daily AR(1) alone gives the mean
};

}  // namespace

ShockEstimate estimate_shock(const std::vector<double>& e, const std::vector<PositiveDay>& days, double phi,
                             double innovation_sd, int monthly_coefficients) {
    ShockEstimate s;
    const double day_variance = innovation_sd * innovation_sd / std::max(1.0 - phi * phi, 1e-6);
    std::vector<MonthMean> months;
    for (size_t i = 0; i < days.size();) {
        size_t j = i;
        double sum = 0;
        while (j < days.size() && days[j].month_key == days[i].month_key) sum += e[j++];
        const int n = int(j - i);
        if (n >= kShockMinDaysPerMonth) months.push_back({days[i].month_key, sum / n, ar_mean_variance(day_variance, phi, n)});
        i = j;
    }
    const int m = int(months.size());
    if (m < kShockMinMonths) return s;
    const int lost = std::min(monthly_coefficients, m - 3);
    double square_sum = 0, fast = 0;
    for (const MonthMean& month : months) {
        square_sum += month.mean * month.mean;
        fast += month.fast_variance / m;
    }
    const double variance = square_sum / double(m - lost) - fast;
    if (!(variance > 0)) return s;
    // Persistence: consecutive months differ by 2 var (1 - rho) beyond their day noise.
    double change = 0;
    int pairs = 0;
    for (int k = 1; k < m; ++k) {
        if (months[size_t(k)].month_key != months[size_t(k - 1)].month_key + 1) continue;
        const double d = months[size_t(k)].mean - months[size_t(k - 1)].mean;
        change += d * d - months[size_t(k)].fast_variance - months[size_t(k - 1)].fast_variance;
        ++pairs;
    }
    const double monthly_ar =
        pairs > 0 ? std::clamp(1.0 - change / pairs / (2.0 * variance), kMinMonthlyAr, kMaxMonthlyAr) : kMinMonthlyAr;
    s.sd = std::sqrt(variance);
    s.daily_ar = std::pow(monthly_ar, 1.0 / kDaysPerMonth);
    s.uncertainty_scale = std::min(
        std::sqrt((fast + variance * (1.0 + monthly_ar) / (1.0 - monthly_ar)) / std::max(fast, 1e-12)),
        kMaxUncertaintyScale);

    // The state on the as-of day: the last 30 days' mean residual, shrunk by its noise.
    double recent = 0;
    int n = 0;
    for (size_t i = days.size(); i-- > 0 && days[i].t > -kStateDays;) recent += e[i], ++n;
    if (n == 0) {
        s.state_sd = s.sd;
        return s;
    }
    recent /= n;
    const double noise = ar_mean_variance(day_variance, phi, n);
    const double weight = variance / (variance + noise);
    s.state = weight * recent;
    s.state_sd = std::sqrt(variance * noise / (variance + noise));
    return s;
}

}  // namespace creditsim::detail
