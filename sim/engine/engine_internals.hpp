#pragma once
// Private to the engine: the Engine class, its state and its step handlers.
//   engine.cpp           the day loop: one day's steps 1-6 in order
//   scheduled_steps.cpp  steps 1-4: period boundaries, end days, deadlines, deletions, membership
//   actions.cpp          step 5: actions on credits
//   usage.cpp            step 6: serving a day's demand (replay rows, the billing-profile pool)
//   credit_life.cpp      generated legacy runs: a credit's whole subscription life at its redemption
//   credit_usage.hpp     step 6 on one credit subscription, the one body both paths call

#include <memory>
#include <vector>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "model/records.hpp"
#include "sim/engine/credit_table.hpp"
#include "sim/engine/demand_source.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/reactions.hpp"

namespace creditsim::detail {

class Engine final : private ActionSink {
public:
    explicit Engine(const EngineRun& run);
    ReplicationResult run(EngineNotes* notes);

private:
    // engine.cpp: the day loop.
    void run_day(std::span<const Action>::iterator& next_action, int64_t& pool_actions);

    // scheduled_steps.cpp: scheduling and steps 1-4.
    void schedule_membership();
    void schedule_step(Date day, Phase step, uint32_t subject, Tag tag = Tag::none);
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

    // actions.cpp: step 5.
    void apply_actions_of_today(std::span<const Action>::iterator& next_static);
    void apply_action(const Action& a);
    void do_assign(const Action& a);
    void do_remove(const Action& a);
    void do_redeem(const Action& a);
    void do_limit(const Action& a, LimitState wanted);
    void do_convert(const Action& a);
    void ignore(const Action& a, IgnoreReason why);
    int bulk_held_by(uint32_t user, uint32_t except_credit) const;
    void plan(Date day, ActionKind kind, uint32_t credit, uint32_t user) override;  // ActionSink

    // usage.cpp: step 6.
    void serve_rows_of_today(std::span<const Demand> rows);
    void serve_replay_subscription(uint32_t subscription, const Demand* first, const Demand* last);
    void serve_generated_pool_day();
    void serve_credit_today(uint32_t c, const DayDemand& day, MoneyFlows& flows);
    CreditInService in_service(uint32_t c) const;
    void finish_serving(uint32_t c, const CreditDayServer& server, MoneyFlows& flows);
    void serve_pool(uint32_t partner, const Demand* first, const Demand* last, MoneyFlows& flows);
    void book_flows(uint32_t partner, int month, const MoneyFlows& flows);  ///< into summary and billing month

    // credit_life.cpp: generated runs, legacy flow.
    bool is_life_owned(ActionKind kind) const;
    void run_life(uint32_t c);
    Date next_life_step(uint32_t c) const;
    void apply_life_steps(uint32_t c);
    Date serve_life_usage(uint32_t c, Date from, Date stop);
    void set_today(Date day);
    void set_today(Date day, int month);  ///< month: month_index(day), known

    // engine.cpp: shared bookkeeping.
    int month_index(Date day) const;  ///< index in result_.summary of a day's month (outside [0, month_count) for days outside the run)
    void emit(uint32_t partner, uint32_t subject, EventKind kind, uint32_t detail = 0);
    void disable(uint32_t c, DisableReason reason);
    void end_disabled_spell(uint32_t c);  ///< the subscription stops being disabled today
    void finish();
    SummaryMonth& summary_today() { return result_.summary[today_month_]; }
    BillingMonth* billing(uint32_t partner, int month);
    uint32_t partner_of(uint32_t c) const { return population_.credits[c].partner; }

    const Population& population_;
    const Policy& policy_;
    const Date start_, end_day_;
    const EngineOptions options_;
    const bool is_pool_flow_;
    DemandSource& demand_;
    /// The demand source models credit subscriptions (a generated population).
    const bool is_generated_;
    /// Generated legacy runs: a credit's life from its redemption on is
    /// simulated at once (credit_life.cpp); steps 1-3 and its limit and
    /// convert actions never enter the day loop.
    const bool runs_lives_;
    std::span<const Action> actions_;
    Reactions* reactions_;
    EventQueue queue_;
    /// Actions planned by the reactions, by day of the run (index: day - start_);
    /// a day's are sorted by action_before when the day comes. Pushing is O(1),
    /// where a heap cost a dozen comparisons per action.
    std::vector<std::vector<Action>> planned_;
    uint32_t dynamic_sequence_ = 0;
    CreditTable credits_;
    /// A live subscription of a generated billing profile and the next days of its demand.
    struct LiveSubscription {
        static constexpr int kDaysAhead = 8;  ///< one demand call per 8 days, 128 bytes of demand each
        uint32_t credit = 0;
        uint8_t next = 0, count = 0;  ///< ahead[next, count) are the days from today on
        DayDemand ahead[kDaysAhead];
    };
    std::vector<LiveSubscription> live_;  ///< generated billing profile: credits whose subscription exists, ascending
    std::vector<uint32_t> live_added_; ///< activated since the last usage step, merged in then
    std::optional<uint32_t> life_credit_;  ///< the credit whose life is being simulated
    std::unique_ptr<CreditDemandReader> life_demand_;  ///< reads the life's days, if the source models credits
    Date life_demand_day_;             ///< the day life_demand_ is on
    std::vector<Action> life_actions_; ///< its planned limit and convert actions, in action_before order
    std::vector<Date> month_first_;    ///< first day in the run of each summary month, then end_day_
    ReplicationResult result_;
    Date today_;
    int today_month_ = 0;  ///< index of today's month in result_.summary
    Phase phase_ = Phase::period_boundary;  ///< the part of the day being processed
    std::vector<PoolCredit> pool_scratch_;  // reused: no allocation per subscription-day
    std::vector<const Demand*> pool_day_scratch_;
    /// Replayed demand handed to the engine and booked: equal at the end (no demand is dropped, SPEC 10).
    Money replay_demand_given_, replay_demand_booked_;
};

}  // namespace creditsim::detail
