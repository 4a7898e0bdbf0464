#include "app/study.hpp"

#include <iostream>
#include <optional>

#include "app/cluster/cluster.hpp"
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

MetricCollector::MetricCollector(const Scenario& scenario, bool per_month)
    : periods_(per_month ? run_months(scenario.start, scenario.end_day()) : 0),
      values_(metric_definitions().size(), std::vector<std::vector<double>>(size_t(periods_) + 1)) {}

void MetricCollector::add(const ReplicationResult& result) {
    const auto& metrics = metric_definitions();
    for (size_t m = 0; m < metrics.size(); ++m)
        for (int period = 0; period <= periods_; ++period) {
            const int first = period == 0 ? 0 : period - 1;
            const int end = period == 0 ? result.month_count : period;
            values_[m][size_t(period)].push_back(metrics[m].value(result, first, end));
        }
}

std::vector<MetricValues> collect_study_metrics(const std::vector<Scenario>& scenarios, int threads,
                                                ProgressLine* line, const std::vector<std::string>& step_labels,
                                                bool per_month) {
    const int count = int(scenarios.size());
    auto step_of = [&](int s) {
        return ProgressStep{line, s < int(step_labels.size()) ? step_labels[size_t(s)] : scenarios[size_t(s)].name, s,
                            count};
    };
    auto collect_here = [&](int s, Sharing sharing) {
        MetricCollector collector(scenarios[size_t(s)], per_month);
        for_each_replication(
            scenarios[size_t(s)], threads, step_of(s), [&](const ReplicationResult& result) { collector.add(result); },
            sharing);
        return std::move(collector.values());
    };
    return cluster::collect_metrics_by_scenario(scenarios, threads, per_month, collect_here, [&](int s) {
        report_step_done(step_of(s), scenarios[size_t(s)].replications);
    });
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
