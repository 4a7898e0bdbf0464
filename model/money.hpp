#pragma once
// Money is an exact integer number of cents; decimals from files are parsed
// exactly (never through double) and rounded once, half-even, where the spec says.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace creditsim {

/// An amount of money in integer cents. No implicit conversion from or to double.
class Money {
public:
    constexpr Money() = default;
    static constexpr Money from_cents(int64_t cents) { Money m; m.cents_ = cents; return m; }
    static constexpr Money zero() { return Money(); }

    constexpr int64_t cents() const { return cents_; }
    constexpr bool is_zero() const { return cents_ == 0; }
    constexpr bool is_positive() const { return cents_ > 0; }

    constexpr Money& operator+=(Money o) { cents_ += o.cents_; return *this; }
    constexpr Money& operator-=(Money o) { cents_ -= o.cents_; return *this; }
    friend constexpr Money operator+(Money a, Money b) { return from_cents(a.cents_ + b.cents_); }
    friend constexpr Money operator-(Money a, Money b) { return from_cents(a.cents_ - b.cents_); }
    friend constexpr Money operator*(Money a, int64_t k) { return from_cents(a.cents_ * k); }
    friend constexpr bool operator==(Money a, Money b) { return a.cents_ == b.cents_; }
    friend constexpr bool operator!=(Money a, Money b) { return a.cents_ != b.cents_; }
    friend constexpr bool operator<(Money a, Money b) { return a.cents_ < b.cents_; }
    friend constexpr bool operator<=(Money a, Money b) { return a.cents_ <= b.cents_; }
    friend constexpr bool operator>(Money a, Money b) { return a.cents_ > b.cents_; }
    friend constexpr bool operator>=(Money a, Money b) { return a.cents_ >= b.cents_; }

    /// Plain decimal with two places: "1234.50", "-0.05".
    std::string to_string() const;
    /// Writes the plain decimal at out (at most 22 chars); returns one past the end.
    char* format_to(char* out) const;

private:
    int64_t cents_ = 0;
};

constexpr Money min(Money a, Money b) { return a < b ? a : b; }

/// An exact non-negative decimal with up to 18 places (units of 1e-18), for
/// summing sub-cent input amounts before the single rounding to cents.
class ExactDecimal {
public:
    static constexpr int kMaxPlaces = 18;
    constexpr ExactDecimal() = default;
    static constexpr ExactDecimal from_units(__int128 units) { ExactDecimal d; d.units_ = units; return d; }
    constexpr __int128 units() const { return units_; }
    ExactDecimal& operator+=(ExactDecimal o) { units_ += o.units_; return *this; }
    friend bool operator==(ExactDecimal a, ExactDecimal b) { return a.units_ == b.units_; }

    /// Rounded half-even to whole cents.
    Money round_to_cents() const;
    /// value × cents, rounded half-even to whole cents (e.g. a carry-forward fraction × unused).
    Money times_rounded(Money amount) const;

private:
    __int128 units_ = 0;
};

/// Why a decimal string was refused; the message says what was expected.
enum class DecimalError { none, empty, negative, malformed, too_many_places, too_large };

/// Parses a plain non-negative decimal ("12", "12.5", "0.000011139"; no sign,
/// exponent or separators) with at most max_places decimals.
/// On failure returns nullopt and sets error.
std::optional<ExactDecimal> parse_decimal(std::string_view text, int max_places, DecimalError& error);

/// Parses an amount with at most two decimals as Money (non-negative).
std::optional<Money> parse_money(std::string_view text, DecimalError& error);

/// A user-facing sentence for a decimal parse error ("a non-negative plain decimal ...").
std::string describe(DecimalError error, int max_places);

/// numerator / denominator rounded half-even (denominator > 0).
int64_t divide_round_half_even(__int128 numerator, __int128 denominator);

}  // namespace creditsim
