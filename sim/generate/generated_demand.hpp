#pragma once
// Daily demand of generated credit subscriptions, computed on the fly from a
// few per-credit numbers: no allocation or look-up per subscription-day, one
// virtual call per run of days (the engine's DemandSource). Noise is a
// counter-based hash of (credit key, day), so a credit's demand on a day is
// the same in every scenario sharing the seed.

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "model/date.hpp"
#include "model/money.hpp"
#include "model/population.hpp"
#include "sim/engine/demand_source.hpp"
#include "sim/inputs/behavior.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim {

class GeneratedDemand final : public DemandSource {
public:
    /// Per-credit levels for the credits of a population, worked out on `threads` threads.
    /// intensity_of_partner[p] scales the demand of partner p's credits.
    GeneratedDemand(const Population& population, const std::vector<double>& intensity_of_partner,
                    const Behavior& behavior, uint64_t seed, int replication, int threads = 1);

    // DemandSource: the engine's view.
    std::span<const Demand> rows_of_day(Date) override { return {}; }
    bool models_credit_demand() const override { return true; }
    void credit_days(uint32_t credit, Date activation, Date first, int count, DayDemand* out) const override {
        Cursor cursor(*this, credit, activation, first);
        int i = 0;
        cursor.for_each_day(first.plus_days(count), [&](int64_t total, int64_t ineligible) {
            out[i++] = DayDemand{total, ineligible};
            return true;
        });
    }
    std::unique_ptr<CreditDemandReader> credit_reader() const override;

    /// One credit's demand on consecutive days from `first_day` (activated on
    /// `activation`, not after first_day): the one place demand is computed,
    /// with what changes from day to day kept as running values (weekday,
    /// growth block, hash counter). A credit life's reader keeps one from run to run of days.
    class Cursor {
    public:
        Cursor(const GeneratedDemand& model, uint32_t credit, Date activation, Date first_day)
            : model_(&model),
              activation_(activation),
              hash_state_(noise_key_base(model.noise_key_[credit], first_day)),
              age_(first_day - activation),
              weekday_(monday_based_weekday(first_day)),
              next_growth_age_((age_ / kGrowthBlockDays + 1) * kGrowthBlockDays),
              growth_(model.growth_factor(age_ / kGrowthBlockDays)) {
            for (int weekday = 0; weekday < 7; ++weekday)
                base_of_weekday_[weekday] = model.daily_base_[credit] * model.weekday_[weekday];
        }

        /// The next day the cursor serves.
        Date today() const { return activation_.plus_days(age_); }

        /// Calls serve(total, ineligible) with each day's demand in cents, from
        /// today() until `stop` or until serve returns false; today() is then
        /// the day after the last one served. The one place demand is computed.
        template <typename Serve>
        void for_each_day(Date stop, Serve&& serve) {
            // Running values in locals, so that the loop keeps them in registers.
            const GeneratedDemand& model = *model_;
            const int32_t stop_age = stop - activation_;
            const double ineligible_share = model.ineligible_share_;
            uint64_t hash_state = hash_state_;
            int32_t age = age_, next_growth_age = next_growth_age_;
            int weekday = weekday_;
            double growth = growth_;
            bool is_serving = true;
            auto serve_day = [&](double amount) {  // amount: base × weekday × ramp × growth, before noise
                amount *= model.noise_[noise_index(hash_state)];
                // Beyond 2^62 cents a day no sum of the run fits: the engine's checked sums then refuse it
                // (exit 2), where casting a larger double (or infinity) to int64 would be undefined.
                const int64_t total = amount < kMaxDayCents ? int64_t(amount + 0.5) : int64_t(kMaxDayCents);
                const int64_t ineligible = int64_t(double(total) * ineligible_share + 0.5);
                ++age;
                weekday = weekday == 6 ? 0 : weekday + 1;
                hash_state += kHashStep;  // counter_hash's first step, one day on
                is_serving = serve(total, ineligible);
            };
            auto next_growth_block = [&] {
                if (age != next_growth_age) return;
                growth = model.growth_factor(age / kGrowthBlockDays);
                next_growth_age += kGrowthBlockDays;
            };
            // The migration ramp's days, one factor more.
            while (is_serving && age < stop_age && age < model.ramp_days_) {
                double amount = base_of_weekday_[size_t(weekday)];
                amount *= double(age + 1) / double(model.ramp_days_);
                serve_day(amount * growth);
                next_growth_block();
            }
            // Then block by block of constant growth: base × weekday × growth is
            // the same product, computed once per block instead of once per day.
            while (is_serving && age < stop_age) {
                std::array<double, 7> factor;
                for (size_t w = 0; w < 7; ++w) factor[w] = base_of_weekday_[w] * growth;
                const int32_t block_end = std::min(stop_age, next_growth_age);
                while (is_serving && age < block_end) serve_day(factor[size_t(weekday)]);
                next_growth_block();
            }
            hash_state_ = hash_state;
            age_ = age;
            next_growth_age_ = next_growth_age;
            weekday_ = weekday;
            growth_ = growth;
        }

    private:
        const GeneratedDemand* model_;
        std::array<double, 7> base_of_weekday_;  ///< daily base × weekday factor, Monday first
        Date activation_;
        uint64_t hash_state_;
        int32_t age_;  ///< of today(), in days since activation
        int weekday_;
        int32_t next_growth_age_;
        double growth_;
    };

private:
    class Reader;
    static constexpr int kNoiseBits = 12;

    static int monday_based_weekday(Date day) { return ((day.serial() + 3) % 7 + 7) % 7; }  // 1970-01-01 was a Thursday

    static constexpr int32_t kGrowthBlockDays = 30;  ///< growth steps every 30 days of age
    static constexpr uint64_t kHashStep = 0x9E3779B97F4A7C15ull;
    static constexpr double kMaxDayCents = 0x1p62;

    /// The noise of a day is noise_[counter_hash(key, serial) >> (64 - kNoiseBits)]
    /// (sim/support/random_stream.hpp), split in two: counter_hash's first step, which
    /// moves by kHashStep a day, and the rest, of which only the top bits count
    /// (its last step, z ^ (z >> 31), leaves them as they are).
    static uint64_t noise_key_base(uint64_t key, Date day) { return key + (uint64_t(day.serial()) + 1) * kHashStep; }
    static uint32_t noise_index(uint64_t z) {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return uint32_t(z >> (64 - kNoiseBits));
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
