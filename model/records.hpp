#pragma once
// What a run produces, before formatting: ledger rows, events, per-partner
// monthly billing and the run-wide monthly summary. Plain data; money exact.

#include <array>
#include <cstdint>
#include <vector>

#include "model/date.hpp"
#include "model/money.hpp"

namespace creditsim {

enum class LimitState : uint8_t { on, off, period_off };
enum class DisableReason : uint8_t { spending_limit_reached, term_ended };
/// SPEC 4, in the order they are checked.
enum class RejectReason : uint8_t {
    unknown_user,
    free_hosted_domain,
    credit_not_assignable,
    bulk_not_reassignable,
    reassignment_cap,
    bulk_limit
};
constexpr int kRejectReasonCount = 6;
/// Why an action could not take effect (event `ignored`, detail `<action>:<why>`).
enum class IgnoreReason : uint8_t { not_awarded, no_user, not_redeemable, no_subscription, ended, deleted, not_term_ended };

const char* to_string(LimitState state);
const char* to_string(DisableReason reason);
const char* to_string(RejectReason reason);
const char* to_string(IgnoreReason reason);

/// One credit's billing period, clipped to its validity. closing = opening +
/// granted - used - lapsed - expired.
struct LedgerRow {
    uint32_t credit = 0;
    Date period_start;
    Date period_last_day;  ///< inclusive
    Money opening, granted, used, lapsed, expired, closing;
};

enum class EventKind : uint8_t {
    award, renew, leave, assign, remove, reject, redeem, limit, disable, enable, expire, forfeit, convert,
    deletion, ignored
};
const char* to_string(EventKind kind);

/// One events.csv row. subject is a credit index, or the partner index for
/// renew/leave. detail depends on kind: user index (assign, remove, redeem),
/// RejectReason, LimitState, DisableReason, or ignored_detail(action, why).
struct Event {
    Date day;
    uint32_t partner = 0;
    uint32_t subject = 0;
    EventKind kind = EventKind::award;
    uint32_t detail = 0;
    /// Where in the day it happened (SPEC 3 step, step 4's sub-step, step 5's
    /// action rank): lets runs of disjoint partner ranges merge in global order.
    uint8_t phase = 0;
};
constexpr uint32_t ignored_detail(uint32_t action_kind, IgnoreReason why) { return action_kind * 16 + uint32_t(why); }

/// Where each cent of demand went. demand = the sum of the other five.
struct MoneyFlows {
    Money demand, credit_used, payg_overage, payg_ineligible, payg_other, unserved;
    MoneyFlows& operator+=(const MoneyFlows& o) {
        demand += o.demand; credit_used += o.credit_used; payg_overage += o.payg_overage;
        payg_ineligible += o.payg_ineligible; payg_other += o.payg_other; unserved += o.unserved;
        return *this;
    }
    bool is_zero() const {
        return demand.is_zero() && credit_used.is_zero() && payg_overage.is_zero() && payg_ineligible.is_zero() &&
               payg_other.is_zero() && unserved.is_zero();
    }
    bool operator==(const MoneyFlows&) const = default;
};

/// One partner's calendar month.
struct BillingMonth {
    MoneyFlows flows;
    int32_t disabled_days = 0;  ///< (credit subscription, day) pairs disabled at the end of the day
};

/// The whole run's calendar month (one replication).
struct SummaryMonth {
    MoneyFlows flows;
    Money granted, lapsed, expired, forfeited_value;
    int64_t awarded = 0, assigned = 0, activated = 0;
    std::array<int64_t, kRejectReasonCount> rejected{};
    int64_t disables = 0, conversions = 0, deletions = 0, active_partners = 0;
    int64_t disabled_days = 0;  ///< billing's disabled_days summed over partners (not a summary.csv column)

    /// Adds another month's (or block's) money and counts.
    SummaryMonth& operator+=(const SummaryMonth& o) {
        flows += o.flows;
        granted += o.granted; lapsed += o.lapsed; expired += o.expired; forfeited_value += o.forfeited_value;
        awarded += o.awarded; assigned += o.assigned; activated += o.activated;
        for (int r = 0; r < kRejectReasonCount; ++r) rejected[r] += o.rejected[r];
        disables += o.disables; conversions += o.conversions; deletions += o.deletions;
        active_partners += o.active_partners;
        disabled_days += o.disabled_days;
        return *this;
    }
};

}  // namespace creditsim

namespace creditsim {

/// A credit's balance reached zero by usage on that day (kept on request).
struct Exhaustion {
    uint32_t credit = 0;
    Date day;
};

/// Everything one replication produced, in report order except where noted.
struct ReplicationResult {
    int replication = 0;
    int first_month_key = 0;  ///< month_key of the run's first month
    int month_count = 0;      ///< calendar months the run touches
    std::vector<LedgerRow> ledger;      ///< sorted by (partner id, credit id, period_start)
    std::vector<Event> events;          ///< in the order they happened
    std::vector<BillingMonth> billing;  ///< partners × month_count, row-major by partner; empty if not kept
    std::vector<SummaryMonth> summary;  ///< month_count rows
    std::vector<Exhaustion> exhaustions; ///< in the order they happened; empty unless kept
};

}  // namespace creditsim
