// Generated runs, legacy flow: a credit's subscription life, from its
// redemption to its deletion or the run's end, simulated in one go.
//
// Why this is exact: after its redemption, nothing outside a credit touches
// what its usage depends on (state, limit, balance, periods). Its period
// boundaries, end day and deletion follow from its own dates; its limit and
// convert actions are planned only by its own reactions (on_redeem and
// on_limit_reached), which are keyed by the credit and never depend on the
// order they are called in (sim/generate/behavior_model.hpp). Assignments, the
// only actions that look at other credits, do not look at usage state. So the
// day loop keeps awards, deadlines, membership and assign/remove/redeem, and
// on a redemption this file runs the credit's days ahead: the same step
// handlers on the credit's own days (today_ is moved there and back), and
// between them step 6 on runs of days through the one body of
// credit_usage.hpp. Events come out of time order and finish() sorts them
// back; money is booked into the month of its day.
#include <algorithm>

#include "sim/engine/engine_internals.hpp"

namespace creditsim::detail {

bool Engine::is_life_owned(ActionKind kind) const {
    return runs_lives_ && action_rank(kind) >= action_rank(ActionKind::limit_off);  // limit changes and convert
}

void Engine::set_today(Date day) {
    if (day < today_ || day >= end_day_) return set_today(day, month_index(day));
    int month = today_month_;  // a life moves forward a step at a time: scan on from today's month
    while (month_first_[size_t(month) + 1] <= day) ++month;
    set_today(day, month);
}

void Engine::set_today(Date day, int month) {
    today_ = day;
    today_month_ = month;
}

// Called by do_redeem on the redemption day, after on_redeem planned its actions.
void Engine::run_life(uint32_t c) {
    const Date redeemed = today_;
    const Phase redeem_phase = phase_;
    Date next_usage_day = today_;  // usage of today is next
    life_demand_day_ = kNever;     // the reader is placed on the first day served
    for (;;) {
        const Date stop = next_life_step(c);
        // No usage from the deletion day on; planned actions still meet the deleted subscription.
        if (credits_.state[c] != SubState::deleted) {
            next_usage_day = serve_life_usage(c, next_usage_day, stop);
            if (next_usage_day < stop) continue;  // disabled: its reaction may plan actions
        }
        if (stop >= end_day_) break;
        set_today(stop);
        next_usage_day = stop;
        apply_life_steps(c);
    }
    CREDITSIM_ASSERT(life_actions_.empty() || life_actions_.front().day >= end_day_, "a planned action was missed");
    life_actions_.clear();
    life_credit_.reset();
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
    phase_ = Phase::period_boundary;
    on_period_boundary(c);
    phase_ = Phase::end_or_deadline;
    on_end_day(c);
    phase_ = Phase::deletion;
    on_deletion(c);
    size_t applied = 0;
    for (; applied < life_actions_.size() && life_actions_[applied].day == today_; ++applied) {
        phase_ = action_phase(life_actions_[applied].kind);
        apply_action(life_actions_[applied]);
    }
    life_actions_.erase(life_actions_.begin(), life_actions_.begin() + std::ptrdiff_t(applied));
}

// Step 6 for c on the days [from, stop), month by month (money is booked into
// the month of its day); returns the day after the last one served: stop, or
// earlier when the limit was reached (then disable() ran on that day, in the
// usage phase).
Date Engine::serve_life_usage(uint32_t c, Date from, Date stop) {
    const uint32_t partner = partner_of(c);
    // today_ is never after `from` and rarely a month before it: scan on from its month.
    int month = today_month_;
    while (month + 1 < result_.month_count && month_first_[size_t(month) + 1] <= from) ++month;
    for (Date day = from; day < stop; ++month) {
        const Date month_stop = std::min(stop, month_first_[size_t(month) + 1]);
        const int count = month_stop - day;
        if (life_demand_day_ != day) life_demand_->seek(c, credits_.anchor[c], day);
        CreditDayServer server(in_service(c));
        if (server.splits_linearly())  // disabled, converted, or overage only: the sums will do
            server.serve_sum(life_demand_->sum(count), count);
        else
            life_demand_->feed(count, server);
        MoneyFlows flows;
        set_today(day, month);  // finish_serving books exhaustions from today_
        finish_serving(c, server, flows);
        book_flows(partner, month, flows);
        day = day.plus_days(server.days_served());
        life_demand_day_ = day;
        if (server.is_limit_reached()) {  // on the day just served, in its usage step
            set_today(day.plus_days(-1), month);
            phase_ = Phase::usage;
            disable(c, DisableReason::spending_limit_reached);
            return day;
        }
    }
    return stop;
}

}  // namespace creditsim::detail
