#include "model/usage_split.hpp"

#include <tuple>

namespace creditsim {

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
