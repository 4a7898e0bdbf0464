// Steps 1-4 of SPEC 3, the scheduled ones: period boundaries (lapse and
// grant), end days and activation deadlines, deletions after retention, and
// membership (renewals, awards, ends). Each handler checks that its event
// still applies: nothing is ever taken out of the queue.
#include <algorithm>

#include "model/billing_period.hpp"
#include "sim/engine/engine_internals.hpp"

namespace creditsim::detail {

void Engine::schedule_step(Date day, Phase step, uint32_t subject, Tag tag) {
    // Inputs start the run at or before the earliest join, so nothing falls before it.
    CREDITSIM_ASSERT(day >= start_, "step " << int(step) << " scheduled on " << day.to_string() << ", before the run");
    if (day >= end_day_) return;  // after the run: it never happens
    const bool is_life_step = step == Phase::period_boundary || step == Phase::deletion ||
                              (step == Phase::end_or_deadline && tag == Tag::end_day);
    if (runs_lives_ && is_life_step) return;  // run_life takes these in turn
    CREDITSIM_ASSERT(day > today_ || step > phase_,
                     "step " << int(step) << " scheduled on " << day.to_string() << " after it ran");
    queue_.push(ScheduledEvent{day - start_, step, subject, tag});
}

void Engine::schedule_membership() {
    for (uint32_t p = 0; p < population_.partners.size(); ++p) {
        const Partner& partner = population_.partners[p];
        for (int year = 2; year <= partner.renewals + 1; ++year) schedule_step(partner.award_day(year), Phase::renew, p);
        schedule_step(partner.membership_end_day(), Phase::leave, p);
    }
    for (uint32_t c = 0; c < population_.credits.size(); ++c) schedule_step(population_.credits[c].award_day, Phase::award, c);
}

void Engine::process_scheduled(const ScheduledEvent& e) {
    phase_ = e.step;
    switch (e.step) {
        case Phase::period_boundary: on_period_boundary(e.subject); break;
        case Phase::end_or_deadline:
            if (e.tag == Tag::deadline) on_deadline(e.subject);
            else on_end_day(e.subject);
            break;
        case Phase::deletion: on_deletion(e.subject); break;
        case Phase::renew: on_renew(e.subject); break;
        case Phase::award: on_award(e.subject); break;
        case Phase::leave: on_leave(e.subject); break;
        default: CREDITSIM_ASSERT(false, "phase " << int(e.step) << " is not scheduled");
    }
}

// Step 4 ---------------------------------------------------------------------

void Engine::on_renew(uint32_t partner) { emit(partner, partner, EventKind::renew); }
void Engine::on_leave(uint32_t partner) { emit(partner, partner, EventKind::leave); }

void Engine::on_award(uint32_t c) {
    credits_.is_awarded[c] = 1;
    ++summary_today().awarded;
    emit(partner_of(c), c, EventKind::award);
    if (is_pool_flow_) {
        activate(c);  // deposited on the billing profile on the award day
    } else if (credits_.deadline[c] <= today_) {
        on_deadline(c);  // a zero activation window: forfeited at once, in the award's phase
    } else {
        schedule_step(credits_.deadline[c], Phase::end_or_deadline, c, Tag::deadline);
        if (reactions_) reactions_->on_award(c, today_, *this);
    }
}

// Redemption or deposit: the subscription's first period starts today.
void Engine::activate(uint32_t c) {
    credits_.anchor[c] = today_;
    if (credits_.kind[c] == CreditKind::monthly)
        credits_.end_day[c] = monthly_end_day(policy_.period, today_, policy_.validity_months);
    const Money grant = credits_.kind[c] == CreditKind::monthly
                            ? first_period_grant(policy_, credits_.amount[c], today_)
                            : credits_.amount[c];
    ++summary_today().activated;
    if (is_generated_ && is_pool_flow_) {
        credits_.is_live[c] = 1;  // its workloads now generate demand
        live_added_.push_back(c);
    }
    credits_.period_index[c] = 0;
    open_period(c, today_, Money::zero(), grant);
    schedule_step(credits_.end_day[c], Phase::end_or_deadline, c, Tag::end_day);
}

// Step 1 ---------------------------------------------------------------------

void Engine::open_period(uint32_t c, Date start, Money opening, Money granted) {
    LedgerRow& row = credits_.open_row[c];
    row = LedgerRow{};
    row.credit = c;
    row.period_start = start;
    row.opening = opening;
    row.granted = granted;
    credits_.period_used[c] = Money::zero();
    credits_.has_open_row[c] = 1;
    credits_.balance[c] = opening + granted;
    summary_today().granted += granted;
    const Date next = period_start(policy_.period, credits_.anchor[c], credits_.period_index[c] + 1);
    credits_.next_boundary[c] = next;
    if (next < credits_.end_day[c]) schedule_step(next, Phase::period_boundary, c);
}

void Engine::close_period(uint32_t c, Date end_day_exclusive) {
    LedgerRow& row = credits_.open_row[c];
    row.period_last_day = end_day_exclusive.plus_days(-1);
    row.used = credits_.period_used[c];
    row.closing = credits_.balance[c];
    CREDITSIM_ASSERT(row.closing == row.opening + row.granted - row.used - row.lapsed - row.expired,
                     "ledger row of " << population_.credits[c].id << " does not balance");
    CREDITSIM_ASSERT(row.closing.cents() >= 0, "negative balance on " << population_.credits[c].id);
    credits_.has_open_row[c] = 0;
    if (options_.keep_ledger) result_.ledger.push_back(row);
}

void Engine::on_period_boundary(uint32_t c) {
    // A credit has an open period exactly while it runs: from activation (or
    // deposit) to its end day, whatever its limit state.
    if (!credits_.has_open_row[c] || credits_.next_boundary[c] != today_ || today_ >= credits_.end_day[c]) return;

    LedgerRow& row = credits_.open_row[c];
    Money granted;
    if (credits_.kind[c] == CreditKind::monthly) {
        const Money unused = credits_.balance[c];
        const bool carries = policy_.carry_forward.units() != 0 && unused.is_positive();  // else no 128-bit division
        const Money carried = carries ? policy_.carry_forward.times_rounded(unused) : Money::zero();
        row.lapsed = unused - carried;
        credits_.balance[c] = carried;
        summary_today().lapsed += row.lapsed;
        granted = credits_.amount[c];
    }
    close_period(c, today_);
    ++credits_.period_index[c];
    open_period(c, today_, credits_.balance[c], granted);

    if (is_pool_flow_) return;
    if (credits_.state[c] == SubState::disabled_limit) {
        credits_.state[c] = SubState::active;
        end_disabled_spell(c);
        emit(partner_of(c), c, EventKind::enable);
    }
    if (credits_.limit[c] == LimitState::period_off) {
        credits_.limit[c] = LimitState::on;
        emit(partner_of(c), c, EventKind::limit, uint32_t(LimitState::on));
    }
}

// Steps 2 and 3 --------------------------------------------------------------

void Engine::on_end_day(uint32_t c) {
    if (!credits_.has_open_row[c] || credits_.end_day[c] != today_) return;

    // The last period closes: what is left lapses (monthly) or expires (bulk).
    LedgerRow& row = credits_.open_row[c];
    const Money left = credits_.balance[c];
    if (credits_.kind[c] == CreditKind::monthly) {
        row.lapsed = left;
        summary_today().lapsed += left;
    } else {
        row.expired = left;
        summary_today().expired += left;
        if (left.is_positive()) emit(partner_of(c), c, EventKind::expire);
    }
    credits_.balance[c] = Money::zero();
    close_period(c, today_);
    if (is_pool_flow_) return;

    const bool is_off_in_time = credits_.limit[c] == LimitState::off &&
                                credits_.limit_off_since[c] <= today_.plus_days(-policy_.notice_days);
    if (is_off_in_time) {
        if (credits_.state[c] == SubState::disabled_limit) end_disabled_spell(c);
        credits_.state[c] = SubState::converted;
        ++summary_today().conversions;
        emit(partner_of(c), c, EventKind::convert);
    } else {
        disable(c, DisableReason::term_ended);
        credits_.delete_day[c] = today_.plus_days(policy_.retention_days);
        schedule_step(credits_.delete_day[c], Phase::deletion, c);
    }
}

void Engine::on_deadline(uint32_t c) {
    if (credits_.state[c] != SubState::none || credits_.is_forfeited[c]) return;
    credits_.is_forfeited[c] = 1;
    const CatalogLine& line = population_.catalog.lines()[population_.credits[c].catalog_line];
    summary_today().forfeited_value += nominal_value(line.kind, line.amount, policy_.validity_months);
    emit(partner_of(c), c, EventKind::forfeit);
}

void Engine::on_deletion(uint32_t c) {
    if (credits_.state[c] != SubState::disabled_term || credits_.delete_day[c] != today_) return;
    end_disabled_spell(c);
    credits_.state[c] = SubState::deleted;
    credits_.is_live[c] = 0;  // workloads and data are gone
    ++summary_today().deletions;
    emit(partner_of(c), c, EventKind::deletion);
}

}  // namespace creditsim::detail
