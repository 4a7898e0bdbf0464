#pragma once
// The regression an own demand fit solves (sim/forecast/demand_own_fit.cpp): log cents of the window's
// positive days on level, trend, weekday dummies, calendar-month dummies (13+ months) and a step in
// level where one stands out; and the map from its coefficients to the model's centred ones.

#include <Eigen/Core>
#include <array>
#include <vector>

#include "sim/forecast/demand_window.hpp"

namespace creditsim::detail {

inline constexpr int kSeasonalMinDays = 396;  ///< 13 months of observed days fit calendar-month effects
inline constexpr double kTrendScale = 365.0;  ///< the regression's trend column is days / 365 (conditioning)

/// The column layout of one own fit: which coefficient each regression column is.
struct Design {
    std::vector<int> kind;  ///< kDemandLevel, kDemandTrend, kDemandWeekday0 + d, kDemandMonth0 + m
    std::array<int, 7> weekday_column{};   ///< -1: baseline or absent
    std::array<int, 12> month_column{};
    std::array<bool, 7> weekday_present{};
    std::array<bool, 12> month_present{};
    int weekdays_present = 0;
    int months_present = 0;
    bool seasonal = false;
    int step_column = -1;  ///< a level shift's column (1 from step_first on), or -1
    size_t step_first = 0;
};

/// One row per positive day of the window.
struct Regression {
    Design design;
    Eigen::MatrixXd x;
    Eigen::VectorXd y;  ///< log cents, less the borrowed month effect where there is one
};

/// The regression of a window. month_offset, when given, is a borrowed calendar-month effect
/// subtracted from y (no month columns then).
Regression build_regression(const Window& w, const std::array<double, 12>* month_offset);

/// The linear map (kDemandParameterCount x columns) from regression coefficients (baseline
/// dummies) to the model's centred coefficients.
Eigen::MatrixXd centring_map(const Design& d);

}  // namespace creditsim::detail
