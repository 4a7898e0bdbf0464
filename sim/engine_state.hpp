#pragma once
// Private to the engine: its per-credit state (structure of arrays) and the
// step handlers. Split over engine.cpp (loop, scheduled steps),
// engine_actions.cpp (step 5) and engine_usage.cpp (step 6).

#include <vector>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "model/records.hpp"
#include "model/usage_split.hpp"
#include "sim/engine.hpp"
#include "sim/event_queue.hpp"

namespace creditsim::detail {

/// A credit subscription's state (SPEC 3 States); `none` before redemption.
enum class SubState : uint8_t { none, active, disabled_limit, disabled_term, converted, deleted };

constexpr uint32_t kNoUser = 0xFFFFFFFFu;
constexpr Date kNever = Date::from_serial(1 << 30);

/// Per-credit state, one array per field, indexed by credit (id rank).
struct CreditTable {
    // Fixed at build time.
    std::vector<CreditKind> kind;
    std::vector<Category> scope;
    std::vector<Money> amount;
    std::vector<Date> deadline;  ///< legacy: forfeit day if never redeemed
    // Changing.
    std::vector<uint8_t> is_awarded, is_forfeited, ever_had_user;
    std::vector<SubState> state;
    std::vector<LimitState> limit;
    std::vector<Date> limit_off_since;
    std::vector<Date> end_day;       ///< first day no longer valid (kNever while unknown)
    std::vector<Date> anchor;        ///< activation (legacy) or award (billing profile)
    std::vector<int32_t> period_index;
    std::vector<Date> next_boundary;
    std::vector<Money> balance;
    std::vector<uint32_t> current_user, last_user;
    std::vector<int32_t> reassignments;
    std::vector<Date> delete_day;
    std::vector<Date> disabled_since;  ///< first disabled day of the open disabled spell
    std::vector<LedgerRow> open_row;   ///< the current period's row (credit field set when open)
    std::vector<uint8_t> has_open_row;

    void resize(size_t n);
};

class Engine {
public:
    Engine(const Population& population, const Policy& policy, Date start, Date end_day, const EngineOptions& options,
           int replication);
    ReplicationResult run(const History& history, EngineNotes* notes);

private:
    // engine.cpp: scheduling and steps 1-4.
    void schedule_membership();
    void schedule(Date day, Step step, uint32_t subject, Tag tag = Tag::none);
    void process_scheduled(const ScheduledEvent& e);
    void on_period_boundary(uint32_t c);
    void on_end_day(uint32_t c);
    void on_deadline(uint32_t c);
    void on_deletion(uint32_t c);
    void on_award(uint32_t c);
    void on_renew(uint32_t partner);
    void on_leave(uint32_t partner);
    void activate(uint32_t c);  // redemption (legacy) or deposit (billing profile)
    void open_period(uint32_t c, Date start, Money opening, Money granted);
    void close_period(uint32_t c, Date end_day_exclusive);
    void finish();

    // engine_actions.cpp: step 5.
    void apply_action(const Action& a);
    void do_assign(const Action& a);
    void do_remove(const Action& a);
    void do_redeem(const Action& a);
    void do_limit(const Action& a, LimitState wanted);
    void do_convert(const Action& a);
    void ignore(const Action& a, IgnoreReason why);
    int bulk_held_by(uint32_t user, uint32_t except_credit) const;

    // engine_usage.cpp: step 6.
    void serve_subscription(uint32_t subscription, const Demand* first, const Demand* last);
    void serve_legacy(uint32_t subscription, const Demand* first, const Demand* last, MoneyFlows& flows);
    void serve_pool(uint32_t subscription, const Demand* first, const Demand* last, MoneyFlows& flows);

    // Shared bookkeeping.
    void emit(uint32_t partner, uint32_t subject, EventKind kind, uint32_t detail = 0);
    void disable(uint32_t c, DisableReason reason);
    void end_disabled_spell(uint32_t c);  ///< the subscription stops being disabled today
    SummaryMonth& summary_today() { return result_.summary[today_month_]; }
    BillingMonth* billing(uint32_t partner, int month_index);
    uint32_t partner_of(uint32_t c) const { return population_.credits[c].partner; }

    const Population& population_;
    const Policy& policy_;
    const Date start_, end_day_;
    const EngineOptions options_;
    const bool is_pool_flow_;
    EventQueue queue_;
    CreditTable credits_;
    ReplicationResult result_;
    Date today_;
    int today_month_ = 0;  ///< index of today's month in result_.summary
    std::vector<PoolCredit> pool_scratch_;      // reused: no allocation per subscription-day
    std::vector<const Demand*> pool_day_scratch_;
};

}  // namespace creditsim::detail
