#include "app/study.hpp"

#include <iostream>
#include <optional>

#include "app/jobs.hpp"
#include "app/report_tables.hpp"
#include "app/study_manifest.hpp"
#include "reports/atomic_files.hpp"
#include "reports/csv_writer.hpp"
#include "reports/html/html_report.hpp"
#include "reports/manifest_report.hpp"
#include "reports/metrics.hpp"

namespace creditsim::cli {

void keep_metric_records(std::vector<Scenario>& scenarios, int replications) {
    for (Scenario& scenario : scenarios) {
        scenario.replications = replications;
        // Every metric comes from the summary: no per-partner record is kept.
        scenario.write_ledger = scenario.write_events = scenario.write_population = scenario.write_billing = false;
    }
}

MetricValues collect_metrics(const Scenario& scenario, int threads, const ProgressStep& step, bool per_month) {
    const auto& metrics = metric_definitions();
    const int periods = per_month ? run_months(scenario.start, scenario.end_day()) : 0;
    MetricValues values(metrics.size(), std::vector<std::vector<double>>(size_t(periods) + 1));
    for_each_replication(scenario, threads, step, [&](const ReplicationResult& result) {
        for (size_t m = 0; m < metrics.size(); ++m)
            for (int period = 0; period <= periods; ++period) {
                const int first = period == 0 ? 0 : period - 1;
                const int end = period == 0 ? result.month_count : period;
                values[m][size_t(period)].push_back(metrics[m].value(result, first, end));
            }
    });
    return values;
}

void publish_study(const std::string& out_dir, const std::string& report_name,
                   const std::function<void(CsvWriter&)>& write_report, const std::vector<Scenario>& scenarios,
                   const std::vector<std::string>& labels, int threads, bool html, const std::string& detail) {
    {
        StagedFolder folder(out_dir, Publication::whole_folder);
        write_staged_csv(folder, report_name, write_report);
        write_staged_csv(folder, "manifest.csv",
                         [&](CsvWriter& out) { write_manifest_csv(out, study_manifest_rows(scenarios, labels, threads)); });
        html::publish_with_html_report(folder, html, report_rows_reader());
    }
    std::cerr << report_name << (html ? ", manifest.csv and report.html in " : " and manifest.csv in ") << out_dir
              << detail << "\n";
}

}  // namespace creditsim::cli
