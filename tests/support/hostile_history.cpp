#include "tests/support/hostile_history.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "model/date.hpp"

namespace creditsim::testing {
namespace {

/// Partner ids that byte order, CSV quoting and UTF-8 make awkward (no '/': a credit id's separator).
const char* const kPartnerIds[] = {
    "P2", "P10", "p2", "0", "P 1", "comma,id", "quote\"d", "Ümlaut-ü", "🙂", "P-é-ñ", "Z", "a",
    "a-very-long-partner-id-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-x",
};
/// Plain subscription ids, some shaped like Azure resource paths.
const char* const kPlainSubscriptions[] = {
    "S1", "S10", "s1", "/subscriptions/00000000-aaaa-bbbb-cccc-000000000001", "sub,comma", "sub \"q\"", "Ü/ü", "x",
};
/// Products a catalog line may name as its scope.
const char* const kCatalogProducts[] = {"copilot_for_security", "github_copilot_enterprise", "github_enterprise_metered"};
/// Usage categories no catalog line names, near-misses of names it does among them.
const char* const kOutsideProducts[] = {
    "github_enterprise", "GitHub Copilot Enterprise", "Copilot-For-Security", "Eligible", "INELIGIBLE",
    "Microsoft Defender", "prod,uct", "ünïcode", "z",
};

class Dice {
public:
    explicit Dice(uint64_t seed) : engine_(seed * 0x9E3779B97F4A7C15ull + 12345) {}
    int below(int n) { return int(engine_() % uint64_t(n)); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine_) < p; }
    template <typename T, size_t N>
    const T& pick(const T (&items)[N]) { return items[below(int(N))]; }
    std::mt19937_64& engine() { return engine_; }

private:
    std::mt19937_64 engine_;
};

/// A CSV field, quoted when it must be (RFC 4180).
std::string field(const std::string& text) {
    if (text.find_first_of(",\"") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

/// Writes a header and rows (shuffled), with CRLF line ends and a BOM as the dice say.
void write_csv(Dice& dice, const std::filesystem::path& path, const std::string& header,
               std::vector<std::vector<std::string>> rows) {
    std::shuffle(rows.begin(), rows.end(), dice.engine());
    const std::string end = dice.chance(0.3) ? "\r\n" : "\n";
    std::ofstream out(path, std::ios::binary);
    if (dice.chance(0.2)) out << "\xEF\xBB\xBF";
    out << header << end;
    for (const auto& row : rows) {
        for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << field(row[i]);
        out << end;
    }
}

struct CatalogLine {
    std::string offer, credit, kind, amount;
    int count = 1;
    std::string scope;
};

/// An amount: a whole part from 0 to a billion and 0-30 decimal places, as text.
HostileHistory::UsageRow random_amount(Dice& dice, std::string& text) {
    HostileHistory::UsageRow row;
    const int shape = dice.below(10);
    row.whole = shape < 2 ? 0 : shape < 8 ? dice.between(0, 999) : int64_t(dice.between(0, 1'000'000)) * 1000 + dice.below(1000);
    const int places = dice.chance(0.3) ? dice.between(0, 2) : dice.between(3, 30);
    for (int k = 0; k < places; ++k) row.fraction.push_back(char('0' + dice.below(10)));
    if (shape == 0 && places > 0) row.fraction = std::string(size_t(places - 1), '0') + "1";  // the tiniest amounts
    const bool is_whole_omitted = row.whole == 0 && places > 0 && dice.chance(0.2);                 // ".5"
    text = (is_whole_omitted ? "" : std::to_string(row.whole)) + (places > 0 ? "." + row.fraction : "");
    if (places == 0 && dice.chance(0.1)) text += ".";  // "7."
    return row;
}

}  // namespace

std::string HostileHistory::describe() const {
    std::ostringstream out;
    out << "hostile history seed " << seed << " (" << flow << ", " << start << " to " << end << ", "
        << partner_ids.size() << " partners, " << usage.size() << " usage rows) in " << scenario_file;
    return out.str();
}

HostileHistory write_hostile_history(uint64_t seed, const std::filesystem::path& folder) {
    Dice dice(seed);
    HostileHistory h;
    h.seed = seed;
    const Date start = Date::from_ymd(dice.between(2024, 2027), dice.between(1, 12), dice.chance(0.2) ? 31 : 1);
    const int months = dice.between(2, 26);
    const Date end = add_months(start, months);
    h.start = start.to_string();
    h.end = end.to_string();
    h.flow = dice.chance(0.35) ? "billing_profile" : "legacy";

    // The catalog: two offers, monthly, bulk and product lines, a count > 1 now and then.
    std::vector<CatalogLine> catalog;
    for (const std::string offer : {"Offer A", "offer_b"}) {
        const int lines = dice.between(1, 3);
        for (int i = 0; i < lines; ++i) {
            CatalogLine line{offer, "credit" + std::to_string(i), dice.chance(0.5) ? "monthly" : "bulk",
                             std::to_string(dice.between(1, 500)) + (dice.chance(0.5) ? ".25" : ""),
                             dice.chance(0.2) ? 2 : 1, dice.chance(0.3) ? dice.pick(kCatalogProducts) : "azure"};
            catalog.push_back(line);
        }
    }
    std::vector<std::vector<std::string>> rows;
    for (const CatalogLine& l : catalog)
        rows.push_back({l.offer, l.credit, l.kind, l.amount, std::to_string(l.count),
                        l.kind == "bulk" && dice.chance(0.5) ? std::to_string(dice.between(1, 24)) : "", l.scope});
    write_csv(dice, folder / "catalog.csv", "offer,credit,kind,amount,count,term_months,scope", rows);

    // Partners, joining on the run's first day or later (some after its end), with their credits.
    std::vector<std::string> ids(std::begin(kPartnerIds), std::end(kPartnerIds));
    std::shuffle(ids.begin(), ids.end(), dice.engine());
    ids.resize(size_t(dice.between(1, 6)));
    struct PartnerFacts { std::string id; Date joined, left; std::vector<std::string> credits, users; };
    std::vector<PartnerFacts> partners;
    rows.clear();
    for (const std::string& id : ids) {
        PartnerFacts p{id, start.plus_days(dice.between(0, (end - start) + 40)), Date(), {}, {}};
        const int renewals = dice.below(3);
        p.left = add_months(p.joined, 12 * (renewals + 1));
        const std::string offer = dice.chance(0.5) ? "Offer A" : "offer_b";
        for (int year = 1; year <= renewals + 1; ++year)
            for (const CatalogLine& l : catalog)
                if (l.offer == offer)
                    for (int k = 1; k <= l.count; ++k)
                        p.credits.push_back(id + "/" + std::to_string(year) + "/" + l.credit +
                                            (l.count > 1 ? "#" + std::to_string(k) : ""));
        rows.push_back({id, offer, p.joined.to_string(), renewals == 0 && dice.chance(0.5) ? "" : std::to_string(renewals)});
        partners.push_back(p);
        h.partner_ids.push_back(id);
    }
    write_csv(dice, folder / "partners.csv", "partner_id,offer,joined,renewals", rows);

    // Users: company and free-hosted domains in any case; an extra column the readers ignore.
    rows.clear();
    for (PartnerFacts& p : partners) {
        const int users = dice.below(4);
        for (int u = 0; u < users; ++u) {
            const std::string user = dice.chance(0.5) ? "u" + std::to_string(u) : "Üser " + std::to_string(u);
            const char* domains[] = {"contoso.com", "FABRIKAM.example", "gmail.com", "Outlook.COM"};
            rows.push_back({p.id, user, "someone." + std::to_string(u) + "@" + dice.pick(domains), "extra"});
            p.users.push_back(user);
        }
    }
    write_csv(dice, folder / "users.csv", "partner_id,user_id,email,note", rows);

    // Actions of every kind on awarded credits, on any day in and around the run.
    rows.clear();
    const char* kinds[] = {"assign", "assign", "redeem", "redeem", "remove", "limit_off", "limit_period_off",
                           "limit_on", "convert"};
    for (const PartnerFacts& p : partners) {
        const int count = p.credits.empty() ? 0 : dice.between(0, 14);
        for (int a = 0; a < count; ++a) {
            const std::string kind = dice.pick(kinds);
            const Date day = start.plus_days(dice.between(-20, (end - start) + 20));
            const std::string user = kind != "assign"        ? ""
                                     : p.users.empty() || dice.chance(0.1) ? "nobody"
                                                                           : p.users[size_t(dice.below(int(p.users.size())))];
            rows.push_back({day.to_string(), p.id, kind, p.credits[size_t(dice.below(int(p.credits.size())))], user});
        }
    }
    write_csv(dice, folder / "actions.csv", "date,partner_id,action,credit_id,user_id", rows);

    // Usage: credit and plain subscriptions, every kind of category, any day from before the
    // run (and before the join) to after it (and after the leave), several rows a day.
    rows.clear();
    for (const PartnerFacts& p : partners) {
        const int count = dice.between(0, 60);
        for (int u = 0; u < count; ++u) {
            HostileHistory::UsageRow row;
            std::string amount_text;
            const int day_shape = dice.below(10);
            const Date day = day_shape == 0   ? start.plus_days(-dice.between(1, 30))                       // before the run
                             : day_shape == 1 ? end.plus_days(dice.between(0, 30))                          // after it
                             : day_shape == 2 ? p.joined.plus_days(-dice.between(1, 60))                    // before the join
                             : day_shape == 3 ? p.left.plus_days(dice.between(0, 60))                       // after the leave
                                              : start.plus_days(dice.below(std::max(1, end - start)));
            row = random_amount(dice, amount_text);
            row.date = day.to_string();
            row.partner = p.id;
            row.subscription = !p.credits.empty() && dice.chance(0.6) ? p.credits[size_t(dice.below(int(p.credits.size())))]
                                                                      : dice.pick(kPlainSubscriptions);
            const int category_shape = dice.below(10);
            row.category = category_shape < 4 ? "eligible"
                           : category_shape < 6 ? "ineligible"
                           : category_shape < 8 ? dice.pick(kCatalogProducts)
                                                : dice.pick(kOutsideProducts);
            rows.push_back({row.date, row.partner, row.subscription, row.category, amount_text});
            h.usage.push_back(row);
            if (dice.chance(0.2)) {  // another row on the same (day, subscription, category)
                HostileHistory::UsageRow again = random_amount(dice, amount_text);
                again.date = row.date, again.partner = row.partner, again.subscription = row.subscription;
                again.category = row.category;
                rows.push_back({again.date, again.partner, again.subscription, again.category, amount_text});
                h.usage.push_back(again);
            }
        }
    }
    write_csv(dice, folder / "usage.csv", "date,partner_id,subscription_id,category,amount", rows);

    // The scenario: a random policy of either flow.
    h.scenario_file = (folder / "scenario.ini").string();
    std::ofstream ini(h.scenario_file);
    ini << "[run]\nname = hostile-" << seed << "\nstart = " << h.start << "\nmonths = " << months
        << "\n\n[catalog]\nfile = catalog.csv\n\n[population]\nsource = files\n\n[policy]\nflow = " << h.flow
        << "\nperiod = " << (dice.chance(0.3) ? "calendar" : "anniversary")
        << "\nvalidity_months = " << dice.between(1, 13) << "\ncarry_forward = " << (dice.chance(0.3) ? "0.25" : "0")
        << "\nmax_reassignments = " << dice.between(0, 5) << "\nactivation_window_days = " << dice.between(0, 400)
        << "\nnotice_days = " << dice.between(0, 10) << "\nretention_days = " << dice.between(0, 90) << "\n";
    return h;
}

}  // namespace creditsim::testing
