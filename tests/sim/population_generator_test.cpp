// Generated populations (SPEC 7): determinism, common random numbers (the
// policy, the number of partners and other partners never move partner k),
// the distributions' shares, and the offer_mix error messages.
#include "sim/generate/population_generator.hpp"

#include <gtest/gtest.h>

#include "tests/support/catalog_line.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "model/errors.hpp"

namespace creditsim {
namespace {

Date day(const char* text) { return *parse_date(text); }


Catalog test_catalog() {
    return Catalog({testing::catalog_line("ap", "azure_monthly", CreditKind::monthly, 10000),
                    testing::catalog_line("core", "azure_monthly", CreditKind::monthly, 15000),
                    testing::catalog_line("core", "azure_bulk", CreditKind::bulk, 600000),
                    testing::catalog_line("gold", "azure_monthly", CreditKind::monthly, 10000, 2),
                    testing::catalog_line("gold", "azure_bulk", CreditKind::bulk, 300000, 1, 24)},
                   {});
}

const char* const kMix = "ap:0.5, core:0.3, gold:0.2";

struct GeneratorRun {
    Policy policy;
    Behavior behavior;
    int64_t partners = 200;
    Date start = day("2026-01-01");
    int months = 36;
    uint64_t seed = 20261126;
    int replication = 0;

    GeneratedPopulation generate() const {
        const Catalog catalog = test_catalog();
        return generate_population(catalog, policy, behavior, parse_offer_mix(kMix, catalog, "test.ini"), partners,
                                   start, months, seed, replication);
    }
};

/// Everything generated about partner k, as one line.
std::string describe(const GeneratedPopulation& g, uint32_t k) {
    const Population& pop = g.population;
    const Partner& p = pop.partners[k];
    std::ostringstream out;
    out << p.id << " " << pop.catalog.offers()[p.offer] << " " << p.joined.to_string() << " r" << p.renewals;
    for (uint32_t u = p.first_user; u < p.first_user + p.user_count; ++u)
        out << " " << pop.users[u].id << (pop.users[u].is_free_hosted ? "!" : "");
    for (uint32_t i = 0; i < p.credit_count; ++i) out << " " << pop.credits[pop.credits_by_partner[p.first_credit + i]].id;
    out << " i" << g.traits[k].usage_intensity << (g.traits[k].is_idle ? " idle" : "");
    return out.str();
}

std::vector<std::string> describe_all(const GeneratedPopulation& g) {
    std::vector<std::string> lines;
    for (uint32_t k = 0; k < g.population.partners.size(); ++k) lines.push_back(describe(g, k));
    return lines;
}

TEST(PopulationGenerator, SameInputsGiveTheSamePopulation) {
    const GeneratorRun run;
    EXPECT_EQ(describe_all(run.generate()), describe_all(run.generate()));
}

TEST(PopulationGenerator, SeedAndReplicationChangeThePopulation) {
    const GeneratorRun run;
    GeneratorRun other_seed = run;
    other_seed.seed += 1;
    GeneratorRun other_replication = run;
    other_replication.replication = 1;
    EXPECT_NE(describe_all(run.generate()), describe_all(other_seed.generate()));
    EXPECT_NE(describe_all(run.generate()), describe_all(other_replication.generate()));
}

TEST(PopulationGenerator, PolicyDoesNotMoveThePopulation) {
    const GeneratorRun run;
    struct Row { const char* why; void (*change)(Policy&); };
    const Row rows[] = {
        {"validity_months", [](Policy& p) { p.validity_months = 12; }},
        {"max_reassignments", [](Policy& p) { p.max_reassignments = 1; }},
        {"bulk rules", [](Policy& p) { p.bulk_reassignable = true; p.max_bulk_per_user = 3; }},
        {"flow and period", [](Policy& p) { p.flow = Flow::billing_profile; p.period = PeriodKind::calendar; }},
        {"deadlines", [](Policy& p) { p.activation_window_days = 30; p.notice_days = 1; p.retention_days = 10; }},
        {"block_free_hosted", [](Policy& p) { p.block_free_hosted = false; }},
    };
    const auto baseline = describe_all(run.generate());
    for (const Row& row : rows) {
        GeneratorRun changed = run;
        row.change(changed.policy);
        EXPECT_EQ(describe_all(changed.generate()), baseline) << row.why;
    }
}

TEST(PopulationGenerator, PartnerKIsTheSameWhateverThePartnerCount) {
    GeneratorRun small;
    small.partners = 100;
    GeneratorRun large = small;
    large.partners = 1000;
    const GeneratedPopulation a = small.generate();
    const GeneratedPopulation b = large.generate();
    for (uint32_t k = 0; k < 100; ++k) ASSERT_EQ(describe(a, k), describe(b, k)) << "partner " << k;
}

TEST(PopulationGenerator, IdsFollowIndexOrderAndCreditsAreAwarded) {
    GeneratorRun run;
    run.partners = 1200;
    const GeneratedPopulation g = run.generate();
    const Population& pop = g.population;
    ASSERT_EQ(pop.partners.size(), 1200u);
    ASSERT_EQ(g.traits.size(), 1200u);
    EXPECT_EQ(pop.partners[0].id, "G0000001");
    EXPECT_EQ(pop.partners[1199].id, "G0001200");
    for (size_t k = 1; k < pop.partners.size(); ++k) ASSERT_LT(pop.partners[k - 1].id, pop.partners[k].id);
    size_t expected_credits = 0;
    for (const Partner& p : pop.partners) {
        ASSERT_GE(p.user_count, 1u);
        EXPECT_EQ(pop.users[p.first_user].id, "u01");
        for (uint32_t u = p.first_user + 1; u < p.first_user + p.user_count; ++u)
            ASSERT_LT(pop.users[u - 1].id, pop.users[u].id) << p.id;
        size_t per_year = 0;
        for (uint32_t l : pop.catalog.lines_of_offer(p.offer)) per_year += size_t(pop.catalog.lines()[l].count);
        expected_credits += per_year * size_t(p.renewals + 1);
        EXPECT_EQ(p.credit_count, per_year * size_t(p.renewals + 1)) << p.id;
    }
    EXPECT_EQ(pop.credits.size(), expected_credits);
    EXPECT_TRUE(pop.subscriptions.empty());
    for (const Credit& c : pop.credits) {
        const Partner& p = pop.partners[c.partner];
        ASSERT_EQ(c.id.substr(0, p.id.size() + 1), p.id + "/") << c.id;
        ASSERT_EQ(c.award_day, p.award_day(c.year)) << c.id;
    }
}

TEST(PopulationGenerator, OfferSharesFollowTheMix) {
    GeneratorRun run;
    run.partners = 20000;
    const GeneratedPopulation g = run.generate();
    std::vector<int> counts(g.population.catalog.offers().size(), 0);
    for (const Partner& p : g.population.partners) ++counts[p.offer];
    const Catalog& catalog = g.population.catalog;
    EXPECT_NEAR(counts[catalog.find_offer("ap")] / 20000.0, 0.5, 0.012);
    EXPECT_NEAR(counts[catalog.find_offer("core")] / 20000.0, 0.3, 0.012);
    EXPECT_NEAR(counts[catalog.find_offer("gold")] / 20000.0, 0.2, 0.012);
}

TEST(PopulationGenerator, JoinDaysSpreadOverTheWindowClampedToTheRun) {
    GeneratorRun run;
    run.partners = 5000;
    const GeneratedPopulation g = run.generate();
    Date first = day("2099-01-01"), last = day("1999-01-01");
    for (const Partner& p : g.population.partners) {
        first = std::min(first, p.joined);
        last = std::max(last, p.joined);
    }
    EXPECT_GE(first, run.start);
    EXPECT_LE(first, run.start.plus_days(3));
    EXPECT_LT(last, day("2027-01-01"));
    EXPECT_GE(last, day("2026-12-28"));

    GeneratorRun short_run = run;
    short_run.months = 3;  // the 12-month window is clamped to the run
    for (const Partner& p : short_run.generate().population.partners) ASSERT_LT(p.joined, day("2026-04-01")) << p.id;
}

TEST(PopulationGenerator, UsersAndFreeHostedShare) {
    GeneratorRun run;
    run.partners = 20000;
    const GeneratedPopulation g = run.generate();
    const Population& pop = g.population;
    int free_hosted = 0;
    for (const User& user : pop.users) {
        ASSERT_EQ(user.id.size(), 3u) << user.id;  // "u" and two digits: no partner here has 100 users
        ASSERT_EQ(user.id[0], 'u');
        ASSERT_TRUE(user.email.empty()) << "generated users keep no address";
        free_hosted += user.is_free_hosted;
    }
    EXPECT_NEAR(double(free_hosted) / double(pop.users.size()), 0.1, 0.006);
    EXPECT_NEAR(double(pop.users.size()) / 20000.0, run.behavior.users_mean, 0.04);  // 1 + Poisson(mean - 1)
}

// The free-hosted users draw their domain from the policy's list, so the
// flag follows the list: none without a list, the same users with any list.
TEST(PopulationGenerator, FreeHostedFlagsFollowThePolicyList) {
    GeneratorRun gmail_only;
    gmail_only.partners = 5000;
    gmail_only.policy.free_hosted_domains = {"gmail.com"};
    GeneratorRun no_list = gmail_only;
    no_list.policy.free_hosted_domains = {};
    GeneratorRun default_list = gmail_only;
    default_list.policy.free_hosted_domains = Policy{}.free_hosted_domains;
    const auto gmail_users = gmail_only.generate().population.users;
    const auto no_list_users = no_list.generate().population.users;
    const auto default_users = default_list.generate().population.users;
    ASSERT_EQ(gmail_users.size(), no_list_users.size());
    ASSERT_EQ(gmail_users.size(), default_users.size());
    int flagged = 0;
    for (size_t u = 0; u < gmail_users.size(); ++u) {
        ASSERT_FALSE(no_list_users[u].is_free_hosted) << u;
        ASSERT_EQ(gmail_users[u].is_free_hosted, default_users[u].is_free_hosted) << u;
        flagged += gmail_users[u].is_free_hosted;
    }
    EXPECT_NEAR(double(flagged) / double(gmail_users.size()), gmail_only.behavior.free_hosted_share, 0.015);
}

TEST(PopulationGenerator, ManyUsersGetWiderIds) {
    GeneratorRun run;
    run.partners = 3;
    run.behavior.users_mean = 150;
    const GeneratedPopulation g = run.generate();
    const Partner& p = g.population.partners[0];
    ASSERT_GE(p.user_count, 100u);
    EXPECT_EQ(g.population.users[p.first_user].id, "u001");
    for (uint32_t u = p.first_user + 1; u < p.first_user + p.user_count; ++u)
        ASSERT_LT(g.population.users[u - 1].id, g.population.users[u].id);
}

TEST(PopulationGenerator, RenewalsAreGeometricUntilTheFirstRefusal) {
    GeneratorRun run;
    run.partners = 20000;
    run.months = 300;  // 25 years: truncation by the run's end is negligible
    run.behavior.renewal_probability = 0.6;
    const GeneratedPopulation g = run.generate();
    std::vector<int> counts(40, 0);
    double sum = 0;
    for (const Partner& p : g.population.partners) {
        ++counts[std::min(p.renewals, 39)];
        sum += p.renewals;
    }
    EXPECT_NEAR(counts[0] / 20000.0, 0.4, 0.012);
    EXPECT_NEAR(counts[1] / 20000.0, 0.24, 0.012);
    EXPECT_NEAR(counts[2] / 20000.0, 0.144, 0.01);
    EXPECT_NEAR(sum / 20000.0, 1.5, 0.05);  // 0.6 / 0.4
}

TEST(PopulationGenerator, RenewalsCountOnlyAnniversariesBeforeTheRunsEnd) {
    GeneratorRun run;
    run.partners = 2000;
    run.months = 18;
    run.behavior.renewal_probability = 1.0;
    const Date run_end = add_months(run.start, run.months);
    for (const Partner& p : run.generate().population.partners) {
        const Date first_anniversary = add_months(p.joined, 12);
        ASSERT_EQ(p.renewals, first_anniversary < run_end ? 1 : 0) << p.id << " joined " << p.joined.to_string();
    }
}

TEST(PopulationGenerator, RenewalDecisionsDoNotDependOnTheRunLength) {
    // The j-th renewal decision is the j-th draw: a longer run only adds later decisions.
    GeneratorRun short_run;
    short_run.partners = 500;
    short_run.months = 36;
    short_run.behavior.join_window_months = 1;
    GeneratorRun long_run = short_run;
    long_run.months = 120;
    const GeneratedPopulation a = short_run.generate();
    const GeneratedPopulation b = long_run.generate();
    for (uint32_t k = 0; k < 500; ++k) {
        const Partner& pa = a.population.partners[k];
        const Partner& pb = b.population.partners[k];
        ASSERT_EQ(pa.joined, pb.joined);
        ASSERT_EQ(std::min(pb.renewals, 2), pa.renewals) << pa.id;  // anniversaries 1 and 2 fall in both runs
    }
}

TEST(PopulationGenerator, IdleShareAndIntensityMedian) {
    GeneratorRun run;
    run.partners = 20000;
    const GeneratedPopulation g = run.generate();
    int idle = 0;
    std::vector<double> active;
    for (const PartnerTraits& t : g.traits) {
        if (t.is_idle) {
            ++idle;
            ASSERT_EQ(t.usage_intensity, run.behavior.idle_intensity);
        } else {
            active.push_back(t.usage_intensity);
        }
    }
    EXPECT_NEAR(idle / 20000.0, run.behavior.idle_share, 0.01);
    std::nth_element(active.begin(), active.begin() + active.size() / 2, active.end());
    EXPECT_NEAR(active[active.size() / 2], run.behavior.usage_intensity_median, 0.03);
}

TEST(PopulationGenerator, TooManyPartnersIsAnInputError) {
    GeneratorRun run;
    run.partners = kMaxGeneratedPartners + 1;
    try {
        run.generate();
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "key 'population.partners': expected at most 999999999 generated partners; got 1000000000");
    }
}

TEST(PopulationGenerator, ParseOfferMixNormalisesAndSortsByOffer) {
    const Catalog catalog = test_catalog();
    const auto mix = parse_offer_mix(" gold : 2 ,ap:2, core:4 ", catalog, "s.ini");
    ASSERT_EQ(mix.size(), 3u);
    EXPECT_EQ(mix[0].first, catalog.find_offer("ap"));
    EXPECT_EQ(mix[1].first, catalog.find_offer("core"));
    EXPECT_EQ(mix[2].first, catalog.find_offer("gold"));
    EXPECT_DOUBLE_EQ(mix[0].second, 0.25);
    EXPECT_DOUBLE_EQ(mix[1].second, 0.5);
    EXPECT_DOUBLE_EQ(mix[2].second, 0.25);
    const auto single = parse_offer_mix("core:1e-3", catalog, "s.ini");
    ASSERT_EQ(single.size(), 1u);
    EXPECT_DOUBLE_EQ(single[0].second, 1.0);
}

TEST(PopulationGenerator, ParseOfferMixErrorMessages) {
    const Catalog catalog = test_catalog();
    struct Row { const char* why; const char* text; const char* message; };
    const Row rows[] = {
        {"empty", "  ",
         "s.ini: key 'population.offer_mix': expected offer:weight pairs separated by commas "
         "(e.g. 'action_pack:0.4, success_core:0.6'); got an empty value"},
        {"unknown offer", "ap:0.5, nope:0.5",
         "s.ini: key 'population.offer_mix': unknown offer \"nope\"; the catalog's offers are ap, core, gold"},
        {"weight not a number", "ap:lots",
         "s.ini: key 'population.offer_mix': expected a weight > 0 for offer \"ap\"; got \"lots\""},
        {"weight zero", "ap:0",
         "s.ini: key 'population.offer_mix': expected a weight > 0 for offer \"ap\"; got \"0\""},
        {"weight negative", "ap:-1",
         "s.ini: key 'population.offer_mix': expected a weight > 0 for offer \"ap\"; got \"-1\""},
        {"weight missing", "ap:",
         "s.ini: key 'population.offer_mix': expected a weight > 0 for offer \"ap\"; got nothing"},
        {"trailing text", "ap:0.5x",
         "s.ini: key 'population.offer_mix': expected a weight > 0 for offer \"ap\"; got \"0.5x\""},
        {"no colon", "ap",
         "s.ini: key 'population.offer_mix': expected offer:weight; got \"ap\" (no ':')"},
        {"empty item", "ap:1,,core:1",
         "s.ini: key 'population.offer_mix': expected offer:weight between commas; got an empty item"},
        {"duplicate", "ap:1, ap:2",
         "s.ini: key 'population.offer_mix': offer \"ap\" is named more than once"},
        {"every problem at once", "nope:x, core:1",
         "s.ini: key 'population.offer_mix': unknown offer \"nope\"; the catalog's offers are ap, core, gold\n"
         "s.ini: key 'population.offer_mix': expected a weight > 0 for offer \"nope\"; got \"x\""},
    };
    for (const Row& row : rows) {
        try {
            parse_offer_mix(row.text, catalog, "s.ini");
            ADD_FAILURE() << row.why << ": expected InputError";
        } catch (const InputError& e) {
            EXPECT_EQ(std::string(e.what()), row.message) << row.why;
        }
    }
}

}  // namespace
}  // namespace creditsim
