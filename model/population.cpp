#include "model/population.hpp"

#include <algorithm>

namespace creditsim {

uint32_t Population::find_partner(const std::string& id) const {
    auto it = std::lower_bound(partners.begin(), partners.end(), id,
                               [](const Partner& p, const std::string& key) { return p.id < key; });
    return it != partners.end() && it->id == id ? uint32_t(it - partners.begin()) : kNone;
}

uint32_t Population::find_user(uint32_t partner, const std::string& user_id) const {
    const Partner& p = partners[partner];
    auto first = users.begin() + p.first_user;
    auto last = first + p.user_count;
    auto it = std::lower_bound(first, last, user_id, [](const User& u, const std::string& key) { return u.id < key; });
    return it != last && it->id == user_id ? uint32_t(it - users.begin()) : kNone;
}

uint32_t Population::find_credit(const std::string& id) const {
    auto it = std::lower_bound(credits.begin(), credits.end(), id,
                               [](const Credit& c, const std::string& key) { return c.id < key; });
    return it != credits.end() && it->id == id ? uint32_t(it - credits.begin()) : kNone;
}

std::string make_credit_id(const std::string& partner_id, int year, const std::string& credit, int copy, int count) {
    std::string id = partner_id + "/" + std::to_string(year) + "/" + credit;
    if (count > 1) id += "#" + std::to_string(copy);
    return id;
}

void award_all_credits(Population& population) {
    auto& credits = population.credits;
    credits.clear();
    auto by_id = [](const Credit& a, const Credit& b) { return a.id < b.id; };
    for (uint32_t p = 0; p < population.partners.size(); ++p) {
        const Partner& partner = population.partners[p];
        const size_t first = credits.size();
        for (int year = 1; year <= partner.renewals + 1; ++year) {
            const Date award = partner.award_day(year);
            for (uint32_t line_index : population.catalog.lines_of_offer(partner.offer)) {
                const CatalogLine& line = population.catalog.lines()[line_index];
                for (int copy = 1; copy <= line.count; ++copy)
                    credits.push_back(Credit{make_credit_id(partner.id, year, line.credit, copy, line.count), p,
                                             line_index, year, award});
            }
        }
        std::sort(credits.begin() + std::ptrdiff_t(first), credits.end(), by_id);
    }
    // Partners are in id order, so their credits nearly always are too: only a
    // partner id that is a prefix of another, followed there by a character
    // below '/' ("P1" and "P1-x"), puts one partner's credits among another's.
    if (!std::is_sorted(credits.begin(), credits.end(), by_id)) std::sort(credits.begin(), credits.end(), by_id);

    // Group by partner, keeping id order within each partner.
    auto& by_partner = population.credits_by_partner;
    by_partner.resize(credits.size());
    std::vector<uint32_t> counts(population.partners.size(), 0);
    for (const Credit& c : credits) ++counts[c.partner];
    uint32_t offset = 0;
    for (uint32_t p = 0; p < population.partners.size(); ++p) {
        population.partners[p].first_credit = offset;
        population.partners[p].credit_count = 0;
        offset += counts[p];
    }
    for (uint32_t i = 0; i < credits.size(); ++i) {
        Partner& partner = population.partners[credits[i].partner];
        by_partner[partner.first_credit + partner.credit_count++] = i;
    }
}

}  // namespace creditsim
