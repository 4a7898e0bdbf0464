#include "sim/forecast/demand_level_shift.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

namespace creditsim::detail {
namespace {

/// Lag-1 autocorrelation over consecutive positive days, clamped to [0, 0.95].
double lag_one(const std::vector<double>& e, const std::vector<PositiveDay>& days) {
    double num = 0, den = 0;
    for (size_t i = 1; i < e.size(); ++i) {
        if (!days[i].follows_positive) continue;
        num += e[i] * e[i - 1];
        den += e[i - 1] * e[i - 1];
    }
    return den > 0 ? std::clamp(num / den, 0.0, 0.95) : 0.0;
}

}  // namespace

std::optional<LevelShift> find_level_shift(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                       const std::vector<PositiveDay>& days) {
    const Eigen::Index n = x.rows(), p = x.cols();
    if (n < kMinDaysBeforeShift + kMinDaysAfterShift) return std::nullopt;
    Eigen::MatrixXd xtx = x.transpose() * x;
    for (Eigen::Index r = 0; r < p; ++r) xtx(r, r) += 1e-9 * (1.0 + xtx(r, r));
    const Eigen::LLT<Eigen::MatrixXd> llt(xtx);
    if (llt.info() != Eigen::Success) return std::nullopt;
    const Eigen::VectorXd beta = llt.solve(x.transpose() * y);
    const Eigen::VectorXd e = y - x * beta;

    // The step column s_i is 1 from row i on: s_i'e is a suffix sum of the residuals, X's_i a suffix
    // sum of the rows, and the RSS reduction (s_i'e)^2 / (s_i's_i - s_i'X (X'X)^-1 X's_i).
    Eigen::VectorXd column_sum = Eigen::VectorXd::Zero(p);
    double residual_sum = 0;
    double best_reduction = 0;
    Eigen::Index best = -1;
    for (Eigen::Index i = n - 1; i >= kMinDaysBeforeShift; --i) {
        column_sum += x.row(i).transpose();
        residual_sum += e(i);
        const Eigen::Index after = n - i;
        if (after < kMinDaysAfterShift) continue;
        const double explained = column_sum.dot(llt.solve(column_sum));
        const double q = double(after) - explained;
        if (!(q > 1e-6 * double(after))) continue;
        const double reduction = residual_sum * residual_sum / q;
        if (reduction > best_reduction) best_reduction = reduction, best = i;
    }
    if (best < 0) return std::nullopt;

    // Refit with the best step: its size, and the residuals' long-run variance without the step.
    Eigen::MatrixXd xs(n, p + 1);
    xs.leftCols(p) = x;
    for (Eigen::Index i = 0; i < n; ++i) xs(i, p) = i >= best ? 1.0 : 0.0;
    Eigen::MatrixXd xstxs = xs.transpose() * xs;
    for (Eigen::Index r = 0; r <= p; ++r) xstxs(r, r) += 1e-9 * (1.0 + xstxs(r, r));
    const Eigen::LLT<Eigen::MatrixXd> step_llt(xstxs);
    if (step_llt.info() != Eigen::Success) return std::nullopt;
    const Eigen::VectorXd step_beta = step_llt.solve(xs.transpose() * y);
    const Eigen::VectorXd step_e = y - xs * step_beta;
    std::vector<double> residuals(step_e.data(), step_e.data() + n);
    const double phi = lag_one(residuals, days);
    const double variance = step_e.squaredNorm() / double(std::max<Eigen::Index>(n - p - 1, 1));
    const double long_run_variance = variance * (1.0 + phi) / (1.0 - phi);
    if (!(long_run_variance > 0)) return std::nullopt;
    if (std::fabs(step_beta(p)) < kMinShiftSize || best_reduction / long_run_variance < kShiftStatistic)
        return std::nullopt;
    return LevelShift{size_t(best), step_beta(p)};
}

}  // namespace creditsim::detail
