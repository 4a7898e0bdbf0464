#pragma once
// SPEC 3 step 6 on a legacy credit subscription, written once: a run of days
// of demand on one credit, in its state, limit and balance. The day loop
// serves a replay's day through it (one day); a generated credit's life
// serves the days between two of its steps (sim/engine/credit_life.cpp).
// Inline: it is the engine's inner loop.

#include <cstdint>

#include "model/money.hpp"
#include "model/policy.hpp"
#include "model/records.hpp"
#include "model/usage_split.hpp"
#include "sim/engine/demand_source.hpp"

namespace creditsim::detail {

/// A credit subscription's state (SPEC 3 States); `none` before redemption.
enum class SubState : uint8_t { none, active, disabled_limit, disabled_term, converted, deleted };

/// What step 6 reads and changes of a credit subscription.
struct CreditInService {
    SubState state = SubState::none;
    LimitState limit = LimitState::on;
    int64_t balance = 0;  ///< cents
};

/// What serving a run of days did.
struct ServedDays {
    int days = 0;                ///< days served: all, or up to and including the day the limit was reached
    bool is_limit_reached = false;  ///< then the subscription is disabled on the last day served
    int exhausted_day = -1;      ///< index of the day whose use brought the balance to zero, or -1
};

/// Serves days[0, count) on the credit's subscription into flows (and its
/// balance). A subscription that does not exist (not redeemed, deleted) or is
/// disabled serves nothing: its demand is unserved. A converted one is plain
/// PAYG. An active one splits each day by split_legacy_day, and stops after
/// the day on which its limit is reached (the caller disables it then).
inline ServedDays serve_credit_days(CreditInService& credit, const DayDemand* days, int count, MoneyFlows& flows) {
    int64_t demand = 0;
    for (int i = 0; i < count; ++i) demand += days[i].total;
    switch (credit.state) {
        case SubState::none:
        case SubState::deleted:
        case SubState::disabled_limit:
        case SubState::disabled_term:
            flows.demand += Money::from_cents(demand);
            flows.unserved += Money::from_cents(demand);
            return ServedDays{count, false, -1};
        case SubState::converted:
            flows.demand += Money::from_cents(demand);
            flows.payg_other += Money::from_cents(demand);
            return ServedDays{count, false, -1};
        case SubState::active: break;
    }
    const bool is_limit_on = credit.limit == LimitState::on;
    int64_t balance = credit.balance, used = 0, blocked_or_ineligible = 0;
    MoneyFlows split_days;  // the days the balance ran out on: through split_legacy_day
    ServedDays served{count, false, -1};
    demand = 0;
    for (int i = 0; i < count; ++i) {
        const int64_t total = days[i].total, uncovered = days[i].uncovered, covered = total - uncovered;
        demand += total;
        if (covered < balance) {  // most days: the balance pays the covered part and more is left
            balance -= covered;
            used += covered;
            blocked_or_ineligible += uncovered;
            continue;
        }
        const LegacyDaySplit split = split_legacy_day(Money::from_cents(balance), credit.limit,
                                                      Money::from_cents(covered), Money::from_cents(uncovered));
        split_days.credit_used += split.credit_used;
        split_days.payg_overage += split.payg_overage;
        split_days.payg_ineligible += split.payg_ineligible;
        split_days.unserved += split.unserved;
        balance -= split.credit_used.cents();
        if (split.credit_used.is_positive() && balance == 0) served.exhausted_day = i;
        if (split.is_disabled) {
            served.days = i + 1;
            served.is_limit_reached = true;
            break;
        }
    }
    flows.demand += Money::from_cents(demand);
    flows.credit_used += Money::from_cents(used) + split_days.credit_used;
    flows.payg_overage += split_days.payg_overage;
    (is_limit_on ? flows.unserved : flows.payg_ineligible) += Money::from_cents(blocked_or_ineligible);
    flows.payg_ineligible += split_days.payg_ineligible;
    flows.unserved += split_days.unserved;
    credit.balance = balance;
    return served;
}

}  // namespace creditsim::detail
