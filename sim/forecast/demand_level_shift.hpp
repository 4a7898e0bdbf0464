#pragma once
// Detecting one step change in level inside a demand fit's window, so that a portfolio that moved a
// workload away is not read as a falling trend (and extrapolated as one). Works on the regression the
// fit is about to solve: for every candidate first day of the new level it measures, in closed form
// (Frisch-Waugh), how much a step column would reduce the residual sum of squares of the ordinary
// least squares fit, and keeps the best when it stands out of the residuals' long-run noise.

#include <Eigen/Core>
#include <cstddef>
#include <optional>
#include <vector>

#include "sim/forecast/demand_window.hpp"

namespace creditsim::detail {

struct LevelShift {
    size_t first = 0;  ///< the first positive day (an index into days) of the new level
    double size = 0;   ///< log cents
};

/// The step in level that stands out most, or empty when none does.
/// x (n x p, n = days.size()) is the design without the step, y the log cents. A step needs
/// kMinDaysBeforeShift positive days before it and kMinDaysAfterShift from it on, a size of at least
/// kMinShiftSize in log cents, and a test statistic (RSS reduction over the long-run residual
/// variance, AR(1)-corrected) of at least kShiftStatistic.
std::optional<LevelShift> find_level_shift(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                       const std::vector<PositiveDay>& days);

inline constexpr int kMinDaysBeforeShift = 56;
inline constexpr int kMinDaysAfterShift = 91;
inline constexpr double kMinShiftSize = 0.15;
/// Well above the 1 % point of the sup-F statistic over candidate break dates (about 12 with 15 %
/// trimming, Andrews 1993): a false step costs more than a missed small one, which the persistent
/// shock of the forecast still covers.
inline constexpr double kShiftStatistic = 30.0;

}  // namespace creditsim::detail
