#include "reports/compare_report.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

TEST(CompareTQuantile, TableAndExpansion) {
    struct Row {
        int df;
        double t;  // t(0.975; df), from statistical tables
    };
    const Row rows[] = {{1, 12.7062}, {2, 4.3027}, {5, 2.5706}, {9, 2.2622}, {19, 2.0930},
                        {30, 2.0423}, {31, 2.0395}, {40, 2.0211}, {60, 2.0003}, {120, 1.9799}, {100000, 1.9600}};
    for (const Row& row : rows) {
        SCOPED_TRACE(row.df);
        EXPECT_NEAR(t_quantile_975(row.df), row.t, 5e-5);
    }
    EXPECT_NEAR(t_quantile_975(9), 2.262157163, 1e-9);
    // Decreasing towards the normal quantile, across the table/expansion seam.
    for (int df = 1; df < 200; ++df) EXPECT_GT(t_quantile_975(df), t_quantile_975(df + 1)) << df;
    EXPECT_GT(t_quantile_975(200), 1.959963984540054);
}

TEST(ComparePaired, MeanDeltaIntervalAndRelativeChange) {
    const PairedComparison c = compare_paired({10, 20, 30}, {12, 21, 33}, false);
    EXPECT_DOUBLE_EQ(c.mean, 22);
    EXPECT_DOUBLE_EQ(c.base_mean, 20);
    EXPECT_DOUBLE_EQ(c.delta, 2);  // deltas 2, 1, 3: sd 1
    const double half = 4.302652730 / std::sqrt(3.0);
    ASSERT_TRUE(c.ci_low && c.ci_high);
    EXPECT_NEAR(*c.ci_low, 2 - half, 1e-9);
    EXPECT_NEAR(*c.ci_high, 2 + half, 1e-9);
    EXPECT_FALSE(is_statistically_clear(c));  // half width 2.484 > delta 2: the interval holds 0
}

TEST(ComparePaired, ClearOnlyWhenTheIntervalExcludesZero) {
    const PairedComparison wide = compare_paired({10, 20, 30}, {12, 21, 33}, false);
    EXPECT_LT(*wide.ci_low, 0);  // half width 2.484 > delta 2
    EXPECT_FALSE(is_statistically_clear(wide));
    const PairedComparison tight = compare_paired({10, 20, 30}, {12, 22, 32}, false);  // every delta 2
    EXPECT_EQ(*tight.ci_low, 2);
    EXPECT_EQ(*tight.ci_high, 2);
    EXPECT_TRUE(is_statistically_clear(tight));
    const PairedComparison negative = compare_paired({10, 20}, {5, 15}, false);
    EXPECT_TRUE(is_statistically_clear(negative));
    EXPECT_DOUBLE_EQ(*negative.rel_change, -5.0 / 15);
}

TEST(ComparePaired, SameValuesGiveExactlyZero) {
    const std::vector<double> values = {123456789, 0.1, 3e12};
    const PairedComparison c = compare_paired(values, values, false);
    EXPECT_EQ(c.delta, 0);
    EXPECT_EQ(*c.ci_low, 0);
    EXPECT_EQ(*c.ci_high, 0);
    EXPECT_EQ(*c.rel_change, 0);
    EXPECT_FALSE(is_statistically_clear(c));
}

TEST(ComparePaired, BlanksWhereUndefined) {
    const PairedComparison one = compare_paired({10}, {15}, false);  // R = 1: no interval
    EXPECT_EQ(one.delta, 5);
    EXPECT_FALSE(one.ci_low.has_value());
    EXPECT_FALSE(one.ci_high.has_value());
    EXPECT_DOUBLE_EQ(*one.rel_change, 0.5);
    const PairedComparison from_zero = compare_paired({0, 0}, {1, 3}, false);  // base mean 0: no relative change
    EXPECT_FALSE(from_zero.rel_change.has_value());
    EXPECT_TRUE(from_zero.ci_low.has_value());
    const PairedComparison base = compare_paired({10, 30}, {10, 30}, true);  // the base row: delta 0, no interval
    EXPECT_EQ(base.mean, 20);
    EXPECT_EQ(base.delta, 0);
    EXPECT_FALSE(base.ci_low.has_value());
    EXPECT_EQ(*base.rel_change, 0);
}

TEST(CompareFormat, SignificantDigits) {
    struct Row {
        double value;
        const char* text;
    };
    const Row rows[] = {{0, "0"},           {-0.0, "0"},           {2.5, "2.5"},          {0.123456789, "0.123457"},
                        {1234567, "1234567"}, {123456.7, "123457"}, {-98.7654321, "-98.7654"}, {0.00001234567, "0.0000123457"},
                        {3, "3"},           {999999.95, "1000000"}, {-0.0000001, "-0.0000001"}, {1e-30, "0"}};
    for (const Row& row : rows) EXPECT_EQ(format_significant(row.value), row.text) << row.value;
}

std::vector<CompareRow> sample_rows() {
    std::vector<CompareRow> rows;
    auto add = [&](const char* scenario, const char* metric, const char* period, bool money, bool base,
                   std::vector<double> b, std::vector<double> v) {
        const cli::MetricUnit unit = money ? cli::MetricUnit::money : cli::metric_unit(metric);
        rows.push_back(CompareRow{scenario, metric, period, unit, base, compare_paired(b, v, base)});
    };
    add("base", "lapsed", "all", true, true, {1000, 3000}, {1000, 3000});
    add("base", "breakage_rate", "all", false, true, {0.5, 0.25}, {0.5, 0.25});
    add("v12", "lapsed", "all", true, false, {1000, 3000}, {1100, 3300});
    add("v12", "lapsed", "2026-01", true, false, {1000, 3000}, {1100, 3300});
    add("v12", "breakage_rate", "all", false, false, {0.5, 0.25}, {0.75, 0.5});
    add("v12", "unserved", "all", true, false, {0, 0}, {5, 7});
    add("single", "lapsed", "all", true, false, {1000}, {1001});
    return rows;
}

TEST(CompareCsv, HeaderFormatsAndBlanks) {
    TempFolder folder;
    const std::string path = folder.path() + "/compare.csv";
    CsvWriter out(path);
    write_compare_csv(out, sample_rows(), "EUR");
    out.close();
    EXPECT_EQ(read_text(path),
              "scenario,metric,period,mean,delta,ci_low,ci_high,rel_change,unit\n"
              "base,lapsed,all,20.00,0.00,,,0,EUR\n"
              "base,breakage_rate,all,0.375,0,,,0,fraction\n"
              "v12,lapsed,all,22.00,2.00,-10.71,14.71,0.1,EUR\n"
              "v12,lapsed,2026-01,22.00,2.00,-10.71,14.71,0.1,EUR\n"
              "v12,breakage_rate,all,0.625,0.25,0.25,0.25,0.666667,fraction\n"
              "v12,unserved,all,0.06,0.06,-0.07,0.19,,EUR\n"
              "single,lapsed,all,10.01,0.01,,,0.001,EUR\n");
}

TEST(CompareTable, WidestChangesFirstAndStars) {
    const std::string table = format_compare_table(sample_rows(), "base", 2, true, "EUR");
    const size_t v12 = table.find("v12 vs base: whole run, mean of 2 replications (common random numbers)");
    ASSERT_NE(v12, std::string::npos) << table;
    const size_t rate = table.find("breakage_rate", v12);
    const size_t lapsed = table.find("lapsed", v12);
    const size_t unserved = table.find("unserved", v12);
    EXPECT_LT(rate, lapsed) << table;      // +66.67 % before +10 %
    EXPECT_LT(lapsed, unserved) << table;  // no relative change: last
    EXPECT_EQ(table.find("2026-01"), std::string::npos) << "only the whole run";
    const std::string rate_line = table.substr(rate, table.find('\n', rate) - rate);
    EXPECT_NE(rate_line.find("[0.25, 0.25]"), std::string::npos) << rate_line;
    EXPECT_NE(rate_line.find(" fraction "), std::string::npos) << rate_line;
    EXPECT_NE(rate_line.find("+66.67 %"), std::string::npos) << "rel. change in percent, saying so: " << rate_line;
    EXPECT_NE(table.find("rel. change"), std::string::npos) << table;
    EXPECT_EQ(rate_line.back(), '*') << rate_line;
    const std::string lapsed_line = table.substr(lapsed, table.find('\n', lapsed) - lapsed);
    EXPECT_NE(lapsed_line.find("[-10.71, 14.71]"), std::string::npos) << lapsed_line;
    EXPECT_NE(lapsed_line.find(" EUR "), std::string::npos) << "money names the currency: " << lapsed_line;
    EXPECT_EQ(lapsed_line.find('*'), std::string::npos) << lapsed_line;
    EXPECT_NE(table.find("single vs base"), std::string::npos);
    EXPECT_EQ(table.find("base vs base"), std::string::npos) << "no section for the base itself";
}

}  // namespace
}  // namespace creditsim
