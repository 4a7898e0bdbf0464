#include "sim/generate/generated_demand.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/errors.hpp"

namespace creditsim {
namespace {

// Inverse of the standard normal CDF (Acklam's rational approximation, relative
// error below 1.2e-9): used once per table entry, never per day.
double normal_quantile(double p) {
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01,  -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    const double low = 0.02425;
    if (p < low) {
        const double q = std::sqrt(-2 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) return -normal_quantile(1 - p);
    const double q = p - 0.5;
    const double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

/// A life's reader: one cursor, placed once per life, and the days it has
/// computed ahead of what was asked. The engine asks for a calendar month's
/// part of a period at a time (about 15 days); the reader computes kRuns
/// runs of the kernel at once, so that their latency chains overlap instead of
/// each stalling the month it serves.
class GeneratedDemand::Reader final : public CreditDemandReader {
public:
    explicit Reader(const GeneratedDemand& model) : model_(model) {}

    void seek(uint32_t credit, Date activation, Date first) override {
        cursor_.emplace(model_, credit, activation, first);
        next_ = end_ = 0;
    }

    void feed(int count, CreditDayServer& server) override {
        while (count > 0) {
            const int days = take(count);
            const int64_t* total = total_ + next_;
            const int64_t* ineligible = ineligible_ + next_;
            const demand_kernel::DaySums sums = model_.sum_days_(total, ineligible, days);
            const int served = sums.is_valid()
                                   ? server.serve_days(total, ineligible, days, DayDemand{sums.total, sums.ineligible})
                                   : server.serve_days(total, ineligible, days);
            next_ += served;
            count -= served;
            if (server.is_limit_reached()) return;
        }
    }

    DayDemand sum(int count) override {
        DayDemand sum;
        while (count > 0) {
            const int days = take(count);
            const demand_kernel::DaySums part = model_.sum_days_(total_ + next_, ineligible_ + next_, days);
            if (part.is_valid()) {
                sum.total += part.total;
                sum.uncovered += part.ineligible;
            } else {  // days near 2^62 cents: sums that do not fit are refused (OverflowError, exit 2)
                Money total = Money::from_cents(sum.total), uncovered = Money::from_cents(sum.uncovered);
                for (int i = next_; i < next_ + days; ++i) {
                    total += Money::from_cents(total_[i]);
                    uncovered += Money::from_cents(ineligible_[i]);
                }
                sum = DayDemand{total.cents(), uncovered.cents()};
            }
            next_ += days;
            count -= days;
        }
        return sum;
    }

private:
    static constexpr int kRuns = 2;
    static constexpr int kAhead = kRuns * demand_kernel::kMaxDays;
    static_assert(kAhead <= demand_kernel::kMaxSumDays, "a sum spans at most the days computed ahead");

    // How many of the next `count` days are computed, after computing more if none are.
    int take(int count) {
        if (next_ == end_) {
            for (int run = 0; run < kRuns; ++run)
                cursor_->next_run(demand_kernel::kMaxDays, total_ + run * demand_kernel::kMaxDays,
                                  ineligible_ + run * demand_kernel::kMaxDays);
            next_ = 0;
            end_ = kAhead;
        }
        return std::min(count, end_ - next_);
    }

    const GeneratedDemand& model_;
    std::optional<Cursor> cursor_;
    int64_t total_[kAhead], ineligible_[kAhead];  ///< cents, the days [next_, end_) ahead of the cursor's
    int next_ = 0, end_ = 0;
};

std::unique_ptr<CreditDemandReader> GeneratedDemand::credit_reader() const { return std::make_unique<Reader>(*this); }

DemandShape::DemandShape(const Behavior& behavior) {
    double weekday_sum = 0;
    for (double f : behavior.weekday_factors) weekday_sum += f;
    for (int i = 0; i < 7; ++i) weekday_[i] = weekday_sum > 0 ? behavior.weekday_factors[i] * 7.0 / weekday_sum : 1.0;
    growth_.resize(1200);
    // Finite even where (1 + growth)^k is not (2^1199): a credit without usage then has 0 demand,
    // never 0 x infinity, which is not a number.
    for (size_t k = 0; k < growth_.size(); ++k)
        growth_[k] = std::min(std::pow(1.0 + behavior.monthly_growth, double(k)), std::numeric_limits<double>::max());
    // Quantile midpoints of a lognormal with mean 1: exp(sigma z - sigma^2 / 2).
    const double sigma = behavior.daily_noise_sigma;
    for (size_t i = 0; i < noise_.size(); ++i) {
        const double z = normal_quantile((double(i) + 0.5) / double(noise_.size()));
        noise_[i] = float(std::exp(sigma * z - sigma * sigma / 2));
    }
    double mean = 0;  // the midpoints miss the tails a little: make the mean 1
    for (float v : noise_) mean += v;
    mean /= double(noise_.size());
    for (float& v : noise_) v = float(v / mean);
    ineligible_share_ = behavior.ineligible_share;
    ramp_days_ = std::max(1, behavior.migration_ramp_days);
}

void GeneratedDemand::place(const GeneratedPopulation& block, uint64_t seed, int replication) {
    const Population& population = block.population;
    daily_base_.resize(population.credits.size());
    noise_key_.resize(population.credits.size());
    for (uint32_t p = 0; p < population.partners.size(); ++p) {
        const Partner& partner = population.partners[p];
        const double intensity = block.traits[p].usage_intensity;
        for (uint32_t slot = 0; slot < partner.credit_count; ++slot) {  // the partner's credits in id order
            const uint32_t c = population.credits_by_partner[partner.first_credit + slot];
            const Credit& credit = population.credits[c];
            const CatalogLine& line = population.catalog.lines()[credit.catalog_line];
            const double daily_value = line.kind == CreditKind::monthly ? double(line.amount.cents()) / 30.0
                                                                        : double(line.amount.cents()) / 365.0;
            daily_base_[c] = daily_value * intensity;
            // Keyed by the credit's identity (partner, year, line, copy), never by policy.
            const uint32_t sub = uint32_t(credit.year) << 20 | credit.catalog_line << 8 | (slot & 0xFF);
            RandomStream stream(seed, uint32_t(replication), block.first_partner + p, Purpose::demand_noise, sub);
            noise_key_[c] = stream.next_u64();
        }
    }
    for (const uint64_t key : {uint64_t(0x1234), noise_key_.empty() ? 0 : noise_key_[0]})
        CREDITSIM_ASSERT(noise_index(noise_key_base(key, Date::from_serial(20000))) ==
                             counter_hash(key, 20000) >> (64 - kNoiseBits),
                         "the cursor's noise index is not counter_hash's");
}

}  // namespace creditsim
