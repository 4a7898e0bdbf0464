#pragma once
// Private to the engine: every credit's state, one array per field
// (structure of arrays), indexed by credit (its id rank).

#include <cstdint>
#include <vector>

#include "model/catalog.hpp"
#include "model/index.hpp"
#include "model/money.hpp"
#include "model/policy.hpp"
#include "model/records.hpp"
#include "sim/engine/credit_usage.hpp"

namespace creditsim::detail {

constexpr Date kNever = Date::from_serial(1 << 30);

/// Per-credit state, one field of it.
template <typename T>
using CreditArray = std::vector<T>;

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
    CreditArray<uint32_t> current_user, last_user;  ///< kNone: no user
    CreditArray<int32_t> reassignments;
    CreditArray<Date> delete_day;
    CreditArray<Date> disabled_since;  ///< first disabled day of the open disabled spell
    CreditArray<LedgerRow> open_row;   ///< the current period's row (its `used` lives in period_used)
    CreditArray<Money> period_used;    ///< used so far in the current period: hot, kept apart
    CreditArray<uint8_t> has_open_row;

    /// Every credit's fields at their starting values.
    void reset(uint32_t count);
};

}  // namespace creditsim::detail
