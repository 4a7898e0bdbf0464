#pragma once
// What compare, sweep and sensitivity share: several scenarios run on common
// replications and reduced to metrics, and the study folder they publish (their
// table, manifest.csv, report.html).

#include <functional>
#include <string>
#include <vector>

#include "app/jobs.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim {
class CsvWriter;
}

namespace creditsim::cli {

/// Sets every scenario to `replications` replications keeping only the records the metrics need.
void keep_metric_records(std::vector<Scenario>& scenarios, int replications);

/// values[metric][period][replication] of one scenario; period 0 is the whole run (`all`), 1 + m
/// the m-th month (only with per_month).
using MetricValues = std::vector<std::vector<std::vector<double>>>;

/// Reduces a scenario's replications, handed in replication order, to every metric.
class MetricCollector {
public:
    MetricCollector(const Scenario& scenario, bool per_month);
    void add(const ReplicationResult& result);
    MetricValues& values() { return values_; }

private:
    int periods_;
    MetricValues values_;
};

/// Every scenario's metrics, scenario by scenario (step_labels[s] names scenario s in the
/// progress line, when there is one). Over the ranks of an MPI job: whole scenarios on
/// each rank when there are at least as many (generated) scenarios as ranks, else each
/// scenario's stream of blocks over every rank (docs/SCALING.md). The same values either way.
std::vector<MetricValues> collect_study_metrics(const std::vector<Scenario>& scenarios, int threads,
                                                ProgressLine* line, const std::vector<std::string>& step_labels,
                                                bool per_month);

/// Publishes out_dir as one set: `report_name` written by write_report, manifest.csv of the
/// scenarios under their labels (run on `threads` threads a rank), and report.html when html. Then says on stderr what is where
/// ("compare.csv, manifest.csv and report.html in DIR" + detail).
void publish_study(const std::string& out_dir, const std::string& report_name,
                   const std::function<void(CsvWriter&)>& write_report, const std::vector<Scenario>& scenarios,
                   const std::vector<std::string>& labels, int threads, bool html,
                   const std::string& detail = "");

}  // namespace creditsim::cli
