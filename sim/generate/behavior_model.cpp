// Streams and draw order of the behaviour model. sub = rank of the credit among
// its partner's credits << 8 | occurrence of the reaction on that credit.
//   on_award          assignment  occ 0: never assigned, assign delay, user
//                     redemption  occ 0: never redeemed, redeem delay
//                     reassignment occ 0: count, then each day, then each target
//   on_reject         assignment  occ 1..kMaxRejectRetries: the replacement user
//   on_redeem         conversion  occ 0..: converts, late, delay
//   on_limit_reached  limit_removal occ 0..254: removes, period only, delay

#include "sim/generate/behavior_model.hpp"

#include <algorithm>
#include <cmath>

#include "model/errors.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim {
namespace {

/// A delay in whole days: the exponential draw rounded half away from zero.
int32_t round_days(double days) { return int32_t(std::lround(days)); }

/// A random user of the partner other than `other` (kNone: any), or kNone when there is none.
uint32_t other_user(RandomStream& stream, const Partner& partner, uint32_t other) {
    const bool excludes = other >= partner.first_user && other < partner.first_user + partner.user_count;
    const uint32_t choices = partner.user_count - (excludes ? 1 : 0);
    if (choices == 0) return kNone;
    uint32_t pick = partner.first_user + stream.below(choices);
    if (excludes && pick >= other) ++pick;
    return pick;
}

}  // namespace

BehaviorModel::BehaviorModel(const Population& population, const Behavior& behavior, uint64_t seed, int replication,
                             uint32_t first_partner)
    : population_(population), behavior_(behavior), seed_(seed) {
    place(first_partner, replication);
}

void BehaviorModel::place(uint32_t first_partner, int replication) {
    first_partner_ = first_partner;
    replication_ = uint32_t(replication);
    const size_t credits = population_.credits.size();
    rank_in_partner_.assign(credits, 0);
    reject_count_.assign(credits, 0);
    redeem_count_.assign(credits, 0);
    limit_count_.assign(credits, 0);
    plans_redeem_.assign(credits, 1);
    for (const Partner& partner : population_.partners) {
        CREDITSIM_ASSERT(partner.credit_count < (1u << 24), "partner " << partner.id << " has too many credits");
        for (uint32_t rank = 0; rank < partner.credit_count; ++rank)
            rank_in_partner_[population_.credits_by_partner[partner.first_credit + rank]] = rank;
    }
}

void BehaviorModel::on_award(uint32_t credit, Date today, ActionSink& sink) {
    const uint32_t p = population_.credits[credit].partner;
    const Partner& partner = population_.partners[p];

    RandomStream assignment(seed_, replication_, first_partner_ + p, Purpose::assignment, sub(credit, 0));
    if (assignment.bernoulli(behavior_.never_assigned_share) || partner.user_count == 0) {
        plans_redeem_[credit] = 0;
        return;
    }
    const Date assign_day = today.plus_days(std::max(1, round_days(assignment.exponential(behavior_.assign_delay_mean_days))));
    const uint32_t first_user = other_user(assignment, partner, kNone);
    sink.plan(assign_day, ActionKind::assign, credit, first_user);

    RandomStream redemption(seed_, replication_, first_partner_ + p, Purpose::redemption, sub(credit, 0));
    if (redemption.bernoulli(behavior_.never_redeemed_share)) {
        plans_redeem_[credit] = 0;
    } else {
        const int32_t delay = std::max(1, round_days(redemption.exponential(behavior_.redeem_delay_mean_days)));
        sink.plan(assign_day.plus_days(delay), ActionKind::redeem, credit);
    }

    // Staff turnover: reassign attempts at uniform days of the credit's possible life after the first assign.
    // Bulk ones are planned too: the policy decides whether they take effect.
    RandomStream reassignment(seed_, replication_, first_partner_ + p, Purpose::reassignment, sub(credit, 0));
    const uint32_t attempts = reassignment.poisson(behavior_.reassignments_per_year * kTurnoverYears);
    if (attempts == 0 || partner.user_count < 2) return;
    const uint32_t life_days = uint32_t(std::lround(kTurnoverYears * 365.0));
    std::vector<int32_t> offsets(attempts);
    for (int32_t& offset : offsets) offset = 1 + int32_t(reassignment.below(life_days));
    std::sort(offsets.begin(), offsets.end());
    uint32_t holder = first_user;
    for (const int32_t offset : offsets) {
        holder = other_user(reassignment, partner, holder);
        sink.plan(assign_day.plus_days(offset), ActionKind::assign, credit, holder);
    }
}

void BehaviorModel::on_reject(uint32_t credit, uint32_t user, RejectReason reason, Date today, ActionSink& sink) {
    if (reason != RejectReason::free_hosted_domain && reason != RejectReason::unknown_user &&
        reason != RejectReason::bulk_limit)
        return;
    if (reject_count_[credit] >= kMaxRejectRetries) return;
    const uint32_t occurrence = ++reject_count_[credit];

    const uint32_t p = population_.credits[credit].partner;
    const Partner& partner = population_.partners[p];
    std::vector<uint32_t> candidates;
    for (uint32_t u = partner.first_user; u < partner.first_user + partner.user_count; ++u)
        if (u != user && !population_.users[u].is_free_hosted) candidates.push_back(u);
    RandomStream assignment(seed_, replication_, first_partner_ + p, Purpose::assignment, sub(credit, occurrence));
    if (candidates.empty()) return;
    const uint32_t target = candidates[assignment.below(uint32_t(candidates.size()))];
    sink.plan(today.plus_days(1), ActionKind::assign, credit, target);
    if (plans_redeem_[credit]) sink.plan(today.plus_days(2), ActionKind::redeem, credit);
}

void BehaviorModel::on_redeem(uint32_t credit, Date today, Date end_day, ActionSink& sink) {
    if (redeem_count_[credit] == 255) return;
    const uint32_t occurrence = redeem_count_[credit]++;
    const uint32_t p = population_.credits[credit].partner;

    // Three draws whatever the outcome.
    RandomStream conversion(seed_, replication_, first_partner_ + p, Purpose::conversion, sub(credit, occurrence));
    const bool converts = conversion.bernoulli(behavior_.conversion_probability);
    const bool is_late = conversion.bernoulli(behavior_.late_convert_share);
    const double delay_draw = conversion.uniform();
    if (!converts) return;
    if (is_late) {
        const double delay = -behavior_.late_convert_delay_mean_days * std::log1p(-delay_draw);
        const Date day = std::max(end_day.plus_days(round_days(std::max(0.0, delay))), today.plus_days(1));
        sink.plan(day, ActionKind::convert, credit);
    } else {
        const double lead = -behavior_.conversion_lead_days_mean * std::log1p(-delay_draw);
        const Date day = std::max(end_day.plus_days(-round_days(std::max(0.0, lead)) - 1), today.plus_days(1));
        sink.plan(day, ActionKind::limit_off, credit);
    }
}

void BehaviorModel::on_limit_reached(uint32_t credit, Date today, ActionSink& sink) {
    if (limit_count_[credit] == 255) return;
    const uint32_t occurrence = limit_count_[credit]++;
    const uint32_t p = population_.credits[credit].partner;

    RandomStream removal(seed_, replication_, first_partner_ + p, Purpose::limit_removal, sub(credit, occurrence));
    const bool removes = removal.bernoulli(behavior_.limit_removal_probability);
    const bool is_period_only = removal.bernoulli(behavior_.limit_period_only_share);
    const double delay = removal.exponential(behavior_.limit_removal_delay_mean_days);
    if (!removes) return;
    sink.plan(today.plus_days(std::max(1, round_days(delay))),
                  is_period_only ? ActionKind::limit_period_off : ActionKind::limit_off, credit);
}

}  // namespace creditsim
