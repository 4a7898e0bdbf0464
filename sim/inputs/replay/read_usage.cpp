// usage.csv (SPEC 6): date,partner_id,subscription_id,category,amount.
// Files can hold millions of rows: fields are views into the reader's buffer,
// lookups go through hash maps with reused keys, and a row allocates only
// when it names a subscription for the first time.
#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "model/decimal.hpp"
#include "sim/inputs/csv/csv_input.hpp"
#include "sim/inputs/replay/readers.hpp"
#include "sim/inputs/replay/usage_categories.hpp"

namespace creditsim::detail {
namespace {

enum Column : unsigned { kDate, kPartnerId, kSubscriptionId, kCategory, kAmount };
constexpr std::array<const char*, 5> kColumns = {"date", "partner_id", "subscription_id", "category", "amount"};
using UsageInput = CsvInput<5>;

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

/// The rows of the file inside the run, before sorting and summing.
struct UsageRows {
    std::vector<UsageRow> rows;
    std::vector<Decimal> long_amounts;  ///< amounts with more than 18 places

    void add(int32_t day, uint32_t subscription, uint32_t category, Decimal&& amount) {
        UsageRow row{day, subscription, category, kNone, amount.floor_units()};
        if (amount.has_tail()) {
            row.long_amount = uint32_t(long_amounts.size());
            long_amounts.push_back(std::move(amount));
        }
        rows.push_back(row);
    }
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

/// The subscriptions named so far, by (partner id, subscription id) as written: one hash
/// lookup per row, none when a row names the one before it (exports are often grouped so).
class SeenSubscriptions {
public:
    /// The index into seen of the (non-empty) subscription id of a row; added when new.
    uint32_t find_or_add(const ReplayContext& context, std::string_view partner_id, std::string_view subscription_id) {
        const auto length = uint32_t(partner_id.size());  // the length prefix keeps the key unambiguous
        key_.assign(reinterpret_cast<const char*>(&length), sizeof length).append(partner_id).append(subscription_id);
        if (key_ != last_key_) {
            auto it = index_.find(std::string_view(key_));
            if (it == index_.end()) {
                seen.push_back(first_seen(context, partner_id, subscription_id));
                it = index_.emplace(key_, uint32_t(seen.size() - 1)).first;
            }
            last_key_.swap(key_);
            last_ = it->second;
        }
        return last_;
    }

    std::vector<SubscriptionSeen> seen;

private:
    StringIndex index_;
    std::string key_, last_key_;  // reused: no allocation per row
    uint32_t last_ = kNone;
};

/// The partner and subscription of the current row (subscription kNone when its field is
/// empty); reports an unknown partner, an empty id or another partner's credit and returns
/// false then.
bool read_subscription(const ReplayContext& context, UsageInput& input, SeenSubscriptions& subscriptions,
                       uint32_t& partner, uint32_t& subscription) {
    const std::string_view partner_id = input.field(kPartnerId), subscription_id = input.field(kSubscriptionId);
    subscription = subscription_id.empty() ? kNone : subscriptions.find_or_add(context, partner_id, subscription_id);
    partner = subscription == kNone ? lookup_partner(context, partner_id) : subscriptions.seen[subscription].partner;
    bool is_good = check_partner_known(input, kPartnerId, partner);
    if (subscription == kNone) {
        input.report_field(kSubscriptionId, "expected a non-empty subscription id; got an empty field");
        return false;
    }
    if (const uint32_t other = subscriptions.seen[subscription].other_partner; other != kNone) {
        const auto& partners = context.inputs.population.partners;
        input.report_field(kSubscriptionId, "subscription " + in_quotes(subscription_id) +
                                                " is the id of a credit of partner " + partners[other].id +
                                                ", not of " + partners[partner].id);
        is_good = false;
    }
    return is_good;
}

/// The amount of the current row; reports it and returns nullopt when it is not a non-negative plain decimal.
std::optional<Decimal> read_amount(UsageInput& input) {
    const std::string_view text = input.field(kAmount);
    DecimalError error;
    std::optional<Decimal> amount = parse_plain_decimal(text, error);
    if (!amount)
        input.report_field(kAmount, "expected a non-negative plain decimal, any number of places "
                                    "(like 12.5 or 0.0000000072922557592391990000); " + got(text) +
                                        (error == DecimalError::too_large ? " (too large)" : ""));
    return amount;
}

/// Reads every row, reporting each bad one; keeps the good ones inside the run.
UsageRows read_rows(ReplayContext& context, UsageInput& input, UsageCategories& categories,
                    SeenSubscriptions& subscriptions) {
    const int32_t run_start = context.scenario.start.serial(), run_end_day = context.scenario.end_day().serial();
    UsageRows kept;
    std::error_code size_error;  // a guess at the row count (~40 bytes a row) saves regrowing
    const auto file_size = std::filesystem::file_size(context.scenario.usage_file, size_error);
    if (!size_error) kept.rows.reserve(std::min<uintmax_t>(file_size / 40, uintmax_t(1) << 22));
    while (input.next_row()) {
        const std::optional<Date> day = read_date(input, kDate);
        uint32_t partner, subscription;
        const bool has_subscription = read_subscription(context, input, subscriptions, partner, subscription);
        const std::string_view category = input.field(kCategory);
        if (category.empty())
            input.report_field(kCategory, "expected eligible, ineligible or a product name; got an empty field");
        std::optional<Decimal> amount = read_amount(input);
        if (!day || !has_subscription || category.empty() || !amount || partner == kRefusedPartner) continue;
        if (day->serial() < run_start || day->serial() >= run_end_day) {
            ++context.inputs.notes.usage_outside_run;
            continue;
        }
        subscriptions.seen[subscription].has_demand = true;
        kept.add(day->serial(), subscription, categories.find_or_add(category), std::move(*amount));
    }
    return kept;
}

/// Subscriptions with demand in the run into population.subscriptions, ascending (id,
/// partner); the rows renumbered and sorted by (day, subscription, category).
void order_subscriptions(Population& population, std::vector<SubscriptionSeen>& seen, std::vector<UsageRow>& rows) {
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
}

/// "subscription "S" of partner P": where a sum went too far, for messages.
std::string subscription_text(const Population& population, uint32_t subscription) {
    const Subscription& s = population.subscriptions[subscription];
    return "subscription " + in_quotes(s.id) + " of partner " + population.partners[s.partner].id;
}

/// Sums the sorted rows exactly per (day, subscription, category), then rounds once,
/// half-even, to cents into history.demand; reports sums too large to hold.
void sum_demand(ReplayContext& context, UsageInput& input, const UsageRows& kept) {
    const Population& population = context.inputs.population;
    const std::vector<UsageRow>& rows = kept.rows;
    // Each row is below kMaxDayUnits (the parser's limit), so a total checked after each
    // addition stays far from the __int128 limit.
    constexpr __int128 kMaxDayUnits = __int128(INT64_MAX / 2) * 10'000'000'000'000'000;
    // The run's demand must leave the engine room for its monthly and run sums in int64 cents.
    constexpr __int128 kMaxRunCents = INT64_MAX / 4;
    __int128 run_cents = 0;
    bool is_run_too_large = false;
    const auto add_amount = [&](Decimal& total, const UsageRow& row) {
        if (row.long_amount == kNone) total += Decimal::from_units(row.units);
        else total += kept.long_amounts[row.long_amount];  // no copy of the digit tail
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
        const Date day = Date::from_serial(rows[i].day);
        if (is_too_large || total.floor_units() > kMaxDayUnits)
            input.report(0, "amount", "the usage of " + subscription_text(population, rows[i].subscription) + " on " +
                                          day.to_string() + " in category " + population.catalog.category_name(rows[i].category) +
                                          " adds up to more than can be held");
        const Money cents = total.round_to_cents();
        run_cents += cents.cents();
        if (run_cents > kMaxRunCents && !is_run_too_large) {
            is_run_too_large = true;
            input.report(0, "amount", "the usage inside the run adds up to more than creditsim can hold (" +
                                          Money::from_cents(int64_t(kMaxRunCents)).to_string() + ") by " + day.to_string() +
                                          ", at " + subscription_text(population, rows[i].subscription));
        }
        context.inputs.history.demand.push_back(Demand{day, rows[i].subscription, Category(rows[i].category), cents});
        i = j;
    }
}

}  // namespace

void read_usage(ReplayContext& context) {
    Population& population = context.inputs.population;
    UsageCategories categories(population.catalog);
    UsageInput input(context.scenario.usage_file, kColumns, context.problems);
    SeenSubscriptions subscriptions;
    UsageRows kept = read_rows(context, input, categories, subscriptions);
    input.append_hash(context.inputs.input_hashes);

    // New products join the catalog (category numbers may move: product order is by name).
    try {
        const std::vector<Category> final_category = categories.settle(population.catalog);
        for (UsageRow& row : kept.rows) row.category = final_category[row.category];
    } catch (const std::length_error&) {
        input.report(0, "category", "more than " + std::to_string(Catalog::kMaxProducts) +
                                        " different products: creditsim holds at most that many");
        return;
    }
    std::vector<std::string> notes = categories.notes();
    context.inputs.notes.usage_notes.insert(context.inputs.notes.usage_notes.end(), notes.begin(), notes.end());

    order_subscriptions(population, subscriptions.seen, kept.rows);
    sum_demand(context, input, kept);
}

}  // namespace creditsim::detail
