#include "sim/forecast/demand_residual_noise.hpp"

#include <algorithm>
#include <cmath>

namespace creditsim::detail {
namespace {
constexpr int kExactMgfTerms = 4;       ///< residual mean: exact bootstrap MGF for this many lags, cumulants after
constexpr double kArNegligible = 1e-4;  ///< the AR memory is over when |phi|^h is below this
}  // namespace

StandardisedInnovations standardise_innovations(const std::vector<double>& u) {
    const size_t n = u.size();
    double mean = 0;
    for (double v : u) mean += v;
    mean /= double(n);
    double ss = 0;
    for (double v : u) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / double(n));
    StandardisedInnovations z;
    z.has_spread = sd > 0;
    const size_t first = n > kMaxInnovations ? n - kMaxInnovations : 0;
    for (size_t i = first; i < n; ++i) z.values.push_back(sd > 0 ? (u[i] - mean) / sd : 0.0);
    return z;
}

void fill_residual_mean(DemandModel& m) {
    const double phi = m.ar_coefficient;
    const double sd = m.innovation_sd;
    const std::vector<double>* z = m.innovations.get();
    const bool has_z = z != nullptr && !z->empty();
    double k3 = 0, k4 = 0;  // standardised: k1 = 0, k2 = 1
    if (has_z) {
        double m3 = 0, m4 = 0;
        for (double v : *z) { m3 += v * v * v; m4 += v * v * v * v; }
        k3 = m3 / double(z->size());
        k4 = m4 / double(z->size()) - 3.0;
    }
    auto exact_log_mgf = [&](double s) {
        if (!has_z) return 0.5 * s * s;
        double sum = 0;
        for (double v : *z) sum += std::exp(s * v);
        return std::log(sum / double(z->size()));
    };
    const double abs_phi = std::fabs(phi);
    int horizon = 1;
    if (abs_phi > 1e-9) horizon = std::clamp(int(std::ceil(std::log(kArNegligible) / std::log(abs_phi))), 1, 400);
    m.log_residual_mean.assign(size_t(horizon), 0.0);
    double cumulative = 0;
    double scale = sd;  // sd * phi^k
    for (int k = 0; k < horizon; ++k) {
        if (k < kExactMgfTerms) {
            cumulative += exact_log_mgf(scale);
        } else {
            const double s2 = scale * scale;
            cumulative += 0.5 * s2 + k3 * s2 * scale / 6.0 + k4 * s2 * s2 / 24.0;
        }
        m.log_residual_mean[size_t(k)] = cumulative;
        scale *= phi;
    }
}

double integer_power(double base, int32_t exponent) {
    double result = 1;
    for (int32_t i = 0; i < exponent && result != 0; ++i) result *= base;
    return result;
}

}  // namespace creditsim::detail
