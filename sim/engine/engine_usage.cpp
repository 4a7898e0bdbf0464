// Step 6 of SPEC 3: serving a day's demand on one subscription.
#include <algorithm>

#include "sim/engine/engine_state.hpp"
#include "sim/generate/generated_demand.hpp"

namespace creditsim::detail {

void Engine::book_flows(uint32_t partner, int month, const MoneyFlows& flows) {
    CREDITSIM_ASSERT(flows.demand == flows.credit_used + flows.payg_overage + flows.payg_ineligible +
                                         flows.payg_other + flows.unserved,
                     "demand does not split exactly");
    result_.summary[size_t(month)].flows += flows;
    if (BillingMonth* billing_month = billing(partner, month)) billing_month->flows += flows;
}

void Engine::serve_replay_subscription(uint32_t subscription, const Demand* first, const Demand* last) {
    const Subscription& sub = population_.subscriptions[subscription];
    MoneyFlows flows;
    for (const Demand* d = first; d != last; ++d) flows.demand += d->amount;
    if (is_pool_flow_) {
        serve_pool(sub.partner, first, last, flows);
    } else if (sub.credit == kNone) {  // a plain subscription of the partner
        flows.payg_other = flows.demand;
    } else {
        Money covered, uncovered;
        for (const Demand* d = first; d != last; ++d)
            (scope_covers(credits_.scope[sub.credit], d->category) ? covered : uncovered) += d->amount;
        serve_credit(sub.credit, covered, uncovered, flows);
    }
    replay_demand_booked_ += flows.demand;
    book_flows(sub.partner, today_month_, flows);
}

// Generated populations, billing-profile flow: every live credit
// subscription, in id order, draws from its partner's pool. (The legacy flow
// runs each credit's life at its redemption instead: engine_life.cpp.)
void Engine::serve_generated_pool_day() {
    if (!live_added_.empty()) {  // a handful a day: sort them and merge into the sorted list
        std::sort(live_added_.begin(), live_added_.end());
        const size_t middle = live_.size();
        for (const uint32_t c : live_added_)  // activated today: their demand starts today
            live_.push_back(LiveSubscription{c, GeneratedDemand::Cursor(*demand_model_, c, credits_.anchor[c], today_)});
        std::inplace_merge(live_.begin(), live_.begin() + std::ptrdiff_t(middle), live_.end(),
                           [](const LiveSubscription& a, const LiveSubscription& b) { return a.credit < b.credit; });
        live_added_.clear();
    }
    MoneyFlows day_total;
    size_t kept = 0;
    for (LiveSubscription& live : live_) {
        const uint32_t c = live.credit;
        if (!credits_.is_live[c]) continue;  // deleted: dropped from the list
        Money covered, uncovered;
        live.demand.for_each_day(today_.plus_days(1), [&](int64_t total, int64_t ineligible) {
            covered = Money::from_cents(total - ineligible);
            uncovered = Money::from_cents(ineligible);
            return true;
        });
        MoneyFlows flows;
        flows.demand = covered + uncovered;
        // The credit's workloads draw from the partner's pool like any subscription.
        const Category category = credits_.scope[c] == kAzureScope ? kEligible : credits_.scope[c];
        const Demand day_demand[2] = {{today_, 0, category, covered}, {today_, 0, kIneligible, uncovered}};
        serve_pool(partner_of(c), day_demand, day_demand + 2, flows);
        day_total += flows;
        if (BillingMonth* month = billing(partner_of(c), today_month_)) month->flows += flows;
        live_[kept++] = live;  // compacts the list in place
    }
    live_.erase(live_.begin() + std::ptrdiff_t(kept), live_.end());
    CREDITSIM_ASSERT(day_total.demand == day_total.credit_used + day_total.payg_overage + day_total.payg_ineligible +
                                             day_total.payg_other + day_total.unserved,
                     "the day's demand does not split exactly");
    summary_today().flows += day_total;
}

// A day's demand on a credit's subscription (legacy flow).
void Engine::serve_credit(uint32_t c, Money covered, Money uncovered, MoneyFlows& flows) {
    switch (credits_.state[c]) {
        case SubState::none:  // not redeemed (or forfeited): the subscription does not exist
        case SubState::deleted:
        case SubState::disabled_limit:
        case SubState::disabled_term: flows.unserved = flows.demand; return;
        case SubState::converted: flows.payg_other = flows.demand; return;
        case SubState::active: break;
    }
    const LegacyDaySplit split = split_legacy_day(credits_.balance[c], credits_.limit[c], covered, uncovered);
    flows.credit_used = split.credit_used;
    flows.payg_overage = split.payg_overage;
    flows.payg_ineligible = split.payg_ineligible;
    flows.unserved = split.unserved;
    credits_.balance[c] -= split.credit_used;
    credits_.period_used[c] += split.credit_used;
    if (options_.keep_exhaustions && split.credit_used.is_positive() && credits_.balance[c].is_zero())
        result_.exhaustions.push_back(Exhaustion{c, today_});
    if (split.is_disabled) disable(c, DisableReason::spending_limit_reached);
}

namespace {
// Billing-profile category order: products (ascending name), eligible, ineligible.
int pool_category_rank(Category category) {
    return category >= kFirstProduct ? category - kFirstProduct : 0x10000 + category;  // eligible < ineligible
}
}  // namespace

void Engine::serve_pool(uint32_t partner_index, const Demand* first, const Demand* last, MoneyFlows& flows) {
    const Partner& partner = population_.partners[partner_index];
    // The day's demand of this subscription in pool category order (a handful of rows).
    std::vector<const Demand*>& order = pool_day_scratch_;
    order.clear();
    for (const Demand* d = first; d != last; ++d) order.push_back(d);
    std::sort(order.begin(), order.end(), [](const Demand* a, const Demand* b) {
        return pool_category_rank(a->category) < pool_category_rank(b->category);
    });

    for (const Demand* d : order) {
        if (d->category == kIneligible) {
            flows.payg_ineligible += d->amount;
            continue;
        }
        // The partner's active credits that cover this category, in burn order.
        pool_scratch_.clear();
        for (uint32_t i = 0; i < partner.credit_count; ++i) {
            const uint32_t c = population_.credits_by_partner[partner.first_credit + i];
            if (!credits_.has_open_row[c] || !credits_.balance[c].is_positive()) continue;
            if (!scope_covers(credits_.scope[c], d->category)) continue;
            pool_scratch_.push_back(PoolCredit{credits_.scope[c], credits_.kind[c], credits_.end_day[c],
                                               credits_.balance[c], c});
        }
        std::sort(pool_scratch_.begin(), pool_scratch_.end(),
                  [&](const PoolCredit& a, const PoolCredit& b) { return draws_before(a, b, policy_.burn_order); });
        Money rest = d->amount;
        for (const PoolCredit& credit : pool_scratch_) {
            if (rest.is_zero()) break;
            const uint32_t c = credit.id_rank;
            const Money draw = min(rest, credits_.balance[c]);
            credits_.balance[c] -= draw;
            credits_.period_used[c] += draw;
            if (options_.keep_exhaustions && draw.is_positive() && credits_.balance[c].is_zero())
                result_.exhaustions.push_back(Exhaustion{c, today_});
            flows.credit_used += draw;
            rest -= draw;
        }
        flows.payg_overage += rest;
    }
}

}  // namespace creditsim::detail
