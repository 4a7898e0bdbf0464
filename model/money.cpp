#include "model/money.hpp"

#include <charconv>

#include "model/errors.hpp"

namespace creditsim {

namespace detail {
void throw_money_overflow(const char* operation, int64_t a, int64_t b) {
    const std::string left = Money::from_cents(a).to_string();
    const std::string right = std::string(operation) == "*" ? std::to_string(b) : Money::from_cents(b).to_string();
    throw OverflowError("amount out of range: " + left + " " + operation + " " + right +
                        " exceeds the largest amount creditsim can represent (92233720368547758.07); "
                        "the inputs' totals are too large");
}
}  // namespace detail

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

}  // namespace creditsim
