// SPEC 1.6 and 3 steps 2, 3 and 5 (convert): what happens on a monthly
// credit's end day (convert if the limit was set off at least notice_days
// before, otherwise disable term_ended), deletion retention_days later unless
// converted, the convert action, and disabled-day counting around all that.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

using Lines = std::vector<std::string>;
const std::string kCredit = "P1/1/m";

struct Act { const char* date; const char* action; };
struct Month { const char* month; int64_t unserved, payg_other; int disabled_days; };

struct TermCase {
    const char* reason;
    int notice_days;
    int retention_days;
    std::vector<Act> actions;
    std::vector<std::pair<std::string, int64_t>> eligible_usage;
    Lines events;  // without award/assign/redeem
    std::vector<Month> months;
};


TEST(EngineRulesTermEnd, NoticeConversionDisableDeleteAndConvert) {
    // Monthly m 10000, validity_months 3, redeemed 2026-01-10: periods 01-10, 02-10, 03-10; end day 04-10.
    // notice 5 -> the limit must be set off on or before 04-05. Deletion 90 days after 04-10 = 07-09
    // (Apr 10 + 20 = Apr 30, + 31 = May 31, + 30 = Jun 30, + 9 = Jul 9). Run 2026-01 .. 2026-08.
    // Every row adds usage of 500 eligible + 100 ineligible on 04-20, 05-02 and 07-09 (see the months).
    const std::vector<TermCase> cases = {
        {"off on end - notice (04-05): `<=` holds, converted on the end day; later usage is payg_other",
         5, 90, {{"2026-04-05", "limit_off"}}, {},
         {"2026-04-05 P1 P1/1/m limit off", "2026-04-10 P1 P1/1/m convert"},
         {{"2026-04", 0, 600, 0}, {"2026-05", 0, 600, 0}, {"2026-07", 0, 600, 0}}},
        {"off on end - notice + 1 (04-06): too late, disabled term_ended, deleted on 07-09; disabled days stop "
         "at the deletion (the deleted subscription is not counted); usage unserved throughout",
         5, 90, {{"2026-04-06", "limit_off"}}, {},
         {"2026-04-06 P1 P1/1/m limit off", "2026-04-10 P1 P1/1/m disable term_ended",
          "2026-07-09 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 21}, {"2026-05", 600, 0, 31}, {"2026-06", 0, 0, 30}, {"2026-07", 600, 0, 8},
          {"2026-08", 0, 0, 0}}},
        {"off long before the end: converted",
         5, 90, {{"2026-01-15", "limit_off"}}, {},
         {"2026-01-15 P1 P1/1/m limit off", "2026-04-10 P1 P1/1/m convert"},
         {{"2026-04", 0, 600, 0}}},
        {"period_off never counts, and on the end day it does not revert (no `limit on` event): disabled",
         5, 90, {{"2026-03-12", "limit_period_off"}}, {},
         {"2026-03-12 P1 P1/1/m limit period_off", "2026-04-10 P1 P1/1/m disable term_ended",
          "2026-07-09 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 21}}},
        {"off early, then period_off: the limit is not off at the end day, disabled",
         5, 90, {{"2026-01-15", "limit_off"}, {"2026-03-12", "limit_period_off"}}, {},
         {"2026-01-15 P1 P1/1/m limit off", "2026-03-12 P1 P1/1/m limit period_off",
          "2026-04-10 P1 P1/1/m disable term_ended", "2026-07-09 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 21}}},
        {"off early, on, off again on 04-06: it has been off for only 4 days at the end day, disabled",
         5, 90, {{"2026-01-15", "limit_off"}, {"2026-02-01", "limit_on"}, {"2026-04-06", "limit_off"}}, {},
         {"2026-01-15 P1 P1/1/m limit off", "2026-02-01 P1 P1/1/m limit on", "2026-04-06 P1 P1/1/m limit off",
          "2026-04-10 P1 P1/1/m disable term_ended", "2026-07-09 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 21}}},
        {"off in time, then on again before the end: disabled",
         5, 90, {{"2026-04-05", "limit_off"}, {"2026-04-07", "limit_on"}}, {},
         {"2026-04-05 P1 P1/1/m limit off", "2026-04-07 P1 P1/1/m limit on",
          "2026-04-10 P1 P1/1/m disable term_ended", "2026-07-09 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 21}}},
        {"already disabled for its limit (exact hit on 04-09): disabled again with term_ended on the end day, "
         "no re-enable; disabled days run on from 04-09",
         5, 90, {}, {{"2026-04-09", 10000}},
         {"2026-04-09 P1 P1/1/m disable spending_limit_reached", "2026-04-10 P1 P1/1/m disable term_ended",
          "2026-07-09 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 22}, {"2026-05", 600, 0, 31}, {"2026-06", 0, 0, 30}, {"2026-07", 600, 0, 8}}},
        {"convert before the deletion re-enables as plain PAYG: no deletion; usage after it is payg_other",
         5, 90, {{"2026-05-01", "convert"}}, {},
         {"2026-04-10 P1 P1/1/m disable term_ended", "2026-05-01 P1 P1/1/m convert"},
         {{"2026-04", 600, 0, 21}, {"2026-05", 0, 600, 0}, {"2026-07", 0, 600, 0}}},
        {"convert the day before the deletion (07-08): converted, never deleted",
         5, 90, {{"2026-07-08", "convert"}}, {},
         {"2026-04-10 P1 P1/1/m disable term_ended", "2026-07-08 P1 P1/1/m convert"},
         {{"2026-06", 0, 0, 30}, {"2026-07", 0, 600, 7}}},
        {"convert on the deletion day: step 3 deletes first, the convert is ignored deleted",
         5, 90, {{"2026-07-09", "convert"}}, {},
         {"2026-04-10 P1 P1/1/m disable term_ended", "2026-07-09 P1 P1/1/m delete",
          "2026-07-09 P1 P1/1/m ignored convert:deleted"},
         {{"2026-07", 600, 0, 8}}},
        {"convert on the end day itself: step 2 disables, step 5 converts; no disabled day",
         5, 90, {{"2026-04-10", "convert"}}, {},
         {"2026-04-10 P1 P1/1/m disable term_ended", "2026-04-10 P1 P1/1/m convert"},
         {{"2026-04", 0, 600, 0}}},
        {"convert of an active subscription: ignored not_term_ended (the credit still ends normally)",
         5, 90, {{"2026-03-01", "convert"}}, {},
         {"2026-03-01 P1 P1/1/m ignored convert:not_term_ended", "2026-04-10 P1 P1/1/m disable term_ended",
          "2026-07-09 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 21}}},
        {"convert of a subscription disabled for its limit (not at its end day): ignored not_term_ended",
         5, 90, {{"2026-03-15", "convert"}}, {{"2026-03-12", 10000}},
         {"2026-03-12 P1 P1/1/m disable spending_limit_reached", "2026-03-15 P1 P1/1/m ignored convert:not_term_ended",
          "2026-04-10 P1 P1/1/m disable term_ended", "2026-07-09 P1 P1/1/m delete"},
         {{"2026-03", 0, 0, 20}, {"2026-04", 600, 0, 30}, {"2026-05", 600, 0, 31}}},
        {"convert of a converted subscription is a silent no-op",
         5, 90, {{"2026-01-15", "limit_off"}, {"2026-04-20", "convert"}}, {},
         {"2026-01-15 P1 P1/1/m limit off", "2026-04-10 P1 P1/1/m convert"},
         {{"2026-04", 0, 600, 0}}},
        {"notice 10: off on end - 10 (03-31) converts",
         10, 90, {{"2026-03-31", "limit_off"}}, {},
         {"2026-03-31 P1 P1/1/m limit off", "2026-04-10 P1 P1/1/m convert"},
         {{"2026-04", 0, 600, 0}}},
        {"notice 10: off on end - 9 (04-01) is too late",
         10, 90, {{"2026-04-01", "limit_off"}}, {},
         {"2026-04-01 P1 P1/1/m limit off", "2026-04-10 P1 P1/1/m disable term_ended",
          "2026-07-09 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 21}}},
        {"notice 0: off the day before the end day converts",
         0, 90, {{"2026-04-09", "limit_off"}}, {},
         {"2026-04-09 P1 P1/1/m limit off", "2026-04-10 P1 P1/1/m convert"},
         {{"2026-04", 0, 600, 0}}},
        {"notice 0: off on the end day comes after step 2 (disabled), so it is ignored as ended",
         0, 90, {{"2026-04-10", "limit_off"}}, {},
         {"2026-04-10 P1 P1/1/m disable term_ended", "2026-04-10 P1 P1/1/m ignored limit_off:ended",
          "2026-07-09 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 21}}},
        {"retention 10: deleted on 04-20 (that day's usage unserved, the day not counted as disabled)",
         5, 10, {}, {},
         {"2026-04-10 P1 P1/1/m disable term_ended", "2026-04-20 P1 P1/1/m delete"},
         {{"2026-04", 600, 0, 10}, {"2026-05", 600, 0, 0}}},
    };
    for (const TermCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        w.monthly("ap", "m", 10000).partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
        w.act("2026-01-01", "assign", kCredit, "u1").act("2026-01-10", "redeem", kCredit);
        for (const Act& a : c.actions) w.act(a.date, a.action, kCredit);
        for (const auto& [date, cents] : c.eligible_usage) w.use(date, "P1", kCredit, "eligible", cents);
        for (const char* date : {"2026-04-20", "2026-05-02", "2026-07-09"})
            w.use(date, "P1", kCredit, "eligible", 500).use(date, "P1", kCredit, "ineligible", 100);
        Policy policy;
        policy.validity_months = 3;
        policy.notice_days = c.notice_days;
        policy.retention_days = c.retention_days;
        const RunOutcome out = w.run(policy, "2026-01-01", 8);
        EXPECT_EQ(out.events_after_setup(), c.events);
        for (const Month& m : c.months) {
            SCOPED_TRACE(m.month);
            const BillingMonth b = out.billing("P1", m.month);
            EXPECT_EQ(b.flows.unserved.cents(), m.unserved);
            EXPECT_EQ(b.flows.payg_other.cents(), m.payg_other);
            EXPECT_EQ(b.disabled_days, m.disabled_days);
        }
        // Summary counters agree with the events.
        const Lines events = out.event_lines();
        auto count = [&](const std::string& what) {
            return std::count_if(events.begin(), events.end(),
                                 [&](const std::string& e) { return e.find(what) != std::string::npos; });
        };
        EXPECT_EQ(out.totals().conversions, count(" convert") - count("ignored convert"));
        EXPECT_EQ(out.totals().deletions, count(" delete"));
        EXPECT_EQ(out.totals().disables, count(" disable "));
    }
}

TEST(EngineRulesTermEnd, EndDayLapsesTheLastPeriodAndStopsServing) {
    // The last period's unused balance lapses on the end day (booked in April), the usage of 04-09 was
    // served, the usage of the end day is not (disabled), and no new period opens.
    WorldBuilder w;
    w.monthly("ap", "m", 10000).partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com");
    w.act("2026-01-01", "assign", kCredit, "u1").act("2026-01-10", "redeem", kCredit);
    w.use("2026-04-09", "P1", kCredit, "eligible", 2500).use("2026-04-10", "P1", kCredit, "eligible", 100);
    Policy policy;
    policy.validity_months = 3;
    const RunOutcome out = w.run(policy, "2026-01-01", 5);
    const Lines rows = out.ledger_lines(kCredit);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[2], "2026-03-10..2026-04-09 0 10000 2500 7500 0 0");
    EXPECT_EQ(out.summary("2026-04").lapsed.cents(), 7500);  // period 2 lapsed on 03-10 (March)
    EXPECT_EQ(out.summary("2026-03").lapsed.cents(), 10000);
    EXPECT_EQ(out.billing("P1", "2026-04").flows.unserved.cents(), 100);
    EXPECT_EQ(out.billing("P1", "2026-04").flows.credit_used.cents(), 2500);
}

}  // namespace
}  // namespace creditsim::testing
