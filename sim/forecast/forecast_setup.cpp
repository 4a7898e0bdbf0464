#include "sim/forecast/forecast_setup.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "model/errors.hpp"
#include "sim/forecast/demand_path.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim {
namespace {

// The category mix is taken from the last 13 weeks of a subscription's usage:
// recent enough to follow a shift, long enough to hold every weekday.
constexpr int kMixDays = 91;

// The first day an action redeems each credit (credits no action redeems have no entry).
std::map<uint32_t, Date> first_redeem_days(const History& history) {
    std::map<uint32_t, Date> days;
    for (const Action& a : history.actions)
        if (a.kind == ActionKind::redeem) days.emplace(a.credit, a.day);  // actions are in day order
    return days;
}

// Adds a subscription per credit that a planned action redeems after as_of and
// that has none yet; keeps subscriptions sorted by (id, partner) and remaps the
// observed demand to the new indices.
void add_planned_subscriptions(ForecastSetup& setup, const std::map<uint32_t, Date>& redeem_days) {
    Population& population = setup.population;
    std::vector<uint8_t> has_subscription(population.credits.size(), 0);
    for (const Subscription& s : population.subscriptions)
        if (s.credit != kNone) has_subscription[s.credit] = 1;
    std::vector<Subscription> merged = population.subscriptions;
    for (const auto& [credit, day] : redeem_days)
        if (day > setup.as_of && !has_subscription[credit])
            merged.push_back(Subscription{population.credits[credit].id, population.credits[credit].partner, credit});
    if (merged.size() == population.subscriptions.size()) return;
    std::vector<uint32_t> order(merged.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return merged[a].id != merged[b].id ? merged[a].id < merged[b].id : merged[a].partner < merged[b].partner;
    });
    std::vector<uint32_t> new_index(merged.size());
    population.subscriptions.clear();
    for (uint32_t i : order) {
        new_index[i] = uint32_t(population.subscriptions.size());
        population.subscriptions.push_back(merged[i]);
    }
    // Old indices keep their relative order, so the demand stays sorted.
    for (Demand& d : setup.observed.demand) d.subscription = new_index[d.subscription];
}

// Observed cents per category over the subscription's last kMixDays of usage.
std::vector<std::pair<Category, int64_t>> recent_mix(const std::vector<const Demand*>& rows) {
    std::map<Category, int64_t> cents;
    if (!rows.empty()) {
        const Date from = rows.back()->day.plus_days(1 - kMixDays);
        for (const Demand* d : rows)
            if (d->day >= from) cents[d->category] += d->amount.cents();
    }
    std::vector<std::pair<Category, int64_t>> mix;
    for (const auto& [category, amount] : cents)
        if (amount > 0) mix.emplace_back(category, amount);
    return mix;
}

// A new credit subscription's mix: its scope's category with the partner's
// observed share of ineligible usage beside it.
std::vector<std::pair<Category, int64_t>> new_subscription_mix(Category scope, int64_t partner_covered,
                                                               int64_t partner_ineligible) {
    const Category covered = scope == kAzureScope ? kEligible : scope;
    if (partner_covered + partner_ineligible <= 0) return {{covered, 1}};
    std::vector<std::pair<Category, int64_t>> mix;
    if (partner_covered > 0) mix.emplace_back(covered, partner_covered);
    if (partner_ineligible > 0) mix.emplace_back(kIneligible, partner_ineligible);
    std::sort(mix.begin(), mix.end());
    return mix;
}

// Cuts the history at as_of: every action before end_day is kept as the plan (only those up to
// as_of when planned actions are dropped), the usage up to as_of is observed, the rest counted.
void cut_at_as_of(ForecastSetup& setup, const History& history, PlannedActions planned_actions) {
    for (const Action& a : history.actions) {
        if (a.day >= setup.end_day) continue;
        if (a.day > setup.as_of && planned_actions == PlannedActions::dropped) {
            ++setup.actions_after_as_of_dropped;
            continue;
        }
        setup.observed.actions.push_back(a);
    }
    for (const Demand& d : history.demand) {
        if (d.day <= setup.as_of) setup.observed.demand.push_back(d);
        else ++setup.usage_after_as_of;
    }
}

// The series to fit, one per subscription known by as_of, with its partner; and the
// subscriptions of credits redeemed after as_of that have no usage (planned).
struct SeriesToFit {
    std::vector<DemandSeries> series;
    std::vector<uint32_t> group_of;
    std::vector<uint32_t> subscription_of;  ///< the subscription of each series
    std::vector<uint32_t> planned;
};

// Each series runs from the first usage (or the redemption, when earlier) to as_of.
SeriesToFit series_to_fit(const ForecastSetup& setup, const std::vector<std::vector<const Demand*>>& rows_of,
                          const std::map<uint32_t, Date>& redeem_days) {
    const std::vector<Subscription>& subscriptions = setup.population.subscriptions;
    const Date as_of = setup.as_of;
    SeriesToFit fit;
    for (uint32_t s = 0; s < subscriptions.size(); ++s) {
        std::optional<Date> first;
        if (!rows_of[s].empty()) first = rows_of[s].front()->day;
        if (subscriptions[s].credit != kNone) {
            const auto redeem = redeem_days.find(subscriptions[s].credit);
            if (redeem != redeem_days.end() && redeem->second <= as_of && (!first || redeem->second < *first))
                first = redeem->second;
            if (!first && redeem != redeem_days.end() && redeem->second > as_of) fit.planned.push_back(s);
        }
        if (!first) continue;  // known only from usage after as_of: not known yet
        DemandSeries one;
        one.first_day = *first;
        one.cents.assign(size_t(as_of - *first + 1), 0.0);
        for (const Demand* d : rows_of[s]) one.cents[size_t(d->day - *first)] += double(d->amount.cents());
        fit.series.push_back(std::move(one));
        fit.group_of.push_back(subscriptions[s].partner);
        fit.subscription_of.push_back(s);
    }
    return fit;
}

// Each partner's covered and ineligible cents: the mix of a new subscription.
struct PartnerCents {
    std::vector<int64_t> covered, ineligible;
};

PartnerCents partner_cents(const ForecastSetup& setup) {
    PartnerCents cents{std::vector<int64_t>(setup.population.partners.size(), 0),
                       std::vector<int64_t>(setup.population.partners.size(), 0)};
    for (const Demand& d : setup.observed.demand) {
        const uint32_t partner = setup.population.subscriptions[d.subscription].partner;
        (d.category == kIneligible ? cents.ineligible : cents.covered)[partner] += d.amount.cents();
    }
    return cents;
}

// The mix of a subscription without usage of its own: its credit's scope, its partner's shares.
std::vector<std::pair<Category, int64_t>> mix_without_usage(const ForecastSetup& setup, const PartnerCents& cents,
                                                            uint32_t subscription) {
    const Subscription& s = setup.population.subscriptions[subscription];
    const Category scope = s.credit == kNone
                               ? kAzureScope
                               : setup.population.catalog.lines()[setup.population.credits[s.credit].catalog_line].scope;
    return new_subscription_mix(scope, cents.covered[s.partner], cents.ineligible[s.partner]);
}

}  // namespace

void split_by_weights(int64_t total, const std::vector<std::pair<Category, int64_t>>& weights,
                      std::vector<int64_t>& parts) {
    CREDITSIM_ASSERT(!weights.empty() && total >= 0, "split_by_weights needs weights and a non-negative total");
    parts.assign(weights.size(), 0);
    if (weights.size() == 1) {  // the common case: one category
        parts[0] = total;
        return;
    }
    __int128 weight_sum = 0;
    for (const auto& w : weights) weight_sum += w.second;
    int64_t given = 0;
    for (size_t k = 0; k < weights.size(); ++k) {
        parts[k] = int64_t(__int128(total) * weights[k].second / weight_sum);
        given += parts[k];
    }
    // The cents left over (fewer than the parts) go to the largest remainders,
    // the earlier entry first on ties: one pass per cent.
    for (; given < total; ++given) {
        size_t best = 0;
        __int128 best_remainder = -1;
        for (size_t k = 0; k < weights.size(); ++k) {
            const __int128 scaled = __int128(total) * weights[k].second;
            // A part that already got its leftover cent has remainder below zero now.
            const __int128 remainder = scaled - __int128(parts[k]) * weight_sum;
            if (remainder > best_remainder) best = k, best_remainder = remainder;
        }
        ++parts[best];
    }
}

ForecastSetup prepare_forecast(const Population& population, const History& history, Flow flow, Date as_of,
                               Date end_day, PlannedActions planned_actions) {
    ForecastSetup setup;
    setup.population = population;
    setup.as_of = as_of;
    setup.end_day = end_day;
    cut_at_as_of(setup, history, planned_actions);
    const std::map<uint32_t, Date> redeem_days =
        flow == Flow::legacy ? first_redeem_days(setup.observed) : std::map<uint32_t, Date>{};
    add_planned_subscriptions(setup, redeem_days);

    const std::vector<Subscription>& subscriptions = setup.population.subscriptions;
    std::vector<std::vector<const Demand*>> rows_of(subscriptions.size());
    for (const Demand& d : setup.observed.demand) rows_of[d.subscription].push_back(&d);
    const SeriesToFit to_fit = series_to_fit(setup, rows_of, redeem_days);
    const FittedDemand fitted =
        fit_demand(to_fit.series, to_fit.group_of, uint32_t(setup.population.partners.size()), as_of);

    const PartnerCents cents = partner_cents(setup);
    for (size_t i = 0; i < to_fit.subscription_of.size(); ++i) {
        const uint32_t s = to_fit.subscription_of[i];
        ForecastSubscription f;
        f.subscription = s;
        f.first_day = as_of.plus_days(1);
        f.model = fitted.models[i];
        f.mix = recent_mix(rows_of[s]);
        if (f.mix.empty()) f.mix = mix_without_usage(setup, cents, s);  // redeemed, no usage yet
        setup.subscriptions.push_back(std::move(f));
    }
    for (const uint32_t s : to_fit.planned) {
        ForecastSubscription f;
        f.subscription = s;
        f.first_day = redeem_days.at(subscriptions[s].credit);
        f.model = fitted.group_models[subscriptions[s].partner];
        f.mix = mix_without_usage(setup, cents, s);
        f.is_new = true;
        setup.subscriptions.push_back(std::move(f));
    }
    std::sort(setup.subscriptions.begin(), setup.subscriptions.end(),
              [](const ForecastSubscription& a, const ForecastSubscription& b) { return a.subscription < b.subscription; });
    return setup;
}

History sample_forecast_history(const ForecastSetup& setup, uint64_t seed, int replication) {
    History history;
    history.actions = setup.observed.actions;
    history.demand = setup.observed.demand;
    // Each subscription's path first, then the days in order: the demand comes
    // out sorted by (day, subscription, category) with no sort.
    std::vector<std::vector<int64_t>> paths(setup.subscriptions.size());
    for (size_t i = 0; i < setup.subscriptions.size(); ++i) {
        const ForecastSubscription& f = setup.subscriptions[i];
        if (f.first_day >= setup.end_day) continue;
        RandomStream stream(seed, uint32_t(replication), f.subscription, Purpose::forecast_noise);
        sample_demand_path(f.model, f.first_day, int(setup.end_day - f.first_day), stream, paths[i]);
    }
    std::vector<int64_t> parts;
    for (Date day = setup.as_of.plus_days(1); day < setup.end_day; day = day.plus_days(1))
        for (size_t i = 0; i < setup.subscriptions.size(); ++i) {
            const ForecastSubscription& f = setup.subscriptions[i];
            if (day < f.first_day || paths[i].empty()) continue;
            const int64_t total = paths[i][size_t(day - f.first_day)];
            if (total <= 0) continue;
            split_by_weights(total, f.mix, parts);
            for (size_t k = 0; k < parts.size(); ++k)
                if (parts[k] > 0)
                    history.demand.push_back(Demand{day, f.subscription, f.mix[k].first, Money::from_cents(parts[k])});
        }
    return history;
}

}  // namespace creditsim
