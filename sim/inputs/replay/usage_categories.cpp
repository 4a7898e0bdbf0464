#include "sim/inputs/replay/usage_categories.hpp"

#include <algorithm>
#include <cctype>

namespace creditsim::detail {
namespace {

/// A name with case, spaces and the '-'/'_' difference taken out.
std::string loose_name(std::string_view name) {
    std::string loose;
    for (const char c : name) {
        if (c == ' ' || c == '\t') continue;
        loose.push_back(c == '-' ? '_' : char(std::tolower(static_cast<unsigned char>(c))));
    }
    return loose;
}

}  // namespace

UsageCategories::UsageCategories(const Catalog& catalog)
    : catalog_(catalog), first_new_(catalog.category_count()), catalog_products_(catalog.products()) {}

uint32_t UsageCategories::find_or_add(std::string_view name) {
    if (name == "eligible") return kEligible;
    if (name == "ineligible") return kIneligible;
    const std::vector<std::string>& products = catalog_.products();
    const auto it = std::lower_bound(products.begin(), products.end(), name,
                                     [](const std::string& a, std::string_view b) { return a < b; });
    if (it != products.end() && *it == name) return uint32_t(kFirstProduct + (it - products.begin()));
    auto found = new_index_.find(name);
    if (found == new_index_.end()) {
        found = new_index_.emplace(std::string(name), uint32_t(new_names_.size())).first;
        new_names_.emplace_back(name);
        new_rows_.push_back(0);
    }
    ++new_rows_[found->second];
    return first_new_ + found->second;
}

std::vector<Category> UsageCategories::settle(Catalog& catalog) {
    std::vector<Category> final_category = catalog.add_products(new_names_);
    for (const std::string& name : new_names_) final_category.push_back(Category(catalog.find_category(name)));
    return final_category;
}

std::vector<std::string> UsageCategories::notes() const {
    std::vector<std::string> notes;
    if (new_names_.empty()) return notes;
    std::vector<std::string> sorted = new_names_;
    std::sort(sorted.begin(), sorted.end());
    std::string list;
    for (size_t i = 0; i < sorted.size() && i < 5; ++i) list += (i ? ", " : "") + sorted[i];
    if (sorted.size() > 5) list += ", ...";
    notes.push_back("usage names " + std::to_string(sorted.size()) + " product" + (sorted.size() == 1 ? "" : "s") +
                    " that no catalog line names (" + list + "): only azure credits pay them");
    std::vector<std::string> known = {"eligible", "ineligible"};
    known.insert(known.end(), catalog_products_.begin(), catalog_products_.end());
    for (size_t k = 0; k < new_names_.size(); ++k)
        for (const std::string& name : known)
            if (loose_name(new_names_[k]) == loose_name(name))
                notes.push_back("usage category " + in_quotes(new_names_[k]) + " (" + std::to_string(new_rows_[k]) +
                                " row" + (new_rows_[k] == 1 ? "" : "s") + ") differs from " + in_quotes(name) +
                                " only in case, spaces or '-' for '_': read as a product of its own; is it a typo?");
    return notes;
}

}  // namespace creditsim::detail
