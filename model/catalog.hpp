#pragma once
// The benefit catalog: which credits each membership offer awards per year,
// and the usage categories (eligible, ineligible, products) credits may cover.

#include <cstdint>
#include <string>
#include <vector>

#include "model/money.hpp"

namespace creditsim {

enum class CreditKind : uint8_t { monthly, bulk };
const char* to_string(CreditKind kind);

/// A usage category: 0 eligible, 1 ineligible, 2 + k the k-th product (products sorted by name).
using Category = uint16_t;
constexpr Category kEligible = 0;
constexpr Category kIneligible = 1;
constexpr Category kFirstProduct = 2;
/// The scope of a credit: kAzureScope or a product category.
constexpr Category kAzureScope = 0xFFFF;

/// Whether a credit of that scope pays for usage of that category (SPEC 3, Eligibility).
constexpr bool scope_covers(Category scope, Category category) {
    return scope == kAzureScope ? category != kIneligible : scope == category;
}

/// One catalog.csv line: count credits of this kind and amount per membership year.
struct CatalogLine {
    std::string offer;
    std::string credit;
    CreditKind kind = CreditKind::monthly;
    Money amount;          ///< per billing period (monthly) or once (bulk)
    int count = 1;         ///< credits of this line per award
    int term_months = 12;  ///< bulk only: end day = award + term_months
    Category scope = kAzureScope;
};

class Catalog {
public:
    /// Builds from lines (any order) and the product names they use as scopes.
    Catalog(std::vector<CatalogLine> lines, std::vector<std::string> products);
    Catalog() = default;

    const std::vector<CatalogLine>& lines() const { return lines_; }
    /// Offers in ascending byte order.
    const std::vector<std::string>& offers() const { return offers_; }
    /// Index into offers(), or -1.
    int find_offer(const std::string& offer) const;
    /// Indices into lines() of the offer's lines, in ascending credit name order.
    const std::vector<uint32_t>& lines_of_offer(int offer) const { return lines_of_offer_[offer]; }

    /// Product names in ascending byte order; product k is category kFirstProduct + k.
    const std::vector<std::string>& products() const { return products_; }
    size_t category_count() const { return kFirstProduct + products_.size(); }
    /// "eligible", "ineligible" or the product's name.
    const std::string& category_name(Category category) const;
    /// The category with that name, or -1.
    int find_category(const std::string& name) const;
    /// "azure" or the product's name.
    const std::string& scope_name(Category scope) const;

    /// Adds products that usage names and no catalog line does (SPEC 10: any
    /// name is a product). Product categories keep ascending name order, so
    /// existing ones may move: returns new_category[old_category] for every
    /// category before the call, and remaps the lines' scopes. Throws
    /// std::length_error past kMaxProducts products.
    std::vector<Category> add_products(const std::vector<std::string>& names);
    /// Category is 16 bits and kAzureScope is taken.
    static constexpr size_t kMaxProducts = kAzureScope - kFirstProduct;

private:
    std::vector<CatalogLine> lines_;
    std::vector<std::string> offers_;
    std::vector<std::vector<uint32_t>> lines_of_offer_;
    std::vector<std::string> products_;
    std::vector<std::string> category_names_;
};

}  // namespace creditsim
