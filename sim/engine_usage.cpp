// Step 6 of SPEC 3: serving a day's demand on one subscription.
#include <algorithm>

#include "sim/engine_state.hpp"

namespace creditsim::detail {

void Engine::serve_subscription(uint32_t subscription, const Demand* first, const Demand* last) {
    MoneyFlows flows;
    for (const Demand* d = first; d != last; ++d) flows.demand += d->amount;
    if (is_pool_flow_) serve_pool(subscription, first, last, flows);
    else serve_legacy(subscription, first, last, flows);

    CREDITSIM_ASSERT(flows.demand == flows.credit_used + flows.payg_overage + flows.payg_ineligible +
                                         flows.payg_other + flows.unserved,
                     "demand on " << population_.subscriptions[subscription].id << " does not split exactly");
    summary_today().flows += flows;
    if (BillingMonth* month = billing(population_.subscriptions[subscription].partner, today_month_))
        month->flows += flows;
}

void Engine::serve_legacy(uint32_t subscription, const Demand* first, const Demand* last, MoneyFlows& flows) {
    const uint32_t c = population_.subscriptions[subscription].credit;
    if (c == kNone) {  // a plain subscription of the partner
        flows.payg_other = flows.demand;
        return;
    }
    switch (credits_.state[c]) {
        case SubState::none:  // not redeemed (or forfeited): the subscription does not exist
        case SubState::deleted:
        case SubState::disabled_limit:
        case SubState::disabled_term: flows.unserved = flows.demand; return;
        case SubState::converted: flows.payg_other = flows.demand; return;
        case SubState::active: break;
    }
    Money covered, uncovered;
    for (const Demand* d = first; d != last; ++d)
        (scope_covers(credits_.scope[c], d->category) ? covered : uncovered) += d->amount;

    const LegacyDaySplit split = split_legacy_day(credits_.balance[c], credits_.limit[c], covered, uncovered);
    flows.credit_used = split.credit_used;
    flows.payg_overage = split.payg_overage;
    flows.payg_ineligible = split.payg_ineligible;
    flows.unserved = split.unserved;
    credits_.balance[c] -= split.credit_used;
    credits_.open_row[c].used += split.credit_used;
    if (split.is_disabled) disable(c, DisableReason::spending_limit_reached);
}

namespace {
// Billing-profile category order: products (ascending name), eligible, ineligible.
int pool_category_rank(Category category) { return category >= kFirstProduct ? category - kFirstProduct - 1000 : category; }
}  // namespace

void Engine::serve_pool(uint32_t subscription, const Demand* first, const Demand* last, MoneyFlows& flows) {
    const Partner& partner = population_.partners[population_.subscriptions[subscription].partner];
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
            credits_.open_row[c].used += draw;
            flows.credit_used += draw;
            rest -= draw;
        }
        flows.payg_overage += rest;
    }
}

}  // namespace creditsim::detail
