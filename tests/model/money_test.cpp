#include "model/decimal.hpp"

#include <gtest/gtest.h>

#include <cstdint>

#include "model/errors.hpp"
#include "model/money.hpp"

namespace creditsim {
namespace {

struct ParseCase {
    const char* text;
    int places;
    int64_t cents;  // after rounding half-even
    const char* reason;
};

TEST(MoneyParse, ExactDecimalsRoundHalfEvenOnce) {
    const ParseCase cases[] = {
        {"12", 2, 1200, "whole number"},
        {"12.5", 2, 1250, "one place"},
        {"0.05", 2, 5, "cents"},
        {"0.005", 18, 0, "half to even: 0.00"},
        {"0.015", 18, 2, "half to even: 0.02"},
        {"0.025", 18, 2, "half to even: 0.02"},
        {"0.0251", 18, 3, "above half rounds up"},
        {"0.000011139", 18, 0, "sub-cent cost"},
        {".5", 2, 50, "no leading digit"},
        {"7.", 2, 700, "trailing point"},
        {"1.2300000000000000000000", 2, 123, "trailing zeros beyond the limit are harmless"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.reason);
        DecimalError error;
        auto value = parse_decimal(c.text, c.places, error);
        ASSERT_TRUE(value.has_value()) << c.text;
        EXPECT_EQ(value->round_to_cents().cents(), c.cents);
    }
}

TEST(MoneyParse, SumsExactlyBeforeRounding) {
    DecimalError error;
    ExactDecimal sum;
    for (const char* part : {"0.004", "0.004", "0.002"}) sum += *parse_decimal(part, 18, error);
    EXPECT_EQ(sum.round_to_cents().cents(), 1);  // rounding each part first would give 0
}

TEST(MoneyParse, RefusesWhatIsNotAPlainNonNegativeDecimal) {
    const std::pair<const char*, DecimalError> cases[] = {
        {"", DecimalError::empty},          {"-5", DecimalError::negative},     {"-", DecimalError::malformed},
        {"1e3", DecimalError::malformed},   {"1,000", DecimalError::malformed}, {"12.345", DecimalError::too_many_places},
        {".", DecimalError::malformed},     {"+5", DecimalError::malformed},    {"12 50", DecimalError::malformed},
        {"99999999999999999999", DecimalError::too_large},
    };
    for (const auto& [text, expected] : cases) {
        SCOPED_TRACE(text);
        DecimalError error;
        EXPECT_FALSE(parse_money(text, error).has_value());
        EXPECT_EQ(error, expected);
    }
    EXPECT_EQ(describe(DecimalError::negative, 2),
              "a non-negative plain decimal with at most 2 decimal places (like 12.50), got a negative amount");
}

TEST(MoneyFormat, TwoPlaces) {
    EXPECT_EQ(Money::from_cents(123450).to_string(), "1234.50");
    EXPECT_EQ(Money::from_cents(5).to_string(), "0.05");
    EXPECT_EQ(Money::from_cents(-5).to_string(), "-0.05");
    EXPECT_EQ(Money::from_cents(0).to_string(), "0.00");
    EXPECT_EQ(Money::from_cents(INT64_MIN).to_string(), "-92233720368547758.08");
}

TEST(MoneyRounding, FractionTimesAmountHalfEven) {
    DecimalError error;
    const ExactDecimal quarter = *parse_decimal("0.25", 18, error);
    EXPECT_EQ(quarter.times_rounded(Money::from_cents(10)).cents(), 2);   // 2.5 -> 2
    EXPECT_EQ(quarter.times_rounded(Money::from_cents(30)).cents(), 8);   // 7.5 -> 8
    EXPECT_EQ(quarter.times_rounded(Money::from_cents(6950)).cents(), 1738);  // 1737.5 -> 1738
    EXPECT_EQ(divide_round_half_even(-5, 2), -2);
    EXPECT_EQ(divide_round_half_even(7, 2), 4);
}

// Issue 14 item 3: sums of bounded amounts used to wrap int64 silently (UBSan: signed overflow).
TEST(MoneyOverflow, ArithmeticOutsideInt64CentsThrowsInsteadOfWrapping) {
    const Money big = Money::from_cents(INT64_MAX / 2);
    Money sum = big;
    sum += big;  // INT64_MAX - 1: still representable
    EXPECT_EQ(sum.cents(), INT64_MAX - 1);
    try {
        sum += big;
        FAIL() << "expected an OverflowError";
    } catch (const OverflowError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "amount out of range: 92233720368547758.06 + 46116860184273879.03 exceeds the largest amount "
                  "creditsim can represent (92233720368547758.07); the inputs' totals are too large");
    }
    EXPECT_EQ(sum.cents(), INT64_MAX - 1) << "a failed addition leaves the amount unchanged";
    EXPECT_THROW(big + big + big, OverflowError);
    EXPECT_THROW(Money::from_cents(INT64_MIN) - Money::from_cents(1), OverflowError);
    EXPECT_THROW(Money::from_cents(-(INT64_MAX / 2)) - big - big - big, OverflowError);
    EXPECT_THROW(big * 3, OverflowError);
    EXPECT_EQ((big * 2).cents(), INT64_MAX - 1);
    Money negative = Money::from_cents(INT64_MIN + 1);
    EXPECT_THROW(negative -= Money::from_cents(2), OverflowError);
}

}  // namespace
}  // namespace creditsim
