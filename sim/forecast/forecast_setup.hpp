#pragma once
// The as-of cut of a forecast: what is known on the as-of day (every action,
// the usage up to that day), the demand model fitted to each subscription's
// history, and one replication's history with the future demand sampled from
// those models. The engine then replays that history like any other, so a
// forecast obeys every rule a replay does.

#include <cstdint>
#include <utility>
#include <vector>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "sim/forecast/demand_fit.hpp"

namespace creditsim {

/// A subscription whose demand is forecast.
struct ForecastSubscription {
    uint32_t subscription = 0;  ///< index into ForecastSetup::population.subscriptions
    Date first_day;             ///< first day with forecast demand
    DemandModel model;
    /// How a day's total splits over categories: weights in cents (the recent
    /// observed mix, or a stand-in for a new subscription), ascending category.
    std::vector<std::pair<Category, int64_t>> mix;
    bool is_new = false;  ///< redeemed after the as-of day: no history, the partner's model
};

struct ForecastSetup {
    /// The replay's population plus a subscription for each credit redeemed
    /// (by a planned action) after the as-of day that has no usage yet.
    Population population;
    /// The actions known (with PlannedActions::kept those after the as-of day are the plan) and the
    /// demand up to the as-of day.
    History observed;
    Date as_of;    ///< the last day of known usage
    Date end_day;  ///< the first day after the forecast
    std::vector<ForecastSubscription> subscriptions;  ///< ascending subscription
    int64_t usage_after_as_of = 0;  ///< demand entries after the as-of day: replaced by the forecast
    int64_t actions_after_as_of_dropped = 0;  ///< actions after the as-of day left out (PlannedActions::dropped)
};

/// Which actions after the as-of day a forecast knows.
enum class PlannedActions : uint8_t {
    kept,     ///< every action: those after the as-of day are the plan (creditsim forecast)
    dropped,  ///< none after the as-of day: only what was known then (a backtest's default)
};

/// Cuts a replay's inputs at as_of and fits every subscription's demand.
/// Future demand is forecast for subscriptions with usage (or a redemption)
/// up to as_of, and in the legacy flow for credits a planned action redeems
/// later; a plain subscription first seen after as_of is not known yet.
ForecastSetup prepare_forecast(const Population& population, const History& history, Flow flow, Date as_of,
                               Date end_day, PlannedActions planned = PlannedActions::kept);

/// One replication's history: the observed one, then each forecast
/// subscription's sampled daily demand split over its categories in whole
/// cents. Streams are keyed by (seed, replication, subscription), so a
/// replication is the same whatever the thread that runs it.
History sample_forecast_history(const ForecastSetup& setup, uint64_t seed, int replication);

/// Splits total cents over weights exactly (largest remainder; ties to the
/// earlier entry) into parts: they sum to total and are proportional up to a cent.
void split_by_weights(int64_t total, const std::vector<std::pair<Category, int64_t>>& weights,
                      std::vector<int64_t>& parts);

}  // namespace creditsim
