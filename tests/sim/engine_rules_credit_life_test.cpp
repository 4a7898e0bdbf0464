// The credit-life path (sim/engine/credit_life.cpp), which generated legacy
// runs take: a credit's whole subscription life run at its redemption. Every
// world a rule test builds (tests/support/world_builder) also runs through
// the credit lives and must give the day loop's records; these tests make
// sure that check runs on worlds of every rule area rather than being
// skipped, that it can fail, and that what a generated run cannot say is
// named, not silently compared.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/result_difference.hpp"
#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

const std::string kCredit = "P1/1/m";

struct LifeCase {
    const char* rule;
    std::vector<std::vector<std::string>> actions;  // date, action
    std::vector<std::pair<std::string, int64_t>> eligible_use;  // date, cents on the credit's subscription
    int64_t ineligible_each_use = 0;
};

/// Credit m (10000 a period, anniversary) of P1 (joined 2026-01-31: the
/// anchor clamps in short months), assigned on the award day, then the
/// case's actions and usage; run 2026-01-31 .. 16 months (past the end day,
/// the notice, the retention and the deletion).
RunOutcome run_life_case(const LifeCase& c, const Policy& policy) {
    WorldBuilder w;
    w.monthly("ap", "m", 10000).bulk("ap", "b", 50000);
    w.partner("P1", "ap", "2026-01-31").user("P1", "u1", "a@contoso.com").user("P1", "u2", "b@contoso.com");
    w.act("2026-01-31", "assign", kCredit, "u1");
    for (const auto& a : c.actions) w.act(a[0], a[1], a.size() > 2 ? a[2] : kCredit, a.size() > 3 ? a[3] : "");
    for (const auto& [date, cents] : c.eligible_use) {
        w.use(date, "P1", kCredit, "eligible", cents);
        if (c.ineligible_each_use) w.use(date, "P1", kCredit, "ineligible", c.ineligible_each_use);
    }
    return w.run(policy, "2026-01-31", 16);
}

TEST(EngineRulesCreditLife, EveryRuleAreaRunsThroughBothPaths) {
    Policy short_terms;
    short_terms.validity_months = 3;
    short_terms.notice_days = 5;
    short_terms.retention_days = 20;
    const std::vector<LifeCase> cases = {
        {"daily use under the balance, periods lapse (Jan 31 anchor clamps to Feb 28)",
         {{"2026-02-02", "redeem"}},
         {{"2026-02-03", 400}, {"2026-02-27", 700}, {"2026-03-01", 900}, {"2026-03-30", 100}}},
        {"exhaustion with the limit on: disabled until the next period, re-enabled there",
         {{"2026-02-02", "redeem"}},
         {{"2026-02-10", 9000}, {"2026-02-11", 3000}, {"2026-02-20", 50}, {"2026-03-05", 2000}},
         300},
        {"limit off after redemption: overage beyond the balance, then overage-only days (03-01 starts a "
         "calendar month inside the period with the balance empty)",
         {{"2026-02-02", "redeem"}, {"2026-02-05", "limit_off"}},
         {{"2026-02-10", 12000}, {"2026-02-11", 500}, {"2026-02-25", 800}, {"2026-03-01", 700}, {"2026-03-10", 11000}},
         200},
        {"limit period_off reverts at the next period; limit on again disables on exhaustion",
         {{"2026-02-02", "redeem"}, {"2026-02-06", "limit_period_off"}},
         {{"2026-02-07", 12000}, {"2026-03-03", 12000}, {"2026-03-04", 100}}},
        {"limit off at least notice days before the end day: converted, then plain PAYG",
         {{"2026-02-02", "redeem"}, {"2026-03-01", "limit_off"}},
         {{"2026-03-02", 2000}, {"2026-05-01", 300}, {"2026-06-01", 300}}},
        {"no limit change: disabled at the end day, deleted after the retention; usage meanwhile unserved",
         {{"2026-02-02", "redeem"}},
         {{"2026-02-03", 100}, {"2026-05-03", 600}, {"2026-05-20", 600}}},
        {"convert while disabled at term end: re-enabled as PAYG, never deleted",
         {{"2026-02-02", "redeem"}, {"2026-05-10", "convert"}},
         {{"2026-05-05", 100}, {"2026-05-11", 100}, {"2026-07-01", 100}}},
        {"limit on again, then a removal and reassignment do not touch the running life",
         {{"2026-02-02", "redeem"}, {"2026-02-04", "limit_off"}, {"2026-02-08", "limit_on"},
          {"2026-02-09", "remove"}, {"2026-02-10", "assign", kCredit, "u2"}},
         {{"2026-02-05", 6000}, {"2026-02-12", 6000}, {"2026-02-13", 10}}},
        {"the bulk credit beside it, used over months",
         {{"2026-02-02", "redeem"}, {"2026-02-01", "assign", "P1/1/b", "u2"}, {"2026-02-03", "redeem", "P1/1/b"}},
         {{"2026-02-04", 3000}}},
    };
    for (const LifeCase& c : cases) {
        for (const Policy& policy : {Policy{}, short_terms}) {
            SCOPED_TRACE(std::string(c.rule) + (&policy == &short_terms ? " (3-month validity)" : ""));
            EXPECT_EQ(run_life_case(c, policy).lives_check, "same");
        }
    }
}

TEST(EngineRulesCreditLife, WhatAGeneratedRunCannotSayIsNamedNotCompared) {
    struct Case {
        const char* world;
        std::vector<std::vector<std::string>> actions;
        Policy policy;
        const char* check;
    };
    Policy pool;
    pool.flow = Flow::billing_profile;
    const std::vector<Case> cases = {
        {"a limit change on the redemption day", {{"2026-02-02", "redeem"}, {"2026-02-02", "limit_off"}}, {},
         "not expressible: a limit or convert action on its credit's redemption day (P1/1/m, 2026-02-02)"},
        {"usage before the redemption", {{"2026-02-20", "redeem"}}, {},
         "not expressible: demand before its credit's redemption (P1/1/m, 2026-02-03)"},
        {"the billing-profile flow", {{"2026-02-02", "redeem"}}, pool,
         "not expressible: the billing-profile flow has no credit lives"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.world);
        const LifeCase life{"", c.actions, {{"2026-02-03", 100}}};
        EXPECT_EQ(run_life_case(life, c.policy).lives_check, c.check);
    }
}

TEST(EngineRulesCreditLife, TheComparisonNamesTheFirstDifference) {
    const LifeCase c{"", {{"2026-02-02", "redeem"}}, {{"2026-02-03", 400}}};
    const RunOutcome out = run_life_case(c, Policy{});
    ReplicationResult changed = out.result;
    EXPECT_EQ(first_difference(out.population, out.result, changed, "day loop", "credit lives"), "");

    changed.ledger.at(0).used += Money::from_cents(1);
    EXPECT_EQ(first_difference(out.population, out.result, changed, "day loop", "credit lives"),
              "ledger row 0: day loop P1/1/m 2026-02-02..2026-03-01 0 10000 400 9600 0 0, "
              "credit lives P1/1/m 2026-02-02..2026-03-01 0 10000 401 9600 0 0");

    changed = out.result;
    changed.events.pop_back();
    EXPECT_NE(first_difference(out.population, out.result, changed, "a", "b").find("(none)"), std::string::npos);

    changed = out.result;
    changed.summary.at(1).flows.unserved += Money::from_cents(5);
    EXPECT_EQ(first_difference(out.population, out.result, changed, "a", "b").rfind("summary month 1: a ", 0), 0u);
}

}  // namespace
}  // namespace creditsim::testing
