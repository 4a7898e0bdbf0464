#include "tests/support/life_replay.hpp"

#include <map>
#include <unordered_map>
#include <vector>

#include "model/catalog.hpp"
#include "sim/engine/demand_source.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/reactions.hpp"

namespace creditsim::testing {
namespace {

bool is_life_owned(ActionKind kind) { return action_rank(kind) >= action_rank(ActionKind::limit_off); }

/// The days a replay's events give for each credit (kNoDay when none).
struct CreditDays {
    static constexpr int32_t kNoDay = INT32_MIN;
    std::vector<int32_t> award, redeem, deletion, forfeit;

    CreditDays(size_t credits, const ReplicationResult& replayed)
        : award(credits, kNoDay), redeem(credits, kNoDay), deletion(credits, kNoDay), forfeit(credits, kNoDay) {
        for (const Event& e : replayed.events) {
            std::vector<int32_t>* days = e.kind == EventKind::award      ? &award
                                         : e.kind == EventKind::redeem   ? &redeem
                                         : e.kind == EventKind::deletion ? &deletion
                                         : e.kind == EventKind::forfeit  ? &forfeit
                                                                         : nullptr;
            if (days && (*days)[e.subject] == kNoDay) (*days)[e.subject] = e.day.serial();
        }
    }
};

/// Why an action cannot be planned by the reactions of a generated run, or "".
std::string action_problem(const Action& a, const CreditDays& days) {
    const int32_t award = days.award[a.credit], redeem = days.redeem[a.credit], day = a.day.serial();
    if (award == CreditDays::kNoDay) return "an action on a credit never awarded";
    if (day < award) return "an action before its credit's award";
    // A zero activation window forfeits the credit in its award's step: no reaction is asked.
    if (days.forfeit[a.credit] == award) return "an action on a credit forfeited at its award";
    if (is_life_owned(a.kind) && day == redeem) return "a limit or convert action on its credit's redemption day";
    return "";
}

/// Why a demand row cannot be modelled as credit demand, or "".
std::string demand_problem(const Population& population, const Demand& d, const CreditDays& days) {
    const uint32_t c = population.subscriptions[d.subscription].credit;
    if (c == kNone) return "demand on a plain subscription";
    const int32_t redeem = days.redeem[c], deletion = days.deletion[c], day = d.day.serial();
    if (redeem == CreditDays::kNoDay || day < redeem) return "demand before its credit's redemption";
    if (deletion != CreditDays::kNoDay && day >= deletion) return "demand from its credit's deletion on";
    return "";
}

/// The replay's demand as a model of credit demand: the rows of each credit's
/// subscription summed per day, split into what its scope covers and not.
class TableDemand final : public DemandSource {
public:
    TableDemand(const Population& population, const History& history, Date start, Date end_day)
        : start_(start), days_(end_day - start) {
        for (const Demand& d : history.demand) {
            const uint32_t c = population.subscriptions[d.subscription].credit;
            std::vector<DayDemand>& credit_days = days_of_[c];
            credit_days.resize(size_t(days_));
            DayDemand& day = credit_days[size_t(d.day - start)];
            day.total += d.amount.cents();
            const Category scope = population.catalog.lines()[population.credits[c].catalog_line].scope;
            if (!scope_covers(scope, d.category)) day.uncovered += d.amount.cents();
        }
    }

    std::span<const Demand> rows_of_day(Date) override { return {}; }
    bool models_credit_demand() const override { return true; }
    void credit_days(uint32_t credit, Date, Date first, int count, DayDemand* out) const override {
        for (int i = 0; i < count; ++i) out[i] = at(credit, first.plus_days(i));
    }
    std::unique_ptr<CreditDemandReader> credit_reader() const override { return std::make_unique<Reader>(*this); }

private:
    class Reader final : public CreditDemandReader {
    public:
        explicit Reader(const TableDemand& table) : table_(table) {}
        void seek(uint32_t credit, Date, Date first) override { credit_ = credit, day_ = first; }
        void feed(int count, CreditDayServer& server) override {
            for (int i = 0; i < count; ++i) {
                const DayDemand d = table_.at(credit_, day_);
                day_ = day_.plus_days(1);
                if (!server.serve(d.total, d.uncovered)) break;
            }
        }
        DayDemand sum(int count) override {
            DayDemand sum;
            for (int i = 0; i < count; ++i, day_ = day_.plus_days(1)) {
                const DayDemand d = table_.at(credit_, day_);
                sum.total += d.total;
                sum.uncovered += d.uncovered;
            }
            return sum;
        }

    private:
        const TableDemand& table_;
        uint32_t credit_ = 0;
        Date day_;
    };

    DayDemand at(uint32_t credit, Date day) const {
        const auto it = days_of_.find(credit);
        if (it == days_of_.end() || day < start_ || day - start_ >= days_) return {};
        return it->second[size_t(day - start_)];
    }

    Date start_;
    int days_;
    std::unordered_map<uint32_t, std::vector<DayDemand>> days_of_;
};

/// The history's actions, planned on award (assignments, redemptions, and
/// limit or convert actions before the redemption) and on redemption (limit
/// and convert actions after it), in history order.
class PlannedHistory final : public Reactions {
public:
    PlannedHistory(const History& history, const CreditDays& days) {
        for (const Action& a : history.actions) {
            const bool after_redemption = is_life_owned(a.kind) && days.redeem[a.credit] != CreditDays::kNoDay &&
                                          a.day.serial() > days.redeem[a.credit];
            (after_redemption ? on_redeem_ : on_award_)[a.credit].push_back(a);
        }
    }

    void on_award(uint32_t credit, Date, ActionSink& sink) override { plan(on_award_, credit, sink); }
    void on_reject(uint32_t, uint32_t, RejectReason, Date, ActionSink&) override {}
    void on_redeem(uint32_t credit, Date, Date, ActionSink& sink) override { plan(on_redeem_, credit, sink); }
    void on_limit_reached(uint32_t, Date, ActionSink&) override {}

private:
    using Plans = std::map<uint32_t, std::vector<Action>>;
    static void plan(Plans& plans, uint32_t credit, ActionSink& sink) {
        const auto it = plans.find(credit);
        if (it == plans.end()) return;
        for (const Action& a : it->second) sink.plan(a.day, a.kind, a.credit, a.user);
        plans.erase(it);  // once: a second redemption of the credit is ignored anyway
    }
    Plans on_award_, on_redeem_;
};

}  // namespace

LifeReplay run_as_lives(const Population& population, const History& history, const Policy& policy, Date start,
                        Date end_day, const ReplicationResult& replayed) {
    LifeReplay out;
    if (policy.flow != Flow::legacy) {
        out.not_expressible = "the billing-profile flow has no credit lives";
        return out;
    }
    const CreditDays days(population.credits.size(), replayed);
    for (const Action& a : history.actions)
        if (const std::string why = action_problem(a, days); !why.empty()) {
            out.not_expressible = why + " (" + population.credits[a.credit].id + ", " + a.day.to_string() + ")";
            return out;
        }
    for (const Demand& d : history.demand)
        if (const std::string why = demand_problem(population, d, days); !why.empty()) {
            out.not_expressible = why + " (" + population.subscriptions[d.subscription].id + ", " + d.day.to_string() + ")";
            return out;
        }
    TableDemand demand(population, history, start, end_day);
    PlannedHistory reactions(history, days);
    EngineRun run;
    run.population = &population;
    run.policy = &policy;
    run.start = start;
    run.end_day = end_day;
    run.options.keep_exhaustions = true;
    run.demand = &demand;
    run.reactions = &reactions;
    out.result = run_engine(run);
    return out;
}

History expressible_part(const Population& population, const History& history, const ReplicationResult& replayed) {
    const CreditDays days(population.credits.size(), replayed);
    History part;
    for (const Action& a : history.actions)
        if (action_problem(a, days).empty()) part.actions.push_back(a);
    for (const Demand& d : history.demand)
        if (demand_problem(population, d, days).empty()) part.demand.push_back(d);
    return part;
}

}  // namespace creditsim::testing
