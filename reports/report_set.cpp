#include "reports/report_set.hpp"

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

std::vector<std::string> write_reports(const std::string& out_dir, const ReportInputs& inputs,
                                       const ReportSelection& selection) {
    CREDITSIM_ASSERT(inputs.population != nullptr, "write_reports without a population");
    CREDITSIM_ASSERT(inputs.replications != nullptr, "write_reports without replications");
    const Population& population = *inputs.population;
    const std::vector<ReplicationResult>& replications = *inputs.replications;
    check_months(inputs);

    // creditsim owns the report folder: the set replaces it in one atomic rename (atomic_files.hpp).
    StagedFolder folder(out_dir, Publication::whole_folder);
    // Reports of the set this run does not write: removed on success, so that the
    // folder never mixes this run's reports with an earlier run's.
    std::vector<std::string> obsolete;
    const auto write_if = [&](bool is_selected, const std::string& name, const std::function<void(CsvWriter&)>& write) {
        if (is_selected)
            write_staged_csv(folder, name, write);
        else
            obsolete.push_back(name);
    };
    write_if(selection.ledger, "ledger.csv", [&](CsvWriter& out) { write_ledger_csv(out, population, replications, inputs.currency); });
    write_if(selection.billing, "billing.csv",
             [&](CsvWriter& out) { write_billing_csv(out, population, replications, inputs.currency); });
    write_if(selection.events, "events.csv", [&](CsvWriter& out) { write_events_csv(out, population, replications); });
    write_if(selection.population, "population.csv",
             [&](CsvWriter& out) { write_population_csv(out, population, replications); });
    write_staged_csv(folder, "summary.csv", [&](CsvWriter& out) { write_summary_csv(out, replications, inputs.currency); });
    write_if(replications.size() > 1, "quantiles.csv", [&](CsvWriter& out) { write_quantiles_csv(out, replications, inputs.currency); });
    write_staged_csv(folder, "resolved.ini", [&](CsvWriter& out) { write_resolved_ini(out, inputs.resolved); });
    write_staged_csv(folder, "manifest.csv", [&](CsvWriter& out) { write_manifest_csv(out, inputs.manifest); });

    return html::publish_with_html_report(folder, selection.html, selection.read_rows_back, obsolete);
}

}  // namespace creditsim
