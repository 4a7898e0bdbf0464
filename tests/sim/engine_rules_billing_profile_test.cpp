// SPEC 1 and 3, billing-profile flow: credits pooled on the partner's billing
// profile from their award day; each category draws narrowest scope first,
// then by burn_order with its tie-breaks; categories are served products
// (ascending name), eligible, ineligible, subscriptions in id order; actions
// are ignored (counted in the notes, no events); no states, no disabled days,
// no forfeits.
#include <gtest/gtest.h>

#include <functional>

#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

using Lines = std::vector<std::string>;

Policy pool_policy(BurnOrder order = BurnOrder::earliest_end_first) {
    Policy policy;
    policy.flow = Flow::billing_profile;
    policy.burn_order = order;
    return policy;
}

// What a credit used in its first period (its ledger row starting on the award day).
int64_t first_period_used(const RunOutcome& out, const std::string& credit_id) {
    const uint32_t c = out.population.find_credit(credit_id);
    for (const LedgerRow& r : out.result.ledger)
        if (r.credit == c) return r.used.cents();
    ADD_FAILURE() << "no ledger row for " << credit_id;
    return -1;
}

using Used = std::vector<std::pair<std::string, int64_t>>;  // (credit id, used in its first period)

void expect_used(const RunOutcome& out, const Used& used) {
    for (const auto& [credit, cents] : used) {
        SCOPED_TRACE(credit);
        EXPECT_EQ(first_period_used(out, credit), cents);
    }
}

// ---------------------------------------------------------------------------

struct BurnCase {
    const char* reason;
    BurnOrder order;
    int64_t eligible;  // on S1, 2026-01-05
    Used used;
    int64_t overage;
};

TEST(EngineRulesBillingProfile, BurnOrdersAndTheirTieBreaks) {
    // Awarded (and deposited) 2026-01-01:
    //   a_bulk 30000 (end 2027-01-01)   b_monthly 10000/month (end 2027-02-01)   c_bulk 50000 (end 2027-01-01)
    //   m_monthly 10000/month (end 2027-02-01)   z_bulk 30000 (term 6: end 2026-07-01). Total in January 130000.
    using enum BurnOrder;
    const std::vector<BurnCase> cases = {
        {"earliest_end_first: z (Jul 1) first, then a before c (same end, ties by id)", earliest_end_first, 45000,
         {{"P1/1/z_bulk", 30000}, {"P1/1/a_bulk", 15000}, {"P1/1/c_bulk", 0}, {"P1/1/b_monthly", 0},
          {"P1/1/m_monthly", 0}},
         0},
        {"earliest_end_first: bulk ending 2027-01-01 before monthly ending 2027-02-01; b before m by id",
         earliest_end_first, 115000,
         {{"P1/1/z_bulk", 30000}, {"P1/1/a_bulk", 30000}, {"P1/1/c_bulk", 50000}, {"P1/1/b_monthly", 5000},
          {"P1/1/m_monthly", 0}},
         0},
        {"largest_balance_first: c (50000) first; a and z tie on 30000 -> earlier end day (z) first",
         largest_balance_first, 85000,
         {{"P1/1/c_bulk", 50000}, {"P1/1/z_bulk", 30000}, {"P1/1/a_bulk", 5000}, {"P1/1/b_monthly", 0},
          {"P1/1/m_monthly", 0}},
         0},
        {"largest_balance_first: b and m tie on balance and end day -> id (b first)", largest_balance_first,
         125000,
         {{"P1/1/c_bulk", 50000}, {"P1/1/z_bulk", 30000}, {"P1/1/a_bulk", 30000}, {"P1/1/b_monthly", 10000},
          {"P1/1/m_monthly", 5000}},
         0},
        {"monthly_first: monthly credits first, b before m (same end day, id)", monthly_first, 15000,
         {{"P1/1/b_monthly", 10000}, {"P1/1/m_monthly", 5000}, {"P1/1/z_bulk", 0}, {"P1/1/a_bulk", 0},
          {"P1/1/c_bulk", 0}},
         0},
        {"monthly_first: then bulk credits by end day (z first)", monthly_first, 45000,
         {{"P1/1/b_monthly", 10000}, {"P1/1/m_monthly", 10000}, {"P1/1/z_bulk", 25000}, {"P1/1/a_bulk", 0},
          {"P1/1/c_bulk", 0}},
         0},
        {"monthly_first: a before c (same end day, id)", monthly_first, 100000,
         {{"P1/1/b_monthly", 10000}, {"P1/1/m_monthly", 10000}, {"P1/1/z_bulk", 30000}, {"P1/1/a_bulk", 30000},
          {"P1/1/c_bulk", 20000}},
         0},
        {"beyond every credit: payg_overage (no limit, nothing unserved)", earliest_end_first, 150000,
         {{"P1/1/z_bulk", 30000}, {"P1/1/a_bulk", 30000}, {"P1/1/c_bulk", 50000}, {"P1/1/b_monthly", 10000},
          {"P1/1/m_monthly", 10000}},
         20000},
    };
    for (const BurnCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        w.bulk("bp", "a_bulk", 30000).monthly("bp", "b_monthly", 10000).bulk("bp", "c_bulk", 50000);
        w.monthly("bp", "m_monthly", 10000).bulk("bp", "z_bulk", 30000, 6);
        w.partner("P1", "bp", "2026-01-01");
        w.use("2026-01-05", "P1", "S1", "eligible", c.eligible);
        const RunOutcome out = w.run(pool_policy(c.order), "2026-01-01", 1);
        expect_used(out, c.used);
        const BillingMonth jan = out.billing("P1", "2026-01");
        EXPECT_EQ(jan.flows.credit_used.cents(), c.eligible - c.overage);
        EXPECT_EQ(jan.flows.payg_overage.cents(), c.overage);
        EXPECT_EQ(jan.flows.unserved.cents(), 0);
    }
}

// ---------------------------------------------------------------------------

struct ScopeCase {
    const char* reason;
    BurnOrder order;
    std::function<void(WorldBuilder&)> catalog;  // lines of offer "bp"
    std::vector<std::pair<std::string, int64_t>> demand;  // (category, cents) on S1, one day each in order
    Used used;
    int64_t credit_used, overage;
};

TEST(EngineRulesBillingProfile, NarrowestScopeFirst) {
    // Each demand line is on its own day (01-05, 01-06, ...). Without the rule, the first day's product
    // usage would take the azure credit and the second day's eligible usage would go to overage.
    using enum BurnOrder;
    const std::vector<ScopeCase> cases = {
        {"earliest_end_first: the product credit pays its product although the azure bulk ends earlier",
         earliest_end_first,
         [](WorldBuilder& w) { w.bulk("bp", "a_bulk", 10000).monthly("bp", "ghe_monthly", 10000, 1, "ghe"); },
         {{"ghe", 10000}, {"eligible", 10000}}, {{"P1/1/ghe_monthly", 10000}, {"P1/1/a_bulk", 10000}}, 20000, 0},
        {"largest_balance_first: the product credit first although the azure credit is larger",
         largest_balance_first,
         [](WorldBuilder& w) { w.bulk("bp", "a_bulk", 20000).monthly("bp", "ghe_monthly", 10000, 1, "ghe"); },
         {{"ghe", 10000}, {"eligible", 20000}}, {{"P1/1/ghe_monthly", 10000}, {"P1/1/a_bulk", 20000}}, 30000, 0},
        {"monthly_first: a product bulk credit before an azure monthly one", monthly_first,
         [](WorldBuilder& w) { w.monthly("bp", "am", 10000).bulk("bp", "ghe_bulk", 10000, 12, "ghe"); },
         {{"ghe", 10000}, {"eligible", 10000}}, {{"P1/1/ghe_bulk", 10000}, {"P1/1/am", 10000}}, 20000, 0},
        {"a product credit pays nothing else: another product is payg_overage", earliest_end_first,
         [](WorldBuilder& w) {
             w.monthly("bp", "ghe_monthly", 10000, 1, "ghe").monthly("other", "cop", 100, 1, "copilot");
         },
         {{"copilot", 3000}, {"eligible", 2000}}, {{"P1/1/ghe_monthly", 0}}, 0, 5000},
    };
    for (const ScopeCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        c.catalog(w);
        w.partner("P1", "bp", "2026-01-01");
        Date d = day("2026-01-05");
        for (const auto& [category, cents] : c.demand) {
            w.use(d.to_string(), "P1", "S1", category, cents);
            d = d.plus_days(1);
        }
        const RunOutcome out = w.run(pool_policy(c.order), "2026-01-01", 1);
        expect_used(out, c.used);
        EXPECT_EQ(out.billing("P1", "2026-01").flows.credit_used.cents(), c.credit_used);
        EXPECT_EQ(out.billing("P1", "2026-01").flows.payg_overage.cents(), c.overage);
    }
}

// ---------------------------------------------------------------------------

struct CategoryCase {
    const char* reason;
    std::vector<std::tuple<std::string, std::string, int64_t>> demand;  // (subscription, category, cents), one day
    Used used;
    int64_t payg_ineligible, overage;
};

TEST(EngineRulesBillingProfile, CategoryAndSubscriptionOrderWithinADay) {
    // largest_balance_first re-sorts the pool for each category, so the order of service shows in which
    // credit pays: a_bulk 10000, b_bulk 9000 (both azure, same end day). Products alpha and zeta exist
    // (credits of another offer). All demand on 2026-01-05.
    const std::vector<CategoryCase> cases = {
        {"products before eligible: alpha 3000 takes a (10000 > 9000); eligible 2000 then takes b (9000 > 7000)",
         {{"S1", "eligible", 2000}, {"S1", "alpha", 3000}}, {{"P1/1/a_bulk", 3000}, {"P1/1/b_bulk", 2000}}, 0, 0},
        {"products before eligible even when the product's name sorts after 'eligible' (zeta)",
         {{"S1", "eligible", 2000}, {"S1", "zeta", 3000}}, {{"P1/1/a_bulk", 3000}, {"P1/1/b_bulk", 2000}}, 0, 0},
        {"products in ascending name: alpha 3000 (a) before zeta 2000 (b), whatever the catalog order",
         {{"S1", "zeta", 2000}, {"S1", "alpha", 3000}}, {{"P1/1/a_bulk", 3000}, {"P1/1/b_bulk", 2000}}, 0, 0},
        {"ineligible is paid by no credit: payg_ineligible although credit is left",
         {{"S1", "ineligible", 5000}, {"S1", "eligible", 2000}}, {{"P1/1/a_bulk", 2000}, {"P1/1/b_bulk", 0}}, 5000,
         0},
        {"subscriptions in ascending id (byte) order: S10 (3000, takes a) before S2 (2000, takes b)",
         {{"S2", "eligible", 2000}, {"S10", "eligible", 3000}}, {{"P1/1/a_bulk", 3000}, {"P1/1/b_bulk", 2000}}, 0,
         0},
        {"what no credit pays is payg_overage (eligible and products), payg_ineligible (ineligible)",
         {{"S1", "eligible", 15000}, {"S1", "alpha", 10000}, {"S1", "ineligible", 700}},
         {{"P1/1/a_bulk", 10000}, {"P1/1/b_bulk", 9000}}, 700, 6000},
    };
    for (const CategoryCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        w.bulk("bp", "a_bulk", 10000).bulk("bp", "b_bulk", 9000);
        w.monthly("other", "zeta_c", 100, 1, "zeta").monthly("other", "alpha_c", 100, 1, "alpha");
        w.partner("P1", "bp", "2026-01-01");
        for (const auto& [subscription, category, cents] : c.demand)
            w.use("2026-01-05", "P1", subscription, category, cents);
        const RunOutcome out = w.run(pool_policy(BurnOrder::largest_balance_first), "2026-01-01", 1);
        expect_used(out, c.used);
        const BillingMonth jan = out.billing("P1", "2026-01");
        EXPECT_EQ(jan.flows.payg_ineligible.cents(), c.payg_ineligible);
        EXPECT_EQ(jan.flows.payg_overage.cents(), c.overage);
        EXPECT_EQ(jan.flows.unserved.cents(), 0);
    }
}

// ---------------------------------------------------------------------------

TEST(EngineRulesBillingProfile, RenewalCreditsJoinThePoolOnTheirAwardDay) {
    // P1 joined 2026-01-01 with one renewal; monthly m 10000. On 2027-01-01 year 2's m is deposited (end
    // 2028-02-01) while year 1's is in its 13th period (end 2027-02-01). 2027-01-05: 15000 eligible ->
    // earliest end first: year 1's 10000, then year 2's 5000.
    WorldBuilder w;
    w.monthly("bp", "m", 10000).partner("P1", "bp", "2026-01-01", 1);
    w.use("2027-01-05", "P1", "S1", "eligible", 15000);
    const RunOutcome out = w.run(pool_policy(), "2026-01-01", 13);
    const Lines year1 = out.ledger_lines("P1/1/m");
    ASSERT_EQ(year1.size(), 13u);
    EXPECT_EQ(year1.back(), "2027-01-01..2027-01-31 0 10000 10000 0 0 0");
    EXPECT_EQ(out.ledger_lines("P1/2/m"), (Lines{"2027-01-01..2027-01-31 0 10000 5000 0 0 5000"}));
    EXPECT_EQ(out.summary("2027-01").activated, 1);
    EXPECT_EQ(out.billing("P1", "2027-01").flows.payg_overage.cents(), 0);
}

TEST(EngineRulesBillingProfile, NoActionsStatesDisablesOrForfeits) {
    // Monthly m 10000 and bulk b 20000 (term 3 -> end 2026-04-01) deposited on 2026-01-01. Window 10 would
    // forfeit unredeemed legacy credits on 01-11: not here. Four actions are ignored and only counted.
    WorldBuilder w;
    w.monthly("bp", "m", 10000).bulk("bp", "b", 20000, 3);
    w.partner("P1", "bp", "2026-01-01").user("P1", "u1", "a@contoso.com");
    w.act("2026-01-02", "assign", "P1/1/m", "u1").act("2026-01-03", "redeem", "P1/1/m");
    w.act("2026-01-04", "limit_on", "P1/1/m").act("2026-01-05", "convert", "P1/1/m");
    // Active from the award day. 01-01: b (earlier end) pays 500. 01-10 on the credit's own subscription id
    // (just a subscription of the partner here): b 19500, m 10000, overage 5500, not disabled.
    // 01-11: overage 100. 02-10: m's second period pays 2000; 8000 lapses on 03-01.
    w.use("2026-01-01", "P1", "S1", "eligible", 500).use("2026-01-10", "P1", "P1/1/m", "eligible", 35000);
    w.use("2026-01-11", "P1", "S1", "eligible", 100).use("2026-02-10", "P1", "S1", "eligible", 2000);
    Policy policy = pool_policy();
    policy.activation_window_days = 10;
    const RunOutcome out = w.run(policy, "2026-01-01", 3);
    EXPECT_EQ(out.notes.billing_profile_actions_ignored, 4);
    EXPECT_EQ(out.event_lines(), (Lines{"2026-01-01 P1 P1/1/b award", "2026-01-01 P1 P1/1/m award"}));
    EXPECT_EQ(out.ledger_lines("P1/1/m"),
              (Lines{"2026-01-01..2026-01-31 0 10000 10000 0 0 0", "2026-02-01..2026-02-28 0 10000 2000 8000 0 0",
                     "2026-03-01..2026-03-31 0 10000 0 0 0 10000"}));
    EXPECT_EQ(out.ledger_lines("P1/1/b"),
              (Lines{"2026-01-01..2026-01-31 0 20000 20000 0 0 0", "2026-02-01..2026-02-28 0 0 0 0 0 0",
                     "2026-03-01..2026-03-31 0 0 0 0 0 0"}));
    const BillingMonth jan = out.billing("P1", "2026-01");
    EXPECT_EQ(jan.flows.credit_used.cents(), 30000);
    EXPECT_EQ(jan.flows.payg_overage.cents(), 5600);
    EXPECT_EQ(jan.flows.unserved.cents(), 0);
    EXPECT_EQ(jan.disabled_days, 0);
    const SummaryMonth totals = out.totals();
    EXPECT_EQ(totals.activated, 2);  // deposits
    EXPECT_EQ(totals.assigned, 0);
    EXPECT_EQ(totals.disables, 0);
    EXPECT_EQ(totals.forfeited_value.cents(), 0);
    EXPECT_EQ(totals.conversions, 0);
}

}  // namespace
}  // namespace creditsim::testing
