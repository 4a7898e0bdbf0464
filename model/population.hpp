#pragma once
// Who holds what: partners, their users, the credits their memberships award,
// and the subscriptions usage is reported on. Every table is sorted by id in
// byte order, so an index is also a rank: "ascending id order" is index order.

#include <cstdint>
#include <string>
#include <vector>

#include "model/catalog.hpp"
#include "model/date.hpp"
#include "model/index.hpp"

namespace creditsim {

struct Partner {
    std::string id;
    int offer = 0;          ///< index into Catalog::offers()
    Date joined;
    int renewals = 0;       ///< membership years after the first
    uint32_t first_user = 0, user_count = 0;      ///< range in Population::users
    uint32_t first_credit = 0, credit_count = 0;  ///< range of its credits in award order (see credits_of_partner)

    /// The day membership year k (1-based) is awarded: joined + 12(k-1) months.
    Date award_day(int year) const { return add_months(joined, 12 * (year - 1)); }
    /// The first day the membership no longer holds: joined + 12(renewals+1) months.
    Date membership_end_day() const { return add_months(joined, 12 * (renewals + 1)); }
};

struct User {
    std::string id;
    std::string email;  ///< as users.csv gives it; empty for generated users (only is_free_hosted is kept)
    uint32_t partner = kNone;
    bool is_free_hosted = false;  ///< domain in the policy's free-hosted list (set by the loader)
};

/// One credit a membership year awards (whether or not that award falls in the run).
struct Credit {
    std::string id;  ///< <partner_id>/<year>/<credit>[#k]
    uint32_t partner = kNone;
    uint32_t catalog_line = 0;
    int year = 1;
    Date award_day;
};

/// A subscription usage is reported on: a credit's (id = credit id) or a plain PAYG one.
struct Subscription {
    std::string id;
    uint32_t partner = kNone;
    uint32_t credit = kNone;  ///< the credit whose subscription this is, or kNone
};

struct Population {
    Catalog catalog;
    std::vector<Partner> partners;            ///< ascending id
    std::vector<User> users;                  ///< grouped by partner, ascending user id within
    std::vector<Credit> credits;              ///< ascending id
    std::vector<uint32_t> credits_by_partner; ///< credit indices grouped by partner (Partner::first_credit)
    std::vector<Subscription> subscriptions;  ///< ascending (id, partner)

    /// Index of the partner with that id, or kNone.
    uint32_t find_partner(const std::string& id) const;
    /// Index of the user of that partner with that id, or kNone.
    uint32_t find_user(uint32_t partner, const std::string& user_id) const;
    /// Index of the credit with that id, or kNone.
    uint32_t find_credit(const std::string& id) const;
};

/// "<partner>/<year>/<credit>" plus "#k" when the catalog line awards more than one.
std::string make_credit_id(const std::string& partner_id, int year, const std::string& credit, int copy, int count);

/// Fills population.credits and credits_by_partner from partners and catalog:
/// every credit of every membership year 1..renewals+1, sorted by id.
void award_all_credits(Population& population);

}  // namespace creditsim
