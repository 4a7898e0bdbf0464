#pragma once
// SPEC 3 step 6: how one day's demand on an active credit subscription
// (legacy flow) splits between the credit, PAYG and unserved, and the
// billing-profile burn order. Pure functions of the facts given.

#include <cstdint>

#include "model/catalog.hpp"
#include "model/date.hpp"
#include "model/money.hpp"
#include "model/policy.hpp"
#include "model/records.hpp"

namespace creditsim {

/// Where an active legacy credit subscription's day went.
struct LegacyDaySplit {
    Money credit_used, payg_overage, payg_ineligible, unserved;
    bool is_disabled = false;  ///< the limit was reached: disabled until the next period
};

/// Splits a day's demand on an active legacy credit subscription: `covered`
/// is usage the credit pays for, `uncovered` the rest (ineligible usage and
/// products outside its scope). Covered usage draws from `balance`; covered
/// usage > 0 that leaves the balance at 0 with the limit on disables the
/// subscription and leaves the rest unserved; with the limit not on the rest
/// is PAYG overage. Uncovered usage is blocked (unserved) with the limit on,
/// else billed PAYG.
/// Inline: it runs once per subscription-day.
inline LegacyDaySplit split_legacy_day(Money balance, LimitState limit, Money covered, Money uncovered) {
    LegacyDaySplit split;
    const bool is_limit_on = limit == LimitState::on;
    (is_limit_on ? split.unserved : split.payg_ineligible) += uncovered;
    split.credit_used = min(covered, balance);
    const Money rest = covered - split.credit_used;
    if (is_limit_on) {
        split.unserved += rest;
        split.is_disabled = covered.is_positive() && split.credit_used == balance;
    } else {
        split.payg_overage = rest;
    }
    return split;
}

/// A credit of a partner's billing-profile pool, as the burn order sees it.
struct PoolCredit {
    Category scope = kAzureScope;
    CreditKind kind = CreditKind::monthly;
    Date end_day;
    Money balance;
    uint32_t id_rank = 0;  ///< ascending credit id order
};

/// Whether a draws before b: narrowest scope first (product before azure),
/// then policy.burn_order with its ties (SPEC 3, billing-profile flow).
bool draws_before(const PoolCredit& a, const PoolCredit& b, BurnOrder order);

}  // namespace creditsim
