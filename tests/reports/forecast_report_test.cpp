// forecast.csv and credits_forecast.csv from hand-made replications.
#include <gtest/gtest.h>

#include "reports/forecast_report.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/world_builder.hpp"

namespace creditsim {
namespace {

using testing::day;

// Replications over Jan..Mar 2026 whose March credit_used is 100, 200, ... cents.
std::vector<ReplicationResult> three_months(int replications) {
    std::vector<ReplicationResult> runs(static_cast<size_t>(replications));
    for (int r = 0; r < replications; ++r) {
        ReplicationResult& run = runs[size_t(r)];
        run.replication = r;
        run.first_month_key = month_key(day("2026-01-01"));
        run.month_count = 3;
        run.summary.resize(3);
        run.summary[0].flows.credit_used = Money::from_cents(5000);
        run.summary[0].flows.demand = Money::from_cents(5000);
        run.summary[2].flows.credit_used = Money::from_cents(100 * (r + 1));
        run.summary[2].flows.payg_overage = Money::from_cents(7);
        run.summary[2].flows.payg_other = Money::from_cents(3);
    }
    return runs;
}

TEST(SummarizeMonths, MarksMonthsEndingByTheAsOfDayActualAndDescribesTheRest) {
    const auto table = summarize_months(three_months(11), day("2026-02-28"));
    const auto& used = table[size_t(ForecastMetric::credit_used)];
    ASSERT_EQ(used.size(), 3u);
    EXPECT_TRUE(used[0].is_actual);
    EXPECT_TRUE(used[1].is_actual);  // February ends on the as-of day
    EXPECT_FALSE(used[2].is_actual);
    EXPECT_DOUBLE_EQ(used[0].mean, 5000);
    EXPECT_DOUBLE_EQ(used[0].p10, 5000);
    // 100..1100: type-7 p10 = 100 + 0.1 * 1000, p50 = 600, p90 = 1000.
    EXPECT_DOUBLE_EQ(used[2].mean, 600);
    EXPECT_DOUBLE_EQ(used[2].p10, 200);
    EXPECT_DOUBLE_EQ(used[2].p50, 600);
    EXPECT_DOUBLE_EQ(used[2].p90, 1000);
    EXPECT_DOUBLE_EQ(table[size_t(ForecastMetric::payg_billed)][2].mean, 10);  // overage + other
    // A month the as-of day cuts is forecast.
    EXPECT_FALSE(summarize_months(three_months(2), day("2026-02-27"))[1][1].is_actual);
}

TEST(WriteForecastCsv, OneRowPerMonthAndMetric) {
    testing::TempDir dir;
    const std::string path = (dir.path() / "forecast.csv").string();
    CsvWriter out(path);
    write_forecast_csv(out, summarize_months(three_months(11), day("2026-02-28")), "EUR");
    out.close();
    const std::string text = testing::read_file(path);
    EXPECT_EQ(text.substr(0, text.find('\n')), "month,metric,kind,mean,p10,p50,p90,unit");
    EXPECT_NE(text.find("2026-01,credit_used,actual,50.00,50.00,50.00,50.00,EUR\n"), std::string::npos) << text;
    EXPECT_NE(text.find("2026-03,credit_used,forecast,6.00,2.00,6.00,10.00,EUR\n"), std::string::npos) << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1 + 3 * kForecastMetricCount);
}

// Ten replications of one credit's period Mar 1..31: it runs out on day 10 + r
// in the first four, never in the others.
std::vector<ReplicationResult> one_period(int replications, int exhausting) {
    std::vector<ReplicationResult> runs(static_cast<size_t>(replications));
    for (int r = 0; r < replications; ++r) {
        ReplicationResult& run = runs[size_t(r)];
        LedgerRow row;
        row.credit = 3;
        row.period_start = day("2026-03-01");
        row.period_last_day = day("2026-03-31");
        row.lapsed = Money::from_cents(r < exhausting ? 0 : 1000);
        run.ledger.push_back(row);
        LedgerRow earlier = row;  // a period before the as-of day is not listed
        earlier.period_start = day("2026-02-01");
        earlier.period_last_day = day("2026-02-28");
        run.ledger.insert(run.ledger.begin(), earlier);
        if (r < exhausting) run.exhaustions.push_back(Exhaustion{3, day("2026-03-01").plus_days(9 + r)});
        if (r == 0) run.events.push_back(Event{day("2026-04-01"), 0, 3, EventKind::convert, 0, 0});
        if (r == 1) {
            run.events.push_back(Event{day("2026-04-01"), 0, 3, EventKind::disable, uint32_t(DisableReason::term_ended), 0});
            run.events.push_back(Event{day("2026-06-30"), 0, 3, EventKind::deletion, 0, 0});
        }
        if (r == 2) run.events.push_back(Event{day("2026-04-01"), 0, 3, EventKind::disable, uint32_t(DisableReason::term_ended), 0});
        if (r == 3)  // disabled by its limit: not a term-end outcome
            run.events.push_back(Event{day("2026-03-13"), 0, 3, EventKind::disable, uint32_t(DisableReason::spending_limit_reached), 0});
    }
    return runs;
}

TEST(SummarizeCredits, ExhaustionDaysAreNearestRankWithNeverLast) {
    const auto rows = summarize_credits(one_period(10, 4), day("2026-02-28"));
    ASSERT_EQ(rows.size(), 1u);
    const CreditPeriodOutlook& c = rows.front();
    EXPECT_EQ(c.credit, 3u);
    EXPECT_EQ(c.replications, 10);
    EXPECT_EQ(c.exhausted, 4);
    ASSERT_TRUE(c.exhausted_p10.has_value());
    EXPECT_EQ(*c.exhausted_p10, day("2026-03-10"));  // rank 1 of 10
    EXPECT_FALSE(c.exhausted_p50.has_value());       // rank 5: the first run that never runs out
    EXPECT_FALSE(c.exhausted_p90.has_value());
    EXPECT_DOUBLE_EQ(c.lapsed_mean, 600);
    EXPECT_DOUBLE_EQ(c.converted_share, 0.1);
    EXPECT_DOUBLE_EQ(c.deleted_share, 0.1);
    EXPECT_DOUBLE_EQ(c.disabled_share, 0.1);

    const auto mostly = summarize_credits(one_period(10, 9), day("2026-02-28"));
    ASSERT_TRUE(mostly.front().exhausted_p50.has_value());
    EXPECT_EQ(*mostly.front().exhausted_p50, day("2026-03-14"));  // rank 5
    EXPECT_EQ(*mostly.front().exhausted_p90, day("2026-03-18"));  // rank 9
}

TEST(SummarizeCredits, ListsOnlyPeriodsStillOpenAfterTheAsOfDay) {
    EXPECT_EQ(summarize_credits(one_period(3, 1), day("2026-03-31")).size(), 0u);
    EXPECT_EQ(summarize_credits(one_period(3, 1), day("2026-01-31")).size(), 2u);
}

}  // namespace
}  // namespace creditsim
