#pragma once
// The content of an HTML report, read from a folder's report files: the
// headline (plain text; the page escapes it) and the data the charts draw,
// as one JSON object. Large per-partner files are reduced here (ledger.csv to
// counts per month, credits_forecast.csv to a histogram and the earliest run-outs)
// so that the page stays small whatever the population.

#include <string>
#include <utility>
#include <vector>

#include "reports/html/csv_table.hpp"
#include "reports/html/report_folder.hpp"

namespace creditsim::html {

struct ReportData {
    ReportKind kind = ReportKind::run;
    std::string title;  ///< plain text, e.g. "creditsim run: baseline"
    /// (label, value) rows of the headline table, plain text, in order.
    std::vector<std::pair<std::string, std::string>> headline;
    /// {"kind":..., "tables":{name:{"columns":[...],"rows":[[...]]}}}: numbers as JSON
    /// numbers, other cells as strings escaped with json_string (safe inside <script>).
    std::string json;
    /// The ISO 4217 code of every amount, as the folder's reports name it (their `currency` or
    /// `unit` column); USD for a folder written before the reports named it.
    std::string currency;
};

/// Reads the files the report of their kind needs, with read_rows. Throws Error naming
/// the file when one is missing or malformed, or when no known report is among them.
ReportData collect_report_data(const FolderFiles& files, const CsvRowReader& read_rows);

}  // namespace creditsim::html
