// award_all_credits: every credit of every membership year, in credit id
// order (an index is a rank), grouped by partner in that order.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/population.hpp"
#include "tests/support/catalog_line.hpp"

namespace creditsim {
namespace {

Population population_of(const std::vector<std::string>& partner_ids) {
    Population population;
    population.catalog = Catalog({testing::catalog_line("gold", "azure_monthly", CreditKind::monthly, 10000, 10),
                                  testing::catalog_line("gold", "azure_bulk", CreditKind::bulk, 500000, 1, 12)},
                                 {});
    for (const std::string& id : partner_ids) {
        Partner p;
        p.id = id;
        p.offer = 0;
        p.joined = Date::from_ymd(2026, 1, 31);
        p.renewals = 1;
        population.partners.push_back(p);
    }
    std::sort(population.partners.begin(), population.partners.end(),
              [](const Partner& a, const Partner& b) { return a.id < b.id; });
    award_all_credits(population);
    return population;
}

TEST(AwardAllCredits, CreditsAreInIdOrderAndGroupedByPartner) {
    // "P1-x" sorts after "P1" but its credits before P1's ("P1-x/..." < "P1/..."):
    // the one case where partner order is not credit order.
    for (const auto& ids : {std::vector<std::string>{"P1", "P10", "P2"}, std::vector<std::string>{"P1", "P1-x", "P1.y", "Q"}}) {
        const Population population = population_of(ids);
        ASSERT_EQ(population.credits.size(), ids.size() * 2 * 11);
        for (size_t i = 1; i < population.credits.size(); ++i)
            EXPECT_LT(population.credits[i - 1].id, population.credits[i].id) << i;
        for (uint32_t p = 0; p < population.partners.size(); ++p) {
            const Partner& partner = population.partners[p];
            ASSERT_EQ(partner.credit_count, 22u) << partner.id;
            for (uint32_t k = 0; k < partner.credit_count; ++k) {
                const Credit& credit = population.credits[population.credits_by_partner[partner.first_credit + k]];
                EXPECT_EQ(credit.partner, p);
                EXPECT_EQ(credit.id.substr(0, partner.id.size() + 1), partner.id + "/");
                if (k > 0) {
                    EXPECT_LT(population.credits[population.credits_by_partner[partner.first_credit + k - 1]].id,
                              credit.id);
                }
            }
        }
    }
}

TEST(AwardAllCredits, YearTwoIsAwardedOnTheClampedAnniversary) {
    const Population population = population_of({"P1"});
    const Credit& year_two = population.credits[population.find_credit("P1/2/azure_bulk")];
    EXPECT_EQ(year_two.year, 2);
    EXPECT_EQ(year_two.award_day, Date::from_ymd(2027, 1, 31));
    EXPECT_EQ(population.credits[population.find_credit("P1/1/azure_monthly#10")].award_day, Date::from_ymd(2026, 1, 31));
}

}  // namespace
}  // namespace creditsim
