#pragma once
// A catalog line for tests, in one call.

#include <string>

#include "model/catalog.hpp"

namespace creditsim::testing {

inline CatalogLine catalog_line(const std::string& offer, const std::string& credit, CreditKind kind, int64_t cents,
                                int count = 1, int term_months = 12) {
    CatalogLine l;
    l.offer = offer;
    l.credit = credit;
    l.kind = kind;
    l.amount = Money::from_cents(cents);
    l.count = count;
    l.term_months = term_months;
    return l;
}

}  // namespace creditsim::testing
