#pragma once
// Statistics across replications (SPEC 8, quantiles.csv): the mean and sample
// quantiles of one metric. Doubles are allowed here (SPEC 2); the inputs are
// exact integers (cents or counts), so the results depend only on the values.

#include <Eigen/Core>
#include <cstdint>
#include <string>

namespace creditsim {

/// Sample quantile at percent/100 of values sorted ascending, Hyndman–Fan type 7
/// (R's and numpy's default): h = (n-1)·p, linear interpolation between the order
/// statistics x[floor h] and x[floor h + 1]. h is computed exactly in integers.
/// Requires a non-empty vector and 0 <= percent <= 100.
double quantile_type7(const Eigen::Ref<const Eigen::VectorXd>& sorted, int percent);

/// Mean and the 5th, 50th and 95th percentiles of one metric.
struct Distribution {
    double mean = 0, p05 = 0, p50 = 0, p95 = 0;
};

/// The distribution of the values (any order; at least one).
Distribution describe_distribution(Eigen::VectorXd values);

/// x rounded to the nearest integer, ties to even; deterministic whatever the FPU rounding mode.
int64_t round_half_even(double x);

/// A statistic of a money metric given in cents: a plain decimal with exactly two places
/// (the cent, rounded half-even), as Money prints: "1234.50".
std::string format_money_statistic(double cents);

/// A statistic of a count: at most four decimal places (rounded half-even at the fourth),
/// trailing zeros and a trailing point dropped: 3 -> "3", 10.5 -> "10.5", 2/3 -> "0.6667".
std::string format_count_statistic(double value);

}  // namespace creditsim
