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
    /// What a cursor's serve call did with a run of days.
    struct RunServed {
        int days;    ///< served from the run's first
        bool stops;  ///< serve no more days after them
    };

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

        /// The next day the cursor serves.
        Date today() const { return activation_.plus_days(age_); }

        /// Calls serve(total, ineligible) with each day's demand in cents, from
        /// today() until `stop` or until serve returns false; today() is then
        /// the day after the last one served.
        template <typename Serve>
        void for_each_day(Date stop, Serve&& serve) {
            for_each_run(stop, [&](const int64_t* total, const int64_t* ineligible, int count,
                                   const demand_kernel::DaySums&) {
                for (int i = 0; i < count; ++i)
                    if (!serve(total[i], ineligible[i])) return RunServed{i + 1, true};
                return RunServed{count, false};
            });
        }

        /// Hands the days from today() until `stop` to serve(total, ineligible,
        /// count, sums) in runs of at most demand_kernel::kMaxDays (arrays of
        /// cents, one entry a day, and their sums), which returns a RunServed:
        /// how many days it served and whether to stop after them; today() is
        /// then the day after the last one served. The one place demand is computed.
        template <typename ServeRun>
        void for_each_run(Date stop, ServeRun&& serve) {
            // Running values in locals, so that the loop keeps them in registers.
            const DemandShape& model = *model_->shape_;
            const int32_t stop_age = stop - activation_;
            const double ineligible_share = model.ineligible_share_;
            uint64_t hash_state = hash_state_;
            int32_t age = age_, next_growth_age = next_growth_age_;
            int weekday = weekday_;
            double growth = growth_;
            bool is_serving = true;
            // Up to a calendar month's days at a time through the day kernel, the
            // migration ramp's days included (base × weekday × growth, the growth
            // stepping at most once inside a run).
            static_assert(kGrowthBlockDays + 1 >= demand_kernel::kMaxDays, "a run of the kernel spans one growth step");
            int64_t totals[demand_kernel::kMaxDays], ineligibles[demand_kernel::kMaxDays];
            while (is_serving && age < stop_age) {
                const int count = std::min<int32_t>(demand_kernel::kMaxDays, stop_age - age);
                const demand_kernel::Days days{base_of_weekday_.data(),
                                               growth,
                                               model.growth_factor(next_growth_age / kGrowthBlockDays),
                                               next_growth_age - age,
                                               model.noise_.data(),
                                               ineligible_share,
                                               hash_state,
                                               weekday,
                                               age,
                                               model.ramp_days_};
                const demand_kernel::DaySums sums = model_->fill_days_(days, count, totals, ineligibles);
                const RunServed run = serve(totals, ineligibles, count, sums);
                const int served = run.days;
                is_serving = !run.stops;
                age += served;
                hash_state += uint64_t(served) * kHashStep;
                weekday = (weekday + served) % 7;
                if (age >= next_growth_age) {  // into the next block, or (31 days) the start of the one after
                    growth = model.growth_factor(age / kGrowthBlockDays);
                    next_growth_age = (age / kGrowthBlockDays + 1) * kGrowthBlockDays;
                }
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
    std::vector<double> daily_base_;    ///< cents per day before factors, per credit
    std::vector<uint64_t> noise_key_;   ///< per credit
};

}  // namespace creditsim
