// Generated runs, legacy flow: a credit's subscription life, from its
// redemption to its deletion or the run's end, simulated in one go.
//
// Why this is exact: after its redemption, nothing outside a credit touches
// what its usage depends on (state, limit, balance, periods). Its period
// boundaries, end day and deletion follow from its own dates; its limit and
// convert actions are planned only by its own reactions (on_redeem and
// on_limit_reached), which are keyed by the credit and never depend on the
// order they are called in (sim/generate/behavior_model.hpp). Assignments, the only
// actions that look at other credits, do not look at usage state. So the day
// loop keeps awards, deadlines, membership and assign/remove/redeem, and on a
// redemption this file runs the credit's days ahead: the same step handlers on
// the credit's own days (today_ is moved there and back), and between them
// usage in a tight loop with the state in registers. Events come out of time
// order and finish() sorts them back; money is booked into the month of its day.
#include <algorithm>

#include "sim/engine/engine_state.hpp"

namespace creditsim::detail {

bool Engine::is_life_owned(ActionKind kind) const {
    return runs_lives_ && action_rank(kind) >= action_rank(ActionKind::limit_off);  // limit changes and convert
}

void Engine::set_today(Date day) {
    today_ = day;
    today_month_ = month_index(day);
}

// Called by do_redeem on the redemption day, after on_redeem planned its actions.
void Engine::run_life(uint32_t c) {
    const Date redeemed = today_;
    const uint8_t redeem_phase = phase_;
    GeneratedDemand::Cursor demand(*demand_model_, c, credits_.anchor[c], today_);  // usage of today is next
    for (;;) {
        const Date stop = next_life_step(c);
        // No usage from the deletion day on; planned actions still meet the deleted subscription.
        const bool has_usage = credits_.state[c] != SubState::deleted;
        if (has_usage && serve_life_usage(c, demand, stop) < stop) continue;  // disabled: its reaction may plan actions
        if (stop >= end_day_) break;
        set_today(stop);
        apply_life_steps(c);
    }
    CREDITSIM_ASSERT(life_actions_.empty() || life_actions_.front().day >= end_day_, "a planned action was missed");
    life_actions_.clear();
    life_credit_ = kNone;
    set_today(redeemed);
    phase_ = redeem_phase;
}

// The next day, after today_, on which something other than usage can happen to c.
Date Engine::next_life_step(uint32_t c) const {
    Date next = end_day_;
    if (credits_.has_open_row[c]) {
        next = std::min(next, credits_.end_day[c]);
        next = std::min(next, credits_.next_boundary[c]);
    }
    if (credits_.state[c] == SubState::disabled_term) next = std::min(next, credits_.delete_day[c]);
    if (!life_actions_.empty()) next = std::min(next, life_actions_.front().day);
    CREDITSIM_ASSERT(next > today_, "a step of " << population_.credits[c].id << " left in the past");
    return next;
}

// Steps 1, 2, 3 and 5 of SPEC 3 for c on today_: each handler checks that its step applies today.
void Engine::apply_life_steps(uint32_t c) {
    phase_ = phase::kPeriodBoundary;
    on_period_boundary(c);
    phase_ = phase::kEndOrDeadline;
    on_end_day(c);
    phase_ = phase::kDeletion;
    on_deletion(c);
    size_t applied = 0;
    for (; applied < life_actions_.size() && life_actions_[applied].day == today_; ++applied) {
        phase_ = uint8_t(phase::kFirstAction + action_rank(life_actions_[applied].kind));
        apply_action(life_actions_[applied]);
    }
    life_actions_.erase(life_actions_.begin(), life_actions_.begin() + std::ptrdiff_t(applied));
}

// Step 6 for c on the days [demand.today(), stop), month by month (money is
// booked into the month of its day); returns the day after the last one
// served: stop, or earlier when the limit was reached (then disable() ran on
// that day, in the usage phase).
Date Engine::serve_life_usage(uint32_t c, GeneratedDemand::Cursor& demand, Date stop) {
    const uint32_t partner = partner_of(c);
    // today_ is never after the cursor's day and rarely a month before it: scan on from its month.
    int month = today_month_;
    while (month + 1 < result_.month_count && month_first_[size_t(month) + 1] <= demand.today()) ++month;
    bool is_disabled = false;
    while (demand.today() < stop && !is_disabled) {
        MoneyFlows flows;
        is_disabled = serve_life_days(c, demand, std::min(stop, month_first_[size_t(month) + 1]), flows);
        book_flows(partner, month, flows);
        ++month;
    }
    if (is_disabled) {  // on the day just served, in its usage step
        set_today(demand.today().plus_days(-1));
        phase_ = phase::kUsage;
        disable(c, DisableReason::spending_limit_reached);
    }
    return demand.today();
}

namespace {
/// Demand of a run of days, in cents: total and, of it, ineligible.
struct DemandSums {
    int64_t total = 0, ineligible = 0;
    void add(int64_t day_total, int64_t day_ineligible) { total += day_total, ineligible += day_ineligible; }
};

/// The demand of the days [demand.today(), stop), served alike.
DemandSums sum_days(GeneratedDemand::Cursor& demand, Date stop) {
    DemandSums sums;
    demand.for_each_day(stop, [&](int64_t total, int64_t ineligible) {
        sums.add(total, ineligible);
        return true;
    });
    return sums;
}

/// Draws the covered demand of the days [demand.today(), stop) from balance
/// while it is below the balance, adding those days' total demand to
/// paid_total (their covered demand is what left the balance). Stops after the
/// first day whose covered demand the balance cannot pay in full, returning
/// true and that day's demand in total and ineligible, or at stop.
bool draw_days(GeneratedDemand::Cursor& demand, Date stop, int64_t& balance, int64_t& paid_total, int64_t& total,
               int64_t& ineligible) {
    int64_t left = balance, days_total = 0;
    bool is_short = false;
    demand.for_each_day(stop, [&](int64_t day_total, int64_t day_ineligible) {
        const int64_t covered = day_total - day_ineligible;
        if (covered >= left) {
            is_short = true;
            total = day_total;
            ineligible = day_ineligible;
            return false;
        }
        left -= covered;
        days_total += day_total;
        return true;
    });
    balance = left;
    paid_total = days_total;
    return is_short;
}
}  // namespace

// Serves c's days [demand.today(), stop) in one state and limit (inside one
// month) into flows; returns true when the limit was reached on the last day
// served. Most days need no rule at all: while the covered demand is below the
// balance, split_legacy_day draws all of it; only the day the balance runs out
// goes through split_legacy_day itself.
bool Engine::serve_life_days(uint32_t c, GeneratedDemand::Cursor& demand, Date stop, MoneyFlows& flows) {
    auto cents = [](int64_t amount) { return Money::from_cents(amount); };
    switch (credits_.state[c]) {
        case SubState::disabled_limit:
        case SubState::disabled_term: {  // a disabled subscription serves nothing
            const DemandSums days = sum_days(demand, stop);
            flows.demand += cents(days.total);
            flows.unserved += cents(days.total);
            return false;
        }
        case SubState::converted: {  // plain PAYG
            const DemandSums days = sum_days(demand, stop);
            flows.demand += cents(days.total);
            flows.payg_other += cents(days.total);
            return false;
        }
        case SubState::active: break;
        case SubState::none:
        case SubState::deleted: CREDITSIM_ASSERT(false, "usage on " << population_.credits[c].id << " without a subscription");
    }
    const LimitState limit = credits_.limit[c];
    const int64_t opening_balance = credits_.balance[c].cents();
    int64_t balance = opening_balance;
    bool is_disabled = false;
    while (demand.today() < stop && !is_disabled) {
        if (balance == 0 && limit != LimitState::on) {  // nothing left to draw: covered demand is overage
            const DemandSums days = sum_days(demand, stop);
            flows.demand += cents(days.total);
            flows.payg_overage += cents(days.total - days.ineligible);
            flows.payg_ineligible += cents(days.ineligible);
            break;
        }
        // Days whose covered demand the balance pays in full, up to the day it does not.
        const int64_t balance_before = balance;
        int64_t paid_total = 0, total = 0, ineligible = 0;
        const bool is_short = draw_days(demand, stop, balance, paid_total, total, ineligible);
        const int64_t paid_covered = balance_before - balance;
        flows.demand += cents(paid_total);
        flows.credit_used += cents(paid_covered);
        (limit == LimitState::on ? flows.unserved : flows.payg_ineligible) += cents(paid_total - paid_covered);
        if (!is_short) break;

        // The balance runs out today (or, the limit on, was out already): SPEC 3 step 6 in full.
        const LegacyDaySplit split = split_legacy_day(cents(balance), limit, cents(total - ineligible), cents(ineligible));
        flows.demand += cents(total);
        flows.credit_used += split.credit_used;
        flows.payg_overage += split.payg_overage;
        flows.payg_ineligible += split.payg_ineligible;
        flows.unserved += split.unserved;
        balance -= split.credit_used.cents();
        if (options_.keep_exhaustions && split.credit_used.is_positive() && balance == 0)
            result_.exhaustions.push_back(Exhaustion{c, demand.today().plus_days(-1)});
        is_disabled = split.is_disabled;
    }
    credits_.balance[c] = cents(balance);
    credits_.period_used[c] += cents(opening_balance - balance);
    return is_disabled;
}

}  // namespace creditsim::detail
