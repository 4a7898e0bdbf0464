// SPEC 3 step 5: actions that cannot take effect are `ignored` with
// `<action>:<why>`; actions asking for a state that already holds are silent
// no-ops; the order within a day (remove < assign < redeem < limit < convert,
// then credit id, then file line, whatever the file order) and the order of
// the day's steps (boundaries and end days before actions, actions before usage).
#include <gtest/gtest.h>

#include <functional>

#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

using Lines = std::vector<std::string>;
const std::string M = "P1/1/m", N = "P1/1/n", M2 = "P1/2/m";

// P1 (joined 2026-01-01, one renewal) is awarded monthly credits m and n (10000 each) per year; users u1, u2.
void world(WorldBuilder& w) {
    w.monthly("ap", "m", 10000).monthly("ap", "n", 10000);
    w.partner("P1", "ap", "2026-01-01", 1).user("P1", "u1", "a@contoso.com").user("P1", "u2", "b@contoso.com");
}

Lines without_awards(const Lines& events) {
    Lines kept;
    for (const auto& e : events)
        if (e.find(" award") == std::string::npos) kept.push_back(e);
    return kept;
}

struct MonthFlows { const char* month; int64_t used, overage, unserved; };

struct ActionCase {
    const char* reason;
    std::function<void(WorldBuilder&, Policy&)> setup;
    int months;
    Lines events;  // without awards
    std::vector<MonthFlows> flows = {};
};

void run_cases(const std::vector<ActionCase>& cases) {
    for (const ActionCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        world(w);
        Policy policy;
        c.setup(w, policy);
        const RunOutcome out = w.run(policy, "2026-01-01", c.months);
        EXPECT_EQ(without_awards(out.event_lines()), c.events);
        for (const MonthFlows& f : c.flows) {
            SCOPED_TRACE(f.month);
            const BillingMonth b = out.billing("P1", f.month);
            EXPECT_EQ(b.flows.credit_used.cents(), f.used);
            EXPECT_EQ(b.flows.payg_overage.cents(), f.overage);
            EXPECT_EQ(b.flows.unserved.cents(), f.unserved);
        }
    }
}

TEST(EngineRulesActions, IgnoredWithTheirWhy) {
    const std::vector<ActionCase> cases = {
        {"not_awarded: assign of a year-2 credit before its award day",
         [](WorldBuilder& w, Policy&) { w.act("2026-06-01", "assign", M2, "u1"); }, 6,
         {"2026-06-01 P1 P1/2/m ignored assign:not_awarded"}},
        {"not_awarded: redeem, limit change and convert too (in step order, not file order)",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-06-01", "convert", M2).act("2026-06-01", "limit_off", M2).act("2026-06-01", "redeem", M2);
         },
         6,
         {"2026-06-01 P1 P1/2/m ignored redeem:not_awarded", "2026-06-01 P1 P1/2/m ignored limit_off:not_awarded",
          "2026-06-01 P1 P1/2/m ignored convert:not_awarded"}},
        {"on the award day itself the credit is awarded (step 4) before actions (step 5)",
         [](WorldBuilder& w, Policy& p) {
             p.activation_window_days = 1000;
             w.act("2027-01-01", "assign", M2, "u1");
         },
         13, {"2027-01-01 P1 P1 renew", "2027-01-01 P1 P1/2/m assign u1"}},
        {"no_user: redeem of a credit never assigned",
         [](WorldBuilder& w, Policy&) { w.act("2026-01-05", "redeem", M); }, 1,
         {"2026-01-05 P1 P1/1/m ignored redeem:no_user"}},
        {"no_user: redeem after the user was removed",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-03", "remove", M).act("2026-01-04", "redeem", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-03 P1 P1/1/m remove u1",
          "2026-01-04 P1 P1/1/m ignored redeem:no_user"}},
        {"not_redeemable: after the deadline (window 10 -> forfeited 01-11)",
         [](WorldBuilder& w, Policy& p) {
             p.activation_window_days = 10;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-12", "redeem", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-11 P1 P1/1/m forfeit", "2026-01-11 P1 P1/1/n forfeit",
          "2026-01-12 P1 P1/1/m ignored redeem:not_redeemable"}},
        {"not_redeemable: on the deadline day (the forfeit of step 2 comes first)",
         [](WorldBuilder& w, Policy& p) {
             p.activation_window_days = 10;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-11", "redeem", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-11 P1 P1/1/m forfeit", "2026-01-11 P1 P1/1/n forfeit",
          "2026-01-11 P1 P1/1/m ignored redeem:not_redeemable"}},
        {"the day before the deadline a redeem succeeds",
         [](WorldBuilder& w, Policy& p) {
             p.activation_window_days = 10;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-10", "redeem", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-10 P1 P1/1/m redeem u1", "2026-01-11 P1 P1/1/n forfeit"}},
        {"not_redeemable: a bulk credit on its end day (term 1 -> 02-01, before the window's deadline)",
         [](WorldBuilder& w, Policy&) {
             w.bulk("ap", "s", 20000, 1);
             w.act("2026-01-02", "assign", "P1/1/s", "u1").act("2026-02-01", "redeem", "P1/1/s");
         },
         2,
         {"2026-01-02 P1 P1/1/s assign u1", "2026-02-01 P1 P1/1/s forfeit",
          "2026-02-01 P1 P1/1/s ignored redeem:not_redeemable"}},
        {"no_subscription: every limit change (on too) and convert of a credit never redeemed",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1");
             w.act("2026-01-05", "convert", M).act("2026-01-05", "limit_on", M).act("2026-01-05", "limit_period_off", M);
             w.act("2026-01-05", "limit_off", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m ignored limit_on:no_subscription",
          "2026-01-05 P1 P1/1/m ignored limit_period_off:no_subscription",
          "2026-01-05 P1 P1/1/m ignored limit_off:no_subscription",
          "2026-01-05 P1 P1/1/m ignored convert:no_subscription"}},
        {"no_subscription: limit change on a forfeited credit",
         [](WorldBuilder& w, Policy& p) {
             p.activation_window_days = 10;
             w.act("2026-01-20", "limit_off", M);
         },
         1,
         {"2026-01-11 P1 P1/1/m forfeit", "2026-01-11 P1 P1/1/n forfeit",
          "2026-01-20 P1 P1/1/m ignored limit_off:no_subscription"}},
        {"ended: limit changes on a subscription disabled at term end, also limit_on which repeats its state",
         [](WorldBuilder& w, Policy& p) {
             p.validity_months = 1;
             w.act("2026-01-01", "assign", M, "u1").act("2026-01-05", "redeem", M);
             w.act("2026-02-06", "limit_off", M).act("2026-02-07", "limit_on", M).act("2026-02-08", "limit_period_off", M);
         },
         2,
         {"2026-01-01 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-02-05 P1 P1/1/m disable term_ended",
          "2026-02-06 P1 P1/1/m ignored limit_off:ended", "2026-02-07 P1 P1/1/m ignored limit_on:ended",
          "2026-02-08 P1 P1/1/m ignored limit_period_off:ended"}},
        {"ended: limit changes on a converted subscription, also limit_off which repeats its state",
         [](WorldBuilder& w, Policy& p) {
             p.validity_months = 1;
             w.act("2026-01-01", "assign", M, "u1").act("2026-01-05", "redeem", M).act("2026-01-10", "limit_off", M);
             w.act("2026-02-06", "limit_off", M).act("2026-02-07", "limit_on", M);
         },
         2,
         {"2026-01-01 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-01-10 P1 P1/1/m limit off",
          "2026-02-05 P1 P1/1/m convert", "2026-02-06 P1 P1/1/m ignored limit_off:ended",
          "2026-02-07 P1 P1/1/m ignored limit_on:ended"}},
        {"deleted: limit change and convert of a deleted subscription (retention 5 -> deleted 02-10); a redeem "
         "of it is a silent second redeem",
         [](WorldBuilder& w, Policy& p) {
             p.validity_months = 1;
             p.retention_days = 5;
             w.act("2026-01-01", "assign", M, "u1").act("2026-01-05", "redeem", M);
             w.act("2026-02-11", "limit_off", M).act("2026-02-12", "convert", M).act("2026-02-13", "limit_on", M);
             w.act("2026-02-14", "redeem", M);
         },
         2,
         {"2026-01-01 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-02-05 P1 P1/1/m disable term_ended",
          "2026-02-10 P1 P1/1/m delete", "2026-02-11 P1 P1/1/m ignored limit_off:deleted",
          "2026-02-12 P1 P1/1/m ignored convert:deleted", "2026-02-13 P1 P1/1/m ignored limit_on:deleted"}},
        {"not_term_ended: convert of an active subscription",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-01", "assign", M, "u1").act("2026-01-05", "redeem", M).act("2026-01-10", "convert", M);
         },
         1,
         {"2026-01-01 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1",
          "2026-01-10 P1 P1/1/m ignored convert:not_term_ended"}},
    };
    run_cases(cases);
}

TEST(EngineRulesActions, SilentNoOps) {
    const std::vector<ActionCase> cases = {
        {"assigning the user the credit already has",
         [](WorldBuilder& w, Policy&) { w.act("2026-01-02", "assign", M, "u1").act("2026-01-03", "assign", M, "u1"); },
         1, {"2026-01-02 P1 P1/1/m assign u1"}},
        {"the same limit: on when on, off when off, period_off when period_off",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-05", "redeem", M);
             w.act("2026-01-06", "limit_on", M).act("2026-01-07", "limit_off", M).act("2026-01-08", "limit_off", M);
             w.act("2026-01-09", "limit_period_off", M).act("2026-01-10", "limit_period_off", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-01-07 P1 P1/1/m limit off",
          "2026-01-09 P1 P1/1/m limit period_off"}},
        {"a second redeem",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-05", "redeem", M).act("2026-01-20", "redeem", M);
         },
         1, {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1"}},
        {"removing the user of a credit that has none (never had, or already removed)",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "remove", M).act("2026-01-03", "assign", M, "u1").act("2026-01-04", "remove", M);
             w.act("2026-01-05", "remove", M);
         },
         1, {"2026-01-03 P1 P1/1/m assign u1", "2026-01-04 P1 P1/1/m remove u1"}},
        {"converting a converted subscription",
         [](WorldBuilder& w, Policy& p) {
             p.validity_months = 1;
             w.act("2026-01-01", "assign", M, "u1").act("2026-01-05", "redeem", M).act("2026-01-10", "limit_off", M);
             w.act("2026-02-10", "convert", M);
         },
         2,
         {"2026-01-01 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-01-10 P1 P1/1/m limit off",
          "2026-02-05 P1 P1/1/m convert"}},
    };
    run_cases(cases);
}

TEST(EngineRulesActions, OrderWithinADayAndAcrossSteps) {
    const std::vector<ActionCase> cases = {
        {"assign before redeem whatever the file order",
         [](WorldBuilder& w, Policy&) { w.act("2026-01-02", "redeem", M).act("2026-01-02", "assign", M, "u1"); }, 1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-02 P1 P1/1/m redeem u1"}},
        {"remove before assign whatever the file order",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1");
             w.act("2026-01-03", "assign", M, "u2").act("2026-01-03", "remove", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-03 P1 P1/1/m remove u1", "2026-01-03 P1 P1/1/m assign u2"}},
        {"remove before redeem: the redeem then has no user",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1");
             w.act("2026-01-03", "redeem", M).act("2026-01-03", "remove", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-03 P1 P1/1/m remove u1",
          "2026-01-03 P1 P1/1/m ignored redeem:no_user"}},
        {"redeem before limit changes: the limit applies to the new subscription",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1");
             w.act("2026-01-05", "limit_off", M).act("2026-01-05", "redeem", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-01-05 P1 P1/1/m limit off"}},
        {"limit changes before convert (validity 1, end day 02-05)",
         [](WorldBuilder& w, Policy& p) {
             p.validity_months = 1;
             w.act("2026-01-01", "assign", M, "u1").act("2026-01-05", "redeem", M);
             w.act("2026-02-06", "convert", M).act("2026-02-06", "limit_off", M);
         },
         2,
         {"2026-01-01 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-02-05 P1 P1/1/m disable term_ended",
          "2026-02-06 P1 P1/1/m ignored limit_off:ended", "2026-02-06 P1 P1/1/m convert"}},
        {"same step: ascending credit id, not file order",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", N, "u2").act("2026-01-02", "assign", M, "u1");
         },
         1, {"2026-01-02 P1 P1/1/m assign u1", "2026-01-02 P1 P1/1/n assign u2"}},
        {"same step and credit: file order (limit_on, then limit_off -> off)",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-05", "redeem", M);
             w.act("2026-01-06", "limit_on", M).act("2026-01-06", "limit_off", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-01-06 P1 P1/1/m limit off"}},
        {"same step and credit: file order (limit_off, then limit_on -> on)",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-05", "redeem", M);
             w.act("2026-01-06", "limit_off", M).act("2026-01-06", "limit_on", M);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-01-06 P1 P1/1/m limit off",
          "2026-01-06 P1 P1/1/m limit on"}},
        {"boundary (step 1) before actions: period_off set on a boundary day lasts the whole new period",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-05", "redeem", M);
             w.act("2026-02-05", "limit_period_off", M);
             w.use("2026-02-06", "P1", M, "eligible", 12000);
         },
         3,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-02-05 P1 P1/1/m limit period_off",
          "2026-03-05 P1 P1/1/m limit on"},
         {{"2026-02", 10000, 2000, 0}}},
        {"boundary before actions: the period_off revert comes before a limit_off of the same day",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-05", "redeem", M);
             w.act("2026-01-10", "limit_period_off", M).act("2026-02-05", "limit_off", M);
         },
         2,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-01-10 P1 P1/1/m limit period_off",
          "2026-02-05 P1 P1/1/m limit on", "2026-02-05 P1 P1/1/m limit off"}},
        {"boundary before actions: re-enabled by the boundary, so the limit_off does not enable again",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-05", "redeem", M).act("2026-02-05", "limit_off", M);
             w.use("2026-01-20", "P1", M, "eligible", 12000);
         },
         2,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1",
          "2026-01-20 P1 P1/1/m disable spending_limit_reached", "2026-02-05 P1 P1/1/m enable",
          "2026-02-05 P1 P1/1/m limit off"},
         {{"2026-01", 10000, 0, 2000}}},
        {"actions (step 5) before usage (step 6): limit_off and usage on the same day -> overage",
         [](WorldBuilder& w, Policy&) {
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-05", "redeem", M).act("2026-01-06", "limit_off", M);
             w.use("2026-01-06", "P1", M, "eligible", 12000);
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-01-06 P1 P1/1/m limit off"},
         {{"2026-01", 10000, 2000, 0}}},
        {"end day (step 2) before actions: limit_off on the end day finds the subscription ended",
         [](WorldBuilder& w, Policy& p) {
             p.validity_months = 1;
             w.act("2026-01-01", "assign", M, "u1").act("2026-01-05", "redeem", M).act("2026-02-05", "limit_off", M);
         },
         2,
         {"2026-01-01 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1", "2026-02-05 P1 P1/1/m disable term_ended",
          "2026-02-05 P1 P1/1/m ignored limit_off:ended"}},
    };
    run_cases(cases);
}

}  // namespace
}  // namespace creditsim::testing
