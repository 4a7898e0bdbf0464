#pragma once
// Writes the reports of SPEC section 8 into a folder, all or nothing: every
// file goes to a staging folder beside it, which replaces the folder in one
// atomic rename once all are complete (reports/atomic_files.hpp).

#include <string>
#include <utility>
#include <vector>

#include "model/currency.hpp"
#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/html/csv_table.hpp"

namespace creditsim {

/// Which per-partner reports to write (summary.csv, resolved.ini and manifest.csv always are).
struct ReportSelection {
    bool ledger = true;
    bool billing = true;
    bool events = true;
    bool population = false;  ///< population.csv of generated partners
    /// report.html, the charts page rendered from the files above; the commands ask for it
    /// unless --no-html (off here so that a caller gets the CSV set of SPEC 8 by default).
    bool html = false;
    /// How report.html reads the staged CSV files back (needed with html): the program's one
    /// CSV reader, which app hands in (reports/html/csv_table.hpp says why).
    html::CsvRowReader read_rows_back;
};

struct ReportInputs {
    const Population* population = nullptr;
    Date run_start;     ///< first day of the run
    Date run_end_day;   ///< first day after the run
    const std::vector<ReplicationResult>* replications = nullptr;  ///< in replication order
    /// resolved.ini content: ("section.key", value) in declaration order.
    std::vector<std::pair<std::string, std::string>> resolved;
    /// The ISO 4217 code of every amount (`[run] currency`): the last column of the money reports.
    std::string currency{kDefaultCurrency};
    /// manifest.csv rows: (key, value) in order (version, seed, hashes, notes, wall time...).
    std::vector<std::pair<std::string, std::string>> manifest;
};

/// Writes ledger.csv, billing.csv, events.csv (as selected), summary.csv,
/// quantiles.csv (more than one replication), resolved.ini, manifest.csv and
/// report.html (as selected) into out_dir (created if missing). Returns the paths written, in that order.
/// Throws Error when a file cannot be written; then no new report is left behind.
std::vector<std::string> write_reports(const std::string& out_dir, const ReportInputs& inputs,
                                       const ReportSelection& selection);

}  // namespace creditsim
