#include "sim/import/cost_export.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

namespace creditsim {
namespace {

using detail::equals_ignoring_case;
using detail::ExportTable;

constexpr size_t kMaxUnmappedListed = 50;
constexpr size_t kMaxSkippedShown = 10;  ///< in the reconciliation on stderr
/// Above this the sum of |cost| could overflow a later sum: refused (no real export comes near).
constexpr __int128 kMaxAbsoluteUnits = __int128(1'000'000'000'000'000'000) * 1'000'000'000'000'000'000;

/// Where a format's fields are in one file's header (-1: absent).
struct ExportColumns {
    int date = -1, subscription = -1, cost = -1;
    int charge = -1;             ///< ChargeType (Azure) or ChargeCategory (FOCUS)
    int credit_eligible = -1;    ///< IsAzureCreditEligible (Azure)
    int publisher_type = -1;     ///< PublisherType (Azure)
    int pricing_model = -1;      ///< PricingModel (Azure)
    int provider = -1, publisher = -1, invoice_issuer = -1;  ///< FOCUS
    int currency = -1;
    std::vector<int> names;      ///< service, meter and product names, for products
};

/// One required field: the names it goes by, the first being the one messages show.
struct Required {
    int* column;
    std::vector<std::string_view> names;  ///< a vector: an initializer_list member would dangle
};

/// Finds the format's columns; reports each required one that is missing. Returns false then.
bool find_columns(ExportTable& table, ExportFormat format, ExportColumns& columns) {
    std::vector<Required> required;
    if (format == ExportFormat::azure_cost) {
        required = {{&columns.date, {"Date", "UsageDate"}},
                    {&columns.subscription, {"SubscriptionId", "SubscriptionGuid"}},
                    {&columns.cost, {"CostInBillingCurrency", "Cost", "PreTaxCost"}}};
        columns.charge = table.find_column({"ChargeType"});
        columns.credit_eligible = table.find_column({"IsAzureCreditEligible"});
        columns.publisher_type = table.find_column({"PublisherType"});
        columns.pricing_model = table.find_column({"PricingModel"});
        columns.currency = table.find_column({"BillingCurrency", "BillingCurrencyCode", "Currency"});
        for (std::string_view name : {"MeterCategory", "ConsumedService", "ProductName", "Product", "MeterSubCategory"})
            if (const int column = table.find_column({name}); column >= 0) columns.names.push_back(column);
    } else {
        required = {{&columns.date, {"ChargePeriodStart"}},
                    {&columns.subscription, {"SubAccountId"}},
                    {&columns.cost, {"BilledCost"}},
                    {&columns.charge, {"ChargeCategory"}}};
        columns.provider = table.find_column({"ProviderName"});
        columns.publisher = table.find_column({"PublisherName"});
        columns.invoice_issuer = table.find_column({"InvoiceIssuerName"});
        columns.currency = table.find_column({"BillingCurrency"});
        for (std::string_view name : {"ServiceName"})
            if (const int column = table.find_column({name}); column >= 0) columns.names.push_back(column);
    }
    bool is_complete = true;
    for (const Required& field : required) {
        // The first of its names found in the header, as find_column does with a list.
        for (std::string_view name : field.names)
            if ((*field.column = table.find_column({name})) != -1) break;
        if (*field.column != -1) continue;  // found, or found twice (reported)
        std::string names;
        for (std::string_view name : field.names) names += (names.empty() ? "" : " or ") + std::string(name);
        table.report(-1, "missing from the header: expected a column " + names + " (any case) for the " +
                             (format == ExportFormat::azure_cost ? "azure-cost" : "focus") + " format; found " +
                             table.header_names());
        is_complete = false;
    }
    return is_complete && !table.has_columns_named_twice();
}

/// What a row is: demand in a category, or not demand for a reason.
struct Classified {
    bool is_demand = false;
    std::string category;  ///< when demand
    std::string why;       ///< when demand: its class, a line of the reconciliation
    std::string reason;    ///< when not demand
};

const char* const kFocusCategories[] = {"Usage", "Purchase", "Tax", "Credit", "Adjustment"};

/// The product category the row's service, meter and product names denote ("" for none).
std::string row_product(const ExportTable& table, const ExportColumns& columns) {
    // All name columns at once, so that "GitHub Copilot" in ProductName beats "GitHub" in MeterCategory.
    std::string names;
    for (int column : columns.names) names.append(table.field(column)).append(" | ");
    return std::string(product_for_name(names));
}

/// IsAzureCreditEligible: 1 true, 0 false, -1 not said; nullopt (reported) for another value.
std::optional<int> read_credit_flag(ExportTable& table, const ExportColumns& columns) {
    const std::string_view flag = table.field(columns.credit_eligible);
    if (equals_ignoring_case(flag, "true")) return 1;
    if (equals_ignoring_case(flag, "false")) return 0;
    if (flag.empty()) return -1;
    table.report(columns.credit_eligible, "expected True or False; " + detail::got(flag));
    return std::nullopt;
}

/// PricingModel as exports write it ("" when empty); nullopt (reported) for another value.
std::optional<std::string_view> read_pricing_model(ExportTable& table, const ExportColumns& columns) {
    // "On Demand" is how Microsoft's field list spells it; exports write OnDemand.
    std::string pricing = detail::lower_case(table.field(columns.pricing_model));
    std::erase(pricing, ' ');
    if (pricing.empty()) return "";
    if (pricing == "ondemand") return "OnDemand";
    if (pricing == "spot") return "Spot";
    if (pricing == "reservation") return "Reservation";
    if (pricing == "savingsplan") return "SavingsPlan";
    if (pricing == "marketplace") return "Marketplace";
    table.report(columns.pricing_model, "expected OnDemand, Spot, Reservation, SavingsPlan, Marketplace or an empty "
                                        "field; " + detail::got(table.field(columns.pricing_model)));
    return std::nullopt;
}

/// Classifies an azure-cost row whose fields are valid; a bad flag or pricing model is reported.
bool classify_azure(ExportTable& table, const ExportColumns& columns, const Decimal& cost, Classified& out) {
    std::string_view charge = table.field(columns.charge);
    if (charge.empty()) charge = "Usage";
    const std::optional<int> is_eligible = read_credit_flag(table, columns);
    if (!is_eligible) return false;
    const std::optional<std::string_view> pricing_model = read_pricing_model(table, columns);
    if (!pricing_model) return false;
    const std::string product = row_product(table, columns);
    const bool is_usage = equals_ignoring_case(charge, "Usage");
    out = Classified{true, "ineligible", "", ""};
    if (equals_ignoring_case(charge, "Refund")) {
        out = Classified{false, "", "", "refund (ChargeType Refund)"};
    } else if (cost.is_negative()) {
        out = Classified{false, "", "", "negative cost on a ChargeType " + std::string(charge) + " row (a correction)"};
    } else if (equals_ignoring_case(charge, "UnusedReservation")) {
        // Commitments are paid when bought: no credit pays them, whatever IsAzureCreditEligible says.
        out.why = "unused reservation (ChargeType UnusedReservation): prepaid";
    } else if (equals_ignoring_case(charge, "UnusedSavingsPlan") || equals_ignoring_case(charge, "UnusedSavingPlan")) {
        out.why = "unused savings plan (ChargeType UnusedSavingsPlan): prepaid";
    } else if (is_usage && *pricing_model == "Reservation") {
        out.why = "reservation usage (PricingModel Reservation): prepaid";
    } else if (is_usage && *pricing_model == "SavingsPlan") {
        out.why = "savings plan usage (PricingModel SavingsPlan): prepaid";
    } else if (!product.empty()) {
        out.category = product;
        out.why = "by product name";
    } else if (!is_usage) {
        out.why = "ChargeType " + std::string(charge) +
                  (pricing_model->empty() ? "" : ", PricingModel " + std::string(*pricing_model)) + ": not usage";
    } else {
        const std::string usage = pricing_model->empty() ? "usage" : std::string(*pricing_model) + " usage";
        if (*is_eligible >= 0) {
            out.category = *is_eligible ? "eligible" : "ineligible";
            out.why = usage + ", IsAzureCreditEligible " + (*is_eligible ? "True" : "False");
        } else if (equals_ignoring_case(table.field(columns.publisher_type), "Marketplace")) {
            out.why = usage + ", Marketplace (no IsAzureCreditEligible)";
        } else {
            out.category = "eligible";
            out.why = usage + ", first party (no IsAzureCreditEligible)";
        }
    }
    return true;
}

/// Classifies a FOCUS row whose fields are valid; a bad ChargeCategory is reported.
bool classify_focus(ExportTable& table, const ExportColumns& columns, const Decimal& cost, Classified& out) {
    const std::string_view charge = table.field(columns.charge);
    const char* canonical = nullptr;
    for (const char* name : kFocusCategories)
        if (equals_ignoring_case(charge, name)) canonical = name;
    if (!canonical) {
        table.report(columns.charge, "expected Usage, Purchase, Tax, Credit or Adjustment; " + detail::got(charge));
        return false;
    }
    const std::string_view category = canonical;
    out = Classified();
    if (category == "Credit") {
        out.reason = "credit (ChargeCategory Credit)";
        return true;
    }
    if (cost.is_negative()) {
        out.reason = category == "Adjustment" ? "negative adjustment (ChargeCategory Adjustment)"
                                              : "negative cost on a ChargeCategory " + std::string(category) +
                                                    " row (a correction)";
        return true;
    }
    out.is_demand = true;
    const std::string_view publisher = table.field(columns.publisher);
    const bool is_marketplace = !publisher.empty() && !equals_ignoring_case(publisher, table.field(columns.provider)) &&
                                !equals_ignoring_case(publisher, table.field(columns.invoice_issuer));
    const std::string product = row_product(table, columns);
    if (!product.empty()) {
        out.category = product;
        out.why = "by ServiceName";
    } else if (category != "Usage") {
        out.category = "ineligible";
        out.why = "ChargeCategory " + std::string(category) + ": not usage";
    } else if (is_marketplace) {
        out.category = "ineligible";
        out.why = "Usage, Marketplace (PublisherName)";
    } else {
        out.category = "eligible";
        out.why = "Usage";
    }
    return true;
}

/// Classifies a row whose fields are valid; problems (a bad flag or charge category) are reported.
bool classify(ExportTable& table, ExportFormat format, const ExportColumns& columns, const Decimal& cost,
              Classified& out) {
    return format == ExportFormat::azure_cost ? classify_azure(table, columns, cost, out)
                                              : classify_focus(table, columns, cost, out);
}

/// An unmapped subscription: where it was first seen, and its rows.
struct Unmapped {
    std::string file;
    int line = 0;
    std::string column;
    CostTally tally;
};

/// Sums demand per (day, partner, subscription, category) without allocating per row.
class UsageSums {
public:
    void add(Date date, const MappedSubscription& subscription, const std::string& category, const Decimal& amount) {
        const int32_t serial = date.serial();
        key_.assign(reinterpret_cast<const char*>(&serial), sizeof serial);
        key_.append(subscription.partner_id).push_back('\0');
        key_.append(subscription.output_subscription_id).push_back('\0');
        key_.append(category);
        auto it = index_.find(std::string_view(key_));
        if (it == index_.end()) {
            it = index_.emplace(key_, uint32_t(usage_.size())).first;
            usage_.push_back(UsageAmount{date, subscription.partner_id, subscription.output_subscription_id, category,
                                         Decimal()});
        }
        usage_[it->second].amount += amount;
    }

    /// The sums, sorted by (date, partner, subscription, category).
    std::vector<UsageAmount> sorted() {
        std::sort(usage_.begin(), usage_.end(), [](const UsageAmount& a, const UsageAmount& b) {
            if (a.date != b.date) return a.date < b.date;
            if (a.partner_id != b.partner_id) return a.partner_id < b.partner_id;
            if (a.subscription_id != b.subscription_id) return a.subscription_id < b.subscription_id;
            return a.category < b.category;
        });
        return std::move(usage_);
    }

private:
    detail::StringIndex index_;
    std::vector<UsageAmount> usage_;
    std::string key_;
};

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

std::string rows_text(int64_t rows) { return std::to_string(rows) + (rows == 1 ? " row" : " rows"); }

/// used + not demand + skipped: what should add back up to the input total.
Decimal accounted_cost(const ImportReconciliation& totals) {
    Decimal accounted = totals.used.cost;
    accounted += totals.not_demand.cost;
    accounted += totals.skipped.cost;
    return accounted;
}

/// The fields every row needs, checked: date, subscription and cost.
struct RowFields {
    std::optional<Date> date;
    std::string_view subscription_id;
    std::optional<Decimal> cost;
};

/// One import: the exports read in order into the sums and the reconciliation.
class CostImport {
public:
    CostImport(const ImportOptions& options, const SubscriptionMap& subscriptions)
        : options_(options), subscriptions_(subscriptions) {
        result_.reconciliation.files = options.export_files;
    }

    void read_export(const std::string& path);
    /// The result once every export is read; throws InputError with every problem.
    ImportResult finish();

private:
    bool read_fields(ExportTable& table, const ExportColumns& columns, RowFields& fields);
    bool check_currency(ExportTable& table, const ExportColumns& columns, std::set<std::string>& reported);
    void count_row(ExportTable& table, const ExportColumns& columns, const RowFields& fields,
                   const Classified& classified);
    void report_unmapped();
    void check_reconciliation();

    const ImportOptions& options_;
    const SubscriptionMap& subscriptions_;
    ProblemList problems_;
    ImportResult result_;
    ImportReconciliation& totals_ = result_.reconciliation;
    UsageSums sums_;
    std::map<std::string, Unmapped> unmapped_;  // by the export's id as first written
    std::string currency_file_;
    int currency_line_ = 0;
    __int128 absolute_units_ = 0;
    bool is_too_large_ = false;
};

void CostImport::read_export(const std::string& path) {
    ExportTable table(path, problems_);
    ExportColumns columns;
    std::set<std::string> other_currencies;  // reported in this file
    const int64_t rows_before = totals_.input.rows + int64_t(problems_.size());
    if (!table.has_header() || !find_columns(table, options_.format, columns)) {
        table.finish();
        return;
    }
    while (table.next_row()) {
        RowFields fields;
        bool is_good = read_fields(table, columns, fields);
        if (!check_currency(table, columns, other_currencies)) is_good = false;
        Classified classified;
        if (is_good && !classify(table, options_.format, columns, *fields.cost, classified)) is_good = false;
        if (is_good && !is_too_large_) count_row(table, columns, fields, classified);
    }
    table.finish();
    if (totals_.input.rows + int64_t(problems_.size()) == rows_before)
        result_.warnings.push_back(path + ": the export has a header and no rows; imported as empty");
}

bool CostImport::read_fields(ExportTable& table, const ExportColumns& columns, RowFields& fields) {
    bool is_good = true;
    const std::string_view date_text = table.field(columns.date);
    fields.date = parse_export_date(date_text);
    if (!fields.date) {
        table.report(columns.date, std::string("expected a date ") +
                                       (options_.format == ExportFormat::azure_cost ? "MM/DD/YYYY or YYYY-MM-DD"
                                                                                    : "YYYY-MM-DD or YYYY-MM-DD hh:mm:ss") +
                                       "; " + detail::got(date_text));
        is_good = false;
    }
    fields.subscription_id = table.field(columns.subscription);
    if (fields.subscription_id.empty()) {
        table.report(columns.subscription, "expected a subscription id; got an empty field");
        is_good = false;
    }
    const std::string_view cost_text = table.field(columns.cost);
    fields.cost = parse_export_amount(cost_text);
    if (!fields.cost) {
        table.report(columns.cost, "expected a decimal number (like 12.5, -0.01, 0.000011139 or 1.1139E-05); " +
                                       detail::got(cost_text));
        is_good = false;
    }
    return is_good;
}

// One billing currency in the whole import: the first one named, on any row of any file.
bool CostImport::check_currency(ExportTable& table, const ExportColumns& columns, std::set<std::string>& reported) {
    const std::string_view currency = table.field(columns.currency);
    if (currency.empty()) return true;
    if (totals_.currency.empty()) {
        totals_.currency = currency;
        currency_file_ = table.path();
        currency_line_ = table.line();
        return true;
    }
    if (currency == totals_.currency) return true;
    // Once per other currency and file: the rows after the first say nothing new.
    if (reported.insert(std::string(currency)).second)
        table.report(columns.currency, "expected one billing currency in the whole import, " + totals_.currency +
                                           " as on line " + std::to_string(currency_line_) + " of " + currency_file_ +
                                           "; got " + detail::in_quotes(currency) + " (import each currency separately)");
    return false;
}

// A good row is used as demand, not demand, or skipped (unmapped): each counted once.
void CostImport::count_row(ExportTable& table, const ExportColumns& columns, const RowFields& fields,
                           const Classified& classified) {
    const Decimal& cost = *fields.cost;
    // floor_units is within one unit of the value: |floor| + 1 bounds |cost|.
    absolute_units_ += (cost.is_negative() ? -cost.floor_units() : cost.floor_units()) + 1;
    if (absolute_units_ > kMaxAbsoluteUnits) {
        table.report(columns.cost, "the costs add up to more than can be held exactly");
        is_too_large_ = true;
        return;
    }
    totals_.input.add(cost);
    const MappedSubscription* mapped = subscriptions_.find(fields.subscription_id);
    if (!mapped) {
        auto [it, is_new] = unmapped_.try_emplace(std::string(fields.subscription_id));
        if (is_new) it->second = Unmapped{table.path(), table.line(), table.column_name(columns.subscription), {}};
        it->second.tally.add(cost);
        if (options_.skip_unmapped) totals_.skipped.add(cost);
        return;
    }
    if (!classified.is_demand) {
        totals_.not_demand.add(cost);
        totals_.not_demand_by_reason[classified.reason].add(cost);
        return;
    }
    totals_.used.add(cost);
    totals_.used_by_category[classified.category].add(cost);
    totals_.used_by_class[classified.category][classified.why].add(cost);
    sums_.add(*fields.date, *mapped, classified.category, cost);
}

void CostImport::report_unmapped() {
    for (const auto& [id, seen] : unmapped_) totals_.skipped_by_subscription[id] = seen.tally;
    if (options_.skip_unmapped || unmapped_.empty()) return;
    size_t listed = 0;
    for (const auto& [id, seen] : unmapped_) {
        if (++listed > kMaxUnmappedListed) break;
        problems_.add(seen.file, seen.line, "column '" + seen.column + "'",
                      "subscription " + detail::in_quotes(id) + " is not in the subscription map (" +
                          rows_text(seen.tally.rows) + ", cost " + seen.tally.cost.to_string() +
                          "); add it to the map or pass --skip-unmapped");
    }
    if (unmapped_.size() > kMaxUnmappedListed)
        problems_.add("", 0, "", "... and " + std::to_string(unmapped_.size() - kMaxUnmappedListed) +
                                     " more subscriptions not in the subscription map");
}

ImportResult CostImport::finish() {
    report_unmapped();
    problems_.throw_if_any();
    result_.usage = sums_.sorted();
    totals_.usage_lines = int64_t(result_.usage.size());
    check_reconciliation();
    return std::move(result_);
}

// Every row read is used, not demand or skipped, to the last decimal; and usage.csv reads back.
void CostImport::check_reconciliation() {
    Decimal written, by_category;
    for (const UsageAmount& line : result_.usage) {
        CREDITSIM_ASSERT(!line.amount.is_negative(), "a negative usage line for " << line.subscription_id);
        const std::string text = line.amount.to_string();
        DecimalError error;
        const std::optional<Decimal> read_back = parse_plain_decimal(text, error);
        CREDITSIM_ASSERT(read_back == line.amount || error == DecimalError::too_large,
                         "usage amount " << text << " does not read back");
        if (error == DecimalError::too_large)
            problems_.add("", 0, "", "the usage of subscription " + detail::in_quotes(line.subscription_id) + " on " +
                                         line.date.to_string() + " in category " + line.category +
                                         " adds up to more than usage.csv can hold");
        written += line.amount;
    }
    problems_.throw_if_any();
    for (const auto& [category, tally] : totals_.used_by_category) by_category += tally.cost;
    const Decimal accounted = accounted_cost(totals_);
    CREDITSIM_ASSERT(written == totals_.used.cost, "usage.csv sums to " << written.to_string() << ", not to the used "
                                                                        << totals_.used.cost.to_string());
    CREDITSIM_ASSERT(by_category == totals_.used.cost, "the categories sum to " << by_category.to_string());
    CREDITSIM_ASSERT(accounted == totals_.input.cost, "used + not demand + skipped = " << accounted.to_string()
                                                          << " but the input total is "
                                                          << totals_.input.cost.to_string());
    CREDITSIM_ASSERT(totals_.used.rows + totals_.not_demand.rows + totals_.skipped.rows == totals_.input.rows,
                     "the row counts do not add up to the " << totals_.input.rows << " rows read");
}

}  // namespace

ImportResult import_cost_exports(const ImportOptions& options, const SubscriptionMap& subscriptions) {
    CostImport cost_import(options, subscriptions);
    for (const std::string& path : options.export_files) cost_import.read_export(path);
    return cost_import.finish();
}

std::string format_reconciliation(const ImportReconciliation& totals) {
    std::string text = "import: " + rows_text(totals.input.rows) + " read from";
    for (const auto& path : totals.files) text += " " + file_name(path);
    if (!totals.currency.empty()) text += " (amounts in " + totals.currency + ")";
    text += "\n";
    const auto line = [&text](int indent, const std::string& label, const CostTally& tally, const std::string& more) {
        std::string row = std::string(size_t(indent), ' ') + label;
        if (row.size() < 62) row.resize(62, ' ');
        text += row + " " + tally.cost.to_string() + "  (" + rows_text(tally.rows) + more + ")\n";
    };
    line(2, "input total", totals.input, "");
    line(2, "used as demand", totals.used,
         " -> " + std::to_string(totals.usage_lines) + (totals.usage_lines == 1 ? " line" : " lines") +
             " of usage.csv");
    for (const auto& [category, tally] : totals.used_by_category) {
        line(4, category, tally, "");
        if (const auto classes = totals.used_by_class.find(category); classes != totals.used_by_class.end())
            for (const auto& [why, class_tally] : classes->second) line(6, why, class_tally, "");
    }
    line(2, "not demand (not written)", totals.not_demand, "");
    for (const auto& [reason, tally] : totals.not_demand_by_reason) line(4, reason, tally, "");
    line(2, "skipped: subscription not in the map", totals.skipped, "");
    if (totals.skipped.rows > 0) {
        // The largest first (by the size of their cost), at most kMaxSkippedShown of them.
        std::vector<std::pair<std::string, CostTally>> largest(totals.skipped_by_subscription.begin(),
                                                               totals.skipped_by_subscription.end());
        const auto size = [](const CostTally& t) { return t.cost.is_negative() ? -t.cost : t.cost; };
        std::stable_sort(largest.begin(), largest.end(),
                         [&](const auto& a, const auto& b) { return size(b.second) < size(a.second); });
        for (size_t i = 0; i < largest.size() && i < kMaxSkippedShown; ++i)
            line(4, largest[i].first, largest[i].second, "");
        if (largest.size() > kMaxSkippedShown)
            text += "    ... and " + std::to_string(largest.size() - kMaxSkippedShown) + " more subscriptions\n";
    }
    const Decimal accounted = accounted_cost(totals);
    text += "  check: used + not demand + skipped = " + accounted.to_string() +
            (accounted == totals.input.cost ? " = " : " != ") + "input total " + totals.input.cost.to_string() +
            (accounted == totals.input.cost ? ": reconciled\n" : ": NOT RECONCILED\n");
    return text;
}

}  // namespace creditsim
