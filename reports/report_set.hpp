#pragma once
// Writes the reports of SPEC section 8 into a folder, all or nothing: every
// file goes to a staging folder beside it, which replaces the folder in one
// atomic rename once all are complete (reports/atomic_files.hpp). The
// per-partner reports are written as a run goes, block by block of partners,
// so that a run never holds its whole population's records.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/currency.hpp"
#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/atomic_files.hpp"
#include "reports/block_rows.hpp"
#include "reports/csv_writer.hpp"
#include "reports/events_report.hpp"
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

/// What the reports written at the end need (summary, quantiles, resolved.ini, manifest.csv).
struct ReportInputs {
    /// The population the replications' indices refer to (write_reports only).
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

/// One run's report set, written as the run goes.
class ReportSet {
public:
    /// Stages the new set for out_dir (created if missing; locked) and starts the
    /// selected per-partner reports. Throws Error when out_dir cannot be a folder.
    ReportSet(const std::string& out_dir, const ReportSelection& selection, std::string currency);
    ReportSet(const ReportSet&) = delete;
    ReportSet& operator=(const ReportSet&) = delete;
    ~ReportSet();

    /// The per-partner rows of one replication's partners, all of them or the next
    /// block of them (in partner order; records' indices are population's).
    void add_partners(int replication, const Population& population, const ReplicationResult& records);

    /// The rows of the next block of partners, formatted elsewhere (format_block_rows
    /// with this set's selection and currency): the same bytes as add_partners.
    void add_formatted(const BlockRows& rows);

    const ReportSelection& selection() const { return selection_; }
    const std::string& currency() const { return currency_; }

    /// Ends a replication: its events, gathered from its blocks, are written in order.
    void end_replication();

    /// Writes summary.csv, quantiles.csv (more than one replication), resolved.ini,
    /// manifest.csv and report.html (as selected), and publishes the set. Returns the
    /// paths written: ledger.csv, billing.csv, events.csv, population.csv (as selected),
    /// then those. Throws Error when a file cannot be written; then no new report is left.
    std::vector<std::string> publish(const ReportInputs& inputs);

private:
    ReportSelection selection_;
    std::string currency_;
    StagedFolder folder_;
    std::unique_ptr<CsvWriter> ledger_, billing_, events_, population_;
    EventRows event_rows_;
};

/// The whole set from whole replications of inputs.population (tests): ReportSet
/// with each replication's partners at once.
std::vector<std::string> write_reports(const std::string& out_dir, const ReportInputs& inputs,
                                       const ReportSelection& selection);

}  // namespace creditsim
