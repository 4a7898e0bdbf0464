// Step 5 of SPEC 3: actions on credits (legacy flow). An action that cannot
// take effect is an `ignored` event; one that asks for a state that already
// holds is a silent no-op.
#include <algorithm>

#include "model/assignment.hpp"
#include "sim/engine/engine_internals.hpp"

namespace creditsim::detail {

// Today's actions from the history and from reactions, merged in one order.
void Engine::apply_actions_of_today(std::span<const Action>::iterator& next_static) {
    const auto static_end = actions_.end();
    std::vector<Action>& planned = planned_[size_t(today_ - start_)];
    std::sort(planned.begin(), planned.end(), action_before);
    const Action* next_planned = planned.data();
    const Action* const planned_end = next_planned + planned.size();
    for (;;) {
        const bool has_static = next_static != static_end && next_static->day == today_;
        const bool has_planned = next_planned != planned_end;
        if (!has_static && !has_planned) break;
        const Action a =
            has_static && (!has_planned || action_before(*next_static, *next_planned)) ? *next_static++ : *next_planned++;
        phase_ = action_phase(a.kind);
        CREDITSIM_ASSERT(!is_life_owned(a.kind) || credits_.state[a.credit] == SubState::none,
                         "a limit or convert action on " << population_.credits[a.credit].id
                                                         << " was planned before its redemption for a day after it");
        apply_action(a);
    }
    // Actions planned from now on are for later days (plan checks), so the list is done.
    std::vector<Action>().swap(planned);
}

void Engine::plan(Date day, ActionKind kind, uint32_t credit, uint32_t user) {
    // Today's step 5 is still to come while steps 1-4 run (an award's reaction): it may take the action.
    const bool is_later_today = day == today_ && phase_ < Phase::first_action && !life_credit_;
    CREDITSIM_ASSERT(day > today_ || is_later_today,
                     "an action planned for " << day.to_string() << " on " << today_.to_string());
    CREDITSIM_ASSERT(credit < population_.credits.size(), "an action on credit " << credit << " of " << population_.credits.size());
    if (day >= end_day_) return;  // after the run
    // Planned actions sort after any history line of the same day, rank and credit.
    const Action action{day, kind, credit, user, 0x80000000u + dynamic_sequence_++};
    if (is_life_owned(kind) && credits_.state[credit] != SubState::none) {
        // Planned by the credit's own on_redeem or on_limit_reached: its life takes it (credit_life.cpp).
        CREDITSIM_ASSERT(life_credit_ == credit, "an action on " << population_.credits[credit].id
                                                                 << " planned after its life was run");
        life_actions_.insert(std::upper_bound(life_actions_.begin(), life_actions_.end(), action, action_before),
                             action);
        return;
    }
    planned_[size_t(day - start_)].push_back(action);
}

void Engine::apply_action(const Action& a) {
    if (!credits_.is_awarded[a.credit]) return ignore(a, IgnoreReason::not_awarded);
    switch (a.kind) {
        case ActionKind::remove: return do_remove(a);
        case ActionKind::assign: return do_assign(a);
        case ActionKind::redeem: return do_redeem(a);
        case ActionKind::limit_off: return do_limit(a, LimitState::off);
        case ActionKind::limit_period_off: return do_limit(a, LimitState::period_off);
        case ActionKind::limit_on: return do_limit(a, LimitState::on);
        case ActionKind::convert: return do_convert(a);
    }
}

void Engine::ignore(const Action& a, IgnoreReason why) {
    emit(partner_of(a.credit), a.credit, EventKind::ignored, ignored_detail(uint32_t(a.kind), why));
}

void Engine::do_remove(const Action& a) {
    const uint32_t c = a.credit;
    if (credits_.current_user[c] == kNone) return;  // nothing to remove
    emit(partner_of(c), c, EventKind::remove, credits_.current_user[c]);
    credits_.current_user[c] = kNone;  // a redeemed subscription keeps running
}

int Engine::bulk_held_by(uint32_t user, uint32_t except_credit) const {
    const Partner& partner = population_.partners[population_.users[user].partner];
    int held = 0;
    for (uint32_t i = 0; i < partner.credit_count; ++i) {
        const uint32_t other = population_.credits_by_partner[partner.first_credit + i];
        if (other == except_credit || credits_.kind[other] != CreditKind::bulk) continue;
        if (credits_.current_user[other] == user && !credits_.is_forfeited[other] && today_ < credits_.end_day[other])
            ++held;
    }
    return held;
}

void Engine::do_assign(const Action& a) {
    const uint32_t c = a.credit;
    const uint32_t partner = partner_of(c);
    AssignFacts facts;
    const bool is_known_user = a.user != kUnknownUser && population_.users[a.user].partner == partner;
    facts.user = is_known_user ? a.user : kNone;
    facts.user_is_free_hosted = is_known_user && population_.users[a.user].is_free_hosted;
    facts.current_user = credits_.current_user[c];
    facts.last_user = credits_.last_user[c];
    facts.kind = credits_.kind[c];
    facts.is_forfeited = credits_.is_forfeited[c] != 0;
    facts.is_past_end_day = today_ >= credits_.end_day[c];
    facts.membership_ended = today_ >= population_.partners[partner].membership_end_day();
    facts.reassignments = credits_.reassignments[c];
    facts.other_bulk_held_by_user =
        is_known_user && facts.kind == CreditKind::bulk ? bulk_held_by(a.user, c) : 0;

    const AssignDecision decision = decide_assign(facts, policy_);
    switch (decision.outcome) {
        case AssignOutcome::no_op: return;
        case AssignOutcome::rejected:
            ++summary_today().rejected[int(decision.reason)];
            emit(partner, c, EventKind::reject, uint32_t(decision.reason));
            if (reactions_) reactions_->on_reject(c, a.user, decision.reason, today_, *this);
            return;
        case AssignOutcome::assigned:
            if (decision.is_reassignment) ++credits_.reassignments[c];
            credits_.current_user[c] = a.user;
            credits_.last_user[c] = a.user;
            ++summary_today().assigned;
            emit(partner, c, EventKind::assign, a.user);
            return;
    }
}

void Engine::do_redeem(const Action& a) {
    const uint32_t c = a.credit;
    if (credits_.state[c] != SubState::none) return;  // a second redeem
    if (credits_.is_forfeited[c] || today_ >= credits_.deadline[c] || today_ >= credits_.end_day[c])
        return ignore(a, IgnoreReason::not_redeemable);
    if (credits_.current_user[c] == kNone) return ignore(a, IgnoreReason::no_user);
    credits_.state[c] = SubState::active;
    credits_.limit[c] = LimitState::on;
    emit(partner_of(c), c, EventKind::redeem, credits_.current_user[c]);
    activate(c);
    if (runs_lives_) life_credit_ = c;  // on_redeem's actions are the life's
    if (reactions_) reactions_->on_redeem(c, today_, credits_.end_day[c], *this);
    if (runs_lives_) run_life(c);
}

void Engine::do_limit(const Action& a, LimitState wanted) {
    const uint32_t c = a.credit;
    switch (credits_.state[c]) {
        case SubState::none: return ignore(a, IgnoreReason::no_subscription);
        case SubState::deleted: return ignore(a, IgnoreReason::deleted);
        case SubState::converted:
        case SubState::disabled_term: return ignore(a, IgnoreReason::ended);
        case SubState::active:
        case SubState::disabled_limit: break;
    }
    if (credits_.limit[c] == wanted) return;
    credits_.limit[c] = wanted;
    if (wanted == LimitState::off) credits_.limit_off_since[c] = today_;
    emit(partner_of(c), c, EventKind::limit, uint32_t(wanted));
    if (wanted != LimitState::on && credits_.state[c] == SubState::disabled_limit) {
        credits_.state[c] = SubState::active;
        end_disabled_spell(c);
        emit(partner_of(c), c, EventKind::enable);
    }
}

void Engine::do_convert(const Action& a) {
    const uint32_t c = a.credit;
    switch (credits_.state[c]) {
        case SubState::none: return ignore(a, IgnoreReason::no_subscription);
        case SubState::deleted: return ignore(a, IgnoreReason::deleted);
        case SubState::converted: return;
        case SubState::active:
        case SubState::disabled_limit: return ignore(a, IgnoreReason::not_term_ended);
        case SubState::disabled_term: break;
    }
    end_disabled_spell(c);
    credits_.state[c] = SubState::converted;
    ++summary_today().conversions;
    emit(partner_of(c), c, EventKind::convert);
}

}  // namespace creditsim::detail
