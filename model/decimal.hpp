#pragma once
// An exact decimal of any number of places, for input amounts and their sums.
// Cost exports write 20-28 places ("0.0000000072922557592391990000"); a sum of
// such amounts must be exact before its one half-even rounding to the cent.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/money.hpp"

namespace creditsim {

/// An exact decimal with at most 18 places (units of 1e-18) in one 128-bit
/// integer: scenario fractions and amounts of bounded length.
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
/// exponent or separators) with at most max_places decimals (trailing zeros
/// beyond them are harmless).
/// On failure returns nullopt and sets error.
std::optional<ExactDecimal> parse_decimal(std::string_view text, int max_places, DecimalError& error);

/// Parses an amount with at most two decimals as Money (non-negative).
std::optional<Money> parse_money(std::string_view text, DecimalError& error);

/// A user-facing sentence for a decimal parse error ("a non-negative plain decimal ...").
std::string describe(DecimalError error, int max_places);

/// An exact signed decimal. The first 18 places live in one 128-bit integer
/// of 1e-18 units (the common case costs one addition); the digits beyond the
/// 18th place, when there are any, in a tail.
class Decimal {
public:
    Decimal() = default;
    /// The value units × 1e-18.
    static Decimal from_units(__int128 units) { Decimal d; d.units_ = units; return d; }

    /// floor(value × 1e18): the value without the digits beyond the 18th place.
    __int128 floor_units() const { return units_; }
    /// Whether digits beyond the 18th place are non-zero.
    bool has_tail() const { return !tail_.empty(); }
    bool is_zero() const { return units_ == 0 && tail_.empty(); }
    bool is_negative() const { return units_ < 0; }

    Decimal& operator+=(const Decimal& other);
    Decimal& operator-=(const Decimal& other) { return *this += -other; }
    Decimal operator-() const;
    friend Decimal operator+(Decimal a, const Decimal& b) { return a += b; }
    friend bool operator==(const Decimal& a, const Decimal& b) { return a.units_ == b.units_ && a.tail_ == b.tail_; }
    friend bool operator!=(const Decimal& a, const Decimal& b) { return !(a == b); }
    friend bool operator<(const Decimal& a, const Decimal& b);

    /// Rounded half-even to whole cents, exactly (the tail decides a tie).
    Money round_to_cents() const;
    /// The shortest plain decimal that reads back as this value: "-12.5", "0.000000000000000000001".
    std::string to_string() const;

private:
    friend std::optional<Decimal> parse_plain_decimal(std::string_view text, DecimalError& error);

    __int128 units_ = 0;         ///< floor(value × 1e18)
    std::vector<uint8_t> tail_;  ///< value = (units_ + 0.tail) × 1e-18; no trailing zeros
};

/// Parses a plain non-negative decimal of any number of places ("12",
/// "12.5", ".5", "0.0000000072922557592391990000"; no sign, exponent or
/// separators). The whole part is bounded so that a value fits int64 cents
/// with room to add (DecimalError::too_large). On failure returns nullopt and
/// sets error.
std::optional<Decimal> parse_plain_decimal(std::string_view text, DecimalError& error);

}  // namespace creditsim
