#include "reports/statistics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "model/errors.hpp"
#include "model/money.hpp"

namespace creditsim {

double quantile_type7(const Eigen::Ref<const Eigen::VectorXd>& sorted, int percent) {
    CREDITSIM_ASSERT(sorted.size() > 0, "quantile of no values");
    CREDITSIM_ASSERT(percent >= 0 && percent <= 100, "quantile percent " << percent << " outside 0..100");
    // h = (n-1)·percent/100 = lower + fraction/100, exactly.
    const int64_t scaled = int64_t(sorted.size() - 1) * percent;
    const Eigen::Index lower = Eigen::Index(scaled / 100);
    const int64_t fraction = scaled % 100;
    if (fraction == 0) return sorted[lower];
    const double low = sorted[lower];
    const double high = sorted[lower + 1];
    return low + (double(fraction) / 100.0) * (high - low);
}

Distribution describe_distribution(Eigen::VectorXd values) {
    CREDITSIM_ASSERT(values.size() > 0, "distribution of no values");
    Distribution d;
    d.mean = values.mean();
    std::sort(values.data(), values.data() + values.size());
    d.p05 = quantile_type7(values, 5);
    d.p50 = quantile_type7(values, 50);
    d.p95 = quantile_type7(values, 95);
    return d;
}

int64_t round_half_even(double x) {
    const double floor = std::floor(x);
    const double rest = x - floor;
    int64_t rounded = int64_t(floor);
    if (rest > 0.5 || (rest == 0.5 && (rounded & 1) != 0)) ++rounded;
    return rounded;
}

std::string format_money_statistic(double cents) { return Money::from_cents(round_half_even(cents)).to_string(); }

std::string format_count_statistic(double value) {
    constexpr int64_t kScale = 10000;  // four decimal places
    const int64_t scaled = round_half_even(value * double(kScale));
    const uint64_t magnitude = scaled < 0 ? uint64_t(0) - uint64_t(scaled) : uint64_t(scaled);
    char buffer[40];
    char* out = buffer;
    if (scaled < 0) *out++ = '-';
    out = std::to_chars(out, buffer + sizeof buffer, magnitude / kScale).ptr;
    uint64_t fraction = magnitude % kScale;
    if (fraction != 0) {
        int digits = 4;
        while (fraction % 10 == 0) {
            fraction /= 10;
            --digits;
        }
        *out++ = '.';
        char* first = out;
        out += digits;
        for (char* p = out; p != first;) {
            *--p = char('0' + fraction % 10);
            fraction /= 10;
        }
    }
    return std::string(buffer, out);
}

}  // namespace creditsim
