#pragma once
// Private to the engine: its per-credit state (structure of arrays) and the
// step handlers. Split over engine.cpp (loop, scheduled steps),
// engine_actions.cpp (step 5), engine_usage.cpp (step 6) and engine_life.cpp
// (a generated credit's whole subscription life, legacy flow).

#include <vector>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "model/records.hpp"
#include "model/usage_split.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/generate/generated_demand.hpp"
#include "sim/engine/reactions.hpp"

namespace creditsim::detail {

/// A credit subscription's state (SPEC 3 States); `none` before redemption.
enum class SubState : uint8_t { none, active, disabled_limit, disabled_term, converted, deleted };

constexpr uint32_t kNoUser = 0xFFFFFFFFu;
constexpr Date kNever = Date::from_serial(1 << 30);

/// A vector indexed by global credit index over the engine's contiguous range.
template <typename T>
class CreditArray {
public:
    void assign(uint32_t first, uint32_t count, const T& value) { first_ = first; data_.assign(count, value); }
    T& operator[](uint32_t credit) { return data_[credit - first_]; }
    const T& operator[](uint32_t credit) const { return data_[credit - first_]; }

private:
    uint32_t first_ = 0;
    std::vector<T> data_;
};

/// Per-credit state, one array per field, indexed by credit (id rank).
struct CreditTable {
    // Fixed at build time.
    CreditArray<CreditKind> kind;
    CreditArray<Category> scope;
    CreditArray<Money> amount;
    CreditArray<Date> deadline;  ///< legacy: forfeit day if never redeemed
    // Changing.
    CreditArray<uint8_t> is_awarded, is_forfeited, is_live;  ///< is_live: billing-profile generated runs
    CreditArray<SubState> state;
    CreditArray<LimitState> limit;
    CreditArray<Date> limit_off_since;
    CreditArray<Date> end_day;  ///< first day no longer valid (kNever while unknown)
    CreditArray<Date> anchor;   ///< activation (legacy) or award (billing profile)
    CreditArray<int32_t> period_index;
    CreditArray<Date> next_boundary;
    CreditArray<Money> balance;
    CreditArray<uint32_t> current_user, last_user;
    CreditArray<int32_t> reassignments;
    CreditArray<Date> delete_day;
    CreditArray<Date> disabled_since;  ///< first disabled day of the open disabled spell
    CreditArray<LedgerRow> open_row;   ///< the current period's row (its `used` lives in period_used)
    CreditArray<Money> period_used;    ///< used so far in the current period: hot, kept apart
    CreditArray<uint8_t> has_open_row;

    void reset(uint32_t first, uint32_t count);
};

class Engine final : private ActionSink {
public:
    explicit Engine(const EngineRun& run);
    ReplicationResult run(EngineNotes* notes);

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
    void apply_actions_of_today(const Action*& next_static, const Action* static_end);
    void apply_action(const Action& a);
    void do_assign(const Action& a);
    void do_remove(const Action& a);
    void do_redeem(const Action& a);
    void do_limit(const Action& a, LimitState wanted);
    void do_convert(const Action& a);
    void ignore(const Action& a, IgnoreReason why);
    int bulk_held_by(uint32_t user, uint32_t except_credit) const;
    void schedule(Date day, ActionKind kind, uint32_t credit, uint32_t user) override;  // ActionSink

    // engine_usage.cpp: step 6.
    void serve_replay_subscription(uint32_t subscription, const Demand* first, const Demand* last);
    void serve_generated_pool_day();
    void serve_credit(uint32_t c, Money covered, Money uncovered, MoneyFlows& flows);
    void serve_pool(uint32_t partner, const Demand* first, const Demand* last, MoneyFlows& flows);
    void book_flows(uint32_t partner, int month, const MoneyFlows& flows);  ///< into summary and billing month

    // engine_life.cpp: generated runs, legacy flow.
    bool is_life_owned(ActionKind kind) const;
    void run_life(uint32_t c);
    Date next_life_step(uint32_t c) const;
    void apply_life_steps(uint32_t c);
    Date serve_life_usage(uint32_t c, GeneratedDemand::Cursor& demand, Date stop);
    bool serve_life_days(uint32_t c, GeneratedDemand::Cursor& demand, Date stop, MoneyFlows& flows);
    void set_today(Date day);
    int month_index(Date day) const;  ///< index in result_.summary of a day's month (outside [0, month_count) for days outside the run)

    // Shared bookkeeping.
    void emit(uint32_t partner, uint32_t subject, EventKind kind, uint32_t detail = 0);
    void disable(uint32_t c, DisableReason reason);
    void end_disabled_spell(uint32_t c);  ///< the subscription stops being disabled today
    SummaryMonth& summary_today() { return result_.summary[today_month_]; }
    BillingMonth* billing(uint32_t partner, int month);
    uint32_t partner_of(uint32_t c) const { return population_.credits[c].partner; }

    const Population& population_;
    const Policy& policy_;
    const Date start_, end_day_;
    const EngineOptions options_;
    const bool is_pool_flow_;
    /// Generated legacy runs: a credit's life from its redemption on is
    /// simulated at once (engine_life.cpp); steps 1-3 and its limit and
    /// convert actions never enter the day loop.
    const bool runs_lives_;
    const History* history_;
    const GeneratedDemand* demand_model_;
    Reactions* reactions_;
    uint32_t first_partner_, end_partner_, first_credit_, end_credit_;
    EventQueue queue_;
    /// Actions planned by the reactions, by day of the run (index: day - start_);
    /// a day's are sorted by action_before when the day comes. Pushing is O(1),
    /// where a heap cost a dozen comparisons per action.
    std::vector<std::vector<Action>> planned_;
    uint32_t dynamic_sequence_ = 0;
    CreditTable credits_;
    /// A live subscription of a generated billing profile and its demand, one day on each day.
    struct LiveSubscription {
        uint32_t credit;
        GeneratedDemand::Cursor demand;
    };
    std::vector<LiveSubscription> live_;  ///< generated billing profile: credits whose subscription exists, ascending
    std::vector<uint32_t> live_added_; ///< activated since the last usage step, merged in then
    uint32_t life_credit_ = kNone;     ///< the credit whose life is being simulated
    std::vector<Action> life_actions_; ///< its planned limit and convert actions, in action_before order
    std::vector<Date> month_first_;    ///< first day in the run of each summary month, then end_day_
    ReplicationResult result_;
    Date today_;
    int today_month_ = 0;  ///< index of today's month in result_.summary
    uint8_t phase_ = 0;    ///< the part of the day being processed (engine.hpp, namespace phase)
    std::vector<PoolCredit> pool_scratch_;  // reused: no allocation per subscription-day
    std::vector<const Demand*> pool_day_scratch_;
    /// Replayed demand booked so far: at the end it must equal the history's (no demand is dropped, SPEC 10).
    Money replay_demand_booked_;
};

}  // namespace creditsim::detail
