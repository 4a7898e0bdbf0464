// usage.csv (SPEC 6): date,partner_id,subscription_id,category,amount.
// Files can hold millions of rows: fields are views into the reader's buffer,
// lookups go through hash maps with reused keys, and a row allocates only
// when it names a subscription for the first time.
#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <filesystem>
#include <system_error>

#include "model/decimal.hpp"
#include "sim/inputs/csv/csv_input.hpp"
#include "sim/inputs/replay/readers.hpp"

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
    uint32_t category;      ///< a UsageCategories code, later a Category
    /// The amount: floor(amount × 1e18) when it has at most 18 places (nearly always),
    /// else an index into the long amounts. Kept to 32 bytes: files hold millions of rows.
    uint32_t long_amount = kNone;
    __int128 units = 0;
};

/// The categories usage names: eligible, ineligible, the catalog's products
/// and, per SPEC 10, any other name as a product of its own. Codes below the
/// catalog's category count are its categories; a new name gets the next code
/// in order of first sight, until settle() takes the new names into the catalog.
class UsageCategories {
public:
    explicit UsageCategories(const Catalog& catalog)
        : catalog_(catalog), first_new_(catalog.category_count()), catalog_products_(catalog.products()) {}

    /// The code of a category name (not empty).
    uint32_t find_or_add(std::string_view name) {
        if (name == "eligible") return kEligible;
        if (name == "ineligible") return kIneligible;
        const std::vector<std::string>& products = catalog_.products();
        const auto it = std::lower_bound(products.begin(), products.end(), name,
                                         [](const std::string& a, std::string_view b) { return a < b; });
        if (it != products.end() && *it == name) return uint32_t(kFirstProduct + (it - products.begin()));
        auto found = new_index_.find(name);
        if (found == new_index_.end()) {
            found = new_index_.emplace(std::string(name), uint32_t(new_names_.size())).first;
            new_names_.emplace_back(name);
            new_rows_.push_back(0);
        }
        ++new_rows_[found->second];
        return first_new_ + found->second;
    }

    /// Takes the new names into the catalog; returns the final category of every code.
    std::vector<Category> settle(Catalog& catalog) {
        std::vector<Category> final_category = catalog.add_products(new_names_);
        for (const std::string& name : new_names_) final_category.push_back(Category(catalog.find_category(name)));
        return final_category;
    }

    /// The run's notes on the new names: which they are, and those that look like a typo of a catalog name.
    std::vector<std::string> notes() const {
        std::vector<std::string> notes;
        if (new_names_.empty()) return notes;
        std::vector<std::string> sorted = new_names_;
        std::sort(sorted.begin(), sorted.end());
        std::string list;
        for (size_t i = 0; i < sorted.size() && i < 5; ++i) list += (i ? ", " : "") + sorted[i];
        if (sorted.size() > 5) list += ", ...";
        notes.push_back("usage names " + std::to_string(sorted.size()) + " product" +
                        (sorted.size() == 1 ? "" : "s") + " that no catalog line names (" + list +
                        "): only azure credits pay them");
        std::vector<std::string> known = {"eligible", "ineligible"};
        known.insert(known.end(), catalog_products_.begin(), catalog_products_.end());
        for (size_t k = 0; k < new_names_.size(); ++k)
            for (const std::string& name : known)
                if (loose_name(new_names_[k]) == loose_name(name))
                    notes.push_back("usage category " + in_quotes(new_names_[k]) + " (" + std::to_string(new_rows_[k]) +
                                    " row" + (new_rows_[k] == 1 ? "" : "s") + ") differs from " + in_quotes(name) +
                                    " only in case, spaces or '-' for '_': read as a product of its own; "
                                    "is it a typo?");
        return notes;
    }

private:
    /// A name with case, spaces and the '-'/'_' difference taken out.
    static std::string loose_name(std::string_view name) {
        std::string loose;
        for (const char c : name) {
            if (c == ' ' || c == '\t') continue;
            loose.push_back(c == '-' ? '_' : char(std::tolower(static_cast<unsigned char>(c))));
        }
        return loose;
    }

    const Catalog& catalog_;
    const uint32_t first_new_;
    const std::vector<std::string> catalog_products_;  ///< before settle() adds the new names
    std::vector<std::string> new_names_;  ///< in order of first sight
    std::vector<int64_t> new_rows_;       ///< rows naming each
    StringIndex new_index_;
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
    UsageCategories categories(population.catalog);
    CsvInput<5> input(context.scenario.usage_file, kColumns, context.problems);

    // (partner id, subscription id) as written -> index into seen: one hash lookup per row.
    StringIndex subscription_index;
    std::vector<SubscriptionSeen> seen;
    std::vector<UsageRow> rows;
    std::vector<Decimal> long_amounts;  ///< amounts with more than 18 places
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
        if (category_name.empty()) {
            input.report_field(kCategory, "expected eligible, ineligible or a product name; got an empty field");
            is_good = false;
        }

        const std::string_view amount_text = input.field(kAmount);
        DecimalError error;
        auto amount = parse_plain_decimal(amount_text, error);
        if (!amount) {
            input.report_field(kAmount, "expected a non-negative plain decimal, any number of places "
                                        "(like 12.5 or 0.0000000072922557592391990000); " + got(amount_text) +
                                            (error == DecimalError::too_large ? " (too large)" : ""));
            is_good = false;
        }

        if (!is_good || partner == kRefusedPartner) continue;
        if (day->serial() < run_start || day->serial() >= run_end_day) {
            ++context.inputs.notes.usage_outside_run;
            continue;
        }
        seen[subscription].has_demand = true;
        UsageRow row{day->serial(), subscription, categories.find_or_add(category_name), kNone, amount->floor_units()};
        if (amount->has_tail()) {
            row.long_amount = uint32_t(long_amounts.size());
            long_amounts.push_back(std::move(*amount));
        }
        rows.push_back(row);
    }
    input.append_hash(context.inputs.input_hashes);

    // New products join the catalog (category numbers may move: product order is by name).
    try {
        const std::vector<Category> final_category = categories.settle(population.catalog);
        for (UsageRow& row : rows) row.category = final_category[row.category];
    } catch (const std::length_error&) {
        input.report(0, "category", "more than " + std::to_string(Catalog::kMaxProducts) +
                                        " different products: creditsim holds at most that many");
        return;
    }
    std::vector<std::string> notes = categories.notes();
    context.inputs.notes.usage_notes.insert(context.inputs.notes.usage_notes.end(), notes.begin(), notes.end());

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
    // Each row is below kMaxDayUnits (the parser's limit), so a total checked after each
    // addition stays far from the __int128 limit.
    constexpr __int128 kMaxDayUnits = __int128(INT64_MAX / 2) * 10'000'000'000'000'000;
    // The run's demand must leave the engine room for its monthly and run sums in int64 cents.
    constexpr __int128 kMaxRunCents = INT64_MAX / 4;
    __int128 run_cents = 0;
    bool is_run_too_large = false;
    auto& demand = context.inputs.history.demand;
    const auto add_amount = [&](Decimal& total, const UsageRow& row) {
        if (row.long_amount == kNone) total += Decimal::from_units(row.units);
        else total += long_amounts[row.long_amount];  // no copy of the digit tail
    };
    for (size_t i = 0; i < rows.size();) {
        Decimal total;
        add_amount(total, rows[i]);
        size_t j = i + 1;
        bool is_too_large = false;
        for (; j < rows.size() && rows[j].day == rows[i].day && rows[j].subscription == rows[i].subscription &&
               rows[j].category == rows[i].category;
             ++j) {
            if (total.floor_units() > kMaxDayUnits) is_too_large = true;
            if (!is_too_large) add_amount(total, rows[j]);
        }
        if (is_too_large || total.floor_units() > kMaxDayUnits) {
            const Subscription& subscription = subscriptions[rows[i].subscription];
            input.report(0, "amount", "the usage of subscription " + in_quotes(subscription.id) + " of partner " +
                                          population.partners[subscription.partner].id + " on " +
                                          Date::from_serial(rows[i].day).to_string() + " in category " +
                                          population.catalog.category_name(rows[i].category) +
                                          " adds up to more than can be held");
        }
        const Money cents = total.round_to_cents();
        run_cents += cents.cents();
        if (run_cents > kMaxRunCents && !is_run_too_large) {
            is_run_too_large = true;
            const Subscription& subscription = subscriptions[rows[i].subscription];
            input.report(0, "amount", "the usage inside the run adds up to more than creditsim can hold (" +
                                          Money::from_cents(int64_t(kMaxRunCents)).to_string() + ") by " +
                                          Date::from_serial(rows[i].day).to_string() + ", at subscription " +
                                          in_quotes(subscription.id) + " of partner " +
                                          population.partners[subscription.partner].id);
        }
        demand.push_back(Demand{Date::from_serial(rows[i].day), rows[i].subscription, Category(rows[i].category), cents});
        i = j;
    }
}

}  // namespace creditsim::detail
