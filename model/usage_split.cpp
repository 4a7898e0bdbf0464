#include "model/usage_split.hpp"

#include <tuple>

namespace creditsim {

LegacyDaySplit split_legacy_day(Money balance, LimitState limit, Money covered, Money uncovered) {
    LegacyDaySplit split;
    const bool is_limit_on = limit == LimitState::on;
    (is_limit_on ? split.unserved : split.payg_ineligible) += uncovered;

    split.credit_used = min(covered, balance);
    const Money rest = covered - split.credit_used;
    const bool leaves_zero = covered.is_positive() && split.credit_used == balance;
    if (is_limit_on) {
        split.unserved += rest;
        split.is_disabled = leaves_zero;
    } else {
        split.payg_overage = rest;
    }
    return split;
}

bool draws_before(const PoolCredit& a, const PoolCredit& b, BurnOrder order) {
    const bool a_product = a.scope != kAzureScope;
    const bool b_product = b.scope != kAzureScope;
    if (a_product != b_product) return a_product;
    switch (order) {
        case BurnOrder::earliest_end_first:
            return std::tie(a.end_day, a.id_rank) < std::tie(b.end_day, b.id_rank);
        case BurnOrder::largest_balance_first:
            if (a.balance != b.balance) return a.balance > b.balance;
            return std::tie(a.end_day, a.id_rank) < std::tie(b.end_day, b.id_rank);
        case BurnOrder::monthly_first: {
            const bool a_monthly = a.kind == CreditKind::monthly;
            const bool b_monthly = b.kind == CreditKind::monthly;
            if (a_monthly != b_monthly) return a_monthly;
            return std::tie(a.end_day, a.id_rank) < std::tie(b.end_day, b.id_rank);
        }
    }
    return a.id_rank < b.id_rank;
}

}  // namespace creditsim
