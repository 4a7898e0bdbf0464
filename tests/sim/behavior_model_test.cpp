// The behaviour model's reactions: determinism, order independence (common
// random numbers), shares and mean delays within tolerance, the users it
// picks, and that it never plans an action on or before today.
#include "sim/generate/behavior_model.hpp"
#include "sim/generate/population_generator.hpp"

#include <gtest/gtest.h>

#include "tests/support/catalog_line.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace creditsim {
namespace {

Date day(const char* text) { return *parse_date(text); }


GeneratedPopulation population(int64_t partners, const Behavior& behavior = {}) {
    const Catalog catalog({testing::catalog_line("ap", "azure_monthly", CreditKind::monthly, 10000),
                           testing::catalog_line("core", "azure_monthly", CreditKind::monthly, 15000),
                           testing::catalog_line("core", "azure_bulk", CreditKind::bulk, 600000),
                           testing::catalog_line("gold", "azure_monthly", CreditKind::monthly, 10000, 2)},
                          {});
    return generate_population(catalog, Policy{}, behavior, parse_offer_mix("ap:1, core:1, gold:1", catalog, "t.ini"),
                               partners, day("2026-01-01"), 36, 77, 0);
}

struct Call {
    Date day;
    ActionKind kind;
    uint32_t credit;
    uint32_t user;
    auto key() const { return std::make_tuple(credit, day.serial(), int(kind), user); }
    bool operator==(const Call& other) const { return key() == other.key(); }
};

/// Records plan() calls; fails the test when a day is not after today.
class RecordingSink : public ActionSink {
public:
    Date today;
    std::vector<Call> calls;
    void plan(Date day, ActionKind kind, uint32_t credit, uint32_t user) override {
        EXPECT_GT(day, today) << to_string(kind) << " of credit " << credit << " on " << day.to_string()
                              << " planned on " << today.to_string();
        calls.push_back(Call{day, kind, credit, user});
    }
    /// Calls of one credit, in scheduling order.
    std::vector<Call> of(uint32_t credit) const {
        std::vector<Call> result;
        for (const Call& c : calls)
            if (c.credit == credit) result.push_back(c);
        return result;
    }
};

/// Calls on_award for every credit on its award day, in the given credit order.
RecordingSink award_all(BehaviorModel& model, const Population& pop, bool is_reversed = false) {
    RecordingSink sink;
    for (uint32_t i = 0; i < pop.credits.size(); ++i) {
        const uint32_t c = is_reversed ? uint32_t(pop.credits.size()) - 1 - i : i;
        sink.today = pop.credits[c].award_day;
        model.on_award(c, sink.today, sink);
    }
    return sink;
}

std::vector<Call> sorted(std::vector<Call> calls) {
    std::stable_sort(calls.begin(), calls.end(), [](const Call& a, const Call& b) { return a.credit < b.credit; });
    return calls;
}

TEST(BehaviorModel, SameInputsSameActions) {
    const GeneratedPopulation g = population(300);
    BehaviorModel a(g.population, Behavior{}, 5, 0);
    BehaviorModel b(g.population, Behavior{}, 5, 0);
    const auto calls_a = award_all(a, g.population).calls;
    EXPECT_EQ(calls_a, award_all(b, g.population).calls);
    BehaviorModel other_seed(g.population, Behavior{}, 6, 0);
    BehaviorModel other_replication(g.population, Behavior{}, 5, 1);
    EXPECT_NE(calls_a, award_all(other_seed, g.population).calls);
    EXPECT_NE(calls_a, award_all(other_replication, g.population).calls);
}

TEST(BehaviorModel, ActionsDoNotDependOnTheOrderOfReactions) {
    const GeneratedPopulation g = population(300);
    BehaviorModel forward(g.population, Behavior{}, 5, 0);
    BehaviorModel backward(g.population, Behavior{}, 5, 0);
    EXPECT_EQ(sorted(award_all(forward, g.population).calls),
              sorted(award_all(backward, g.population, true).calls));

    RecordingSink sink_forward, sink_backward;
    const uint32_t n = uint32_t(g.population.credits.size());
    for (uint32_t i = 0; i < n; ++i) {
        sink_forward.today = sink_backward.today = day("2026-06-01");
        forward.on_limit_reached(i, sink_forward.today, sink_forward);
        backward.on_limit_reached(n - 1 - i, sink_backward.today, sink_backward);
        forward.on_redeem(i, sink_forward.today, day("2027-07-01"), sink_forward);
        backward.on_redeem(n - 1 - i, sink_backward.today, day("2027-07-01"), sink_backward);
    }
    EXPECT_EQ(sorted(sink_forward.calls), sorted(sink_backward.calls));
}

TEST(BehaviorModel, AwardPlansAssignRedeemAndTurnover) {
    const GeneratedPopulation g = population(12000);
    const Population& pop = g.population;
    const Behavior behavior;
    BehaviorModel model(pop, behavior, 20261126, 0);
    const RecordingSink sink = award_all(model, pop);

    std::map<uint32_t, std::vector<Call>> by_credit;
    for (const Call& c : sink.calls) by_credit[c.credit].push_back(c);
    size_t assigned = 0, redeemed = 0, turnover_credits = 0, reassigns = 0;
    double assign_delay = 0, redeem_delay = 0;
    for (uint32_t c = 0; c < pop.credits.size(); ++c) {
        auto it = by_credit.find(c);
        if (it == by_credit.end()) continue;
        const std::vector<Call>& calls = it->second;
        const Credit& credit = pop.credits[c];
        const Partner& partner = pop.partners[credit.partner];
        ASSERT_EQ(calls[0].kind, ActionKind::assign);
        ++assigned;
        const Date assign_day = calls[0].day;
        assign_delay += assign_day - credit.award_day;
        uint32_t holder = calls[0].user;
        size_t i = 1;
        if (i < calls.size() && calls[i].kind == ActionKind::redeem) {
            ++redeemed;
            ASSERT_GT(calls[i].day, assign_day);
            redeem_delay += calls[i].day - assign_day;
            ++i;
        }
        if (partner.user_count >= 2) ++turnover_credits;
        for (; i < calls.size(); ++i) {
            const Call& reassign = calls[i];
            ASSERT_EQ(reassign.kind, ActionKind::assign);
            ASSERT_GT(reassign.day, assign_day);
            ASSERT_LE(reassign.day - assign_day, 402);
            ASSERT_GE(reassign.day, calls[i - 1].kind == ActionKind::assign ? calls[i - 1].day : assign_day);
            ASSERT_NE(reassign.user, holder) << credit.id;
            holder = reassign.user;
            ++reassigns;
        }
        for (const Call& call : calls)
            if (call.kind == ActionKind::assign) {
                ASSERT_GE(call.user, partner.first_user) << credit.id;
                ASSERT_LT(call.user, partner.first_user + partner.user_count) << credit.id;
            }
    }
    const double credits = double(pop.credits.size());
    ASSERT_GT(credits, 20000);
    EXPECT_NEAR(1.0 - assigned / credits, behavior.never_assigned_share, 0.006);
    EXPECT_NEAR(1.0 - double(redeemed) / double(assigned), behavior.never_redeemed_share, 0.006);
    EXPECT_NEAR(assign_delay / double(assigned), behavior.assign_delay_mean_days, 0.4);
    EXPECT_NEAR(redeem_delay / double(redeemed), behavior.redeem_delay_mean_days, 0.3);
    EXPECT_NEAR(double(reassigns) / double(turnover_credits),
                behavior.reassignments_per_year * BehaviorModel::kTurnoverYears, 0.03);
}

TEST(BehaviorModel, NeverAssignedAndNeverRedeemedShares) {
    Behavior behavior;
    behavior.never_assigned_share = 1;
    const GeneratedPopulation g = population(200, behavior);
    BehaviorModel silent(g.population, behavior, 1, 0);
    EXPECT_TRUE(award_all(silent, g.population).calls.empty());

    behavior.never_assigned_share = 0;
    behavior.never_redeemed_share = 1;
    behavior.reassignments_per_year = 0;
    BehaviorModel assign_only(g.population, behavior, 1, 0);
    const RecordingSink sink = award_all(assign_only, g.population);
    EXPECT_EQ(sink.calls.size(), g.population.credits.size());
    for (const Call& c : sink.calls) EXPECT_EQ(c.kind, ActionKind::assign);
}

TEST(BehaviorModel, RejectionsMoveTheCreditToAnotherCompanyUser) {
    Behavior behavior;
    behavior.free_hosted_share = 0.3;
    behavior.users_mean = 4;
    const GeneratedPopulation g = population(3000, behavior);
    const Population& pop = g.population;
    BehaviorModel model(pop, behavior, 9, 0);
    std::map<uint32_t, int> target_counts;
    size_t reacted = 0, silent = 0;
    for (uint32_t c = 0; c < pop.credits.size(); ++c) {
        const Partner& partner = pop.partners[pop.credits[c].partner];
        const uint32_t rejected_user = partner.first_user;
        RecordingSink sink;
        sink.today = pop.credits[c].award_day.plus_days(5);
        model.on_reject(c, rejected_user, RejectReason::free_hosted_domain, sink.today, sink);
        bool has_candidate = false;
        for (uint32_t u = partner.first_user; u < partner.first_user + partner.user_count; ++u)
            has_candidate |= u != rejected_user && !pop.users[u].is_free_hosted;
        if (!has_candidate) {
            ASSERT_TRUE(sink.calls.empty());
            ++silent;
            continue;
        }
        ++reacted;
        ASSERT_EQ(sink.calls.size(), 2u);
        EXPECT_EQ(sink.calls[0].kind, ActionKind::assign);
        EXPECT_EQ(sink.calls[0].day, sink.today.plus_days(1));
        const uint32_t target = sink.calls[0].user;
        ASSERT_GE(target, partner.first_user);
        ASSERT_LT(target, partner.first_user + partner.user_count);
        ASSERT_NE(target, rejected_user);
        ASSERT_FALSE(pop.users[target].is_free_hosted);
        ++target_counts[target - partner.first_user];
        EXPECT_EQ(sink.calls[1].kind, ActionKind::redeem);
        EXPECT_EQ(sink.calls[1].day, sink.today.plus_days(2));
    }
    EXPECT_GT(reacted, 1000u);
    EXPECT_GT(silent, 0u);
    EXPECT_GE(target_counts.size(), 4u);  // random among the candidates, not always the first
}

TEST(BehaviorModel, RejectReasonsThatDoNotReactAndTheRetryCap) {
    const GeneratedPopulation g = population(50);
    const Population& pop = g.population;
    BehaviorModel model(pop, Behavior{}, 3, 0);
    uint32_t credit = kNone;  // a credit whose partner has two company-domain users
    for (uint32_t c = 0; c < pop.credits.size() && credit == kNone; ++c) {
        const Partner& p = pop.partners[pop.credits[c].partner];
        int company = 0;
        for (uint32_t u = p.first_user; u < p.first_user + p.user_count; ++u) company += !pop.users[u].is_free_hosted;
        if (company >= 2) credit = c;
    }
    ASSERT_NE(credit, kNone);
    const uint32_t user = pop.partners[pop.credits[credit].partner].first_user;
    RecordingSink sink;
    sink.today = day("2026-03-01");
    for (RejectReason reason : {RejectReason::credit_not_assignable, RejectReason::bulk_not_reassignable,
                                RejectReason::reassignment_cap})
        model.on_reject(credit, user, reason, sink.today, sink);
    EXPECT_TRUE(sink.calls.empty());
    for (int i = 0; i < 10; ++i) model.on_reject(credit, user, RejectReason::bulk_limit, sink.today, sink);
    model.on_reject(credit, kUnknownUser, RejectReason::unknown_user, sink.today, sink);
    EXPECT_EQ(sink.calls.size(), size_t(2 * BehaviorModel::kMaxRejectRetries));
}

TEST(BehaviorModel, RejectionOfANeverRedeemedCreditDoesNotRedeemIt) {
    Behavior behavior;
    behavior.never_assigned_share = 0;
    behavior.never_redeemed_share = 1;
    behavior.free_hosted_share = 0;
    behavior.users_mean = 5;
    const GeneratedPopulation g = population(100, behavior);
    BehaviorModel model(g.population, behavior, 3, 0);
    for (uint32_t c = 0; c < g.population.credits.size(); ++c) {
        RecordingSink sink;
        sink.today = g.population.credits[c].award_day;
        model.on_award(c, sink.today, sink);
        sink.today = sink.calls[0].day;
        sink.calls.clear();
        model.on_reject(c, kUnknownUser, RejectReason::unknown_user, sink.today, sink);
        for (const Call& call : sink.calls) ASSERT_EQ(call.kind, ActionKind::assign);
    }
}

TEST(BehaviorModel, ConvertersSetTheLimitOffBeforeTheEndOrConvertAfterIt) {
    const GeneratedPopulation g = population(12000);
    const Population& pop = g.population;
    const Behavior behavior;
    BehaviorModel model(pop, behavior, 11, 0);
    size_t early = 0, late = 0;
    double lead = 0, late_delay = 0;
    for (uint32_t c = 0; c < pop.credits.size(); ++c) {
        RecordingSink sink;
        sink.today = pop.credits[c].award_day.plus_days(20);
        const Date end_day = add_months(sink.today, 13);
        model.on_redeem(c, sink.today, end_day, sink);
        ASSERT_LE(sink.calls.size(), 1u);
        if (sink.calls.empty()) continue;
        const Call& call = sink.calls[0];
        if (call.kind == ActionKind::convert) {
            ++late;
            ASSERT_GE(call.day, end_day);
            late_delay += call.day - end_day;
        } else {
            ASSERT_EQ(call.kind, ActionKind::limit_off);
            ++early;
            ASSERT_LT(call.day, end_day);
            lead += end_day - call.day - 1;
        }
    }
    const double credits = double(pop.credits.size());
    EXPECT_NEAR((early + late) / credits, behavior.conversion_probability, 0.012);
    EXPECT_NEAR(double(late) / double(early + late), behavior.late_convert_share, 0.015);
    EXPECT_NEAR(lead / double(early), behavior.conversion_lead_days_mean, 0.4);
    EXPECT_NEAR(late_delay / double(late), behavior.late_convert_delay_mean_days, 2.0);
}

TEST(BehaviorModel, EarlyConversionIsNeverPlannedOnOrBeforeToday) {
    Behavior behavior;
    behavior.conversion_probability = 1;
    behavior.late_convert_share = 0;
    const GeneratedPopulation g = population(300, behavior);
    BehaviorModel model(g.population, behavior, 2, 0);
    for (uint32_t c = 0; c < g.population.credits.size(); ++c) {
        RecordingSink sink;  // fails on any day <= today
        sink.today = day("2027-01-29");
        model.on_redeem(c, sink.today, day("2027-02-01"), sink);
        ASSERT_EQ(sink.calls.size(), 1u);
        EXPECT_GE(sink.calls[0].day, day("2027-01-30"));
        EXPECT_LE(sink.calls[0].day, day("2027-01-31"));
    }
}

TEST(BehaviorModel, LimitRemovalAfterExhaustion) {
    const GeneratedPopulation g = population(12000);
    const Population& pop = g.population;
    const Behavior behavior;
    BehaviorModel model(pop, behavior, 13, 0);
    size_t removals = 0, period_only = 0, same_as_first = 0;
    double delay = 0;
    for (uint32_t c = 0; c < pop.credits.size(); ++c) {
        RecordingSink first, second;
        first.today = second.today = day("2026-08-10");
        model.on_limit_reached(c, first.today, first);
        model.on_limit_reached(c, second.today, second);  // the next occurrence draws afresh
        same_as_first += first.calls == second.calls;
        ASSERT_LE(first.calls.size(), 1u);
        if (first.calls.empty()) continue;
        ++removals;
        const Call& call = first.calls[0];
        ASSERT_TRUE(call.kind == ActionKind::limit_off || call.kind == ActionKind::limit_period_off);
        period_only += call.kind == ActionKind::limit_period_off;
        delay += call.day - first.today;
    }
    const double credits = double(pop.credits.size());
    EXPECT_NEAR(removals / credits, behavior.limit_removal_probability, 0.012);
    EXPECT_NEAR(double(period_only) / double(removals), behavior.limit_period_only_share, 0.02);
    // max(1, round(exponential(3))): the mean is about 3 plus the 1-day floor's share.
    EXPECT_NEAR(delay / double(removals), behavior.limit_removal_delay_mean_days + 0.15, 0.15);
    EXPECT_LT(same_as_first, size_t(0.7 * credits));  // about 0.49 (both decline) with independent draws; 1 if they repeated
}

}  // namespace
}  // namespace creditsim
