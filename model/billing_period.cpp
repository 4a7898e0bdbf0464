#include "model/billing_period.hpp"

namespace creditsim {

Date period_start(PeriodKind period, Date anchor, int k) {
    if (period == PeriodKind::anniversary) return add_months(anchor, k);
    return k == 0 ? anchor : add_months(first_of_month(anchor), k);
}

Money first_period_grant(const Policy& policy, Money amount, Date anchor) {
    if (policy.period != PeriodKind::calendar || !policy.prorate_first_period) return amount;
    int year, month, day;
    anchor.to_ymd(year, month, day);
    const int month_days = days_in_month(year, month);
    const int covered_days = month_days - day + 1;
    return Money::from_cents(divide_round_half_even(__int128(amount.cents()) * covered_days, month_days));
}

}  // namespace creditsim
