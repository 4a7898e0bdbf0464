#pragma once
// Least squares with AR(1) errors for an own demand fit: two Prais-Winsten steps that respect gaps
// (a positive day after a positive day is quasi-differenced, the first of a run starts a new stretch
// of the stationary process). Sums run in a fixed order in plain loops, so the same build gives the
// same coefficients bit for bit.

#include <Eigen/Core>
#include <vector>

#include "sim/forecast/demand_design.hpp"

namespace creditsim::detail {

inline constexpr double kMinAr = -0.5;
inline constexpr double kMaxAr = 0.95;
inline constexpr int kMinArPairs = 10;  ///< fewer consecutive positive pairs: AR(1) coefficient 0

struct ArRegression {
    Eigen::VectorXd beta;                 ///< one coefficient per regression column
    double phi = 0;                       ///< AR(1) coefficient of the residuals
    std::vector<double> residuals;        ///< y - x beta, one per positive day
    std::vector<double> innovations;      ///< on the process's own scale (quasi-differences, heads scaled)
    double innovation_sd = 0;             ///< their sd, on n - columns degrees of freedom
    Eigen::MatrixXd inverse_cholesky_t;   ///< L^{-T} of the final normal equations: Sigma_beta = sd^2 L^{-T} L^{-1}
};

ArRegression fit_ar_regression(const Regression& r, const std::vector<PositiveDay>& days);

}  // namespace creditsim::detail
