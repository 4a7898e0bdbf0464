// Report spellings of the model's enums (SPEC 3, 4 and 8).
#include "model/catalog.hpp"
#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/records.hpp"

namespace creditsim {

const char* to_string(ActionKind kind) {
    static const char* const names[] = {"assign", "remove", "redeem", "limit_off", "limit_period_off", "limit_on",
                                        "convert"};
    return names[int(kind)];
}
const char* to_string(LimitState state) {
    static const char* const names[] = {"on", "off", "period_off"};
    return names[int(state)];
}
const char* to_string(DisableReason reason) {
    return reason == DisableReason::spending_limit_reached ? "spending_limit_reached" : "term_ended";
}
const char* to_string(RejectReason reason) {
    static const char* const names[] = {"unknown_user",      "free_hosted_domain", "credit_not_assignable",
                                        "bulk_not_reassignable", "reassignment_cap", "bulk_limit"};
    return names[int(reason)];
}
const char* to_string(IgnoreReason reason) {
    static const char* const names[] = {"not_awarded", "no_user", "not_redeemable", "no_subscription",
                                        "ended",       "deleted", "not_term_ended"};
    return names[int(reason)];
}
const char* to_string(EventKind kind) {
    static const char* const names[] = {"award",   "renew",  "leave",  "assign",  "remove",
                                        "reject",  "redeem", "limit",  "disable", "enable",
                                        "expire",  "forfeit", "convert", "delete", "ignored"};
    return names[int(kind)];
}
const char* to_string(Flow flow) { return flow == Flow::legacy ? "legacy" : "billing_profile"; }
const char* to_string(PeriodKind period) { return period == PeriodKind::anniversary ? "anniversary" : "calendar"; }
const char* to_string(BurnOrder order) {
    static const char* const names[] = {"earliest_end_first", "largest_balance_first", "monthly_first"};
    return names[int(order)];
}

}  // namespace creditsim
