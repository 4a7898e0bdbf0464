// fit_demand and sample_demand_path on awkward histories: whatever the
// series (one day, constant, one weekday only, nearly all zeros, a spike,
// huge or tiny amounts), the fit succeeds and the paths are finite cents.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/forecast/demand_fit.hpp"
#include "sim/forecast/demand_path.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim {
namespace {

DemandSeries awkward_series(RandomStream& draw, Date as_of, int kind) {
    DemandSeries s;
    const int days = 1 + int(draw.below(800));
    s.first_day = as_of.plus_days(1 - days);
    s.cents.assign(size_t(days), 0.0);
    const double level = std::exp(draw.uniform() * 18);  // 1 cent .. $650,000 a day
    for (int i = 0; i < days; ++i) {
        const Date day = s.first_day.plus_days(i);
        double& c = s.cents[size_t(i)];
        switch (kind) {
            case 0: c = level; break;                                                      // constant
            case 1: c = monday_weekday(day) == 2 ? level : 0; break;                       // Wednesdays only
            case 2: c = draw.bernoulli(0.02) ? level * draw.uniform() : 0; break;          // nearly all zeros
            case 3: c = i == days / 2 ? level : 0; break;                                  // one spike
            case 4: c = i < days / 2 ? level : 0; break;                                   // stopped half-way
            case 5: c = std::round(level * std::exp(draw.normal())); break;                // plain noise
            case 6: c = day.serial() % 31 == 0 ? level : 1; break;                         // a cent a day, a monthly bill
            default: c = draw.bernoulli(0.5) ? 1 : 0; break;                               // cents and zeros
        }
    }
    return s;
}

TEST(DemandFitRobustness, AwkwardHistoriesFitAndSampleFiniteCents) {
    const Date as_of = Date::from_ymd(2026, 6, 30);
    RandomStream draw(5, 0, 0, Purpose::forecast_noise);
    std::vector<DemandSeries> series;
    std::vector<uint32_t> group_of;
    constexpr uint32_t kGroups = 40;
    for (int i = 0; i < 400; ++i) {
        series.push_back(awkward_series(draw, as_of, i % 8));
        group_of.push_back(draw.below(kGroups));
    }
    FittedDemand fitted;
    ASSERT_NO_THROW(fitted = fit_demand(series, group_of, kGroups, as_of));
    ASSERT_EQ(fitted.models.size(), series.size());
    ASSERT_EQ(fitted.group_models.size(), size_t(kGroups));
    std::vector<const DemandModel*> models;
    for (const DemandModel& m : fitted.models) models.push_back(&m);
    for (const DemandModel& m : fitted.group_models) models.push_back(&m);
    models.push_back(&fitted.cohort_model);
    std::vector<int64_t> path;
    for (size_t i = 0; i < models.size(); ++i) {
        RandomStream stream(9, 0, uint32_t(i), Purpose::forecast_noise);
        sample_demand_path(*models[i], as_of.plus_days(1), 365, stream, path);
        ASSERT_EQ(path.size(), 365u);
        for (const int64_t cents : path) {
            ASSERT_GE(cents, 0) << "model " << i;
            ASSERT_LT(cents, int64_t(1) << 50) << "model " << i;
        }
        EXPECT_TRUE(std::isfinite(expected_demand(*models[i], as_of.plus_days(30)))) << "model " << i;
    }
}

}  // namespace
}  // namespace creditsim
