#pragma once
// Random replay worlds for the engine's property tests: a small catalog
// (monthly, bulk and product credits), a few partners with users (some
// free-hosted), actions of every kind on random days (invalid ones included)
// and sparse daily demand on credit and plain subscriptions in every
// category, under random policies. The same seed always gives the same world.
//   RandomWorld w = make_random_world(17);
//   RunOutcome out = w.builder().run(w.policy, w.start, w.months);

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "model/catalog.hpp"
#include "model/policy.hpp"
#include "tests/support/world_builder.hpp"

namespace creditsim::testing {

/// A world as plain rows, so that it can be fed to a WorldBuilder in any order.
struct RandomWorld {
    struct CatalogRow {
        std::string offer, credit;
        CreditKind kind = CreditKind::monthly;
        int64_t cents = 0;
        int count = 1;
        int term_months = 12;  ///< bulk only
        std::string scope;     ///< "azure" or a product name
    };
    struct PartnerRow {
        std::string id, offer, joined;
        int renewals = 0;
    };
    struct UserRow {
        std::string partner, user, email;
        bool is_free_hosted = false;
    };
    struct ActionRow {
        std::string date, action, credit, user;
    };
    struct UsageRow {
        std::string date, partner, subscription, category;
        int64_t cents = 0;
    };

    uint64_t seed = 0;
    Policy policy;        ///< the policy the world is generated for
    Policy other_policy;  ///< a second random policy (the other flow) to replay the same history under
    std::string start;    ///< the run's first day
    int months = 0;
    std::vector<CatalogRow> catalog;
    std::vector<PartnerRow> partners;
    std::vector<UserRow> users;
    std::vector<ActionRow> actions;
    std::vector<UsageRow> usage;

    /// A builder fed with every row, in the order of the vectors.
    WorldBuilder builder() const;
    /// One line for failure messages: seed, run, sizes and both policies.
    std::string describe() const;
};

/// The world of that seed (std::mt19937_64 seeded with it).
RandomWorld make_random_world(uint64_t seed);

/// A random policy of either flow, both period kinds, prorating, carry-forward
/// 0, 0.25, 0.5 or 1, small validity, caps 0..5, small and large windows.
Policy make_random_policy(std::mt19937_64& rng);

/// "legacy calendar prorate cf=0.25 validity=3 ..." for failure messages.
std::string describe(const Policy& policy);

/// The same world with catalog lines, partners, users, usage and actions
/// given in another random order. Actions that share (day, rank, credit)
/// keep their relative order: that order is the builder's documented
/// tie-break (the file line), so only the rest may be shuffled.
RandomWorld shuffle_rows(const RandomWorld& world, uint64_t shuffle_seed);

}  // namespace creditsim::testing
