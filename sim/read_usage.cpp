// usage.csv (SPEC 6): date,partner_id,subscription_id,category,amount.
// Files can hold millions of rows: fields are views into the reader's buffer,
// lookups go through hash maps with reused keys, and a row allocates only
// when it names a subscription for the first time.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "model/money.hpp"
#include "sim/csv_input.hpp"
#include "sim/replay_readers.hpp"

namespace creditsim::detail {
namespace {

enum Column : unsigned { kDate, kPartnerId, kSubscriptionId, kCategory, kAmount };
constexpr std::array<const char*, 5> kColumns = {"date", "partner_id", "subscription_id", "category", "amount"};

/// A subscription as first named in the file, before sorting.
struct SubscriptionSeen {
    std::string id;
    uint32_t partner = kNone;
    uint32_t credit = kNone;         ///< the credit whose subscription it is
    uint32_t other_partner = kNone;  ///< set when the id is a credit of another partner (an error)
    bool has_demand = false;         ///< named by a row inside the run
};

/// One row inside the run, before summing.
struct UsageRow {
    int32_t day;
    uint32_t subscription;  ///< index into the seen subscriptions, later into Population::subscriptions
    Category category;
    ExactDecimal amount;
};

class CategoryNames {
public:
    explicit CategoryNames(const Catalog& catalog) : products_(catalog.products()) {}

    /// The category named text, or -1.
    int find(std::string_view text) const {
        if (text == "eligible") return kEligible;
        if (text == "ineligible") return kIneligible;
        const auto it = std::lower_bound(products_.begin(), products_.end(), text,
                                         [](const std::string& a, std::string_view b) { return a < b; });
        return it != products_.end() && *it == text ? int(kFirstProduct + (it - products_.begin())) : -1;
    }

    std::string expected() const {
        if (products_.empty()) return "eligible or ineligible (the catalog names no products)";
        std::string text = "eligible, ineligible or a product of the catalog (";
        for (size_t i = 0; i < products_.size(); ++i) text += (i ? ", " : "") + products_[i];
        return text + ")";
    }

private:
    const std::vector<std::string>& products_;
};

// A subscription named for the first time: its partner, and the credit whose
// subscription it is (or the other partner when its id is that partner's credit).
SubscriptionSeen first_seen(const ReplayContext& context, std::string_view partner_id,
                            std::string_view subscription_id) {
    const Population& population = context.inputs.population;
    SubscriptionSeen first{std::string(subscription_id), lookup_partner(context, partner_id)};
    if (first.partner == kNone || first.partner == kRefusedPartner) return first;
    const uint32_t credit = population.find_credit(first.id);
    if (credit != kNone && population.credits[credit].partner == first.partner)
        first.credit = credit;
    else if (credit != kNone)
        first.other_partner = population.credits[credit].partner;
    return first;
}

}  // namespace

void read_usage(ReplayContext& context) {
    Population& population = context.inputs.population;
    const int32_t run_start = context.scenario.start.serial(), run_end_day = context.scenario.end_day().serial();
    const CategoryNames categories(population.catalog);
    CsvInput<5> input(context.scenario.usage_file, kColumns, context.problems);

    // (partner id, subscription id) as written -> index into seen: one hash lookup per row.
    StringIndex subscription_index;
    std::vector<SubscriptionSeen> seen;
    std::vector<UsageRow> rows;
    std::error_code size_error;  // a guess at the row count (~40 bytes a row) saves regrowing
    const auto file_size = std::filesystem::file_size(context.scenario.usage_file, size_error);
    if (!size_error) rows.reserve(std::min<uintmax_t>(file_size / 40, uintmax_t(1) << 22));
    // Reused: no allocation per row. Exports are often grouped by subscription: remember the last one.
    std::string key, last_key;
    uint32_t last_subscription = kNone;

    while (input.next_row()) {
        bool is_good = true;

        const auto day = read_date(input, kDate);
        if (!day) is_good = false;

        const std::string_view partner_id = input.field(kPartnerId);
        const std::string_view subscription_id = input.field(kSubscriptionId);
        uint32_t partner = kNone, subscription = kNone;
        if (subscription_id.empty()) {
            partner = lookup_partner(context, partner_id);
        } else {
            const auto length = uint32_t(partner_id.size());  // the length prefix keeps the key unambiguous
            key.assign(reinterpret_cast<const char*>(&length), sizeof length).append(partner_id).append(subscription_id);
            if (key != last_key) {
                auto it = subscription_index.find(std::string_view(key));
                if (it == subscription_index.end()) {
                    seen.push_back(first_seen(context, partner_id, subscription_id));
                    it = subscription_index.emplace(key, uint32_t(seen.size() - 1)).first;
                }
                last_key.swap(key);
                last_subscription = it->second;
            }
            subscription = last_subscription;
            partner = seen[subscription].partner;
        }

        if (!check_partner_known(input, kPartnerId, partner)) is_good = false;
        if (subscription_id.empty()) {
            input.report_field(kSubscriptionId, "expected a non-empty subscription id; got an empty field");
            is_good = false;
        } else if (seen[subscription].other_partner != kNone) {
            input.report_field(kSubscriptionId,
                               "subscription " + in_quotes(subscription_id) + " is the id of a credit of partner " +
                                   population.partners[seen[subscription].other_partner].id + ", not of " +
                                   population.partners[partner].id);
            is_good = false;
        }

        const std::string_view category_name = input.field(kCategory);
        const int category = categories.find(category_name);
        // A refused partner's offer may be why the catalog lacks the product: not reported again.
        if (category < 0 && partner != kRefusedPartner) {
            input.report_field(kCategory, "expected " + categories.expected() + "; " + got(category_name));
            is_good = false;
        }

        const std::string_view amount_text = input.field(kAmount);
        DecimalError error;
        const auto amount = parse_decimal(amount_text, ExactDecimal::kMaxPlaces, error);
        if (!amount) {
            input.report_field(kAmount, "expected a non-negative plain decimal with at most 18 decimal places "
                                        "(like 12.5 or 0.000011139); " + got(amount_text) +
                                            (error == DecimalError::too_large ? " (too large)" : ""));
            is_good = false;
        }

        if (!is_good || partner == kRefusedPartner) continue;
        if (day->serial() < run_start || day->serial() >= run_end_day) {
            ++context.inputs.notes.usage_outside_run;
            continue;
        }
        seen[subscription].has_demand = true;
        rows.push_back(UsageRow{day->serial(), subscription, Category(category), *amount});
    }
    input.append_hash(context.inputs.input_hashes);

    // Subscriptions with demand in the run, ascending (id, partner); then rows by (day, subscription, category).
    std::vector<uint32_t> order;
    for (uint32_t s = 0; s < seen.size(); ++s)
        if (seen[s].has_demand) order.push_back(s);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return seen[a].id != seen[b].id ? seen[a].id < seen[b].id : seen[a].partner < seen[b].partner;
    });
    std::vector<uint32_t> final_index(seen.size(), kNone);
    auto& subscriptions = population.subscriptions;
    subscriptions.reserve(order.size());
    for (uint32_t s : order) {
        final_index[s] = uint32_t(subscriptions.size());
        subscriptions.push_back(Subscription{std::move(seen[s].id), seen[s].partner, seen[s].credit});
    }
    for (auto& row : rows) row.subscription = final_index[row.subscription];
    std::sort(rows.begin(), rows.end(), [](const UsageRow& a, const UsageRow& b) {
        if (a.day != b.day) return a.day < b.day;
        if (a.subscription != b.subscription) return a.subscription < b.subscription;
        return a.category < b.category;
    });

    // Sum exactly per (day, subscription, category), then round once, half-even, to cents.
    // Each row is below kMaxDayUnits (parse_decimal's limit), so a total checked after each
    // addition stays far from the __int128 limit.
    constexpr __int128 kMaxDayUnits = __int128(INT64_MAX / 2) * 10'000'000'000'000'000;
    auto& demand = context.inputs.history.demand;
    for (size_t i = 0; i < rows.size();) {
        ExactDecimal total = rows[i].amount;
        size_t j = i + 1;
        bool is_too_large = false;
        for (; j < rows.size() && rows[j].day == rows[i].day && rows[j].subscription == rows[i].subscription &&
               rows[j].category == rows[i].category;
             ++j) {
            if (total.units() > kMaxDayUnits) is_too_large = true;
            if (!is_too_large) total += rows[j].amount;
        }
        if (is_too_large || total.units() > kMaxDayUnits) {
            const Subscription& subscription = subscriptions[rows[i].subscription];
            input.report(0, "amount", "the usage of subscription " + in_quotes(subscription.id) + " of partner " +
                                          population.partners[subscription.partner].id + " on " +
                                          Date::from_serial(rows[i].day).to_string() + " in category " +
                                          population.catalog.category_name(rows[i].category) +
                                          " adds up to more than can be held");
        }
        demand.push_back(Demand{Date::from_serial(rows[i].day), rows[i].subscription, rows[i].category,
                                total.round_to_cents()});
        i = j;
    }
}

}  // namespace creditsim::detail
