#include "model/decimal.hpp"

#include <gtest/gtest.h>

#include <random>

namespace creditsim {
namespace {

Decimal parse(const char* text) {
    DecimalError error;
    const std::optional<Decimal> value = parse_plain_decimal(text, error);
    EXPECT_TRUE(value.has_value()) << text << ": error " << int(error);
    return value.value_or(Decimal());
}

struct LongCase {
    const char* text;
    const char* canonical;  // to_string() of the parsed value
    int64_t cents;          // rounded half-even
    const char* reason;
};

TEST(Decimal, ParsesAnyNumberOfPlacesExactly) {
    const LongCase cases[] = {
        {"0.0000000072922557592391990000", "0.000000007292255759239199", 0, "a real amortized-cost amount, 28 places"},
        {"12", "12", 1200, "whole"},
        {".5", "0.5", 50, "no leading digit"},
        {"7.", "7", 700, "trailing point"},
        {"0.005", "0.005", 0, "tie to even: 0.00"},
        {"0.015", "0.015", 2, "tie to even: 0.02"},
        {"0.0050000000000000000000001", "0.0050000000000000000000001", 1, "25 places: just above the tie rounds up"},
        {"0.00499999999999999999999999", "0.00499999999999999999999999", 0, "just below the tie rounds down"},
        {"1.000000000000000000000000000000000000000000000000", "1", 100, "48 places of zeros"},
        {"00012.3400", "12.34", 1234, "leading and trailing zeros"},
        {"46116860184273879.03", "46116860184273879.03", 4611686018427387903, "the largest whole part held"},
    };
    for (const LongCase& c : cases) {
        SCOPED_TRACE(c.reason);
        const Decimal value = parse(c.text);
        EXPECT_EQ(value.to_string(), c.canonical);
        EXPECT_EQ(value.round_to_cents().cents(), c.cents);
        EXPECT_EQ(parse(value.to_string().c_str()), value) << "reads back";
    }
}

TEST(Decimal, RefusesWhatIsNotAPlainNonNegativeDecimal) {
    const std::pair<const char*, DecimalError> cases[] = {
        {"", DecimalError::empty},         {"-5", DecimalError::negative},    {"1e3", DecimalError::malformed},
        {"1,000", DecimalError::malformed}, {".", DecimalError::malformed},   {"+5", DecimalError::malformed},
        {"0.1.2", DecimalError::malformed}, {"99999999999999999999", DecimalError::too_large},
    };
    for (const auto& [text, expected] : cases) {
        SCOPED_TRACE(text);
        DecimalError error;
        EXPECT_FALSE(parse_plain_decimal(text, error).has_value());
        EXPECT_EQ(error, expected);
    }
}

TEST(Decimal, SumsCarryOutOfTheTail) {
    // Three amounts whose digits beyond the 18th place add up past a whole unit and then past the half cent.
    Decimal sum;
    for (const char* part : {"0.0016666666666666666666666667", "0.0016666666666666666666666667",
                             "0.0016666666666666666666666666"})
        sum += parse(part);
    EXPECT_EQ(sum.to_string(), "0.005");  // exactly the tie: rounds to even
    EXPECT_EQ(sum.round_to_cents().cents(), 0);
    sum += parse("0.0000000000000000000000000001");
    EXPECT_EQ(sum.round_to_cents().cents(), 1);  // one part in 1e28 above the tie
}

TEST(Decimal, NegationAndSubtractionAreExact) {
    const Decimal a = parse("1.0000000000000000000123");
    EXPECT_EQ((-a).to_string(), "-1.0000000000000000000123");
    EXPECT_TRUE((a + -a).is_zero());
    EXPECT_EQ((-parse("0.0050000000000000000001")).round_to_cents().cents(), -1);  // below -0.005: away from zero
    EXPECT_EQ((-parse("0.015")).round_to_cents().cents(), -2);                    // tie to even
    Decimal b = parse("2.5");
    b -= a;
    EXPECT_EQ(b.to_string(), "1.4999999999999999999877");
    EXPECT_TRUE(-a < a);
    EXPECT_TRUE(parse("1.00000000000000000001") < parse("1.00000000000000000002"));
}

// Any order of the same amounts gives the same exact sum, and it agrees with
// a digit-by-digit reference: cents of the sum of amounts written at k places.
TEST(Decimal, RandomSumsAgreeWithAScaledIntegerReference) {
    std::mt19937_64 random(20261203);
    for (int trial = 0; trial < 500; ++trial) {
        const int places = 19 + int(random() % 12);  // 19..30 places: beyond the fast path
        std::vector<std::string> texts;
        __int128 reference_units = 0;  // in 1e-30 units
        const int terms = 1 + int(random() % 20);
        for (int t = 0; t < terms; ++t) {
            std::string digits;
            for (int k = 0; k < places; ++k) digits.push_back(char('0' + random() % 10));
            const int whole = int(random() % 1000);
            texts.push_back(std::to_string(whole) + "." + digits);
            __int128 units = whole;
            for (int k = 0; k < 30; ++k) units = units * 10 + (k < places ? digits[size_t(k)] - '0' : 0);
            reference_units += units;
        }
        const __int128 per_cent = __int128(10'000'000'000'000'000) * 1'000'000'000'000;  // 1e28 units of 1e-30
        const int64_t expected = divide_round_half_even(reference_units, per_cent);
        Decimal forward, backward;
        for (const std::string& text : texts) forward += parse(text.c_str());
        for (auto it = texts.rbegin(); it != texts.rend(); ++it) backward += parse(it->c_str());
        ASSERT_EQ(forward, backward) << "trial " << trial;
        ASSERT_EQ(forward.round_to_cents().cents(), expected) << "trial " << trial;
    }
}

}  // namespace
}  // namespace creditsim
