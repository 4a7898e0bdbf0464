#include "model/assignment.hpp"

#include <algorithm>
#include <cctype>

#include "model/policy.hpp"

namespace creditsim {

bool is_free_hosted_email(std::string_view email, const std::vector<std::string>& lowered_free_domains) {
    std::string_view domain = email.substr(email.rfind('@') + 1);  // npos + 1 = 0: the whole text
    while (!domain.empty() && (domain.front() == ' ' || domain.front() == '\t')) domain.remove_prefix(1);
    while (!domain.empty() && (domain.back() == ' ' || domain.back() == '\t')) domain.remove_suffix(1);
    std::string lowered(domain);
    for (char& c : lowered) c = char(std::tolower(static_cast<unsigned char>(c)));
    return std::find(lowered_free_domains.begin(), lowered_free_domains.end(), lowered) != lowered_free_domains.end();
}

AssignDecision decide_assign(const AssignFacts& f, const Policy& policy) {
    auto reject = [](RejectReason reason) { return AssignDecision{AssignOutcome::rejected, reason, false}; };
    constexpr uint32_t none = kNone;

    if (f.user != none && f.user == f.current_user) return AssignDecision{AssignOutcome::no_op, {}, false};
    if (f.user == none) return reject(RejectReason::unknown_user);
    if (policy.block_free_hosted && f.user_is_free_hosted) return reject(RejectReason::free_hosted_domain);
    const bool never_had_user = f.last_user == none;
    if (f.is_forfeited || f.is_past_end_day || (f.membership_ended && never_had_user))
        return reject(RejectReason::credit_not_assignable);

    // A reassignment is a change from the last user the credit ever had.
    const bool is_reassignment = !never_had_user && f.last_user != f.user;
    if (f.kind == CreditKind::bulk && is_reassignment && !policy.bulk_reassignable)
        return reject(RejectReason::bulk_not_reassignable);
    if (f.kind == CreditKind::monthly && is_reassignment && f.reassignments >= policy.max_reassignments)
        return reject(RejectReason::reassignment_cap);
    if (f.kind == CreditKind::bulk && f.other_bulk_held_by_user >= policy.max_bulk_per_user)
        return reject(RejectReason::bulk_limit);
    return AssignDecision{AssignOutcome::assigned, {}, is_reassignment};
}

}  // namespace creditsim
