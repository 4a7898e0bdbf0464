#include "tests/support/random_history.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

#include "model/population.hpp"

namespace creditsim::testing {
namespace {

constexpr Date kNoDay = Date::from_serial(-1);  ///< "no such day" (before any run)
constexpr const char* kActionNames[] = {"assign",   "remove",           "redeem", "limit_off",
                                        "limit_on", "limit_period_off", "convert"};

/// Small helpers over one generator, so the world reads as a story.
class Dice {
public:
    explicit Dice(uint64_t seed) : rng_(seed) {}
    std::mt19937_64& rng() { return rng_; }
    /// Uniform in [lo, hi].
    int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    int64_t between64(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[size_t(between(0, int(items.size()) - 1))];
    }

private:
    std::mt19937_64 rng_;
};

int action_rank_of(const std::string& action) {
    if (action == "remove") return 0;
    if (action == "assign") return 1;
    if (action == "redeem") return 2;
    if (action == "convert") return 4;
    return 3;  // limit changes
}

/// A day that exists in (year, month), with month ends (29..31) often.
Date random_start(Dice& dice) {
    const int year = dice.between(2026, 2027);
    const int month = dice.between(1, 12);
    const int day = dice.chance(0.3) ? std::min(dice.between(29, 31), days_in_month(year, month)) : dice.between(1, 28);
    return Date::from_ymd(year, month, day);
}

/// Catalog rows of one offer: always a monthly azure credit, often bulk and product credits.
void add_offer(Dice& dice, const std::string& offer, std::vector<RandomWorld::CatalogRow>& rows) {
    auto count = [&] { return dice.chance(0.2) ? 2 : 1; };
    // Terms of a year, shorter, or longer (outliving the next year's award).
    auto term = [&] { return dice.chance(0.5) ? 12 : dice.chance(0.6) ? dice.between(1, 11) : dice.between(13, 24); };
    rows.push_back({offer, "azure_monthly", CreditKind::monthly, dice.between64(20, 300) * 100 + dice.between(0, 99),
                    count(), 12, "azure"});
    if (dice.chance(0.6))
        rows.push_back(
            {offer, "azure_bulk", CreditKind::bulk, dice.between64(5, 60) * 10000, count(), term(), "azure"});
    if (dice.chance(0.4))
        rows.push_back({offer, "ghe_monthly", CreditKind::monthly, dice.between64(10, 100) * 100, count(), 12,
                        "github_enterprise"});
    if (dice.chance(0.4))
        rows.push_back(
            {offer, "copilot_bulk", CreditKind::bulk, dice.between64(5, 40) * 10000, 1, term(), "copilot_security"});
}

/// Every credit id a partner's membership awards, with its award day and row.
struct AwardedCredit {
    std::string id;
    Date award_day;
    Date membership_end_day;
    const RandomWorld::CatalogRow* row;
};

std::vector<AwardedCredit> credits_of(const RandomWorld::PartnerRow& partner,
                                      const std::vector<RandomWorld::CatalogRow>& catalog) {
    std::vector<AwardedCredit> credits;
    const Date joined = day(partner.joined);
    const Date membership_end = add_months(joined, 12 * (partner.renewals + 1));
    for (int year = 1; year <= partner.renewals + 1; ++year)
        for (const auto& row : catalog)
            if (row.offer == partner.offer)
                for (int copy = 1; copy <= row.count; ++copy)
                    credits.push_back({make_credit_id(partner.id, year, row.credit, copy, row.count),
                                       add_months(joined, 12 * (year - 1)), membership_end, &row});
    return credits;
}

/// A user of the partner, or now and then an unknown or empty one.
std::string random_user(Dice& dice, const std::vector<std::string>& users) {
    if (users.empty() || dice.chance(0.08)) return dice.chance(0.5) ? "ghost" : "";
    return dice.pick(users);
}

/// The life of one credit: assign, redeem, reassignments and removals, limit
/// changes, the term end (limit off near the notice boundary, convert near the
/// retention), plus a few random actions of any kind on any day. Returns the
/// day of the redeem action, or kNoDay when there is none.
Date add_credit_story(Dice& dice, const RandomWorld& world, const AwardedCredit& credit,
                      const std::vector<std::string>& users, Date run_start, Date run_end,
                      std::vector<RandomWorld::ActionRow>& actions) {
    auto act = [&](Date d, const std::string& action, const std::string& user = "") {
        actions.push_back({d.to_string(), action, credit.id, user});
    };
    // Mostly prompt (inside small activation windows), sometimes late or early,
    // now and then only around the end of the membership.
    Date assigned = credit.award_day.plus_days(dice.chance(0.8) ? dice.between(-2, 10) : dice.between(-5, 60));
    if (dice.chance(0.08)) assigned = credit.membership_end_day.plus_days(dice.between(-3, 30));
    if (dice.chance(0.85)) act(assigned, "assign", random_user(dice, users));
    Date redeemed = assigned.plus_days(dice.chance(0.8) ? dice.between(0, 10) : dice.between(0, 40));
    if (dice.chance(0.1)) redeemed = assigned.plus_days(dice.between(-3, 0));  // before (or without) a user
    const bool is_redeem_asked = dice.chance(0.8);
    if (is_redeem_asked) act(redeemed, "redeem");

    for (int k = dice.between(0, 4); k > 0; --k)
        act(assigned.plus_days(dice.between(1, 400)), "assign", random_user(dice, users));
    if (dice.chance(0.25)) act(assigned.plus_days(dice.between(0, 300)), "remove");
    static const std::vector<std::string> limits = {"limit_off", "limit_on", "limit_period_off"};
    for (int k = dice.between(0, 4); k > 0; --k)
        act(redeemed.plus_days(dice.chance(0.6) ? dice.between(0, 60) : dice.between(0, 450)), dice.pick(limits));

    // Near the term end, under this world's policy.
    const Policy& policy = world.policy;
    const Date end_day = credit.row->kind == CreditKind::bulk ? add_months(credit.award_day, credit.row->term_months)
                                                              : add_months(redeemed, policy.validity_months);
    if (dice.chance(0.4)) act(end_day.plus_days(-policy.notice_days + dice.between(-2, 2)), "limit_off");
    if (dice.chance(0.35)) act(end_day.plus_days(dice.between(-3, policy.retention_days + 3)), "convert");

    const std::vector<std::string> any_action(std::begin(kActionNames), std::end(kActionNames));
    const int run_days = run_end - run_start;
    for (int k = dice.between(0, 2); k > 0; --k) {
        const std::string action = dice.pick(any_action);
        act(run_start.plus_days(dice.between(-10, run_days + 10)), action,
            action == "assign" ? random_user(dice, users) : "");
    }
    return is_redeem_asked ? redeemed : kNoDay;
}

/// Sparse demand on one subscription over [first, last_exclusive), none on skip_day.
void add_subscription_usage(Dice& dice, const std::vector<std::string>& products, const std::string& partner,
                            const std::string& subscription, Date first, Date last_exclusive,
                            std::vector<RandomWorld::UsageRow>& usage, Date skip_day = kNoDay) {
    static const double densities[] = {0.04, 0.12, 0.3};
    const double density = densities[dice.between(0, 2)];
    const int64_t level = dice.between64(200, 15000);
    for (Date d = first; d < last_exclusive; d = d.plus_days(1)) {
        if (!dice.chance(density) || d == skip_day) continue;
        std::vector<std::string> categories;
        if (dice.chance(0.8)) categories.push_back("eligible");
        if (dice.chance(0.3)) categories.push_back("ineligible");
        for (const auto& product : products)
            if (dice.chance(0.2)) categories.push_back(product);
        if (categories.empty()) categories.push_back("eligible");
        for (const auto& category : categories)
            usage.push_back(
                {d.to_string(), partner, subscription, category, dice.chance(0.05) ? 0 : dice.between64(1, level)});
    }
}

}  // namespace

Policy make_random_policy(std::mt19937_64& rng) {
    Dice dice(rng());
    Policy p;
    p.flow = dice.chance(0.75) ? Flow::legacy : Flow::billing_profile;
    p.period = dice.chance(0.5) ? PeriodKind::anniversary : PeriodKind::calendar;
    p.prorate_first_period = dice.chance(0.5);
    static const int64_t quarters[] = {0, 1, 2, 4};  // carry 0, 0.25, 0.5, 1
    p.carry_forward = ExactDecimal::from_units(__int128(quarters[dice.between(0, 3)]) * 250'000'000'000'000'000);
    p.validity_months = dice.chance(0.2) ? 13 : dice.between(1, 4);
    p.burn_order = BurnOrder(dice.between(0, 2));
    p.max_reassignments = dice.between(0, 5);
    p.bulk_reassignable = dice.chance(0.3);
    p.max_bulk_per_user = dice.chance(0.1) ? 0 : dice.chance(0.8) ? 1 : 2;
    p.block_free_hosted = dice.chance(0.85);
    // 3 in 10 the default, 1 in 10 longer than a year, 1 in 20 zero (redeemable never), else short.
    const int window_kind = dice.between(0, 19);
    p.activation_window_days = window_kind < 6   ? 365
                               : window_kind < 8 ? dice.between(366, 800)
                               : window_kind < 9 ? 0
                                                 : dice.between(1, 60);
    p.notice_days = dice.chance(0.3) ? dice.between(20, 60) : dice.between(0, 6);
    p.retention_days = dice.chance(0.3) ? dice.between(60, 120) : dice.chance(0.1) ? 0 : dice.between(1, 20);
    return p;
}

std::string describe(const Policy& p) {
    std::ostringstream out;
    const int64_t quarters = int64_t(p.carry_forward.units() / 250'000'000'000'000'000);
    out << to_string(p.flow) << ' ' << to_string(p.period) << (p.prorate_first_period ? " prorate" : "")
        << " cf=" << quarters << "/4 validity=" << p.validity_months << ' ' << to_string(p.burn_order)
        << " max_reassign=" << p.max_reassignments << (p.bulk_reassignable ? " bulk_reassignable" : "")
        << " max_bulk=" << p.max_bulk_per_user << (p.block_free_hosted ? "" : " free_hosted_allowed")
        << " window=" << p.activation_window_days << " notice=" << p.notice_days << " retention=" << p.retention_days;
    return out.str();
}

RandomWorld make_random_world(uint64_t seed) {
    Dice dice(seed);
    RandomWorld w;
    w.seed = seed;
    w.policy = make_random_policy(dice.rng());
    w.other_policy = make_random_policy(dice.rng());
    w.other_policy.flow = w.policy.flow == Flow::legacy ? Flow::billing_profile : Flow::legacy;
    const Date run_start = random_start(dice);
    w.start = run_start.to_string();
    w.months = dice.between(6, 30);
    const Date run_end = add_months(run_start, w.months);

    add_offer(dice, "ap", w.catalog);
    add_offer(dice, "sc", w.catalog);

    // Partners: ids whose byte order differs from their numeric order.
    std::vector<std::string> ids = {"P1", "P10", "P2", "P3"};
    std::shuffle(ids.begin(), ids.end(), dice.rng());
    ids.resize(size_t(dice.between(1, 3)));
    for (const auto& id : ids) {
        const Date joined =
            run_start.plus_days(dice.chance(0.3) ? 0 : dice.between(0, std::min(200, run_end - run_start - 1)));
        w.partners.push_back({id, dice.chance(0.5) ? "ap" : "sc", joined.to_string(), dice.between(0, 2)});
    }

    // Usage categories: eligible, ineligible and the products the catalog knows.
    std::vector<std::string> products;
    for (const auto& row : w.catalog)
        if (row.scope != "azure" && std::find(products.begin(), products.end(), row.scope) == products.end())
            products.push_back(row.scope);

    for (const auto& partner : w.partners) {
        std::vector<std::string> users;
        // Few users, so that one user often meets several credits.
        for (int k = 1, n = dice.chance(0.1) ? 0 : dice.between(1, dice.between(1, 4)); k <= n; ++k) {
            const std::string user = "u" + std::to_string(k);
            const bool is_free_hosted = dice.chance(0.25);
            w.users.push_back(
                {partner.id, user, user + (is_free_hosted ? "@gmail.com" : "@contoso.com"), is_free_hosted});
            users.push_back(user);
        }
        for (const AwardedCredit& credit : credits_of(partner, w.catalog)) {
            const Date redeemed = add_credit_story(dice, w, credit, users, run_start, run_end, w.actions);
            if (dice.chance(0.75)) {
                // Now and then the redeem day's demand is exactly the credit's
                // amount: a balance drawn to exactly zero.
                Date exact_day = kNoDay;
                if (redeemed != kNoDay && dice.chance(0.3)) {
                    exact_day = redeemed;
                    const std::string& scope = credit.row->scope;
                    w.usage.push_back({redeemed.to_string(), partner.id, credit.id,
                                       scope == "azure" ? "eligible" : scope, credit.row->cents});
                }
                const Date first = std::max(run_start, credit.award_day.plus_days(-5));
                const Date last = std::min(run_end, add_months(credit.award_day, dice.between(6, 20)));
                add_subscription_usage(dice, products, partner.id, credit.id, first, last, w.usage, exact_day);
            }
        }
        if (dice.chance(0.6)) add_subscription_usage(dice, products, partner.id, "S1", run_start, run_end, w.usage);
        if (dice.chance(0.3)) add_subscription_usage(dice, products, partner.id, "S2", run_start, run_end, w.usage);
    }
    return w;
}

WorldBuilder RandomWorld::builder() const {
    WorldBuilder b;
    for (const auto& r : catalog) {
        if (r.kind == CreditKind::monthly)
            b.monthly(r.offer, r.credit, r.cents, r.count, r.scope);
        else
            b.bulk(r.offer, r.credit, r.cents, r.term_months, r.scope, r.count);
    }
    for (const auto& p : partners) b.partner(p.id, p.offer, p.joined, p.renewals);
    for (const auto& u : users) b.user(u.partner, u.user, u.email, u.is_free_hosted);
    for (const auto& a : actions) b.act(a.date, a.action, a.credit, a.user);
    for (const auto& u : usage) b.use(u.date, u.partner, u.subscription, u.category, u.cents);
    return b;
}

std::string RandomWorld::describe() const {
    std::ostringstream out;
    out << "seed " << seed << ": start " << start << " months " << months << ", " << partners.size() << " partners, "
        << users.size() << " users, " << catalog.size() << " catalog lines, " << actions.size() << " actions, "
        << usage.size() << " usage rows\n  policy:       " << testing::describe(policy)
        << "\n  other policy: " << testing::describe(other_policy);
    return out.str();
}

RandomWorld shuffle_rows(const RandomWorld& world, uint64_t shuffle_seed) {
    std::mt19937_64 rng(shuffle_seed);
    RandomWorld w = world;
    std::shuffle(w.catalog.begin(), w.catalog.end(), rng);
    std::shuffle(w.partners.begin(), w.partners.end(), rng);
    std::shuffle(w.users.begin(), w.users.end(), rng);
    std::shuffle(w.usage.begin(), w.usage.end(), rng);

    // Shuffle the actions, then put each (day, rank, credit) group's members
    // back into the slots the group landed on, in their original order.
    using Key = std::tuple<std::string, int, std::string>;
    auto key_of = [](const RandomWorld::ActionRow& a) { return Key{a.date, action_rank_of(a.action), a.credit}; };
    std::vector<size_t> order(world.actions.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::map<Key, std::vector<size_t>> members;  // original indices, ascending
    for (size_t i = 0; i < world.actions.size(); ++i) members[key_of(world.actions[i])].push_back(i);
    std::map<Key, size_t> next_member;
    for (size_t slot = 0; slot < order.size(); ++slot) {
        const Key key = key_of(world.actions[order[slot]]);
        w.actions[slot] = world.actions[members[key][next_member[key]++]];
    }
    return w;
}

}  // namespace creditsim::testing
