#pragma once
// `creditsim import`: real cost exports (Azure cost details, EA or MCA, actual or
// amortized cost; FOCUS 1.0) -> the usage.csv of a replay (docs/INPUTS.md),
// written by reports/usage_report. Every amount is parsed and
// summed exactly (never through double) and written with the digits it has:
// the simulator rounds once, half-even, when it reads usage.csv. What is not
// written (credits, refunds, corrections, unmapped subscriptions) is counted,
// and the counts must add back up to the input total to the last decimal.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/date.hpp"
#include "model/errors.hpp"
#include "model/decimal.hpp"
#include "reports/usage_report.hpp"
#include "sim/inputs/csv/csv_records.hpp"
#include "sim/inputs/csv/field_checks.hpp"

namespace creditsim {

/// The export schemas import understands.
enum class ExportFormat { azure_cost, focus };

/// "azure-cost" or "focus" -> the format; nullopt for anything else.
std::optional<ExportFormat> parse_export_format(std::string_view name);

/// One line of subscriptions.csv: an export's subscription and where its usage goes.
struct MappedSubscription {
    std::string subscription_id;         ///< as written in subscriptions.csv
    std::string partner_id;
    std::string output_subscription_id;  ///< the credit_id when given, else subscription_id
};

/// subscriptions.csv (`subscription_id,partner_id[,credit_id]`). Ids match an
/// export's ids case-insensitively, and "/subscriptions/<id>" matches "<id>".
class SubscriptionMap {
public:
    /// Adds a line; returns false (and adds nothing) when the id is already mapped.
    bool add(MappedSubscription subscription);
    /// The line mapping the export's id, or null.
    const MappedSubscription* find(std::string_view export_id) const;
    size_t size() const { return lines_.size(); }

private:
    std::vector<MappedSubscription> lines_;
    detail::StringIndex index_;  ///< normalized id -> index into lines_
    mutable std::string key_;    ///< reused lookup key
};

/// Reads subscriptions.csv; throws InputError with every problem of the file.
SubscriptionMap load_subscription_map(const std::string& path);

/// A row count and the exact (signed) sum of their costs.
struct CostTally {
    int64_t rows = 0;
    Decimal cost;
    void add(const Decimal& amount) { ++rows; cost += amount; }
};

/// What became of every row read: used + not_demand + skipped == input, exactly.
struct ImportReconciliation {
    std::vector<std::string> files;
    std::string currency;   ///< the billing currency named by the exports ("" when none)
    CostTally input;        ///< every data row read
    CostTally used;         ///< demand rows written to usage.csv (summed per day)
    CostTally not_demand;   ///< credits, refunds and negative corrections: not written
    CostTally skipped;      ///< rows of unmapped subscriptions (--skip-unmapped)
    std::map<std::string, CostTally> used_by_category;
    /// category -> class (why the rows are in it: "Spot usage, IsAzureCreditEligible True", ...) -> tally
    std::map<std::string, std::map<std::string, CostTally>> used_by_class;
    std::map<std::string, CostTally> not_demand_by_reason;
    std::map<std::string, CostTally> skipped_by_subscription;  ///< by the export's subscription id
    int64_t usage_lines = 0;  ///< lines written to usage.csv
};

/// One line of usage.csv: the exact demand of a (day, partner, subscription, category).

struct ImportOptions {
    ExportFormat format = ExportFormat::azure_cost;
    std::vector<std::string> export_files;
    bool skip_unmapped = false;  ///< skip (and count) rows of unmapped subscriptions instead of failing
};

struct ImportResult {
    std::vector<UsageAmount> usage;  ///< sorted by (date, partner, subscription, category)
    ImportReconciliation reconciliation;
    std::vector<std::string> warnings;  ///< for stderr: "{file}: the export has a header and no rows; ..."
};

/// Reads the exports and sums their demand per (day, partner, subscription, category).
/// Throws InputError with every problem of every file (bad dates, numbers, missing
/// columns, unmapped subscriptions without skip_unmapped), and InvariantError when the
/// reconciliation does not add up (a creditsim bug).
ImportResult import_cost_exports(const ImportOptions& options, const SubscriptionMap& subscriptions);

/// Writes usage.csv (header and rows) to out; amounts with exactly the digits they need.

/// The reconciliation as lines of text for stderr, every total with full precision.
std::string format_reconciliation(const ImportReconciliation& reconciliation);

/// Parses a signed decimal as exports write it ("-0.01", "1.1139E-05", "3",
/// "0.0000000072922557592391990000"), exactly and with any number of places;
/// nullopt when it is not one.
std::optional<Decimal> parse_export_amount(std::string_view text);

/// "YYYY-MM-DD" (optionally followed by a time: "2024-09-18 22:00:00", "...T22:00:00Z")
/// or "MM/DD/YYYY" (one- or two-digit month and day); nullopt for anything else.
std::optional<Date> parse_export_date(std::string_view text);

/// The product category a service, meter or product name denotes ("" for none):
/// Copilot for Security / Security Copilot, GitHub Copilot, GitHub.
std::string_view product_for_name(std::string_view name);

namespace detail {

/// One export CSV read with the one CSV reader (sim/inputs/csv/csv_records.hpp): a
/// quoted field may hold commas, "" and line breaks; a UTF-8 BOM and CRLF are fine.
/// Header names match case-insensitively, and a name found twice that way is an
/// error; a "NULL" field reads as empty. Problems go to problems with file, line and
/// column; after 50 in one file they are only counted.
class ExportTable {
public:
    ExportTable(std::string path, ProblemList& problems);

    /// Whether the file was opened and has a header row.
    bool has_header() const { return records_.has_header(); }
    /// The first column whose name equals one of names (ignoring case), or -1; -2 for a
    /// name the header has twice (ignoring case), which is reported once.
    int find_column(std::initializer_list<std::string_view> names);
    /// Whether find_column found a name twice: the rows cannot be read.
    bool has_columns_named_twice() const { return !reported_twice_.empty(); }
    /// The header as found: "Date, SubscriptionId, Cost, ...".
    std::string header_names() const;
    /// The name of column as written in the header.
    const std::string& column_name(int column) const { return records_.header()[size_t(column)]; }

    /// Reads the next data row (blank lines skipped; rows with a wrong field count are
    /// reported and skipped). Returns false at the end of the file.
    bool next_row() { return records_.next(); }
    /// The trimmed, unquoted field of column in the current row; "" for column -1 or "NULL".
    std::string_view field(int column) const;
    /// The 1-based file line where the current row starts.
    int line() const { return records_.line(); }
    /// Reports a problem in column (-1: none) of the current row.
    void report(int column, std::string message) { records_.report(line(), records_.column(column), std::move(message)); }
    /// Adds the "... and N more problems" note when problems were only counted.
    void finish() { records_.finish(); }
    const std::string& path() const { return records_.path(); }

private:
    csv::CsvRecords records_;
    std::vector<std::string> reported_twice_;  ///< header names already reported as found twice
};

/// The id as subscriptions are matched: lower case, without a "/subscriptions/" prefix.
void normalize_subscription_id(std::string_view id, std::string& out);

}  // namespace detail

}  // namespace creditsim
