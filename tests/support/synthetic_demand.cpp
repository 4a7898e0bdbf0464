#include "tests/support/synthetic_demand.hpp"

#include <numbers>

#include "sim/support/random_stream.hpp"

namespace creditsim::testing {

DemandSeries make_synthetic_demand(const SyntheticDemand& p, uint32_t seed) {
    RandomStream stream(0x5EEDD3A1Dull, 0, seed, Purpose::demand_noise, 77);
    DemandSeries s;
    s.first_day = p.first_day;
    s.cents.resize(size_t(p.days));
    double e = p.sigma / std::sqrt(1.0 - p.ar * p.ar) * stream.normal();  // stationary start
    for (int i = 0; i < p.days; ++i) {
        const Date day = p.first_day.plus_days(i);
        if (i > 0) e = p.ar * e + p.sigma * stream.normal();
        const bool zero = stream.uniform() < p.zero_share;
        const double log_cents = p.level + p.trend * double(day - p.reference_day) +
                                 p.weekday_effect[size_t(monday_weekday(day))] + p.month_effect[size_t(day.month() - 1)] + e;
        s.cents[size_t(i)] = zero ? 0.0 : std::round(std::exp(log_cents));
    }
    return s;
}

std::array<double, 7> weekend_dip(double depth) {
    std::array<double, 7> w = {0.2, 0.25, 0.25, 0.2, 0.1, -0.5, -0.5};
    for (double& v : w) v *= depth;
    return w;  // sums to zero
}

std::array<double, 12> month_sine(double amplitude, int phase_months) {
    std::array<double, 12> m{};
    for (int i = 0; i < 12; ++i) m[size_t(i)] = amplitude * std::sin(2.0 * std::numbers::pi * double(i + phase_months) / 12.0);
    return m;  // a full period sums to zero
}

}  // namespace creditsim::testing
