#pragma once
// Billing periods of a credit subscription (SPEC 2): where period k starts,
// when a monthly credit's validity ends, and the first period's grant.

#include "model/catalog.hpp"
#include "model/date.hpp"
#include "model/money.hpp"
#include "model/policy.hpp"

namespace creditsim {

/// First day of period k (0-based) of a subscription anchored at `anchor`
/// (activation; award in the billing-profile flow). Anniversary: anchor + k
/// months, clamped. Calendar: the anchor, then the first of each later month.
Date period_start(PeriodKind period, Date anchor, int k);

/// The first day a monthly credit is no longer valid: the start of period
/// validity_months (0-based), i.e. of the (validity_months+1)-th period.
inline Date monthly_end_day(PeriodKind period, Date anchor, int validity_months) {
    return period_start(period, anchor, validity_months);
}

/// What a monthly credit grants in its first period: the full amount, or with
/// calendar periods and prorating, amount × days / days-in-month (days from
/// the anchor to the month's end inclusive), rounded half-even to the cent.
Money first_period_grant(const Policy& policy, Money amount, Date anchor);

/// Nominal value (SPEC 2): amount × validity_months for monthly credits, the amount for bulk.
inline Money nominal_value(CreditKind kind, Money amount, int validity_months) {
    return kind == CreditKind::monthly ? amount * validity_months : amount;
}

}  // namespace creditsim
