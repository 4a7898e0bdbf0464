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
#include "sim/generate/population_generator.hpp"
#include "sim/engine/demand_source.hpp"
#include "sim/generate/demand_kernel.hpp"
#include "sim/inputs/behavior.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim {

/// What the demand of every credit shares, worked out once per run: weekday
/// factors, growth by age, the noise quantiles, the ineligible share and the
/// migration ramp.
class DemandShape {
public:
    explicit DemandShape(const Behavior& behavior);

private:
    friend class GeneratedDemand;
    static constexpr int kNoiseBits = 12;
    double growth_factor(int32_t block) const { return growth_[std::min<size_t>(size_t(block), growth_.size() - 1)]; }

    std::array<double, 7> weekday_{};   ///< normalised to mean 1, Monday first
    std::vector<double> growth_;        ///< (1 + monthly_growth)^k for k months since activation
    std::array<float, 1 << kNoiseBits> noise_{};  ///< lognormal quantiles with mean 1 (float: half the cache)
    double ineligible_share_ = 0;
    int32_t ramp_days_ = 1;
};

class GeneratedDemand final : public DemandSource {
public:
    /// The demand of a block's credits in `shape`, which must outlive it.
    GeneratedDemand(const DemandShape& shape, const GeneratedPopulation& block, uint64_t seed, int replication)
        : shape_(&shape) {
        place(block, seed, replication);
    }
    /// Moves on to another block's credits (the partners' usage_intensity scales
    /// their credits' demand), keeping the per-credit tables' storage.
    void place(const GeneratedPopulation& block, uint64_t seed, int replication);

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
              growth_(model.shape_->growth_factor(age_ / kGrowthBlockDays)) {
            for (int weekday = 0; weekday < 7; ++weekday)
                base_of_weekday_[weekday] = model.daily_base_[credit] * model.shape_->weekday_[weekday];
        }

        /// The next day the cursor computes.
        Date today() const { return activation_.plus_days(age_); }

        /// Calls serve(total, ineligible) with each day's demand in cents, from
        /// today() until `stop` or until serve returns false; today() is then
        /// after the days computed (whole runs of the kernel).
        template <typename Serve>
        void for_each_day(Date stop, Serve&& serve) {
            int64_t totals[demand_kernel::kMaxDays], ineligibles[demand_kernel::kMaxDays];
            while (today() < stop) {
                const int count = std::min<int32_t>(demand_kernel::kMaxDays, stop - today());
                next_run(count, totals, ineligibles);
                for (int i = 0; i < count; ++i)
                    if (!serve(totals[i], ineligibles[i])) return;
            }
        }

        /// Computes the `count` days from today() (at most demand_kernel::kMaxDays)
        /// into total[] and ineligible[], in cents, and moves on past them.
        /// The one place demand is computed: the day kernel,
        /// with the migration ramp's days, and growth stepping at most once.
        void next_run(int count, int64_t* total, int64_t* ineligible) {
            static_assert(kGrowthBlockDays + 1 >= demand_kernel::kMaxDays, "a run of the kernel spans one growth step");
            const DemandShape& model = *model_->shape_;
            const demand_kernel::Days days{base_of_weekday_.data(),
                                           growth_,
                                           model.growth_factor(next_growth_age_ / kGrowthBlockDays),
                                           next_growth_age_ - age_,
                                           model.noise_.data(),
                                           model.ineligible_share_,
                                           hash_state_,
                                           weekday_,
                                           age_,
                                           model.ramp_days_};
            model_->fill_days_(days, count, total, ineligible);
            age_ += count;
            hash_state_ += uint64_t(count) * kHashStep;
            weekday_ = (weekday_ + count) % 7;
            if (age_ >= next_growth_age_) {  // into the next block, or (31 days) the start of the one after
                growth_ = model.growth_factor(age_ / kGrowthBlockDays);
                next_growth_age_ = (age_ / kGrowthBlockDays + 1) * kGrowthBlockDays;
            }
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
    static constexpr int kNoiseBits = DemandShape::kNoiseBits;

    static int monday_based_weekday(Date day) { return ((day.serial() + 3) % 7 + 7) % 7; }  // 1970-01-01 was a Thursday

    static constexpr int32_t kGrowthBlockDays = 30;  ///< growth steps every 30 days of age
    static constexpr uint64_t kHashStep = demand_kernel::kHashStep;

    /// The noise of a day is noise_[counter_hash(key, serial) >> (64 - kNoiseBits)]
    /// (sim/support/random_stream.hpp), split in two: counter_hash's first step, which
    /// moves by kHashStep a day, and the rest, of which only the top bits count
    /// (its last step, z ^ (z >> 31), leaves them as they are).
    static uint64_t noise_key_base(uint64_t key, Date day) { return key + (uint64_t(day.serial()) + 1) * kHashStep; }
    static uint32_t noise_index(uint64_t z) { return demand_kernel::noise_index(z); }
    static_assert(kNoiseBits == 12, "demand_kernel::noise_index takes the top 12 bits");

    const DemandShape* shape_;
    demand_kernel::FillDays fill_days_ = demand_kernel::fill_days();  ///< the CPU's fastest version
    demand_kernel::SumDays sum_days_ = demand_kernel::sum_days();
    std::vector<double> daily_base_;    ///< cents per day before factors, per credit
    std::vector<uint64_t> noise_key_;   ///< per credit
};

}  // namespace creditsim
