#pragma once
// Daily demand of generated credit subscriptions, computed on the fly from a
// few per-credit numbers: no allocation, look-up or virtual call per
// subscription-day. Noise is a counter-based hash of (credit key, day), so a
// credit's demand on a day is the same in every scenario sharing the seed.

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "model/date.hpp"
#include "model/money.hpp"
#include "model/population.hpp"
#include "sim/behavior.hpp"
#include "sim/random_stream.hpp"

namespace creditsim {

class GeneratedDemand {
public:
    /// Per-credit levels for the credits of a population, worked out on `threads` threads.
    /// intensity_of_partner[p] scales the demand of partner p's credits.
    GeneratedDemand(const Population& population, const std::vector<double>& intensity_of_partner,
                    const Behavior& behavior, uint64_t seed, int replication, int threads = 1);

    /// One credit's demand on consecutive days from `first_day` (activated on
    /// `activation`, not after first_day), for the engine's per-credit loops:
    /// the same numbers as day(), with what changes from day to day kept as
    /// running values (weekday, growth block, hash counter) and the model's
    /// constants copied in, so that a loop over days keeps it all in registers.
    class Cursor {
    public:
        Cursor(const GeneratedDemand& model, uint32_t credit, Date activation, Date first_day)
            : model_(&model),
              base_(model.daily_base_[credit]),
              hash_state_(noise_key_base(model.noise_key_[credit], first_day)),
              ineligible_share_(model.ineligible_share_),
              today_(first_day),
              age_(first_day - activation),
              ramp_days_(model.ramp_days_),
              weekday_(monday_based_weekday(first_day)),
              growth_block_(age_ / kGrowthBlockDays),
              growth_days_left_(kGrowthBlockDays - age_ % kGrowthBlockDays),
              growth_(model.growth_factor(growth_block_)) {}

        /// The day next() serves.
        Date today() const { return today_; }
        /// Today's demand in cents (total, of which ineligible); then moves to the next day.
        void next(int64_t& total, int64_t& ineligible) {
            double amount = base_ * model_->weekday_[weekday_];
            if (age_ < ramp_days_) amount *= double(age_ + 1) / double(ramp_days_);
            amount *= growth_;
            amount *= model_->noise_[finish_hash(hash_state_) >> (64 - kNoiseBits)];
            total = int64_t(amount + 0.5);
            ineligible = int64_t(double(total) * ineligible_share_ + 0.5);
            today_ = today_.plus_days(1);
            ++age_;
            weekday_ = weekday_ == 6 ? 0 : weekday_ + 1;
            hash_state_ += kHashStep;  // counter_hash's first step, one day on
            if (--growth_days_left_ == 0) {
                growth_ = model_->growth_factor(++growth_block_);
                growth_days_left_ = kGrowthBlockDays;
            }
        }

    private:
        const GeneratedDemand* model_;
        double base_;
        uint64_t hash_state_;
        double ineligible_share_;
        Date today_;
        int32_t age_;
        int32_t ramp_days_;
        int weekday_;
        int32_t growth_block_;
        int32_t growth_days_left_;
        double growth_;
    };

    /// Demand of a credit's subscription on one day, activated on `activation`
    /// (not after today): covered (paid by the credit's scope) and uncovered
    /// (ineligible) cents.
    void day(uint32_t credit, Date today, Date activation, Money& covered, Money& uncovered) const {
        Cursor cursor(*this, credit, activation, today);
        int64_t total, ineligible;
        cursor.next(total, ineligible);
        covered = Money::from_cents(total - ineligible);
        uncovered = Money::from_cents(ineligible);
    }

private:
    static constexpr int kNoiseBits = 12;

    static int monday_based_weekday(Date day) { return ((day.serial() + 3) % 7 + 7) % 7; }  // 1970-01-01 was a Thursday

    static constexpr int32_t kGrowthBlockDays = 30;  ///< growth steps every 30 days of age
    static constexpr uint64_t kHashStep = 0x9E3779B97F4A7C15ull;

    /// counter_hash(key, serial) is finish_hash(noise_key_base(key, day)) (sim/random_stream.hpp).
    static uint64_t noise_key_base(uint64_t key, Date day) { return key + (uint64_t(day.serial()) + 1) * kHashStep; }
    static uint64_t finish_hash(uint64_t z) {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double growth_factor(int32_t block) const { return growth_[std::min<size_t>(size_t(block), growth_.size() - 1)]; }

    std::vector<double> daily_base_;    ///< cents per day before factors, per credit
    std::vector<uint64_t> noise_key_;   ///< per credit
    std::array<double, 7> weekday_{};   ///< normalised to mean 1, Monday first
    std::vector<double> growth_;        ///< (1 + monthly_growth)^k for k months since activation
    std::array<float, 1 << kNoiseBits> noise_{};  ///< lognormal quantiles with mean 1 (float: half the cache)
    double ineligible_share_ = 0;
    int32_t ramp_days_ = 1;
};

}  // namespace creditsim
