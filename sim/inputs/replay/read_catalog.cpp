// catalog.csv (SPEC 6): offer,credit,kind,amount,count,term_months,scope and an optional currency.
#include <algorithm>
#include <map>
#include <set>

#include "model/currency.hpp"
#include "model/decimal.hpp"
#include "sim/inputs/csv/csv_input.hpp"
#include "sim/inputs/replay/readers.hpp"

namespace creditsim {
namespace detail {
namespace {

enum Column : unsigned { kOffer, kCredit, kKind, kAmount, kCount, kTermMonths, kScope, kCurrency };
constexpr std::array<const char*, 8> kColumns = {"offer", "credit", "kind",  "amount",
                                                 "count", "term_months", "scope", "currency"};
constexpr uint32_t kOptionalColumns = 1u << kCurrency;
using CatalogInput = CsvInput<8>;

// Sanity bounds: a typo must not award a million credits per partner.
constexpr int kMaxCount = 1000;
constexpr int kMaxTermMonths = 1200;

bool is_product_name(std::string_view name) {
    if (name.empty() || name == "eligible" || name == "ineligible" || name == "azure") return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

// Checks an offer or credit name; reports and returns false when it is not usable.
bool check_name(CatalogInput& input, unsigned column, std::string_view name) {
    if (name.empty()) {
        input.report_field(column, "expected a non-empty name; got an empty field");
        return false;
    }
    if (!has_none_of(name, "/#,")) {
        input.report_field(column, "expected a name without '/', '#' or ','; " + got(name));
        return false;
    }
    return true;
}

/// Lines seen so far, by (offer, credit): the line each first appeared on.
using FirstLines = std::map<std::pair<std::string, std::string>, int>;

/// What the offer and credit fields of a line gave.
struct LineNames {
    bool has_offer = false, has_credit = false, is_unique = false;
};

LineNames read_names(CatalogInput& input, FirstLines& first_line) {
    const std::string_view offer = input.field(kOffer), credit = input.field(kCredit);
    LineNames names{check_name(input, kOffer, offer), check_name(input, kCredit, credit), false};
    if (!names.has_offer || !names.has_credit) return names;
    auto [it, is_new] = first_line.emplace(std::make_pair(std::string(offer), std::string(credit)), input.line());
    if (!is_new)
        input.report_field(kCredit, "offer " + in_quotes(offer) + " already has credit " + in_quotes(credit) +
                                        " on line " + std::to_string(it->second));
    names.is_unique = is_new;
    return names;
}

/// Reads kind, amount, count and term into line; false (reported) when one is not usable.
bool read_terms(CatalogInput& input, CatalogLine& line) {
    bool is_good = true;
    const std::string_view kind = input.field(kKind);
    const bool is_monthly = kind == "monthly", is_bulk = kind == "bulk";
    if (!is_monthly && !is_bulk) {
        input.report_field(kKind, "expected monthly or bulk; " + got(kind));
        is_good = false;
    }
    line.kind = is_bulk ? CreditKind::bulk : CreditKind::monthly;

    const std::string_view amount = input.field(kAmount);
    DecimalError error;
    const auto money = parse_money(amount, error);
    if (!money || !money->is_positive()) {
        input.report_field(kAmount, "expected an amount > 0 with at most 2 decimal places (like 100.00); " +
                                        got(amount));
        is_good = false;
    } else {
        line.amount = *money;
    }

    if (!read_optional_whole_number(input, kCount, 1, kMaxCount, "credits", "1", line.count)) is_good = false;

    const std::string_view term = input.field(kTermMonths);
    if (is_monthly && !term.empty()) {
        input.report_field(kTermMonths,
                           "expected a blank field on a monthly line (a monthly credit is valid for the "
                           "policy's validity_months); " + got(term));
        is_good = false;
    } else if (!read_optional_whole_number(input, kTermMonths, 1, kMaxTermMonths, "months", "12", line.term_months)) {
        is_good = false;
    }
    return is_good;
}

/// Checks the scope field; a product it names joins `products` even when the line is refused (usage may name it).
bool read_scope(CatalogInput& input, std::set<std::string>& products) {
    const std::string_view scope = input.field(kScope);
    if (scope != "azure" && !is_product_name(scope)) {
        input.report_field(kScope,
                           "expected azure or a product name (lower-case letters, digits and '_'; not eligible "
                           "or ineligible); " + got(scope));
        return false;
    }
    if (scope != "azure") products.emplace(scope);
    return true;
}

/// The currency column: the one currency the whole file names, with the line that named it first.
class CatalogCurrency {
public:
    /// Checks the current line's code: well formed, and the same as every line before it.
    void read(CatalogInput& input) {
        const std::string_view code = input.field(kCurrency);
        if (!is_currency_code(code)) {
            input.report_field(kCurrency,
                               "expected a currency code of three upper-case letters (ISO 4217, like EUR); " + got(code));
        } else if (first_line_ == 0) {
            code_ = std::string(code), first_line_ = input.line();
        } else if (code != code_) {
            input.report_field(kCurrency, "expected " + code_ + " as on line " + std::to_string(first_line_) +
                                              " (every line names the same currency; amounts never convert); " +
                                              got(code));
        }
    }
    /// Reports a catalog currency other than the run's (which `[run] currency` sets).
    void check_run_currency(CatalogInput& input, std::string_view run_currency) const {
        if (first_line_ == 0 || code_ == run_currency) return;
        input.report(first_line_, "currency",
                     "the catalog names currency " + code_ + " but [run] currency is " + std::string(run_currency) +
                         ": set [run] currency = " + code_ + " (amounts never convert)");
    }

private:
    std::string code_;
    int first_line_ = 0;
};

}  // namespace

Catalog read_catalog(const std::string& path, std::string_view run_currency, ProblemList& problems,
                     CatalogGaps* gaps, std::vector<std::pair<std::string, std::string>>* hashes) {
    CatalogInput input(path, kColumns, problems, kOptionalColumns);
    CatalogCurrency currency;
    if (gaps) gaps->is_unreadable = !input.has_rows();
    std::vector<CatalogLine> lines;
    std::vector<std::string> line_scopes;  // scope name per line ("azure" or a product)
    std::set<std::string> products;
    FirstLines first_line;

    while (input.next_row()) {
        CatalogLine line;
        const LineNames names = read_names(input, first_line);
        const bool has_terms = read_terms(input, line);
        const bool has_scope = read_scope(input, products);
        if (input.has_column(kCurrency)) currency.read(input);
        const std::string_view offer = input.field(kOffer), credit = input.field(kCredit);
        if (names.is_unique && has_terms && has_scope) {
            line.offer = std::string(offer);
            line.credit = std::string(credit);
            lines.push_back(std::move(line));
            line_scopes.emplace_back(input.field(kScope));
        } else if (gaps && names.has_offer) {
            gaps->offers.emplace(offer);
            if (names.has_credit) gaps->credits.emplace(std::string(offer), std::string(credit));
        }
    }
    currency.check_run_currency(input, run_currency);
    if (hashes) input.append_hash(*hashes);

    std::vector<std::string> product_list(products.begin(), products.end());  // ascending: category order
    for (size_t i = 0; i < lines.size(); ++i) {
        if (line_scopes[i] == "azure") continue;
        const auto it = std::lower_bound(product_list.begin(), product_list.end(), line_scopes[i]);
        lines[i].scope = Category(kFirstProduct + (it - product_list.begin()));
    }
    return Catalog(std::move(lines), std::move(product_list));
}

}  // namespace detail

Catalog load_catalog(const std::string& path, std::string_view run_currency,
                     std::vector<std::pair<std::string, std::string>>* input_hashes) {
    ProblemList problems;
    Catalog catalog = detail::read_catalog(path, run_currency, problems, nullptr, input_hashes);
    problems.throw_if_any();
    return catalog;
}

}  // namespace creditsim
