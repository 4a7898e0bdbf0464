#pragma once
// Where the engine reads demand from, as it reads the partners' behaviour
// through Reactions: a replay's recorded rows (ReplayDemand) or a generated
// population's demand model (sim/generate/generated_demand.hpp). The engine
// includes nothing of either.
//
// Demand comes in the two shapes the two kinds of run have. A replay records
// demand per (day, subscription, category), for any subscription; the day
// loop takes a day's rows at a time. A generated population models demand
// per credit subscription; the engine asks for runs of days at once (a credit
// life's days between two of its steps, a few days ahead for the billing
// profile's daily sweep), so that the day kernel works on contiguous memory
// and the virtual call is paid once per run, never once per day.

#include <cstdint>
#include <memory>
#include <span>

#include "model/date.hpp"
#include "model/history.hpp"
#include "sim/engine/credit_usage.hpp"

namespace creditsim {

/// One credit's demand read forward from a day, with what runs on from day
/// to day kept between calls: a credit's life is a few runs of days between
/// its steps, and the reader is placed once per life, not once per run. The
/// demand is credit_days's.
class CreditDemandReader {
public:
    virtual ~CreditDemandReader() = default;

    /// Places the reader on credit's demand from `first` (its subscription
    /// activated on `activation`, on or before `first`).
    virtual void seek(uint32_t credit, Date activation, Date first) = 0;

    /// Hands the next `count` days to `server` (serve_days, in runs of up to
    /// a month computed together) until the limit is reached on one. The
    /// reader is then on the day after the last one served.
    virtual void feed(int count, CreditDayServer& server) = 0;

    /// The sums of the next `count` days' demand; the reader is then after them.
    virtual DayDemand sum(int count) = 0;
};

class DemandSource {
public:
    virtual ~DemandSource() = default;

    /// Recorded demand (a replay): the rows of `day`, sorted by (subscription,
    /// category). Called once per day of the run, in day order. A source that
    /// models credit demand returns none.
    virtual std::span<const Demand> rows_of_day(Date day) = 0;

    /// Whether the source models the demand of credit subscriptions (a
    /// generated population); then credit_days is what the engine serves.
    virtual bool models_credit_demand() const = 0;

    /// Credit `credit`'s demand on the `count` days from `first` into
    /// out[0, count); its subscription was activated on `activation`, on or
    /// before `first`. The same (credit, day) always gives the same demand, so
    /// days may be asked again or ahead of need.
    virtual void credit_days(uint32_t credit, Date activation, Date first, int count, DayDemand* out) const = 0;

    /// A reader of credit demand for one engine (one thread): what a credit's
    /// life reads its days through. Null for a source that models no credit
    /// demand.
    virtual std::unique_ptr<CreditDemandReader> credit_reader() const = 0;
};

/// A replay's demand: the history's rows, which must be sorted by (day,
/// subscription, category) and inside the run, handed out day by day.
class ReplayDemand final : public DemandSource {
public:
    explicit ReplayDemand(std::span<const Demand> rows) : next_(rows.data()), end_(rows.data() + rows.size()) {}

    std::span<const Demand> rows_of_day(Date day) override;
    bool models_credit_demand() const override { return false; }
    void credit_days(uint32_t, Date, Date, int, DayDemand*) const override;
    std::unique_ptr<CreditDemandReader> credit_reader() const override { return nullptr; }

    /// Whether every row was handed out.
    bool is_done() const { return next_ == end_; }

private:
    const Demand* next_;
    const Demand* end_;
};

}  // namespace creditsim
