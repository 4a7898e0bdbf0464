#pragma once
// Daily demand of generated credit subscriptions, computed on the fly from a
// few per-credit numbers: no allocation, look-up or virtual call per
// subscription-day. Noise is a counter-based hash of (credit key, day), so a
// credit's demand on a day is the same in every scenario sharing the seed.

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
    /// Per-credit levels for the credits [first_credit, first_credit + count) of a population.
    /// intensity_of_partner[p] scales the demand of partner p's credits.
    GeneratedDemand(const Population& population, const std::vector<double>& intensity_of_partner,
                    const Behavior& behavior, uint64_t seed, int replication);

    /// The factor every subscription shares on a day (its weekday's); computed once a day.
    double day_factor(Date today) const {
        const int monday_based = ((today.serial() + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
        return weekday_[monday_based];
    }

    /// Demand of a credit's subscription on a day, activated on `activation`:
    /// covered (paid by the credit's scope) and uncovered (ineligible) cents.
    /// day_factor is day_factor(today).
    void day(uint32_t credit, Date today, double day_factor, Date activation, Money& covered, Money& uncovered) const {
        const int32_t age = today - activation;
        double amount = daily_base_[credit] * day_factor;
        if (age < ramp_days_) amount *= double(age + 1) / double(ramp_days_);
        amount *= growth_[std::min<int32_t>(age / 30, int32_t(growth_.size()) - 1)];
        amount *= noise_[counter_hash(noise_key_[credit], uint64_t(today.serial())) >> (64 - kNoiseBits)];
        const int64_t total = int64_t(amount + 0.5);
        const int64_t ineligible = int64_t(double(total) * ineligible_share_ + 0.5);
        covered = Money::from_cents(total - ineligible);
        uncovered = Money::from_cents(ineligible);
    }

private:
    static constexpr int kNoiseBits = 12;
    std::vector<double> daily_base_;    ///< cents per day before factors, per credit
    std::vector<uint64_t> noise_key_;   ///< per credit
    std::array<double, 7> weekday_{};   ///< normalised to mean 1, Monday first
    std::vector<double> growth_;        ///< (1 + monthly_growth)^k for k months since activation
    std::array<float, 1 << kNoiseBits> noise_{};  ///< lognormal quantiles with mean 1 (float: half the cache)
    double ineligible_share_ = 0;
    int32_t ramp_days_ = 1;
};

}  // namespace creditsim
