#pragma once
// The reactions of generated partners (SPEC 7): when to assign, redeem,
// reassign, remove the limit and convert. Every decision draws from a stream
// keyed by (seed, replication, partner, purpose, sub) where sub names the
// credit (its rank among its partner's credits) and the occurrence of that
// reaction for that credit, so a decision never depends on the policy or on
// the order the engine calls reactions in; only what the engine reports does.

#include <cstdint>
#include <vector>

#include "model/population.hpp"
#include "sim/inputs/behavior.hpp"
#include "sim/engine/reactions.hpp"

namespace creditsim {

class BehaviorModel : public Reactions {
public:
    /// population must outlive the model. first_partner: the population index
    /// of population.partners[0] when the population is a block of a larger
    /// one (the streams are keyed by it).
    BehaviorModel(const Population& population, const Behavior& behavior, uint64_t seed, int replication,
                  uint32_t first_partner = 0);

    /// Starts over on what the population holds now (the next block of
    /// partners, from first_partner, of `replication`), keeping the per-credit
    /// tables' storage.
    void place(uint32_t first_partner, int replication);

    /// Plans the first assign (unless never assigned), the redeem (unless never redeemed) and staff-turnover reassigns.
    void on_award(uint32_t credit, Date today, ActionSink& sink) override;
    /// After free_hosted_domain, unknown_user or bulk_limit: assign to another company-domain user
    /// tomorrow and redeem the day after (if the credit plans to be redeemed); at most kMaxRejectRetries times.
    void on_reject(uint32_t credit, uint32_t user, RejectReason reason, Date today, ActionSink& sink) override;
    /// Converters set the limit off before end_day (some too late) or convert on or after end_day.
    void on_redeem(uint32_t credit, Date today, Date end_day, ActionSink& sink) override;
    /// Some partners remove the limit (off or period_off) a few days after it was reached.
    void on_limit_reached(uint32_t credit, Date today, ActionSink& sink) override;

    /// Retries after rejections per credit; then the partner gives up (avoids endless ping-pong
    /// between users who all hold a bulk credit).
    static constexpr int kMaxRejectRetries = 4;
    /// Years of possible life used for staff turnover, monthly and bulk credits alike.
    static constexpr double kTurnoverYears = 1.1;

private:
    /// Stream sub for occurrence `occurrence` (< 256) of a reaction on a credit.
    uint32_t sub(uint32_t credit, uint32_t occurrence) const { return (rank_in_partner_[credit] << 8) | occurrence; }

    const Population& population_;
    Behavior behavior_;
    uint64_t seed_;
    uint32_t replication_ = 0;
    uint32_t first_partner_ = 0;
    std::vector<uint32_t> rank_in_partner_;  ///< per credit: its position among its partner's credits (id order)
    std::vector<uint8_t> reject_count_;      ///< per credit: on_reject calls that reacted
    std::vector<uint8_t> redeem_count_;      ///< per credit: on_redeem calls
    std::vector<uint8_t> limit_count_;       ///< per credit: on_limit_reached calls (saturates at 255)
    std::vector<uint8_t> plans_redeem_;      ///< per credit: 1 unless drawn never assigned / never redeemed
};

}  // namespace creditsim
