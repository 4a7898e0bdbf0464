#pragma once
// Money is an exact integer number of cents. Decimals from files are parsed
// exactly (never through double, model/decimal.hpp) and rounded once,
// half-even, where the spec says.

#include <cstdint>
#include <string>
#include <string_view>

namespace creditsim {

namespace detail {
/// Throws OverflowError naming the operation (model/errors.hpp); out of line: the cold path.
[[noreturn]] void throw_money_overflow(const char* operation, int64_t a, int64_t b);
}  // namespace detail

/// An amount of money in integer cents. No implicit conversion from or to double.
class Money {
public:
    constexpr Money() = default;
    static constexpr Money from_cents(int64_t cents) { Money m; m.cents_ = cents; return m; }
    static constexpr Money zero() { return Money(); }

    constexpr int64_t cents() const { return cents_; }
    constexpr bool is_zero() const { return cents_ == 0; }
    constexpr bool is_positive() const { return cents_ > 0; }

    // Arithmetic is checked: a result outside int64 cents throws OverflowError instead of
    // wrapping (the check is one flag test on the hot path; the throw is out of line).
    constexpr Money& operator+=(Money o) {
        int64_t result = 0;
        if (__builtin_add_overflow(cents_, o.cents_, &result)) [[unlikely]]
            detail::throw_money_overflow("+", cents_, o.cents_);
        cents_ = result;
        return *this;
    }
    constexpr Money& operator-=(Money o) {
        int64_t result = 0;
        if (__builtin_sub_overflow(cents_, o.cents_, &result)) [[unlikely]]
            detail::throw_money_overflow("-", cents_, o.cents_);
        cents_ = result;
        return *this;
    }
    friend constexpr Money operator+(Money a, Money b) { return a += b; }
    friend constexpr Money operator-(Money a, Money b) { return a -= b; }
    friend constexpr Money operator*(Money a, int64_t k) {
        int64_t product = 0;
        if (__builtin_mul_overflow(a.cents_, k, &product)) [[unlikely]]
            detail::throw_money_overflow("*", a.cents_, k);
        return from_cents(product);
    }
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

/// numerator / denominator rounded half-even (denominator > 0).
int64_t divide_round_half_even(__int128 numerator, __int128 denominator);

}  // namespace creditsim
