#pragma once
// The categories usage.csv names, numbered as rows are read: eligible,
// ineligible, the catalog's products and, per SPEC 10, any other name as a
// product of its own, which joins the catalog once the file is read.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.hpp"
#include "sim/inputs/csv/field_checks.hpp"

namespace creditsim::detail {

/// Codes below the catalog's category count are its categories; a new name gets the
/// next code in order of first sight, until settle() takes the new names into the catalog.
class UsageCategories {
public:
    explicit UsageCategories(const Catalog& catalog);

    /// The code of a category name (not empty).
    uint32_t find_or_add(std::string_view name);

    /// Takes the new names into the catalog; returns the final category of every code.
    /// Throws std::length_error when the catalog cannot hold them all.
    std::vector<Category> settle(Catalog& catalog);

    /// The run's notes on the new names: which they are, and those that look like a typo of a catalog name.
    std::vector<std::string> notes() const;

private:
    const Catalog& catalog_;
    const uint32_t first_new_;
    const std::vector<std::string> catalog_products_;  ///< before settle() adds the new names
    std::vector<std::string> new_names_;  ///< in order of first sight
    std::vector<int64_t> new_rows_;       ///< rows naming each
    StringIndex new_index_;
};

}  // namespace creditsim::detail
