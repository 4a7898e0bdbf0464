// The engine's day loop: one day of SPEC 3, its six steps in order.
//
// A day, whatever the run:
//   steps 1-4  scheduled events of today in (phase, subject) order: period
//              boundaries, end days and deadlines, deletions, then membership
//              (renewals, awards, leaves) — scheduled_steps.cpp;
//   step 5     today's actions in action_before order: a replay's recorded
//              ones merged with those the reactions planned — actions.cpp;
//   step 6     today's demand, one subscription at a time in id order — usage.cpp.
//
// The four kinds of run differ only in where actions and demand come from:
//   replay, legacy flow          recorded actions; recorded rows served on each
//                                subscription (a credit's through credit_usage.hpp);
//   replay, billing profile      actions are counted, not applied; rows draw from
//                                the partner's pool of credits;
//   generated, billing profile   planned actions; every live credit subscription's
//                                demand drawn from its partner's pool, a day at a time;
//   generated, legacy flow       planned actions; at its redemption (step 5) a
//                                credit's whole subscription life is run ahead,
//                                its steps 1-3, 5 and 6 on its own days
//                                (credit_life.cpp), and the day loop sees only
//                                awards, deadlines, membership, assign, remove and redeem.
#include <algorithm>

#include "model/billing_period.hpp"
#include "sim/engine/engine_internals.hpp"

namespace creditsim {

ReplicationResult run_engine(const EngineRun& run, EngineNotes* notes) {
    detail::Engine engine(run);
    return engine.run(notes);
}

ReplicationResult run_engine(const Population& population, const History& history, const Policy& policy, Date start,
                             Date end_day, const EngineOptions& options, int replication, EngineNotes* notes) {
    ReplayDemand demand(history.demand);
    EngineRun run;
    run.population = &population;
    run.policy = &policy;
    run.start = start;
    run.end_day = end_day;
    run.options = options;
    run.replication = replication;
    run.demand = &demand;
    run.actions = history.actions;
    ReplicationResult result = run_engine(run, notes);
    CREDITSIM_ASSERT(demand.is_done(), "demand dated after the run's end was not applied");
    return result;
}

std::span<const Demand> ReplayDemand::rows_of_day(Date day) {
    CREDITSIM_ASSERT(next_ == end_ || next_->day >= day, "demand dated before " << day.to_string() << " was skipped");
    const Demand* first = next_;
    while (next_ != end_ && next_->day == day) ++next_;
    return {first, next_};
}

void ReplayDemand::credit_days(uint32_t, Date, Date, int, DayDemand*) const {
    CREDITSIM_ASSERT(false, "a replay's demand is recorded per subscription, not modelled per credit");
}

namespace detail {

void CreditTable::reset(uint32_t n) {
    kind.assign(n, CreditKind::monthly); scope.assign(n, kAzureScope); amount.assign(n, Money());
    deadline.assign(n, kNever); is_awarded.assign(n, 0); is_forfeited.assign(n, 0);
    is_live.assign(n, 0); state.assign(n, SubState::none); limit.assign(n, LimitState::on);
    limit_off_since.assign(n, kNever); end_day.assign(n, kNever); anchor.assign(n, kNever);
    period_index.assign(n, 0); next_boundary.assign(n, kNever); balance.assign(n, Money());
    current_user.assign(n, kNone); last_user.assign(n, kNone); reassignments.assign(n, 0);
    delete_day.assign(n, kNever); disabled_since.assign(n, kNever); open_row.assign(n, LedgerRow{});
    has_open_row.assign(n, 0); period_used.assign(n, Money());
}

Engine::Engine(const EngineRun& run)
    : population_(*run.population),
      policy_(*run.policy),
      start_(run.start),
      end_day_(run.end_day),
      options_(run.options),
      is_pool_flow_(run.policy->flow == Flow::billing_profile),
      demand_(*run.demand),
      is_generated_(run.demand->models_credit_demand()),
      runs_lives_(is_generated_ && !is_pool_flow_),
      actions_(run.actions),
      reactions_(run.reactions) {
    CREDITSIM_ASSERT(start_ < end_day_, "empty run");
    if (runs_lives_) life_demand_ = demand_.credit_reader();
    CREDITSIM_ASSERT(actions_.empty() || !is_generated_, "a run is a replay or generated, not both");
    CREDITSIM_ASSERT(std::is_sorted(actions_.begin(), actions_.end(), action_before), "actions not in application order");
    credits_.reset(uint32_t(population_.credits.size()));
    for (uint32_t c = 0; c < population_.credits.size(); ++c) {
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
    if (options_.keep_billing) result_.billing.resize(population_.partners.size() * size_t(result_.month_count));
    month_first_.push_back(start_);
    for (int m = 1; m < result_.month_count; ++m) month_first_.push_back(month_key_first_day(result_.first_month_key + m));
    month_first_.push_back(end_day_);
    planned_.resize(size_t(end_day_ - start_));

    // active_partners: memberships overlapping each calendar month.
    for (uint32_t p = 0; p < population_.partners.size(); ++p) {
        const Partner& partner = population_.partners[p];
        const int first_month = month_index(partner.joined);
        const int last_month = month_index(partner.membership_end_day().plus_days(-1));
        for (int m = std::max(first_month, 0); m <= std::min(last_month, result_.month_count - 1); ++m)
            ++result_.summary[m].active_partners;
    }
}

ReplicationResult Engine::run(EngineNotes* notes) {
    schedule_membership();
    auto next_action = actions_.begin();
    int64_t pool_actions = 0;
    for (today_ = start_; today_ < end_day_; today_ = today_.plus_days(1)) run_day(next_action, pool_actions);
    CREDITSIM_ASSERT(next_action == actions_.end(), "actions dated after the run's end were not applied");
    CREDITSIM_ASSERT(replay_demand_booked_ == replay_demand_given_, "replayed demand " << replay_demand_booked_.to_string()
                                                                        << " booked of " << replay_demand_given_.to_string());
    finish();
    if (notes) notes->billing_profile_actions_ignored = pool_actions;
    return std::move(result_);
}

void Engine::run_day(std::span<const Action>::iterator& next_action, int64_t& pool_actions) {
    today_month_ = month_index(today_);
    // Steps 1-4: scheduled events for today, in (phase, subject) order.
    while (!queue_.empty() && queue_.next_day() == today_ - start_) process_scheduled(queue_.pop());
    CREDITSIM_ASSERT(queue_.empty() || queue_.next_day() > today_ - start_, "an event was left in the past");

    // Step 5: actions (the billing-profile flow counts them but applies none).
    CREDITSIM_ASSERT(next_action == actions_.end() || next_action->day >= today_,
                     "action before the run's day " << today_.to_string());
    if (is_pool_flow_) {
        for (; next_action != actions_.end() && next_action->day == today_; ++next_action) ++pool_actions;
    } else {
        apply_actions_of_today(next_action);
    }

    // Step 6: usage, one subscription at a time in id order.
    phase_ = Phase::usage;
    serve_rows_of_today(demand_.rows_of_day(today_));
    if (is_generated_ && is_pool_flow_) serve_generated_pool_day();
}

// Bookkeeping ----------------------------------------------------------------

void Engine::emit(uint32_t partner, uint32_t subject, EventKind kind, uint32_t detail) {
    if (options_.keep_events) result_.events.push_back(Event{today_, partner, subject, kind, detail, uint8_t(phase_)});
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
    return &result_.billing[size_t(partner) * result_.month_count + month];
}

// Counts the days [disabled_since, today) into the partner's months.
void Engine::end_disabled_spell(uint32_t c) {
    const Date from = credits_.disabled_since[c];
    CREDITSIM_ASSERT(from != kNever && from <= today_, "disabled spell without a start");
    credits_.disabled_since[c] = kNever;
    const uint32_t partner = partner_of(c);
    for (int month = month_index(from); month < result_.month_count && month_first_[size_t(month)] < today_; ++month) {
        const Date lo = std::max(from, month_first_[size_t(month)]);
        const Date hi = std::min(today_, month_first_[size_t(month) + 1]);
        if (lo >= hi) continue;
        result_.summary[size_t(month)].disabled_days += hi - lo;
        if (BillingMonth* billed = billing(partner, month)) billed->disabled_days += hi - lo;
    }
}

void Engine::finish() {
    today_ = end_day_;  // spells and open periods close at the run's end
    for (uint32_t c = 0; c < population_.credits.size(); ++c) {
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
