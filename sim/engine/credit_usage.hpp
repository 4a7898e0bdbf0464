#pragma once
// SPEC 3 step 6 on a legacy credit subscription, written once: days of
// demand on one credit, in its state, limit and balance. The day loop serves
// a replay's day through it (one day); a generated credit's life serves the
// days between two of its steps (sim/engine/credit_life.cpp), fed straight
// from the demand model (CreditDemandReader::feed).

#include <cstdint>

#include "model/money.hpp"
#include "model/policy.hpp"
#include "model/records.hpp"
#include "model/usage_split.hpp"

namespace creditsim {

/// A day's demand on one credit subscription, in cents: all of it, and the
/// part of it that the credit does not cover (ineligible usage, products
/// outside its scope).
struct DayDemand {
    int64_t total = 0;
    int64_t uncovered = 0;
};

/// A credit subscription's state (SPEC 3 States); `none` before redemption.
enum class SubState : uint8_t { none, active, disabled_limit, disabled_term, converted, deleted };

/// What step 6 reads and changes of a credit subscription.
struct CreditInService {
    SubState state = SubState::none;
    LimitState limit = LimitState::on;
    int64_t balance = 0;  ///< cents
};

/// Serves a credit subscription's days one at a time, in order: SPEC 3 step
/// 6, the one body. A subscription that does not exist (not redeemed,
/// deleted) or is disabled serves nothing: its demand is unserved. A
/// converted one is plain PAYG. An active one splits each day by
/// split_legacy_day, and stops after the day on which its limit is reached
/// (the caller disables it then).
///
/// A class fed a day or a run of days at a time, so that a demand model can
/// hand days over as it computes them (CreditDemandReader::feed): a
/// generated run of days goes from the day kernel's buffer to the balance,
/// as its sums when the balance pays it in full. Inline: it is the engine's
/// inner loop (docs/PERFORMANCE.md has what was measured).
class CreditDayServer {
public:
    explicit CreditDayServer(const CreditInService& credit)
        : state_(credit.state), limit_(credit.limit), opening_(credit.balance), balance_(credit.balance) {}

    /// Serves the next day; false once the limit was reached on it (serve no more days).
    bool serve(int64_t total, int64_t uncovered) {
        ++days_;
        demand_ += total;
        if (state_ != SubState::active) return true;
        const int64_t covered = total - uncovered;
        if (covered < balance_) {  // most days: the balance pays the covered part and more is left
            balance_ -= covered;
            return true;
        }
        return serve_run_out_day(total, covered, uncovered);
    }

    /// Serves the next `count` days (total[i], uncovered[i]: day i) day by day
    /// and returns how many it served: all, or up to and including the day the
    /// limit was reached.
    int serve_days(const int64_t* total, const int64_t* uncovered, int count) {
        for (int i = 0; i < count; ++i)
            if (!serve(total[i], uncovered[i])) return i + 1;
        return count;
    }

    /// serve_days when the days' sums are known (and fit).
    /// Covered demand is never negative, so the balance pays every day of the
    /// run in full exactly when it pays their sum with some left: then the
    /// run is booked at once.
    int serve_days(const int64_t* total, const int64_t* uncovered, int count, const DayDemand& sums) {
        if (state_ != SubState::active) {
            days_ += count;
            demand_ += sums.total;
            return count;
        }
        const int64_t covered = sums.total - sums.uncovered;
        if (covered < balance_) {
            days_ += count;
            demand_ += sums.total;
            balance_ -= covered;
            return count;
        }
        return serve_days(total, uncovered, count);
    }

    /// Whether the days split linearly: a subscription that is not active, or
    /// an active one with an empty balance and the limit not on (all covered
    /// demand is overage). Then the split of the days' sums is the sum of their
    /// splits, and serve_sum may serve them at once.
    bool splits_linearly() const {
        return state_ != SubState::active || (balance_ == 0 && limit_ != LimitState::on);
    }

    /// Serves `count` days whose demand sums to `sum`, when splits_linearly().
    void serve_sum(const DayDemand& sum, int count) {
        days_ += count;
        demand_ += sum.total;
        if (state_ == SubState::active) serve_run_out_day(sum.total, sum.total - sum.uncovered, sum.uncovered);
    }

    // What serving did, as separate accessors rather than one returned struct of
    // an int and a bool: GCC built that struct with two stores and read it back
    // with one wider load, which the CPU cannot forward from the stores: a stall
    // of about 15 cycles per month served, 2-3 % of a generated run's time.

    /// Whether the limit was reached on the last day served (serve no more);
    /// then the subscription is disabled on that day.
    bool is_limit_reached() const { return is_limit_reached_; }

    /// Days served: all fed, or up to and including the day the limit was reached.
    int days_served() const { return days_; }

    /// Index of the day whose use brought the balance to zero, or -1.
    int exhausted_day() const { return exhausted_day_; }

    /// The balance left, in cents (changed only when active).
    int64_t balance() const { return balance_; }

    /// Books the days served into flows.
    void finish(MoneyFlows& flows) const {
        const Money demand = Money::from_cents(demand_);
        flows.demand += demand;
        switch (state_) {
            case SubState::none:
            case SubState::deleted:
            case SubState::disabled_limit:
            case SubState::disabled_term: flows.unserved += demand; break;
            case SubState::converted: flows.payg_other += demand; break;
            case SubState::active: {
                // The days the balance paid in full: their covered demand is what
                // left the balance outside the run-out days, the rest is uncovered.
                const int64_t paid_days_used = opening_ - balance_ - run_out_days_.credit_used.cents();
                const int64_t paid_days_uncovered = demand_ - run_out_demand_ - paid_days_used;
                flows.credit_used += Money::from_cents(paid_days_used) + run_out_days_.credit_used;
                flows.payg_overage += run_out_days_.payg_overage;
                (limit_ == LimitState::on ? flows.unserved : flows.payg_ineligible) +=
                    Money::from_cents(paid_days_uncovered);
                flows.payg_ineligible += run_out_days_.payg_ineligible;
                flows.unserved += run_out_days_.unserved;
                break;
            }
        }
    }

private:
    // The balance cannot pay the day's covered demand in full (or is empty).
    bool serve_run_out_day(int64_t total, int64_t covered, int64_t uncovered) {
        const LegacyDaySplit split = split_legacy_day(Money::from_cents(balance_), limit_, Money::from_cents(covered),
                                                      Money::from_cents(uncovered));
        run_out_demand_ += total;
        run_out_days_.credit_used += split.credit_used;
        run_out_days_.payg_overage += split.payg_overage;
        run_out_days_.payg_ineligible += split.payg_ineligible;
        run_out_days_.unserved += split.unserved;
        balance_ -= split.credit_used.cents();
        if (split.credit_used.is_positive() && balance_ == 0) exhausted_day_ = days_ - 1;
        is_limit_reached_ = split.is_disabled;
        return !split.is_disabled;
    }

    SubState state_;
    LimitState limit_;
    bool is_limit_reached_ = false;
    int days_ = 0;
    int exhausted_day_ = -1;
    int64_t opening_, balance_;  ///< cents
    int64_t demand_ = 0;         ///< cents, of every day served
    int64_t run_out_demand_ = 0; ///< cents, of the run-out days
    MoneyFlows run_out_days_;    ///< the days the balance ran out on, through split_legacy_day
};

}  // namespace creditsim
