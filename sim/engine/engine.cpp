#include <algorithm>

#include "model/billing_period.hpp"
#include "sim/engine/engine_state.hpp"
#include "sim/generate/generated_demand.hpp"

namespace creditsim {

ReplicationResult run_engine(const EngineRun& run, EngineNotes* notes) {
    detail::Engine engine(run);
    return engine.run(notes);
}

ReplicationResult run_engine(const Population& population, const History& history, const Policy& policy, Date start,
                             Date end_day, const EngineOptions& options, int replication, EngineNotes* notes) {
    EngineRun run;
    run.population = &population;
    run.policy = &policy;
    run.start = start;
    run.end_day = end_day;
    run.options = options;
    run.replication = replication;
    run.history = &history;
    return run_engine(run, notes);
}

namespace detail {

void CreditTable::reset(uint32_t first, uint32_t n) {
    kind.assign(first, n, CreditKind::monthly); scope.assign(first, n, kAzureScope); amount.assign(first, n, Money());
    deadline.assign(first, n, kNever); is_awarded.assign(first, n, 0); is_forfeited.assign(first, n, 0);
    is_live.assign(first, n, 0); state.assign(first, n, SubState::none); limit.assign(first, n, LimitState::on);
    limit_off_since.assign(first, n, kNever); end_day.assign(first, n, kNever); anchor.assign(first, n, kNever);
    period_index.assign(first, n, 0); next_boundary.assign(first, n, kNever); balance.assign(first, n, Money());
    current_user.assign(first, n, kNoUser); last_user.assign(first, n, kNoUser); reassignments.assign(first, n, 0);
    delete_day.assign(first, n, kNever); disabled_since.assign(first, n, kNever); open_row.assign(first, n, LedgerRow{});
    has_open_row.assign(first, n, 0); period_used.assign(first, n, Money());
}

Engine::Engine(const EngineRun& run)
    : population_(*run.population),
      policy_(*run.policy),
      start_(run.start),
      end_day_(run.end_day),
      options_(run.options),
      is_pool_flow_(run.policy->flow == Flow::billing_profile),
      runs_lives_(run.demand != nullptr && !is_pool_flow_),
      history_(run.history),
      demand_model_(run.demand),
      reactions_(run.reactions) {
    CREDITSIM_ASSERT(start_ < end_day_, "empty run");
    first_partner_ = run.first_partner;
    end_partner_ = run.end_partner == kNone ? uint32_t(population_.partners.size()) : run.end_partner;
    const bool is_whole = first_partner_ == 0 && end_partner_ == population_.partners.size();
    CREDITSIM_ASSERT(is_whole || history_ == nullptr, "a replay runs the whole population");
    CREDITSIM_ASSERT(history_ == nullptr || demand_model_ == nullptr, "a run is a replay or generated, not both");
    // The shard's credits: a contiguous index range (fixed-width ids make it so).
    first_credit_ = is_whole ? 0 : uint32_t(population_.credits.size());
    end_credit_ = is_whole ? uint32_t(population_.credits.size()) : 0;
    if (!is_whole) {
        uint32_t count = 0;
        for (uint32_t p = first_partner_; p < end_partner_; ++p) {
            const Partner& partner = population_.partners[p];
            for (uint32_t i = 0; i < partner.credit_count; ++i) {
                const uint32_t c = population_.credits_by_partner[partner.first_credit + i];
                first_credit_ = std::min(first_credit_, c);
                end_credit_ = std::max(end_credit_, c + 1);
                ++count;
            }
        }
        if (count == 0) first_credit_ = end_credit_ = 0;
        CREDITSIM_ASSERT(end_credit_ - first_credit_ == count, "a shard's credits are not contiguous");
    }
    credits_.reset(first_credit_, end_credit_ - first_credit_);
    for (uint32_t c = first_credit_; c < end_credit_; ++c) {
        const Credit& credit = population_.credits[c];
        const CatalogLine& line = population_.catalog.lines()[credit.catalog_line];
        credits_.kind[c] = line.kind;
        credits_.scope[c] = line.scope;
        credits_.amount[c] = line.amount;
        // A bulk credit's end day is fixed by its award; a monthly one's by its activation.
        if (line.kind == CreditKind::bulk) credits_.end_day[c] = add_months(credit.award_day, line.term_months);
        const Date window_end = credit.award_day.plus_days(policy_.activation_window_days);
        credits_.deadline[c] = std::min(window_end, credits_.end_day[c]);
    }
    result_.replication = run.replication;
    result_.first_month_key = month_key(start_);
    result_.month_count = run_months(start_, end_day_);
    result_.summary.resize(result_.month_count);
    if (options_.keep_billing) result_.billing.resize(size_t(end_partner_ - first_partner_) * result_.month_count);
    month_first_.push_back(start_);
    for (int m = 1; m < result_.month_count; ++m) month_first_.push_back(month_key_first_day(result_.first_month_key + m));
    month_first_.push_back(end_day_);
    planned_.resize(size_t(end_day_ - start_));

    // active_partners: memberships overlapping each calendar month.
    for (uint32_t p = first_partner_; p < end_partner_; ++p) {
        const Partner& partner = population_.partners[p];
        const int first_month = month_index(partner.joined);
        const int last_month = month_index(partner.membership_end_day().plus_days(-1));
        for (int m = std::max(first_month, 0); m <= std::min(last_month, result_.month_count - 1); ++m)
            ++result_.summary[m].active_partners;
    }
}

void Engine::schedule(Date day, Step step, uint32_t subject, Tag tag) {
    if (day < start_ || day >= end_day_) return;  // after the run: never happens
    const bool is_life_step = step == Step::period_boundary || step == Step::deletion ||
                              (step == Step::end_or_deadline && tag == Tag::end_day);
    if (runs_lives_ && is_life_step) return;  // run_life takes these in turn
    CREDITSIM_ASSERT(day > today_ || uint8_t(step) > phase_,
                     "step " << int(step) << " scheduled on " << day.to_string() << " after it ran");
    queue_.push(ScheduledEvent{day - start_, step, subject, tag});
}

void Engine::schedule_membership() {
    for (uint32_t p = first_partner_; p < end_partner_; ++p) {
        const Partner& partner = population_.partners[p];
        for (int year = 2; year <= partner.renewals + 1; ++year) schedule(partner.award_day(year), Step::renew, p);
        schedule(partner.membership_end_day(), Step::leave, p);
    }
    for (uint32_t c = first_credit_; c < end_credit_; ++c) schedule(population_.credits[c].award_day, Step::award, c);
}

ReplicationResult Engine::run(EngineNotes* notes) {
    schedule_membership();
    static const History kNoHistory;
    const History& history = history_ ? *history_ : kNoHistory;
    const Action* action = history.actions.data();
    const Action* const actions_end = action + history.actions.size();
    const Demand* demand = history.demand.data();
    const Demand* const demand_end = demand + history.demand.size();
    CREDITSIM_ASSERT(std::is_sorted(history.actions.begin(), history.actions.end(), action_before),
                     "actions not in application order");

    int64_t pool_actions = 0;
    Date previous_day = start_.plus_days(-1);
    for (today_ = start_; today_ < end_day_; today_ = today_.plus_days(1)) {
        today_month_ = month_index(today_);
        // Steps 1-4: scheduled events for today, in (step, subject) order.
        while (!queue_.empty() && queue_.next_day() == today_ - start_) process_scheduled(queue_.pop());
        CREDITSIM_ASSERT(queue_.empty() || queue_.next_day() > today_ - start_, "an event was left in the past");

        // Step 5: actions.
        CREDITSIM_ASSERT(action == actions_end || action->day >= today_, "action before the run's day " << today_.to_string());
        if (is_pool_flow_) {
            for (; action != actions_end && action->day == today_; ++action) ++pool_actions;
        } else {
            apply_actions_of_today(action, actions_end);
        }

        // Step 6: usage, one subscription at a time in id order.
        phase_ = phase::kUsage;
        CREDITSIM_ASSERT(demand == demand_end || demand->day >= today_, "demand before the run's day");
        while (demand != demand_end && demand->day == today_) {
            const Demand* group_end = demand;
            while (group_end != demand_end && group_end->day == today_ && group_end->subscription == demand->subscription)
                ++group_end;
            serve_replay_subscription(demand->subscription, demand, group_end);
            demand = group_end;
        }
        if (demand_model_ && is_pool_flow_) serve_generated_pool_day();
        CREDITSIM_ASSERT(previous_day < today_, "time went backwards");
        previous_day = today_;
    }
    CREDITSIM_ASSERT(action == actions_end && demand == demand_end, "history dated after the run's end was not applied");
    Money history_demand;
    for (const Demand& d : history.demand) history_demand += d.amount;
    CREDITSIM_ASSERT(replay_demand_booked_ == history_demand, "replayed demand " << replay_demand_booked_.to_string()
                                                                  << " booked of the history's " << history_demand.to_string());
    finish();
    if (notes) notes->billing_profile_actions_ignored = pool_actions;
    return std::move(result_);
}

void Engine::process_scheduled(const ScheduledEvent& e) {
    phase_ = e.step == Step::end_or_deadline ? phase::kEndOrDeadline : uint8_t(e.step);
    switch (e.step) {
        case Step::period_boundary: on_period_boundary(e.subject); break;
        case Step::end_or_deadline:
            if (e.tag == Tag::deadline) on_deadline(e.subject);
            else on_end_day(e.subject);
            break;
        case Step::deletion: on_deletion(e.subject); break;
        case Step::renew: on_renew(e.subject); break;
        case Step::award: on_award(e.subject); break;
        case Step::leave: on_leave(e.subject); break;
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
        schedule(credits_.deadline[c], Step::end_or_deadline, c, Tag::deadline);
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
    if (demand_model_ && is_pool_flow_) {
        credits_.is_live[c] = 1;  // its workloads now generate demand
        live_added_.push_back(c);
    }
    credits_.period_index[c] = 0;
    open_period(c, today_, Money::zero(), grant);
    schedule(credits_.end_day[c], Step::end_or_deadline, c, Tag::end_day);
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
    if (next < credits_.end_day[c]) schedule(next, Step::period_boundary, c);
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
        schedule(credits_.delete_day[c], Step::deletion, c);
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

// Bookkeeping ----------------------------------------------------------------

void Engine::emit(uint32_t partner, uint32_t subject, EventKind kind, uint32_t detail) {
    if (options_.keep_events) result_.events.push_back(Event{today_, partner, subject, kind, detail, phase_});
}

void Engine::disable(uint32_t c, DisableReason reason) {
    if (credits_.state[c] != SubState::disabled_limit) credits_.disabled_since[c] = today_;
    credits_.state[c] = reason == DisableReason::term_ended ? SubState::disabled_term : SubState::disabled_limit;
    ++summary_today().disables;
    emit(partner_of(c), c, EventKind::disable, uint32_t(reason));
    if (reactions_ && reason == DisableReason::spending_limit_reached) reactions_->on_limit_reached(c, today_, *this);
}

int Engine::month_index(Date day) const { return month_key(day) - result_.first_month_key; }

BillingMonth* Engine::billing(uint32_t partner, int month) {
    if (!options_.keep_billing) return nullptr;
    return &result_.billing[size_t(partner - first_partner_) * result_.month_count + month];
}

// Counts the days [disabled_since, today) into the partner's months.
void Engine::end_disabled_spell(uint32_t c) {
    const Date from = credits_.disabled_since[c];
    CREDITSIM_ASSERT(from != kNever && from <= today_, "disabled spell without a start");
    credits_.disabled_since[c] = kNever;
    if (!options_.keep_billing) return;
    const uint32_t partner = partner_of(c);
    for (Date month_first = first_of_month(from); month_first < today_; month_first = add_months(month_first, 1)) {
        const Date lo = std::max(from, month_first);
        const Date hi = std::min(today_, add_months(month_first, 1));
        if (lo < hi) billing(partner, month_index(month_first))->disabled_days += hi - lo;
    }
}

void Engine::finish() {
    today_ = end_day_;  // spells and open periods close at the run's end
    for (uint32_t c = first_credit_; c < end_credit_; ++c) {
        if (credits_.disabled_since[c] != kNever) end_disabled_spell(c);
        if (credits_.has_open_row[c]) {
            // A period still open shows its real last day and the balance at the run's end.
            close_period(c, std::min(credits_.next_boundary[c], credits_.end_day[c]));
        }
    }
    if (runs_lives_) {
        // Lives were run ahead of the day loop: back to the order of a day-by-day run. Within
        // a (day, phase) subjects come in ascending order; one subject's events are in order.
        std::stable_sort(result_.events.begin(), result_.events.end(), [](const Event& a, const Event& b) {
            if (a.day != b.day) return a.day < b.day;
            if (a.phase != b.phase) return a.phase < b.phase;
            return a.subject < b.subject;
        });
        std::sort(result_.exhaustions.begin(), result_.exhaustions.end(), [](const Exhaustion& a, const Exhaustion& b) {
            return a.day != b.day ? a.day < b.day : a.credit < b.credit;
        });
    }
    std::stable_sort(result_.ledger.begin(), result_.ledger.end(), [&](const LedgerRow& a, const LedgerRow& b) {
        const uint32_t pa = partner_of(a.credit), pb = partner_of(b.credit);
        if (pa != pb) return pa < pb;
        if (a.credit != b.credit) return a.credit < b.credit;
        return a.period_start < b.period_start;
    });
}

}  // namespace detail
}  // namespace creditsim
