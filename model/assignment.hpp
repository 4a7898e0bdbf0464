#pragma once
// SPEC 4: whether assign(credit, user) succeeds, is a no-op, or is rejected
// with exactly one reason, checked in the spec's order. Pure: the caller
// gathers the facts, this decides.

#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.hpp"
#include "model/index.hpp"
#include "model/records.hpp"

namespace creditsim {

/// Whether the domain after the last '@' of email, trimmed of spaces and tabs, is one of
/// lowered_free_domains as a whole domain, ignoring case (the list is in lower case).
bool is_free_hosted_email(std::string_view email, const std::vector<std::string>& lowered_free_domains);

/// The facts assign() is decided on. Users are indices; kNone = none.
struct AssignFacts {
    uint32_t user = kNone;          ///< the user asked for; kNone when not a user of the partner
    bool user_is_free_hosted = false;
    uint32_t current_user = kNone;  ///< the credit's user now
    uint32_t last_user = kNone;     ///< the last user the credit ever had (current or removed)
    CreditKind kind = CreditKind::monthly;
    bool is_forfeited = false;
    bool is_past_end_day = false;
    bool membership_ended = false;    ///< the partner's membership has ended
    int reassignments = 0;            ///< changes of user so far
    int other_bulk_held_by_user = 0;  ///< bulk credits the user holds now, this one excluded
};

enum class AssignOutcome { assigned, no_op, rejected };

struct AssignDecision {
    AssignOutcome outcome = AssignOutcome::assigned;
    RejectReason reason = RejectReason::unknown_user;  ///< when rejected
    bool is_reassignment = false;                       ///< when assigned: counts against the cap
};

/// Decides assign() under the policy (SPEC 4 table, in order).
AssignDecision decide_assign(const AssignFacts& facts, const struct Policy& policy);

}  // namespace creditsim
