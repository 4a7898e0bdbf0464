// SPEC 3 step 6 (legacy usage), Eligibility, and the spending-limit states:
// what a credit pays for, what is blocked or billed PAYG, exhaustion and
// disabling, period_off reverting, off/period_off re-enabling, disabled
// subscriptions serving nothing, and usage on subscriptions that are not (or
// no longer) a live credit subscription.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

using Lines = std::vector<std::string>;
const std::string kCredit = "P1/1/m";

using Demand = std::vector<std::pair<std::string, int64_t>>;  // (category, cents)

struct Flows { int64_t used = 0, overage = 0, ineligible = 0, other = 0, unserved = 0; };

void expect_flows(const BillingMonth& b, const Flows& f) {
    EXPECT_EQ(b.flows.credit_used.cents(), f.used);
    EXPECT_EQ(b.flows.payg_overage.cents(), f.overage);
    EXPECT_EQ(b.flows.payg_ineligible.cents(), f.ineligible);
    EXPECT_EQ(b.flows.payg_other.cents(), f.other);
    EXPECT_EQ(b.flows.unserved.cents(), f.unserved);
    EXPECT_EQ(b.flows.demand.cents(), f.used + f.overage + f.ineligible + f.other + f.unserved);
}


// ---------------------------------------------------------------------------
// One day's split on an active credit subscription with 10000 left.

struct SplitCase {
    const char* reason;
    const char* scope;         // of credit "m": "azure" or a product
    const char* limit_action;  // "" (limit on), "limit_off" or "limit_period_off"
    Demand demand;
    Flows flows;
    bool is_disabled;
};

TEST(EngineRulesLimits, DaySplitByEligibilityAndLimit) {
    // Products "copilot_sec" and "ghe" exist (catalog lines of another offer). Credit m = 10000, redeemed
    // 2026-01-05, optional limit action on 01-05, demand on 01-06.
    const std::vector<SplitCase> cases = {
        {"azure credit pays eligible usage", "azure", "", {{"eligible", 3000}}, {.used = 3000}, false},
        {"azure credit pays every product", "azure", "", {{"ghe", 3000}}, {.used = 3000}, false},
        {"azure credit pays eligible + every product together", "azure", "",
         {{"eligible", 2000}, {"ghe", 2000}, {"copilot_sec", 2000}}, {.used = 6000}, false},
        {"ineligible with the limit on is blocked (unserved) and never touches the credit", "azure", "",
         {{"ineligible", 500}}, {.unserved = 500}, false},
        {"ineligible with the limit off is billed payg_ineligible", "azure", "limit_off",
         {{"ineligible", 500}}, {.ineligible = 500}, false},
        {"ineligible with the limit period_off is billed payg_ineligible", "azure", "limit_period_off",
         {{"ineligible", 500}}, {.ineligible = 500}, false},
        {"product credit pays its own product", "ghe", "", {{"ghe", 3000}}, {.used = 3000}, false},
        {"product credit does not pay eligible usage: blocked with the limit on", "ghe", "",
         {{"eligible", 3000}}, {.unserved = 3000}, false},
        {"product credit does not pay another product: blocked with the limit on", "ghe", "",
         {{"copilot_sec", 3000}}, {.unserved = 3000}, false},
        {"product credit, limit off: eligible, other products and ineligible are payg_ineligible", "ghe",
         "limit_off", {{"eligible", 3000}, {"copilot_sec", 1000}, {"ineligible", 500}}, {.ineligible = 4500},
         false},
        {"product credit pays its product, the rest blocked; exhausting it disables", "ghe", "",
         {{"ghe", 12000}, {"eligible", 100}}, {.used = 10000, .unserved = 2100}, true},
        {"exhaustion with the limit on: 10000 used, the rest unserved, disabled", "azure", "",
         {{"eligible", 12000}}, {.used = 10000, .unserved = 2000}, true},
        {"an exact hit (balance left at 0) disables too", "azure", "", {{"eligible", 10000}}, {.used = 10000},
         true},
        {"one cent short of the balance does not disable", "azure", "", {{"eligible", 9999}}, {.used = 9999},
         false},
        {"exhaustion with ineligible on the same day: both unserved, disabled", "azure", "",
         {{"eligible", 12000}, {"ineligible", 300}}, {.used = 10000, .unserved = 2300}, true},
        {"limit off: beyond the credit is payg_overage, never disabled", "azure", "limit_off",
         {{"eligible", 12000}, {"ineligible", 300}}, {.used = 10000, .overage = 2000, .ineligible = 300}, false},
        {"limit period_off: beyond the credit is payg_overage, not disabled", "azure", "limit_period_off",
         {{"eligible", 12000}}, {.used = 10000, .overage = 2000}, false},
        {"limit off, exact hit: not disabled", "azure", "limit_off", {{"eligible", 10000}}, {.used = 10000},
         false},
    };
    for (const SplitCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        w.monthly("ap", "m", 10000, 1, c.scope)
            .monthly("zz", "c", 100, 1, "copilot_sec")
            .monthly("zz", "g", 100, 1, "ghe");
        w.partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
        w.act("2026-01-01", "assign", kCredit, "u1").act("2026-01-05", "redeem", kCredit);
        if (*c.limit_action) w.act("2026-01-05", c.limit_action, kCredit);
        for (const auto& [category, cents] : c.demand) w.use("2026-01-06", "P1", kCredit, category, cents);
        const RunOutcome out = w.run(Policy{}, "2026-01-01", 1);
        expect_flows(out.billing("P1", "2026-01"), c.flows);
        const Lines events = out.event_lines();
        const std::string disable = "2026-01-06 P1 P1/1/m disable spending_limit_reached";
        EXPECT_EQ(std::count(events.begin(), events.end(), disable), c.is_disabled ? 1 : 0);
        EXPECT_EQ(out.ledger_lines(kCredit).at(0),
                  "2026-01-05..2026-02-04 0 10000 " + std::to_string(c.flows.used) + " 0 0 " +
                      std::to_string(10000 - c.flows.used));
    }
}

// ---------------------------------------------------------------------------
// Limit states over days and periods. Credit m 10000, anniversary, assigned
// 01-01 and redeemed 2026-01-05: periods 01-05, 02-05, 03-05. Run Jan..Mar 2026.

struct Use { const char* date; const char* subscription; const char* category; int64_t cents; };
struct Act { const char* date; const char* action; };
struct Month { const char* month; Flows flows; int disabled_days; };

struct LimitCase {
    const char* reason;
    std::vector<Act> actions;
    std::vector<Use> usage;
    Lines events;  // without award/assign/redeem
    std::vector<Month> months;
};

TEST(EngineRulesLimits, LimitStatesOverTime) {
    const std::vector<LimitCase> cases = {
        {"period_off: overage in its period, reverts to on at the next period with a `limit on` event; then "
         "exhaustion disables until the following period",
         {{"2026-01-10", "limit_period_off"}},
         {{"2026-01-12", "P1/1/m", "eligible", 12000}, {"2026-02-06", "P1/1/m", "eligible", 12000}},
         {"2026-01-10 P1 P1/1/m limit period_off", "2026-02-05 P1 P1/1/m limit on",
          "2026-02-06 P1 P1/1/m disable spending_limit_reached", "2026-03-05 P1 P1/1/m enable"},
         {{"2026-01", {.used = 10000, .overage = 2000}, 0},
          {"2026-02", {.used = 10000, .unserved = 2000}, 23},  // 02-06..02-28
          {"2026-03", {}, 4}}},                                // 03-01..03-04
        {"off stays off across periods: overage in both, never disabled",
         {{"2026-01-10", "limit_off"}},
         {{"2026-01-12", "P1/1/m", "eligible", 12000}, {"2026-02-06", "P1/1/m", "eligible", 12000}},
         {"2026-01-10 P1 P1/1/m limit off"},
         {{"2026-01", {.used = 10000, .overage = 2000}, 0}, {"2026-02", {.used = 10000, .overage = 2000}, 0}}},
        {"off on a limit-disabled subscription re-enables it at once (limit event, then enable); the same "
         "day's usage is overage",
         {{"2026-01-08", "limit_off"}},
         {{"2026-01-06", "P1/1/m", "eligible", 12000}, {"2026-01-08", "P1/1/m", "eligible", 500}},
         {"2026-01-06 P1 P1/1/m disable spending_limit_reached", "2026-01-08 P1 P1/1/m limit off",
          "2026-01-08 P1 P1/1/m enable"},
         {{"2026-01", {.used = 10000, .overage = 500, .unserved = 2000}, 2}}},  // 01-06, 01-07
        {"period_off re-enables at once too, and reverts at the next period; an exact hit then disables",
         {{"2026-01-08", "limit_period_off"}},
         {{"2026-01-06", "P1/1/m", "eligible", 12000},
          {"2026-01-09", "P1/1/m", "eligible", 500},
          {"2026-02-06", "P1/1/m", "eligible", 10000}},
         {"2026-01-06 P1 P1/1/m disable spending_limit_reached", "2026-01-08 P1 P1/1/m limit period_off",
          "2026-01-08 P1 P1/1/m enable", "2026-02-05 P1 P1/1/m limit on",
          "2026-02-06 P1 P1/1/m disable spending_limit_reached", "2026-03-05 P1 P1/1/m enable"},
         {{"2026-01", {.used = 10000, .overage = 500, .unserved = 2000}, 2},
          {"2026-02", {.used = 10000}, 23}}},
        {"limit_on never re-enables (it is a silent no-op here); a disabled subscription serves nothing, "
         "eligible or ineligible, until the next period",
         {{"2026-01-08", "limit_on"}},
         {{"2026-01-06", "P1/1/m", "eligible", 12000},
          {"2026-01-08", "P1/1/m", "eligible", 100},
          {"2026-01-08", "P1/1/m", "ineligible", 100},
          {"2026-02-05", "P1/1/m", "eligible", 700}},
         {"2026-01-06 P1 P1/1/m disable spending_limit_reached", "2026-02-05 P1 P1/1/m enable"},
         {{"2026-01", {.used = 10000, .unserved = 2200}, 26},  // 01-06..01-31
          {"2026-02", {.used = 700}, 4}}},                     // 02-01..02-04; served again on 02-05
        {"exhaustion over two days: the exact hit on the second day disables",
         {},
         {{"2026-01-06", "P1/1/m", "eligible", 6000}, {"2026-01-07", "P1/1/m", "eligible", 4000}},
         {"2026-01-07 P1 P1/1/m disable spending_limit_reached", "2026-02-05 P1 P1/1/m enable"},
         {{"2026-01", {.used = 10000}, 25}, {"2026-02", {}, 4}}},
        {"off then on again: the limit is on, so exhaustion is blocked and disables",
         {{"2026-01-06", "limit_off"}, {"2026-01-07", "limit_on"}},
         {{"2026-01-08", "P1/1/m", "eligible", 12000}},
         {"2026-01-06 P1 P1/1/m limit off", "2026-01-07 P1 P1/1/m limit on",
          "2026-01-08 P1 P1/1/m disable spending_limit_reached", "2026-02-05 P1 P1/1/m enable"},
         {{"2026-01", {.used = 10000, .unserved = 2000}, 24}, {"2026-02", {}, 4}}},
        {"a credit redeemed on day t serves usage on t; before the redemption the subscription does not "
         "exist (unserved)",
         {},
         {{"2026-01-03", "P1/1/m", "eligible", 500}, {"2026-01-05", "P1/1/m", "eligible", 3000}},
         {},
         {{"2026-01", {.used = 3000, .unserved = 500}, 0}}},
        {"a plain subscription bills everything payg_other, ineligible included, whatever the credit's limit",
         {},
         {{"2026-01-06", "S1", "eligible", 700}, {"2026-01-06", "S1", "ineligible", 300}},
         {},
         {{"2026-01", {.other = 1000}, 0}}},
    };
    for (const LimitCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        w.monthly("ap", "m", 10000).partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
        w.act("2026-01-01", "assign", kCredit, "u1").act("2026-01-05", "redeem", kCredit);
        for (const Act& a : c.actions) w.act(a.date, a.action, kCredit);
        for (const Use& u : c.usage) w.use(u.date, "P1", u.subscription, u.category, u.cents);
        const RunOutcome out = w.run(Policy{}, "2026-01-01", 3);
        EXPECT_EQ(out.events_after_setup(), c.events);
        for (const Month& m : c.months) {
            SCOPED_TRACE(m.month);
            const BillingMonth b = out.billing("P1", m.month);
            expect_flows(b, m.flows);
            EXPECT_EQ(b.disabled_days, m.disabled_days);
        }
    }
}

// ---------------------------------------------------------------------------
// Usage on a credit's subscription that does not exist (yet, or any more).

struct MissingCase {
    const char* reason;
    int window_days;
    std::vector<Act> actions;  // on P1/1/m (assign gets u1)
    Lines events;              // without awards
    Flows january;             // 800 eligible + 200 ineligible on 2026-01-20
};

TEST(EngineRulesLimits, UsageWithoutALiveCreditSubscriptionIsUnserved) {
    const std::vector<MissingCase> cases = {
        {"credit awarded, never assigned nor redeemed", 365, {}, {}, {.unserved = 1000}},
        {"credit assigned but not redeemed", 365, {{"2026-01-02", "assign"}},
         {"2026-01-02 P1 P1/1/m assign u1"}, {.unserved = 1000}},
        {"credit forfeited on 01-11 (window 10)", 10, {{"2026-01-02", "assign"}},
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-11 P1 P1/1/m forfeit"}, {.unserved = 1000}},
        {"a year-2 credit's subscription before its award (not awarded yet)", 365, {}, {}, {.unserved = 1000}},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        const MissingCase& c = cases[i];
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        w.monthly("ap", "m", 10000).partner("P1", "ap", "2026-01-01", 1).user("P1", "u1", "a@contoso.com");
        for (const Act& a : c.actions) w.act(a.date, a.action, kCredit, std::string(a.action) == "assign" ? "u1" : "");
        const std::string subscription = i == 3 ? "P1/2/m" : kCredit;
        w.use("2026-01-20", "P1", subscription, "eligible", 800).use("2026-01-20", "P1", subscription, "ineligible", 200);
        Policy policy;
        policy.activation_window_days = c.window_days;
        const RunOutcome out = w.run(policy, "2026-01-01", 1);
        Lines events;
        for (const auto& e : out.event_lines())
            if (e.find(" award") == std::string::npos) events.push_back(e);
        EXPECT_EQ(events, c.events);
        expect_flows(out.billing("P1", "2026-01"), c.january);
    }
}

}  // namespace
}  // namespace creditsim::testing
