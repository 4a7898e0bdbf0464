#pragma once
// The per-subscription daily demand model behind `creditsim forecast`: fitting.
// On positive days log(cents) = level + trend*(damped days since reference_day) + weekday effect
// + calendar-month effect + an AR(1) residual; zero days are a Bernoulli draw per weekday.
// Short histories borrow their shape from their group (a partner), or from the whole cohort.
// docs/FORECAST.md describes every choice and its limits. Sampling is in sim/forecast/demand_path.hpp.

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "model/date.hpp"

namespace creditsim {

/// One subscription's observed daily demand, all categories together, in cents,
/// over consecutive days first_day .. first_day + cents.size() - 1 (zero = a real zero day).
struct DemandSeries {
    Date first_day;
    std::vector<double> cents;
};

/// Where a model's parameters came from.
enum class FitOrigin : uint8_t {
    own,              ///< fitted on the series itself (28+ positive days over 8+ weeks)
    borrowed_group,   ///< short series: shape from its group's pooled fit, level shrunk toward the group's
    borrowed_cohort,  ///< short series in a short group: shape from the cohort, level shrunk toward the group's
    new_in_group,     ///< a group's model for a new subscription (no history)
    new_in_cohort,    ///< the cohort's model for a new subscription of a group with no history
    dormant,          ///< no demand forecast
};

/// Index of each coefficient in DemandModel::parameter_factor's rows.
inline constexpr int kDemandLevel = 0;
inline constexpr int kDemandTrend = 1;
inline constexpr int kDemandWeekday0 = 2;   ///< + weekday (0 = Monday)
inline constexpr int kDemandMonth0 = 9;     ///< + month - 1 (0 = January)
inline constexpr int kDemandParameterCount = 21;

/// Trend extrapolation: after reference_day the trend's effect is trend * D * (1 - exp(-h / D)),
/// h days ahead, with D = kTrendDampingDays; it never adds more than D days' worth of trend.
inline constexpr double kTrendDampingDays = 365.0;
/// The extrapolated trend is capped at |trend| * D <= log(2) (a halving or doubling at most).
inline constexpr double kMaxTrendEffect = 0.6931471805599453;

/// A fitted daily demand model of one subscription (or of a new subscription of a group).
/// All effects are on the natural-log scale of cents.
struct DemandModel {
    /// No demand forecast (the last 28 observed days all zero): expected and sampled demand are 0.
    bool is_dormant = false;
    FitOrigin source = FitOrigin::new_in_cohort;
    /// The fit's as_of day: the trend counts days from it and ar_state is the residual on it.
    Date reference_day;
    /// Mean log cents of a positive day on reference_day, over weekdays and months (effects have mean zero).
    double level = 0;
    /// Log cents per day (0.001 is about +3% a month); extrapolated with damping, see kTrendDampingDays.
    double trend = 0;
    /// The share of `trend` extrapolated after reference_day (its uncertainty is extrapolated in full):
    /// below 1 for a window of under 15 months without seasonality of its own, where a rise may be the season.
    double trend_share = 1;
    /// Monday first; mean zero over the weekdays that had positive days (0 for the others).
    std::array<double, 7> weekday_effect{};
    /// January first; mean zero; all zero when has_seasonality is false.
    std::array<double, 12> month_effect{};
    /// Calendar-month effects fitted (13+ months of history) or borrowed from the group.
    bool has_seasonality = false;
    /// Probability that a day has no demand at all, per weekday (Monday first), independent across days.
    std::array<double, 7> zero_probability{};
    /// AR(1) coefficient of the daily log residual (its latent process runs through zero days too).
    double ar_coefficient = 0;
    /// The residual on reference_day (the last positive day's, times ar_coefficient^days since); 0 without one.
    double ar_state = 0;
    /// False for a model without an own observation: sampling starts the AR(1) from its stationary law.
    bool has_state = false;
    /// Standard deviation of the AR(1) innovations.
    double innovation_sd = 0;
    /// The persistent shock (sim/forecast/demand_shock.hpp): a Gaussian AR(1) on the log scale beside the daily one,
    /// slow enough to survive a monthly total. Stationary sd (0: none), coefficient per day, and its value on
    /// reference_day with the sd of that estimate (a path draws its start from both).
    double shock_sd = 0;
    double shock_ar = 0;
    double shock_state = 0;
    double shock_state_sd = 0;
    /// A step change in level was found inside the fit window (the level is the one after it).
    bool has_level_shift = false;
    /// Future steps in level: the sd per day of a random walk in log cents from reference_day on, at the
    /// rate and size of the steps found in the cohort's histories (0: none found). Not mean-corrected.
    double level_walk_sd = 0;
    /// Standardised innovations (mean 0, sd 1) resampled by the bootstrap; shared by borrowing models.
    /// Empty only when no series had any: sampling then draws normal innovations.
    std::shared_ptr<const std::vector<double>> innovations;
    /// log E[exp(residual h days ahead)] - ar_coefficient^h * ar_state under the bootstrap, for h = 1, 2, ...
    /// (entry h - 1); beyond the end the last entry holds (the stationary value).
    std::vector<double> log_residual_mean;
    /// Estimation uncertainty of the coefficients: a kDemandParameterCount x parameter_rank matrix F,
    /// row-major, such that the coefficients' covariance is F F'. A path draws z ~ N(0, I) once and uses
    /// coefficients + F z, minus 0.5 x'FF'x on each day's log so the cents-scale mean is not inflated.
    int parameter_rank = 0;
    std::vector<double> parameter_factor;
    /// New-subscription models only: sd of a subscription's log level around `level` (between subscriptions
    /// of the group); drawn once per path and not mean-corrected (the spread is real, not estimation error).
    double level_spread = 0;
    /// Diagnostics: positive and observed days in the fit window (0 for new-subscription models).
    int positive_days = 0;
    int observed_days = 0;
};

struct FittedDemand {
    std::vector<DemandModel> models;        ///< one per input series, same order (borrowing from the group where short)
    std::vector<DemandModel> group_models;  ///< per group: a new subscription of that group (no history)
    DemandModel cohort_model;               ///< a new subscription of a group with no history at all
};

/// Fits every series on its days up to and including as_of (later days are ignored); at most the
/// last 731 days are used. group_of[i] in [0, group_count) is the series' group (a partner). A series
/// with fewer than 28 positive days or under 56 observed days borrows weekday/trend/seasonality/residual
/// shape from its group's pooled fit (the cohort's when the group has no long series) and shrinks its
/// level toward the group's. Fitted on days, never month totals, so a partial last month is no bias.
/// Throws InvariantError when group_of does not match series or names a group >= group_count.
FittedDemand fit_demand(const std::vector<DemandSeries>& series, const std::vector<uint32_t>& group_of,
                        uint32_t group_count, Date as_of);

/// Monday-first weekday index (0..6) of a day.
inline int monday_weekday(Date day) { return ((day.serial() + 3) % 7 + 7) % 7; }

/// The trend multiplier on a day h days after reference_day: h itself up to reference_day, damped after.
double trend_days(int32_t h);

}  // namespace creditsim
