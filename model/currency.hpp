#pragma once
// The currency of a run's amounts: a label, never a conversion (every Money is
// integer cents of this one currency).

#include <string_view>

namespace creditsim {

/// The currency when neither `[run] currency` nor the catalog names one.
inline constexpr std::string_view kDefaultCurrency = "USD";

/// Whether code has the form of an ISO 4217 alphabetic code: three upper-case ASCII
/// letters ("EUR"). Whether the code is assigned is not checked: the code only labels amounts.
constexpr bool is_currency_code(std::string_view code) {
    if (code.size() != 3) return false;
    for (char c : code)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

}  // namespace creditsim
