#include "model/money.hpp"

#include <charconv>

namespace creditsim {

char* Money::format_to(char* out) const {
    // Magnitude as unsigned so INT64_MIN would not overflow.
    uint64_t magnitude = cents_ < 0 ? uint64_t(0) - uint64_t(cents_) : uint64_t(cents_);
    if (cents_ < 0) *out++ = '-';
    out = std::to_chars(out, out + 20, magnitude / 100).ptr;
    const unsigned fraction = unsigned(magnitude % 100);
    *out++ = '.';
    *out++ = char('0' + fraction / 10);
    *out++ = char('0' + fraction % 10);
    return out;
}

std::string Money::to_string() const {
    char buf[24];
    return std::string(buf, format_to(buf));
}

int64_t divide_round_half_even(__int128 numerator, __int128 denominator) {
    const bool negative = numerator < 0;
    __int128 n = negative ? -numerator : numerator;
    __int128 q = n / denominator;
    const __int128 r = n % denominator;
    const __int128 twice = 2 * r;
    if (twice > denominator || (twice == denominator && (q & 1) != 0)) ++q;
    return int64_t(negative ? -q : q);
}

namespace {
constexpr __int128 pow10(int k) {
    __int128 p = 1;
    for (int i = 0; i < k; ++i) p *= 10;
    return p;
}
constexpr __int128 kUnitsPerCent = pow10(ExactDecimal::kMaxPlaces - 2);
constexpr __int128 kUnitsPerOne = pow10(ExactDecimal::kMaxPlaces);
// Above this a value no longer fits int64 cents after rounding.
constexpr __int128 kMaxUnits = __int128(INT64_MAX / 2) * kUnitsPerCent;
}  // namespace

Money ExactDecimal::round_to_cents() const { return Money::from_cents(divide_round_half_even(units_, kUnitsPerCent)); }

Money ExactDecimal::times_rounded(Money amount) const {
    // units_ ≤ 1e18 for fractions in [0, 1]; amount ≤ ~1e15 cents keeps the product in range.
    return Money::from_cents(divide_round_half_even(units_ * amount.cents(), kUnitsPerOne));
}

std::optional<ExactDecimal> parse_decimal(std::string_view text, int max_places, DecimalError& error) {
    error = DecimalError::none;
    if (text.empty()) { error = DecimalError::empty; return std::nullopt; }
    if (text.front() == '-') {
        // Distinguish "-5" (a sign) from "-" or "-x" (garbage) for a clearer message.
        bool rest_numeric = text.size() > 1;
        for (char c : text.substr(1)) rest_numeric = rest_numeric && ((c >= '0' && c <= '9') || c == '.');
        error = rest_numeric ? DecimalError::negative : DecimalError::malformed;
        return std::nullopt;
    }
    __int128 whole = 0;
    size_t i = 0;
    size_t whole_digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++whole_digits) {
        whole = whole * 10 + (text[i] - '0');
        if (whole > kMaxUnits / kUnitsPerOne) { error = DecimalError::too_large; return std::nullopt; }
    }
    __int128 fraction_units = 0;
    size_t fraction_digits = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        __int128 scale = kUnitsPerOne;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction_digits) {
            if (int(fraction_digits) >= max_places) {
                // Trailing zeros beyond the limit change nothing; anything else is refused.
                if (text[i] != '0') { error = DecimalError::too_many_places; return std::nullopt; }
                continue;
            }
            scale /= 10;
            fraction_units += scale * (text[i] - '0');
        }
        if (fraction_digits == 0 && whole_digits == 0) { error = DecimalError::malformed; return std::nullopt; }
    }
    if (i != text.size() || (whole_digits == 0 && fraction_digits == 0)) {
        error = DecimalError::malformed;
        return std::nullopt;
    }
    return ExactDecimal::from_units(whole * kUnitsPerOne + fraction_units);
}

std::optional<Money> parse_money(std::string_view text, DecimalError& error) {
    auto exact = parse_decimal(text, 2, error);
    if (!exact) return std::nullopt;
    return exact->round_to_cents();  // exact: at most two places
}

std::string describe(DecimalError error, int max_places) {
    const std::string what = "a non-negative plain decimal with at most " + std::to_string(max_places) +
                             " decimal places (like 12.50)";
    switch (error) {
        case DecimalError::none: return "";
        case DecimalError::empty: return what + ", got an empty field";
        case DecimalError::negative: return what + ", got a negative amount";
        case DecimalError::malformed: return what;
        case DecimalError::too_many_places: return what + ", got more decimal places";
        case DecimalError::too_large: return what + ", got an amount too large to hold";
    }
    return what;
}

}  // namespace creditsim
