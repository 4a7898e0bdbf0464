#include "model/decimal.hpp"

#include <algorithm>

namespace creditsim {
namespace {

constexpr __int128 pow10(int k) {
    __int128 p = 1;
    for (int i = 0; i < k; ++i) p *= 10;
    return p;
}
constexpr int kUnitPlaces = ExactDecimal::kMaxPlaces;  // 1e-18 units
constexpr __int128 kUnitsPerCent = pow10(kUnitPlaces - 2);
constexpr __int128 kUnitsPerOne = pow10(kUnitPlaces);
// Above this a value no longer fits int64 cents after rounding, with room to add two.
constexpr __int128 kMaxUnits = __int128(INT64_MAX / 2) * kUnitsPerCent;

/// A plain decimal split at its point: the whole part's value and the
/// fraction's digits without trailing zeros.
struct PlainParts {
    __int128 whole = 0;
    std::string_view fraction;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The one scanner of plain non-negative decimals, shared by both parsers.
std::optional<PlainParts> scan_plain(std::string_view text, DecimalError& error) {
    error = DecimalError::none;
    if (text.empty()) { error = DecimalError::empty; return std::nullopt; }
    if (text.front() == '-') {
        // Distinguish "-5" (a sign) from "-" or "-x" (garbage) for a clearer message.
        bool rest_numeric = text.size() > 1;
        for (char c : text.substr(1)) rest_numeric = rest_numeric && (is_digit(c) || c == '.');
        error = rest_numeric ? DecimalError::negative : DecimalError::malformed;
        return std::nullopt;
    }
    PlainParts parts;
    size_t i = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) {
        parts.whole = parts.whole * 10 + (text[i] - '0');
        if (parts.whole > kMaxUnits / kUnitsPerOne) { error = DecimalError::too_large; return std::nullopt; }
    }
    const size_t whole_digits = i;
    size_t fraction_digits = 0;
    if (i < text.size() && text[i] == '.') {
        const size_t first = ++i;
        for (; i < text.size() && is_digit(text[i]); ++i) ++fraction_digits;
        parts.fraction = text.substr(first, fraction_digits);
        parts.fraction = parts.fraction.substr(0, parts.fraction.find_last_not_of('0') + 1);
    }
    if (i != text.size() || (whole_digits == 0 && fraction_digits == 0)) {
        error = DecimalError::malformed;
        return std::nullopt;
    }
    return parts;
}

/// The first min(18, size) digits of a fraction as 1e-18 units. Eighteen digits fit
/// a uint64_t, so there is one 128-bit multiplication, no 128-bit division per digit.
__int128 fraction_units(std::string_view digits) {
    const size_t n = std::min(digits.size(), size_t(kUnitPlaces));
    uint64_t value = 0;
    for (size_t k = 0; k < n; ++k) value = value * 10 + uint64_t(digits[k] - '0');
    return __int128(value) * pow10(kUnitPlaces - int(n));
}

/// floor(n / d) for d > 0.
__int128 floor_divide(__int128 n, __int128 d) {
    __int128 q = n / d;
    if (n % d != 0 && n < 0) --q;
    return q;
}

}  // namespace

// ExactDecimal ----------------------------------------------------------------

Money ExactDecimal::round_to_cents() const { return Money::from_cents(divide_round_half_even(units_, kUnitsPerCent)); }

Money ExactDecimal::times_rounded(Money amount) const {
    // units_ ≤ 1e18 for fractions in [0, 1]; amount ≤ ~1e15 cents keeps the product in range.
    return Money::from_cents(divide_round_half_even(units_ * amount.cents(), kUnitsPerOne));
}

std::optional<ExactDecimal> parse_decimal(std::string_view text, int max_places, DecimalError& error) {
    const std::optional<PlainParts> parts = scan_plain(text, error);
    if (!parts) return std::nullopt;
    if (parts->fraction.size() > size_t(std::min(max_places, kUnitPlaces))) {
        error = DecimalError::too_many_places;
        return std::nullopt;
    }
    return ExactDecimal::from_units(parts->whole * kUnitsPerOne + fraction_units(parts->fraction));
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

// Decimal ---------------------------------------------------------------------

std::optional<Decimal> parse_plain_decimal(std::string_view text, DecimalError& error) {
    const std::optional<PlainParts> parts = scan_plain(text, error);
    if (!parts) return std::nullopt;
    Decimal value = Decimal::from_units(parts->whole * kUnitsPerOne + fraction_units(parts->fraction));
    if (parts->fraction.size() > size_t(kUnitPlaces)) {
        const std::string_view beyond = parts->fraction.substr(size_t(kUnitPlaces));  // ends in a non-zero digit
        Decimal tail;
        tail.tail_.reserve(beyond.size());
        for (char c : beyond) tail.tail_.push_back(uint8_t(c - '0'));
        value += tail;
    }
    return value;
}

Decimal& Decimal::operator+=(const Decimal& other) {
    units_ += other.units_;
    if (other.tail_.empty()) return *this;
    // Schoolbook addition of the digits beyond the 18th place; a carry out of
    // the first of them is one more unit.
    if (tail_.size() < other.tail_.size()) tail_.resize(other.tail_.size(), 0);
    int carry = 0;
    for (size_t k = tail_.size(); k-- > 0;) {
        const int sum = tail_[k] + (k < other.tail_.size() ? other.tail_[k] : 0) + carry;
        tail_[k] = uint8_t(sum % 10);
        carry = sum / 10;
    }
    units_ += carry;
    while (!tail_.empty() && tail_.back() == 0) tail_.pop_back();
    return *this;
}

Decimal Decimal::operator-() const {
    Decimal negated = from_units(-units_);
    if (tail_.empty()) return negated;
    // -(u + t) = (-u - 1) + (1 - t), and 1 - t is the ten's complement of t's digits.
    negated.units_ -= 1;
    negated.tail_.resize(tail_.size());
    for (size_t k = 0; k + 1 < tail_.size(); ++k) negated.tail_[k] = uint8_t(9 - tail_[k]);
    negated.tail_.back() = uint8_t(10 - tail_.back());  // tail_.back() != 0: no trailing zeros
    return negated;
}

bool operator<(const Decimal& a, const Decimal& b) {
    if (a.units_ != b.units_) return a.units_ < b.units_;
    return std::lexicographical_compare(a.tail_.begin(), a.tail_.end(), b.tail_.begin(), b.tail_.end());
}

Money Decimal::round_to_cents() const {
    // value / 1 cent = q + (r + t) / kUnitsPerCent with 0 <= r < kUnitsPerCent an integer and 0 <= t < 1:
    // a non-zero tail only ever breaks the tie r = half, upwards.
    const __int128 q = floor_divide(units_, kUnitsPerCent);
    const __int128 r = units_ - q * kUnitsPerCent;
    const __int128 half = kUnitsPerCent / 2;
    const bool is_up = r > half || (r == half && (!tail_.empty() || (q & 1) != 0));
    return Money::from_cents(int64_t(is_up ? q + 1 : q));
}

std::string Decimal::to_string() const {
    if (is_negative()) return "-" + (-*this).to_string();
    std::string text;
    __int128 whole = units_ / kUnitsPerOne;
    do {
        text.push_back(char('0' + int(whole % 10)));
        whole /= 10;
    } while (whole > 0);
    std::reverse(text.begin(), text.end());
    std::string fraction(size_t(kUnitPlaces), '0');
    __int128 rest = units_ % kUnitsPerOne;
    for (int k = kUnitPlaces - 1; k >= 0; --k, rest /= 10) fraction[size_t(k)] = char('0' + int(rest % 10));
    for (uint8_t digit : tail_) fraction.push_back(char('0' + digit));
    fraction.erase(fraction.find_last_not_of('0') + 1);
    if (!fraction.empty()) text += "." + fraction;
    return text;
}

}  // namespace creditsim
