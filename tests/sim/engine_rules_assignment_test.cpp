// SPEC 4 (legacy assignment rules) through the engine: every rejection
// reason, the order they are checked in (rows where two reasons apply and the
// earlier one must win), the same-user no-op before everything, reassignment
// counting with remove/assign, bulk rules and what reassignment after
// redemption changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

using Lines = std::vector<std::string>;
const std::string A = "P1/1/a_bulk", B = "P1/1/b_bulk", G = "P1/1/ghe_bulk", M = "P1/1/m";

// P1 (offer ap, joined 2026-01-01) is awarded a_bulk (bulk 60000, term a_term), b_bulk (bulk 60000),
// ghe_bulk (bulk 30000, product ghe) and m (monthly 10000). Users u1..u4 on a company domain, f1 on a
// free-hosted one. P2 (same offer) has user u9.
void world(WorldBuilder& w, int renewals = 0, int a_term = 12) {
    w.bulk("ap", "a_bulk", 60000, a_term).bulk("ap", "b_bulk", 60000).bulk("ap", "ghe_bulk", 30000, 12, "ghe");
    w.monthly("ap", "m", 10000);
    w.partner("P1", "ap", "2026-01-01", renewals).partner("P2", "ap", "2026-01-01");
    for (std::string u : {"u1", "u2", "u3", "u4"}) w.user("P1", u, u + "@contoso.com");
    w.user("P1", "f1", "f1@gmail.com", true);
    w.user("P2", "u9", "u9@fabrikam.com");
}

// P1's events without the award lines.
Lines p1_events(const RunOutcome& out) {
    Lines kept;
    for (const auto& e : out.event_lines())
        if (e.compare(11, 3, "P1 ") == 0 && e.find(" award") == std::string::npos) kept.push_back(e);
    return kept;
}

struct AssignCase {
    const char* reason;
    std::function<void(WorldBuilder&, Policy&)> setup;
    int months;
    Lines events;  // P1's, without awards
};

void run_cases(const std::vector<AssignCase>& cases) {
    for (const AssignCase& c : cases) {
        SCOPED_TRACE(c.reason);
        WorldBuilder w;
        Policy policy;
        c.setup(w, policy);
        const RunOutcome out = w.run(policy, "2026-01-01", c.months);
        const Lines events = p1_events(out);
        EXPECT_EQ(events, c.events);
        // The summary counts what the events show: successful assigns and rejections per reason.
        const SummaryMonth totals = out.totals();
        EXPECT_EQ(totals.assigned, std::count_if(events.begin(), events.end(), [](const std::string& e) {
                      return e.find(" assign ") != std::string::npos;
                  }));
        for (int r = 0; r < kRejectReasonCount; ++r) {
            const std::string suffix = std::string(" reject ") + to_string(RejectReason(r));
            EXPECT_EQ(totals.rejected[r], std::count_if(events.begin(), events.end(), [&](const std::string& e) {
                          return e.size() >= suffix.size() && e.compare(e.size() - suffix.size(), suffix.size(), suffix) == 0;
                      })) << suffix;
        }
    }
}

const Lines kForfeitsJan11 = {"2026-01-11 P1 P1/1/a_bulk forfeit", "2026-01-11 P1 P1/1/b_bulk forfeit",
                              "2026-01-11 P1 P1/1/ghe_bulk forfeit", "2026-01-11 P1 P1/1/m forfeit"};

Lines concat(std::initializer_list<Lines> parts) {
    Lines all;
    for (const Lines& p : parts) all.insert(all.end(), p.begin(), p.end());
    return all;
}

TEST(EngineRulesAssignment, EachRejectionReason) {
    const std::vector<AssignCase> cases = {
        {"unknown_user: not a user of the credit's partner",
         [](WorldBuilder& w, Policy&) { world(w); w.act("2026-01-02", "assign", M, "nobody"); }, 1,
         {"2026-01-02 P1 P1/1/m reject unknown_user"}},
        {"unknown_user: an empty user",
         [](WorldBuilder& w, Policy&) { world(w); w.act("2026-01-02", "assign", M, ""); }, 1,
         {"2026-01-02 P1 P1/1/m reject unknown_user"}},
        {"unknown_user: a user of another partner (u9 belongs to P2)",
         [](WorldBuilder& w, Policy&) { world(w); w.act("2026-01-02", "assign", M, "u9"); }, 1,
         {"2026-01-02 P1 P1/1/m reject unknown_user"}},
        {"free_hosted_domain with block_free_hosted (default)",
         [](WorldBuilder& w, Policy&) { world(w); w.act("2026-01-02", "assign", M, "f1"); }, 1,
         {"2026-01-02 P1 P1/1/m reject free_hosted_domain"}},
        {"free-hosted users are accepted when block_free_hosted is false",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.block_free_hosted = false;
             w.act("2026-01-02", "assign", M, "f1");
         },
         1, {"2026-01-02 P1 P1/1/m assign f1"}},
        {"credit_not_assignable: forfeited (window 10 -> 01-11)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.activation_window_days = 10;
             w.act("2026-01-12", "assign", M, "u1");
         },
         1, concat({kForfeitsJan11, {"2026-01-12 P1 P1/1/m reject credit_not_assignable"}})},
        {"credit_not_assignable: past its end day (validity 1: end 02-02), even to its last user after a remove",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.validity_months = 1;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-02", "redeem", M);
             w.act("2026-02-05", "remove", M).act("2026-02-10", "assign", M, "u1");
         },
         2,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-02 P1 P1/1/m redeem u1", "2026-02-02 P1 P1/1/m disable term_ended",
          "2026-02-05 P1 P1/1/m remove u1", "2026-02-10 P1 P1/1/m reject credit_not_assignable"}},
        {"credit_not_assignable: the membership ended (2027-01-01, step 4 before actions) before the credit "
         "ever had a user (window 500 keeps the monthly credit unforfeited; bulk ones forfeit at their end day)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.activation_window_days = 500;
             w.act("2027-01-01", "assign", M, "u1");
         },
         13,
         {"2027-01-01 P1 P1/1/a_bulk forfeit", "2027-01-01 P1 P1/1/b_bulk forfeit", "2027-01-01 P1 P1/1/ghe_bulk forfeit",
          "2027-01-01 P1 P1 leave", "2027-01-01 P1 P1/1/m reject credit_not_assignable"}},
        {"the last day of the membership a never-assigned credit can still be assigned",
         [](WorldBuilder& w, Policy&) { world(w); w.act("2026-12-31", "assign", M, "u1"); }, 12,
         {"2026-12-31 P1 P1/1/m assign u1"}},
        {"a credit that had a user before the membership ended can still be reassigned after it",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.activation_window_days = 500;
             w.act("2026-06-01", "assign", M, "u1").act("2026-12-01", "remove", M).act("2027-01-05", "assign", M, "u2");
         },
         13,
         {"2026-06-01 P1 P1/1/m assign u1", "2026-12-01 P1 P1/1/m remove u1", "2027-01-01 P1 P1/1/a_bulk forfeit",
          "2027-01-01 P1 P1/1/b_bulk forfeit", "2027-01-01 P1 P1/1/ghe_bulk forfeit", "2027-01-01 P1 P1 leave",
          "2027-01-05 P1 P1/1/m assign u2"}},
        {"bulk_not_reassignable: a bulk credit whose last user is someone else",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "assign", A, "u2");
         },
         1, {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk reject bulk_not_reassignable"}},
        {"bulk_not_reassignable: the last user counts after a remove too",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "remove", A).act("2026-01-04", "assign", A, "u2");
         },
         1,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk remove u1",
          "2026-01-04 P1 P1/1/a_bulk reject bulk_not_reassignable"}},
        {"a bulk credit may go back to its last user after a remove",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "remove", A).act("2026-01-04", "assign", A, "u1");
         },
         1,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk remove u1",
          "2026-01-04 P1 P1/1/a_bulk assign u1"}},
        {"bulk_reassignable: bulk reassignments are allowed and never capped (max_reassignments 0 here)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.bulk_reassignable = true;
             p.max_reassignments = 0;
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "assign", A, "u2").act("2026-01-04", "assign", A, "u3");
             w.act("2026-01-05", "assign", A, "u1").act("2026-01-06", "assign", A, "u2");
         },
         1,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk assign u2",
          "2026-01-04 P1 P1/1/a_bulk assign u3", "2026-01-05 P1 P1/1/a_bulk assign u1",
          "2026-01-06 P1 P1/1/a_bulk assign u2"}},
        {"reassignment_cap (max 2): the third change is rejected, and so is going back to an earlier user",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_reassignments = 2;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-03", "assign", M, "u2").act("2026-01-04", "assign", M, "u3");
             w.act("2026-01-05", "assign", M, "u4").act("2026-01-06", "assign", M, "u1");
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-03 P1 P1/1/m assign u2", "2026-01-04 P1 P1/1/m assign u3",
          "2026-01-05 P1 P1/1/m reject reassignment_cap", "2026-01-06 P1 P1/1/m reject reassignment_cap"}},
        {"counting (max 1): remove + assign another counts one at the assign; remove + assign the same "
         "counts none; the next change is over the cap",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_reassignments = 1;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-03", "remove", M).act("2026-01-04", "assign", M, "u2");
             w.act("2026-01-05", "remove", M).act("2026-01-06", "assign", M, "u2").act("2026-01-07", "assign", M, "u3");
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-03 P1 P1/1/m remove u1", "2026-01-04 P1 P1/1/m assign u2",
          "2026-01-05 P1 P1/1/m remove u2", "2026-01-06 P1 P1/1/m assign u2",
          "2026-01-07 P1 P1/1/m reject reassignment_cap"}},
        {"max_reassignments 0: no change of user, but the first user and its return after a remove are fine",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_reassignments = 0;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-03", "assign", M, "u2");
             w.act("2026-01-04", "remove", M).act("2026-01-05", "assign", M, "u1");
         },
         1,
         {"2026-01-02 P1 P1/1/m assign u1", "2026-01-03 P1 P1/1/m reject reassignment_cap",
          "2026-01-04 P1 P1/1/m remove u1", "2026-01-05 P1 P1/1/m assign u1"}},
        {"bulk_limit: the user already holds another bulk credit",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "assign", B, "u1");
         },
         1, {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/b_bulk reject bulk_limit"}},
        {"bulk_limit: a product bulk credit held counts",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.act("2026-01-02", "assign", G, "u1").act("2026-01-03", "assign", A, "u1");
         },
         1, {"2026-01-02 P1 P1/1/ghe_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk reject bulk_limit"}},
        {"a user may hold a monthly and a bulk credit at once",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-03", "assign", A, "u1");
         },
         1, {"2026-01-02 P1 P1/1/m assign u1", "2026-01-03 P1 P1/1/a_bulk assign u1"}},
        {"a bulk credit removed from the user is no longer held",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "remove", A).act("2026-01-04", "assign", B, "u1");
         },
         1,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk remove u1",
          "2026-01-04 P1 P1/1/b_bulk assign u1"}},
        {"max_bulk_per_user 2: the third bulk credit is rejected",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_bulk_per_user = 2;
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "assign", B, "u1").act("2026-01-04", "assign", G, "u1");
         },
         1,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/b_bulk assign u1",
          "2026-01-04 P1 P1/1/ghe_bulk reject bulk_limit"}},
        {"max_bulk_per_user 0: no bulk credit can be assigned; monthly ones can",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_bulk_per_user = 0;
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "assign", M, "u1");
         },
         1, {"2026-01-02 P1 P1/1/a_bulk reject bulk_limit", "2026-01-03 P1 P1/1/m assign u1"}},
        {"a forfeited bulk credit still assigned to the user, before its end day (term 24 -> 2028-01-01), does "
         "not count (window 40 -> forfeits 2026-02-10)",
         [](WorldBuilder& w, Policy& p) {
             world(w, 1, 24);
             p.activation_window_days = 40;
             w.act("2026-01-02", "assign", A, "u1").act("2027-01-02", "assign", "P1/2/a_bulk", "u1");
         },
         13,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-02-10 P1 P1/1/a_bulk forfeit", "2026-02-10 P1 P1/1/b_bulk forfeit",
          "2026-02-10 P1 P1/1/ghe_bulk forfeit", "2026-02-10 P1 P1/1/m forfeit", "2027-01-01 P1 P1 renew",
          "2027-01-02 P1 P1/2/a_bulk assign u1"}},
        {"a redeemed bulk credit on its end day (2027-01-01) is no longer held: year 2's can be assigned",
         [](WorldBuilder& w, Policy& p) {
             world(w, 1);
             p.activation_window_days = 40;
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "redeem", A);
             w.act("2027-01-01", "assign", "P1/2/a_bulk", "u1");
         },
         13,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk redeem u1", "2026-02-10 P1 P1/1/b_bulk forfeit",
          "2026-02-10 P1 P1/1/ghe_bulk forfeit", "2026-02-10 P1 P1/1/m forfeit", "2027-01-01 P1 P1/1/a_bulk expire",
          "2027-01-01 P1 P1/1/a_bulk disable term_ended", "2027-01-01 P1 P1 renew",
          "2027-01-01 P1 P1/2/a_bulk assign u1"}},
        {"a redeemed bulk credit before its end day (term 13 -> 2027-02-01) is held: year 2's is rejected",
         [](WorldBuilder& w, Policy& p) {
             world(w, 1, 13);
             p.activation_window_days = 40;
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "redeem", A);
             w.act("2027-01-01", "assign", "P1/2/a_bulk", "u1");
         },
         13,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk redeem u1", "2026-02-10 P1 P1/1/b_bulk forfeit",
          "2026-02-10 P1 P1/1/ghe_bulk forfeit", "2026-02-10 P1 P1/1/m forfeit", "2027-01-01 P1 P1 renew",
          "2027-01-01 P1 P1/2/a_bulk reject bulk_limit"}},
    };
    run_cases(cases);
}

TEST(EngineRulesAssignment, CheckOrderEarlierReasonWins) {
    const std::vector<AssignCase> cases = {
        {"same user: a no-op checked before everything (even on a forfeited credit): no event",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.activation_window_days = 10;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-12", "assign", M, "u1");
         },
         1, concat({{"2026-01-02 P1 P1/1/m assign u1"}, kForfeitsJan11})},
        {"same user on a bulk credit: a no-op, not bulk_limit (it is the user's only bulk credit anyway)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_bulk_per_user = 1;
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "assign", A, "u1");
         },
         1, {"2026-01-02 P1 P1/1/a_bulk assign u1"}},
        {"unknown_user before credit_not_assignable (forfeited credit, empty user)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.activation_window_days = 10;
             w.act("2026-01-12", "assign", M, "");
         },
         1, concat({kForfeitsJan11, {"2026-01-12 P1 P1/1/m reject unknown_user"}})},
        {"free_hosted_domain before credit_not_assignable (forfeited credit, free-hosted user)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.activation_window_days = 10;
             w.act("2026-01-12", "assign", M, "f1");
         },
         1, concat({kForfeitsJan11, {"2026-01-12 P1 P1/1/m reject free_hosted_domain"}})},
        {"free_hosted_domain before bulk_not_reassignable",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "assign", A, "f1");
         },
         1, {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk reject free_hosted_domain"}},
        {"free_hosted_domain before reassignment_cap (max 0)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_reassignments = 0;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-03", "assign", M, "f1");
         },
         1, {"2026-01-02 P1 P1/1/m assign u1", "2026-01-03 P1 P1/1/m reject free_hosted_domain"}},
        {"unknown_user before bulk_limit (max_bulk_per_user 0)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_bulk_per_user = 0;
             w.act("2026-01-02", "assign", A, "nobody");
         },
         1, {"2026-01-02 P1 P1/1/a_bulk reject unknown_user"}},
        {"free_hosted_domain before bulk_limit (max_bulk_per_user 0)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_bulk_per_user = 0;
             w.act("2026-01-02", "assign", A, "f1");
         },
         1, {"2026-01-02 P1 P1/1/a_bulk reject free_hosted_domain"}},
        {"credit_not_assignable before bulk_not_reassignable (bulk past its end day, another user)",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.bulk("ap", "s_bulk", 20000, 1);
             w.act("2026-01-02", "assign", "P1/1/s_bulk", "u1").act("2026-01-02", "redeem", "P1/1/s_bulk");
             w.act("2026-02-02", "assign", "P1/1/s_bulk", "u2");
         },
         2,
         {"2026-01-02 P1 P1/1/s_bulk assign u1", "2026-01-02 P1 P1/1/s_bulk redeem u1", "2026-02-01 P1 P1/1/s_bulk expire",
          "2026-02-01 P1 P1/1/s_bulk disable term_ended", "2026-02-02 P1 P1/1/s_bulk reject credit_not_assignable"}},
        {"credit_not_assignable before reassignment_cap (max 0, forfeited monthly credit, another user)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.max_reassignments = 0;
             p.activation_window_days = 10;
             w.act("2026-01-02", "assign", M, "u1").act("2026-01-12", "assign", M, "u2");
         },
         1,
         concat({{"2026-01-02 P1 P1/1/m assign u1"}, kForfeitsJan11,
                 {"2026-01-12 P1 P1/1/m reject credit_not_assignable"}})},
        {"credit_not_assignable before bulk_limit (u1 holds a redeemed bulk; the other one is forfeited)",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.activation_window_days = 10;
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "redeem", A).act("2026-01-12", "assign", B, "u1");
         },
         1,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/a_bulk redeem u1",
          "2026-01-11 P1 P1/1/b_bulk forfeit", "2026-01-11 P1 P1/1/ghe_bulk forfeit", "2026-01-11 P1 P1/1/m forfeit",
          "2026-01-12 P1 P1/1/b_bulk reject credit_not_assignable"}},
        {"bulk_not_reassignable before bulk_limit (u2 holds another bulk credit)",
         [](WorldBuilder& w, Policy&) {
             world(w);
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "assign", B, "u2").act("2026-01-04", "assign", A, "u2");
         },
         1,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/b_bulk assign u2",
          "2026-01-04 P1 P1/1/a_bulk reject bulk_not_reassignable"}},
        {"with bulk_reassignable the same reassignment is checked against bulk_limit",
         [](WorldBuilder& w, Policy& p) {
             world(w);
             p.bulk_reassignable = true;
             w.act("2026-01-02", "assign", A, "u1").act("2026-01-03", "assign", B, "u2").act("2026-01-04", "assign", A, "u2");
         },
         1,
         {"2026-01-02 P1 P1/1/a_bulk assign u1", "2026-01-03 P1 P1/1/b_bulk assign u2",
          "2026-01-04 P1 P1/1/a_bulk reject bulk_limit"}},
    };
    run_cases(cases);
}

TEST(EngineRulesAssignment, ReassignmentAfterRedemptionChangesTheOwnerOnly) {
    // SPEC 4: reassignment after redemption changes the owner only, never the balance or the activation
    // date; removing the user of a redeemed credit leaves the subscription running.
    WorldBuilder w;
    world(w);
    w.act("2026-01-02", "assign", M, "u1").act("2026-01-05", "redeem", M);
    w.act("2026-01-10", "assign", M, "u2").act("2026-01-15", "remove", M);
    w.act("2026-01-16", "redeem", M);  // a second redeem: silent, activation stays 01-05
    w.use("2026-01-06", "P1", M, "eligible", 3000).use("2026-01-12", "P1", M, "eligible", 2000);
    w.use("2026-01-20", "P1", M, "eligible", 1000);
    const RunOutcome out = w.run(Policy{}, "2026-01-01", 2);
    EXPECT_EQ(p1_events(out), (Lines{"2026-01-02 P1 P1/1/m assign u1", "2026-01-05 P1 P1/1/m redeem u1",
                                     "2026-01-10 P1 P1/1/m assign u2", "2026-01-15 P1 P1/1/m remove u2"}));
    EXPECT_EQ(out.ledger_lines(M), (Lines{"2026-01-05..2026-02-04 0 10000 6000 4000 0 0",
                                          "2026-02-05..2026-03-04 0 10000 0 0 0 10000"}));
    EXPECT_EQ(out.billing("P1", "2026-01").flows.credit_used.cents(), 6000);
    EXPECT_EQ(out.totals().activated, 1);
}

}  // namespace
}  // namespace creditsim::testing
