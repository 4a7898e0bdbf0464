#include "reports/statistics.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "model/errors.hpp"

namespace creditsim {
namespace {

Eigen::VectorXd vector_of(const std::vector<double>& values) {
    return Eigen::Map<const Eigen::VectorXd>(values.data(), Eigen::Index(values.size()));
}

TEST(Quantile, OneToTwentyMatchesType7) {
    Eigen::VectorXd values(20);
    for (int i = 0; i < 20; ++i) values[i] = 20 - i;  // unsorted on purpose
    const Distribution d = describe_distribution(values);
    EXPECT_DOUBLE_EQ(d.mean, 10.5);
    EXPECT_DOUBLE_EQ(d.p05, 1.95);
    EXPECT_DOUBLE_EQ(d.p50, 10.5);
    EXPECT_DOUBLE_EQ(d.p95, 19.05);
}

TEST(Quantile, Type7Table) {
    struct Case {
        std::vector<double> sorted;
        int percent;
        double expected;
        const char* why;
    };
    const Case cases[] = {
        {{7}, 5, 7, "one value is every quantile"},
        {{7}, 95, 7, "one value is every quantile"},
        {{10, 20}, 5, 10.5, "h = 0.05 between the two values"},
        {{10, 20}, 50, 15, "the median of two is their midpoint"},
        {{10, 20}, 95, 19.5, "h = 0.95"},
        {{1, 1, 2, 3, 4, 5, 6, 9}, 5, 1, "h = 0.35 between equal values"},
        {{1, 1, 2, 3, 4, 5, 6, 9}, 50, 3.5, "h = 3.5"},
        {{1, 1, 2, 3, 4, 5, 6, 9}, 95, 7.95, "h = 6.65: 6 + 0.65 x 3"},
        {{1, 2, 3, 4, 5}, 0, 1, "p0 is the minimum"},
        {{1, 2, 3, 4, 5}, 100, 5, "p100 is the maximum"},
        {{1, 2, 3, 4, 5}, 50, 3, "odd count: the middle order statistic, exactly"},
    };
    for (const auto& c : cases) EXPECT_DOUBLE_EQ(quantile_type7(vector_of(c.sorted), c.percent), c.expected) << c.why;
}

TEST(Quantile, RefusesNoValues) {
    EXPECT_THROW(quantile_type7(Eigen::VectorXd(0), 50), InvariantError);
    EXPECT_THROW(describe_distribution(Eigen::VectorXd(0)), InvariantError);
}

TEST(Quantile, RoundHalfEven) {
    EXPECT_EQ(round_half_even(2.5), 2);
    EXPECT_EQ(round_half_even(3.5), 4);
    EXPECT_EQ(round_half_even(-2.5), -2);
    EXPECT_EQ(round_half_even(-3.5), -4);
    EXPECT_EQ(round_half_even(2.4999), 2);
    EXPECT_EQ(round_half_even(-0.2), 0);
}

TEST(Quantile, MoneyStatisticHasTwoDecimals) {
    struct Case {
        double cents;
        const char* expected;
        const char* why;
    };
    const Case cases[] = {
        {0, "0.00", "zero"},
        {195.00000000000003, "1.95", "floating noise below the cent vanishes"},
        {1050, "10.50", "trailing zero kept"},
        {12345.5, "123.46", "half a cent rounds to even (up)"},
        {12344.5, "123.44", "half a cent rounds to even (down)"},
        {-250, "-2.50", "negative"},
        {123456789012.0, "1234567890.12", "large"},
    };
    for (const auto& c : cases) EXPECT_EQ(format_money_statistic(c.cents), c.expected) << c.why;
}

TEST(Quantile, CountStatisticHasAtMostFourDecimals) {
    struct Case {
        double value;
        const char* expected;
        const char* why;
    };
    const Case cases[] = {
        {3, "3", "whole numbers have no point"},
        {0, "0", "zero"},
        {10.5, "10.5", "trailing zeros dropped"},
        {1.95, "1.95", "two decimals"},
        {19.05, "19.05", "a zero inside the decimals stays"},
        {2.0 / 3.0, "0.6667", "rounded at the fourth decimal"},
        {1.00004, "1", "rounds to a whole number"},
        {0.0001, "0.0001", "the smallest step"},
        {-0.00001, "0", "no negative zero"},
        {-1.25, "-1.25", "negative"},
    };
    for (const auto& c : cases) EXPECT_EQ(format_count_statistic(c.value), c.expected) << c.why;
}

}  // namespace
}  // namespace creditsim
