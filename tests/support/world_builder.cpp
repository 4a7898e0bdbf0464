#include "tests/support/world_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "tests/support/life_replay.hpp"
#include "tests/support/result_difference.hpp"

namespace creditsim::testing {

Date day(const std::string& ymd) {
    auto d = parse_date(ymd);
    if (!d) throw std::invalid_argument("bad test date " + ymd);
    return *d;
}

WorldBuilder& WorldBuilder::monthly(const std::string& offer, const std::string& credit, int64_t cents, int count,
                                    const std::string& scope) {
    lines_.push_back(CatalogLine{offer, credit, CreditKind::monthly, Money::from_cents(cents), count, 12, kAzureScope});
    scopes_.push_back(scope);
    return *this;
}

WorldBuilder& WorldBuilder::bulk(const std::string& offer, const std::string& credit, int64_t cents, int term_months,
                                 const std::string& scope, int count) {
    lines_.push_back(CatalogLine{offer, credit, CreditKind::bulk, Money::from_cents(cents), count, term_months, kAzureScope});
    scopes_.push_back(scope);
    return *this;
}

WorldBuilder& WorldBuilder::partner(const std::string& id, const std::string& offer, const std::string& joined,
                                    int renewals) {
    Partner p;
    p.id = id;
    p.offer = -1;
    p.joined = day(joined);
    p.renewals = renewals;
    partners_.push_back(p);
    partner_offers_.push_back(offer);
    return *this;
}

WorldBuilder& WorldBuilder::user(const std::string& partner, const std::string& user, const std::string& email,
                                 bool is_free_hosted) {
    users_.push_back(PendingUser{partner, user, email, is_free_hosted});
    return *this;
}

WorldBuilder& WorldBuilder::act(const std::string& date, const std::string& action, const std::string& credit_id,
                                const std::string& user) {
    actions_.push_back(PendingAction{date, action, credit_id, user});
    return *this;
}

WorldBuilder& WorldBuilder::use(const std::string& date, const std::string& partner, const std::string& subscription,
                                const std::string& category, int64_t cents) {
    usage_.push_back(PendingUsage{date, partner, subscription, category, cents});
    return *this;
}

namespace {
// Every world a rule test builds also runs through the credit lives (the path
// generated legacy runs take) wherever a generated run can say it: both paths
// must give the same records, so each rule test checks both.
std::string check_credit_lives(const Population& pop, const History& history, const Policy& policy, Date start,
                               Date end_day) {
    EngineOptions kept;
    kept.keep_exhaustions = true;
    const ReplicationResult replayed = run_engine(pop, history, policy, start, end_day, kept);
    const LifeReplay lives = run_as_lives(pop, history, policy, start, end_day, replayed);
    if (!lives.not_expressible.empty()) return "not expressible: " + lives.not_expressible;
    const std::string difference = first_difference(pop, replayed, lives.result, "day loop", "credit lives");
    if (!difference.empty()) ADD_FAILURE() << "the credit lives differ from the day loop: " << difference;
    return difference.empty() ? "same" : difference;
}
}  // namespace

RunOutcome WorldBuilder::run(const Policy& policy, const std::string& start, int months) const {
    const std::vector<std::string>& scopes = scopes_;  // one per catalog line
    std::vector<std::string> products;
    for (const auto& s : scopes)
        if (s != "azure") products.push_back(s);
    RunOutcome out;
    Population& pop = out.population;
    {
        Catalog probe({}, products);
        std::vector<CatalogLine> lines = lines_;
        for (size_t i = 0; i < lines.size(); ++i)
            lines[i].scope = scopes[i] == "azure" ? kAzureScope : Category(probe.find_category(scopes[i]));
        pop.catalog = Catalog(lines, products);
    }
    pop.partners = partners_;
    for (size_t i = 0; i < pop.partners.size(); ++i)
        pop.partners[i].offer = pop.catalog.find_offer(partner_offers_[i]);
    std::sort(pop.partners.begin(), pop.partners.end(), [](const Partner& a, const Partner& b) { return a.id < b.id; });

    std::vector<PendingUser> users = users_;
    std::sort(users.begin(), users.end(), [&](const PendingUser& a, const PendingUser& b) {
        return std::make_pair(pop.find_partner(a.partner), a.id) < std::make_pair(pop.find_partner(b.partner), b.id);
    });
    for (auto& p : pop.partners) p.user_count = 0;
    for (const auto& u : users) {
        const uint32_t p = pop.find_partner(u.partner);
        if (p == kNone) throw std::invalid_argument("unknown partner " + u.partner);
        if (pop.partners[p].user_count == 0) pop.partners[p].first_user = uint32_t(pop.users.size());
        ++pop.partners[p].user_count;
        pop.users.push_back(User{u.id, u.email, p, u.is_free_hosted});
    }
    award_all_credits(pop);

    const Date run_start = day(start);
    const Date run_end = add_months(run_start, months);
    uint32_t line = 1;
    for (const auto& a : actions_) {
        Action action;
        action.day = day(a.date);
        static const std::map<std::string, ActionKind> kinds = {
            {"assign", ActionKind::assign},       {"remove", ActionKind::remove},
            {"redeem", ActionKind::redeem},       {"limit_off", ActionKind::limit_off},
            {"limit_period_off", ActionKind::limit_period_off}, {"limit_on", ActionKind::limit_on},
            {"convert", ActionKind::convert}};
        action.kind = kinds.at(a.action);
        action.credit = pop.find_credit(a.credit);
        if (action.credit == kNone) throw std::invalid_argument("credit never awarded: " + a.credit);
        const uint32_t u = a.user.empty() ? kNone : pop.find_user(pop.credits[action.credit].partner, a.user);
        action.user = u == kNone ? kUnknownUser : u;
        action.line = line++;
        if (action.day >= run_start && action.day < run_end) out.history.actions.push_back(action);
    }
    std::sort(out.history.actions.begin(), out.history.actions.end(), action_before);

    // Subscriptions: every id used, sorted by (id, partner).
    std::vector<std::pair<std::string, std::string>> subs;
    for (const auto& u : usage_) subs.emplace_back(u.subscription, u.partner);
    std::sort(subs.begin(), subs.end());
    subs.erase(std::unique(subs.begin(), subs.end()), subs.end());
    for (const auto& [id, partner] : subs) {
        const uint32_t p = pop.find_partner(partner);
        const uint32_t c = pop.find_credit(id);
        pop.subscriptions.push_back(Subscription{id, p, c != kNone && pop.credits[c].partner == p ? c : kNone});
    }
    std::map<std::tuple<int32_t, uint32_t, Category>, int64_t> demand;
    for (const auto& u : usage_) {
        const auto it = std::lower_bound(subs.begin(), subs.end(), std::make_pair(u.subscription, u.partner));
        const int category = pop.catalog.find_category(u.category);
        if (category < 0) throw std::invalid_argument("unknown category " + u.category);
        const Date d = day(u.date);
        if (d >= run_start && d < run_end)
            demand[{d.serial(), uint32_t(it - subs.begin()), Category(category)}] += u.cents;
    }
    for (const auto& [key, cents] : demand)
        out.history.demand.push_back(Demand{Date::from_serial(std::get<0>(key)), std::get<1>(key), std::get<2>(key),
                                            Money::from_cents(cents)});

    out.result = run_engine(pop, out.history, policy, run_start, run_end, EngineOptions{}, 0, &out.notes);
    out.lives_check = check_credit_lives(pop, out.history, policy, run_start, run_end);
    return out;
}

std::vector<std::string> RunOutcome::event_lines() const {
    std::vector<std::string> lines;
    for (const Event& e : result.events) {
        const bool is_partner_subject = e.kind == EventKind::renew || e.kind == EventKind::leave;
        std::string line = e.day.to_string() + " " + population.partners[e.partner].id + " " +
                           (is_partner_subject ? population.partners[e.subject].id : population.credits[e.subject].id) +
                           " " + to_string(e.kind);
        std::string detail;
        switch (e.kind) {
            case EventKind::assign:
            case EventKind::remove:
            case EventKind::redeem: detail = population.users[e.detail].id; break;
            case EventKind::reject: detail = to_string(RejectReason(e.detail)); break;
            case EventKind::limit: detail = to_string(LimitState(e.detail)); break;
            case EventKind::disable: detail = to_string(DisableReason(e.detail)); break;
            case EventKind::ignored:
                detail = std::string(to_string(ActionKind(e.detail / 16))) + ":" + to_string(IgnoreReason(e.detail % 16));
                break;
            default: break;
        }
        if (!detail.empty()) line += " " + detail;
        lines.push_back(line);
    }
    return lines;
}

std::vector<std::string> RunOutcome::events_after_setup() const {
    std::vector<std::string> kept;
    for (const auto& e : event_lines())
        if (e.find(" award") == std::string::npos && e.find(" assign ") == std::string::npos &&
            e.find(" redeem ") == std::string::npos)
            kept.push_back(e);
    return kept;
}

std::vector<std::string> RunOutcome::ledger_lines(const std::string& credit_id) const {
    const uint32_t c = population.find_credit(credit_id);
    std::vector<std::string> lines;
    for (const LedgerRow& r : result.ledger)
        if (r.credit == c)
            lines.push_back(r.period_start.to_string() + ".." + r.period_last_day.to_string() + " " +
                            std::to_string(r.opening.cents()) + " " + std::to_string(r.granted.cents()) + " " +
                            std::to_string(r.used.cents()) + " " + std::to_string(r.lapsed.cents()) + " " +
                            std::to_string(r.expired.cents()) + " " + std::to_string(r.closing.cents()));
    return lines;
}

SummaryMonth RunOutcome::totals() const {
    SummaryMonth t;
    for (const auto& m : result.summary) t += m;
    t.active_partners = 0;  // not a sum over months
    return t;
}

BillingMonth RunOutcome::billing(const std::string& partner_id, const std::string& month) const {
    const uint32_t p = population.find_partner(partner_id);
    for (int m = 0; m < result.month_count; ++m)
        if (month_key_to_string(result.first_month_key + m) == month) return result.billing[p * result.month_count + m];
    throw std::invalid_argument("month outside the run: " + month);
}

const SummaryMonth& RunOutcome::summary(const std::string& month) const {
    for (int m = 0; m < result.month_count; ++m)
        if (month_key_to_string(result.first_month_key + m) == month) return result.summary[m];
    throw std::invalid_argument("month outside the run: " + month);
}

}  // namespace creditsim::testing
