#include "reports/report_set.hpp"

#include <utility>

#include "model/errors.hpp"
#include "reports/atomic_files.hpp"
#include "reports/billing_report.hpp"
#include "reports/csv_writer.hpp"
#include "reports/events_report.hpp"
#include "reports/html/html_report.hpp"
#include "reports/ledger_report.hpp"
#include "reports/manifest_report.hpp"
#include "reports/population_report.hpp"
#include "reports/quantiles_report.hpp"
#include "reports/resolved_ini.hpp"
#include "reports/summary_report.hpp"

namespace creditsim {
namespace {

/// Checks that the replications agree with the run's dates (when those are set).
void check_months(const ReportInputs& inputs) {
    if (inputs.run_end_day <= inputs.run_start) return;
    const int first_month_key = month_key(inputs.run_start);
    const int month_count = run_months(inputs.run_start, inputs.run_end_day);
    for (const ReplicationResult& result : *inputs.replications)
        CREDITSIM_ASSERT(result.first_month_key == first_month_key && result.month_count == month_count,
                         "replication " << result.replication << " covers months " << result.first_month_key << " +"
                                        << result.month_count << ", the run " << first_month_key << " +"
                                        << month_count);
}

}  // namespace

ReportSet::ReportSet(const std::string& out_dir, const ReportSelection& selection, std::string currency)
    : selection_(selection), currency_(std::move(currency)), folder_(out_dir, Publication::whole_folder) {
    auto start = [&](bool is_selected, const char* name, void (*header)(CsvWriter&)) {
        if (!is_selected) return std::unique_ptr<CsvWriter>();
        auto out = std::make_unique<CsvWriter>(folder_.stage(name));
        header(*out);
        return out;
    };
    ledger_ = start(selection.ledger, "ledger.csv", write_ledger_header);
    billing_ = start(selection.billing, "billing.csv", write_billing_header);
    events_ = start(selection.events, "events.csv", write_events_header);
    // A replication's events wait to be sorted by day; beyond this they wait in the staging folder.
    event_rows_.spill_beyond(kEventRowsInMemoryBytes, folder_.scratch_path("events"));
    population_ = start(selection.population, "population.csv", write_population_header);
}

ReportSet::~ReportSet() = default;

void ReportSet::add_partners(int replication, const Population& population, const ReplicationResult& records) {
    if (ledger_) write_ledger_rows(*ledger_, replication, population, records.ledger, currency_);
    if (billing_) write_billing_rows(*billing_, replication, population, records, currency_);
    if (events_) event_rows_.add(replication, population, records.events);
    if (population_) write_population_rows(*population_, replication, population);
}

void ReportSet::add_formatted(const BlockRows& rows) {
    if (ledger_) ledger_->raw(rows.ledger);
    if (billing_) billing_->raw(rows.billing);
    if (events_) event_rows_.add_formatted(rows.events, rows.event_rows);
    if (population_) population_->raw(rows.population);
}

void ReportSet::end_replication() {
    if (events_) event_rows_.write_to(*events_);
}

std::vector<std::string> ReportSet::publish(const ReportInputs& inputs) {
    CREDITSIM_ASSERT(inputs.replications != nullptr, "ReportSet::publish without replications");
    const std::vector<ReplicationResult>& replications = *inputs.replications;
    check_months(inputs);
    // Reports of the set this run does not write: removed on success, so that the
    // folder never mixes this run's reports with an earlier run's.
    std::vector<std::string> obsolete;
    for (const auto& [out, name] : {std::pair{&ledger_, "ledger.csv"}, std::pair{&billing_, "billing.csv"},
                                    std::pair{&events_, "events.csv"}, std::pair{&population_, "population.csv"}}) {
        if (*out)
            (*out)->close();
        else
            obsolete.push_back(name);
    }
    write_staged_csv(folder_, "summary.csv", [&](CsvWriter& out) { write_summary_csv(out, replications, currency_); });
    if (replications.size() > 1)
        write_staged_csv(folder_, "quantiles.csv",
                         [&](CsvWriter& out) { write_quantiles_csv(out, replications, currency_); });
    else
        obsolete.push_back("quantiles.csv");
    write_staged_csv(folder_, "resolved.ini", [&](CsvWriter& out) { write_resolved_ini(out, inputs.resolved); });
    write_staged_csv(folder_, "manifest.csv", [&](CsvWriter& out) { write_manifest_csv(out, inputs.manifest); });
    return html::publish_with_html_report(folder_, selection_.html, selection_.read_rows_back, obsolete);
}

std::vector<std::string> write_reports(const std::string& out_dir, const ReportInputs& inputs,
                                       const ReportSelection& selection) {
    CREDITSIM_ASSERT(inputs.population != nullptr, "write_reports without a population");
    CREDITSIM_ASSERT(inputs.replications != nullptr, "write_reports without replications");
    ReportSet set(out_dir, selection, inputs.currency);
    for (const ReplicationResult& result : *inputs.replications) {
        set.add_partners(result.replication, *inputs.population, result);
        set.end_replication();
    }
    return set.publish(inputs);
}

}  // namespace creditsim
