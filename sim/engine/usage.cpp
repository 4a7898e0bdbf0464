// Step 6 of SPEC 3: serving today's demand, one subscription at a time in id
// order. A replay's rows go to their subscription: a credit's (credit_usage.hpp),
// a plain PAYG one, or the partner's billing-profile pool. A generated
// billing profile serves every live credit subscription from the pool. (A
// generated legacy credit is served by its life instead: credit_life.cpp.)
#include <algorithm>

#include "sim/engine/engine_internals.hpp"

namespace creditsim::detail {

void Engine::book_flows(uint32_t partner, int month, const MoneyFlows& flows) {
    CREDITSIM_ASSERT(flows.demand == flows.credit_used + flows.payg_overage + flows.payg_ineligible +
                                         flows.payg_other + flows.unserved,
                     "demand does not split exactly");
    result_.summary[size_t(month)].flows += flows;
    if (BillingMonth* billing_month = billing(partner, month)) billing_month->flows += flows;
}

void Engine::serve_rows_of_today(std::span<const Demand> rows) {
    for (const Demand* first = rows.data(), *const end = first + rows.size(); first != end;) {
        CREDITSIM_ASSERT(first->day == today_, "a demand row of " << first->day.to_string() << " on "
                                                                   << today_.to_string());
        const Demand* last = first;
        while (last != end && last->subscription == first->subscription) ++last;
        serve_replay_subscription(first->subscription, first, last);
        first = last;
    }
}

void Engine::serve_replay_subscription(uint32_t subscription, const Demand* first, const Demand* last) {
    const Subscription& sub = population_.subscriptions[subscription];
    MoneyFlows flows;
    Money demand, uncovered;
    for (const Demand* d = first; d != last; ++d) {
        demand += d->amount;
        if (sub.credit != kNone && !scope_covers(credits_.scope[sub.credit], d->category)) uncovered += d->amount;
    }
    replay_demand_given_ += demand;
    if (is_pool_flow_) {
        flows.demand = demand;
        serve_pool(sub.partner, first, last, flows);
    } else if (sub.credit == kNone) {  // a plain subscription of the partner
        flows.demand = flows.payg_other = demand;
    } else {
        serve_credit_today(sub.credit, DayDemand{demand.cents(), uncovered.cents()}, flows);
    }
    replay_demand_booked_ += flows.demand;
    book_flows(sub.partner, today_month_, flows);
}

// One day of the day loop on a credit's subscription.
void Engine::serve_credit_today(uint32_t c, const DayDemand& day, MoneyFlows& flows) {
    CreditDayServer server(in_service(c));
    server.serve(day.total, day.uncovered);
    finish_serving(c, server, flows);
    if (server.is_limit_reached()) disable(c, DisableReason::spending_limit_reached);
}

CreditInService Engine::in_service(uint32_t c) const {
    return CreditInService{credits_.state[c], credits_.limit[c], credits_.balance[c].cents()};
}

// The days `server` served from today_ on c's subscription, into the table and flows.
void Engine::finish_serving(uint32_t c, const CreditDayServer& server, MoneyFlows& flows) {
    server.finish(flows);
    const Money balance = Money::from_cents(server.balance());
    credits_.period_used[c] += credits_.balance[c] - balance;
    credits_.balance[c] = balance;
    if (options_.keep_exhaustions && server.exhausted_day() >= 0)
        result_.exhaustions.push_back(Exhaustion{c, today_.plus_days(server.exhausted_day())});
}

// Generated populations, billing-profile flow: every live credit
// subscription, in id order, draws from its partner's pool.
void Engine::serve_generated_pool_day() {
    if (!live_added_.empty()) {  // a handful a day: sort them and merge into the sorted list
        std::sort(live_added_.begin(), live_added_.end());
        const size_t middle = live_.size();
        for (const uint32_t c : live_added_) live_.push_back(LiveSubscription{c, 0, 0, {}});  // their demand starts today
        std::inplace_merge(live_.begin(), live_.begin() + std::ptrdiff_t(middle), live_.end(),
                           [](const LiveSubscription& a, const LiveSubscription& b) { return a.credit < b.credit; });
        live_added_.clear();
    }
    MoneyFlows day_total;
    size_t kept = 0;
    for (LiveSubscription& live : live_) {
        const uint32_t c = live.credit;
        if (!credits_.is_live[c]) continue;  // deleted: dropped from the list
        if (live.next == live.count) {       // the next days of its demand, in one call
            const int days = int(std::min<int32_t>(LiveSubscription::kDaysAhead, end_day_ - today_));
            demand_.credit_days(c, credits_.anchor[c], today_, days, live.ahead);
            live.next = 0;
            live.count = uint8_t(days);
        }
        const DayDemand& day = live.ahead[live.next++];
        const Money covered = Money::from_cents(day.total - day.uncovered);
        const Money uncovered = Money::from_cents(day.uncovered);
        MoneyFlows flows;
        flows.demand = covered + uncovered;
        // The credit's workloads draw from the partner's pool like any subscription.
        const Category category = credits_.scope[c] == kAzureScope ? kEligible : credits_.scope[c];
        const Demand day_demand[2] = {{today_, 0, category, covered}, {today_, 0, kIneligible, uncovered}};
        serve_pool(partner_of(c), day_demand, day_demand + 2, flows);
        day_total += flows;
        if (BillingMonth* month = billing(partner_of(c), today_month_)) month->flows += flows;
        if (&live_[kept] != &live) live_[kept] = live;  // compacts the list in place
        ++kept;
    }
    live_.erase(live_.begin() + std::ptrdiff_t(kept), live_.end());
    CREDITSIM_ASSERT(day_total.demand == day_total.credit_used + day_total.payg_overage + day_total.payg_ineligible +
                                             day_total.payg_other + day_total.unserved,
                     "the day's demand does not split exactly");
    summary_today().flows += day_total;
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
