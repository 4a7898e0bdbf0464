#include "sim/forecast/demand_ar_regression.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "model/errors.hpp"

namespace creditsim::detail {
namespace {

std::vector<double> residuals_of(const Regression& r, const Eigen::VectorXd& beta) {
    const size_t n = size_t(r.y.size());
    const int p = int(r.x.cols());
    std::vector<double> e(n);
    for (size_t i = 0; i < n; ++i) {
        double fitted = 0;
        for (int c = 0; c < p; ++c) fitted += r.x(Eigen::Index(i), c) * beta(c);
        e[i] = r.y(Eigen::Index(i)) - fitted;
    }
    return e;
}

double ar_of(const std::vector<double>& e, const std::vector<PositiveDay>& days) {
    double num = 0, den = 0;
    int pairs = 0;
    for (size_t i = 1; i < e.size(); ++i) {
        if (!days[i].follows_positive) continue;
        num += e[i] * e[i - 1];
        den += e[i - 1] * e[i - 1];
        ++pairs;
    }
    if (pairs < kMinArPairs || !(den > 0)) return 0.0;
    return std::clamp(num / den, kMinAr, kMaxAr);
}

/// The generalised least squares step for a given phi; leaves the factorisation in llt.
Eigen::VectorXd solve(const Regression& r, const std::vector<PositiveDay>& days, double phi,
                      Eigen::LLT<Eigen::MatrixXd>& llt) {
    const size_t n = size_t(r.y.size());
    const int p = int(r.x.cols());
    const Eigen::MatrixXd& x = r.x;
    const Eigen::VectorXd& y = r.y;
    std::vector<double> row(static_cast<size_t>(p));
    Eigen::MatrixXd xtx = Eigen::MatrixXd::Zero(p, p);
    Eigen::VectorXd xty = Eigen::VectorXd::Zero(p);
    const double head = std::sqrt(1.0 - phi * phi);
    for (size_t i = 0; i < n; ++i) {
        const bool diff = days[i].follows_positive && i > 0;
        double ys = diff ? y(Eigen::Index(i)) - phi * y(Eigen::Index(i - 1)) : head * y(Eigen::Index(i));
        for (int c = 0; c < p; ++c)
            row[size_t(c)] = diff ? x(Eigen::Index(i), c) - phi * x(Eigen::Index(i - 1), c) : head * x(Eigen::Index(i), c);
        for (int rr = 0; rr < p; ++rr) {
            xty(rr) += row[size_t(rr)] * ys;
            for (int c = 0; c <= rr; ++c) xtx(rr, c) += row[size_t(rr)] * row[size_t(c)];
        }
    }
    for (int rr = 0; rr < p; ++rr)
        for (int c = rr + 1; c < p; ++c) xtx(rr, c) = xtx(c, rr);
    // A whisker of ridge keeps a degenerate column (a weekday seen once) from breaking the factorisation.
    for (int rr = 0; rr < p; ++rr) xtx(rr, rr) += 1e-9 * (1.0 + xtx(rr, rr));
    llt.compute(xtx);
    CREDITSIM_ASSERT(llt.info() == Eigen::Success, "demand fit: normal equations are not positive definite");
    return llt.solve(xty);
}

}  // namespace

ArRegression fit_ar_regression(const Regression& r, const std::vector<PositiveDay>& days) {
    const size_t n = size_t(r.y.size());
    const int p = int(r.x.cols());
    ArRegression fit;
    Eigen::LLT<Eigen::MatrixXd> llt;
    fit.beta = solve(r, days, 0.0, llt);
    for (int step = 0; step < 2; ++step) {
        fit.phi = ar_of(residuals_of(r, fit.beta), days);
        fit.beta = solve(r, days, fit.phi, llt);
    }
    fit.residuals = residuals_of(r, fit.beta);
    const std::vector<double>& e = fit.residuals;

    fit.innovations.resize(n);
    const double head = std::sqrt(1.0 - fit.phi * fit.phi);
    double rss = 0;
    for (size_t i = 0; i < n; ++i) {
        fit.innovations[i] = (days[i].follows_positive && i > 0) ? e[i] - fit.phi * e[i - 1] : head * e[i];
        rss += fit.innovations[i] * fit.innovations[i];
    }
    fit.innovation_sd = std::sqrt(rss / double(std::max<size_t>(n - size_t(p), 1)));
    const Eigen::MatrixXd l = llt.matrixL();
    fit.inverse_cholesky_t = l.transpose().triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
    return fit;
}

}  // namespace creditsim::detail
