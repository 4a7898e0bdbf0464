#include "model/catalog.hpp"

#include <algorithm>
#include <stdexcept>

namespace creditsim {

const char* to_string(CreditKind kind) { return kind == CreditKind::monthly ? "monthly" : "bulk"; }

Catalog::Catalog(std::vector<CatalogLine> lines, std::vector<std::string> products)
    : lines_(std::move(lines)), products_(std::move(products)) {
    std::sort(products_.begin(), products_.end());
    products_.erase(std::unique(products_.begin(), products_.end()), products_.end());
    if (products_.size() > kMaxProducts) throw std::length_error("more than 65533 products");
    category_names_ = {"eligible", "ineligible"};
    category_names_.insert(category_names_.end(), products_.begin(), products_.end());

    for (const auto& line : lines_) offers_.push_back(line.offer);
    std::sort(offers_.begin(), offers_.end());
    offers_.erase(std::unique(offers_.begin(), offers_.end()), offers_.end());
    lines_of_offer_.resize(offers_.size());
    for (uint32_t i = 0; i < lines_.size(); ++i) lines_of_offer_[find_offer(lines_[i].offer)].push_back(i);
    for (auto& indices : lines_of_offer_)
        std::sort(indices.begin(), indices.end(),
                  [&](uint32_t a, uint32_t b) { return lines_[a].credit < lines_[b].credit; });
}

int Catalog::find_offer(const std::string& offer) const {
    auto it = std::lower_bound(offers_.begin(), offers_.end(), offer);
    return it != offers_.end() && *it == offer ? int(it - offers_.begin()) : -1;
}

const std::string& Catalog::category_name(Category category) const { return category_names_.at(category); }

int Catalog::find_category(const std::string& name) const {
    if (name == "eligible") return kEligible;
    if (name == "ineligible") return kIneligible;
    auto it = std::lower_bound(products_.begin(), products_.end(), name);
    return it != products_.end() && *it == name ? int(kFirstProduct + (it - products_.begin())) : -1;
}

std::vector<Category> Catalog::add_products(const std::vector<std::string>& names) {
    const std::vector<std::string> before = products_;
    products_.insert(products_.end(), names.begin(), names.end());
    std::sort(products_.begin(), products_.end());
    products_.erase(std::unique(products_.begin(), products_.end()), products_.end());
    if (products_.size() > kMaxProducts) {
        products_ = before;
        throw std::length_error("more than 65533 products");
    }
    category_names_.resize(kFirstProduct);
    category_names_.insert(category_names_.end(), products_.begin(), products_.end());

    std::vector<Category> new_category = {kEligible, kIneligible};
    for (const std::string& product : before) new_category.push_back(Category(find_category(product)));
    for (CatalogLine& line : lines_)
        if (line.scope != kAzureScope) line.scope = new_category[line.scope];
    return new_category;
}

const std::string& Catalog::scope_name(Category scope) const {
    static const std::string azure = "azure";
    return scope == kAzureScope ? azure : category_name(scope);
}

}  // namespace creditsim
