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

/// Runs one scenario's replications (one at a time) and reduces each to every metric, reporting
/// progress as `step` of the command.
MetricValues collect_metrics(const Scenario& scenario, int threads, const ProgressStep& step, bool per_month);

/// Publishes out_dir as one set: `report_name` written by write_report, manifest.csv of the
/// scenarios under their labels (run on `threads` threads a rank), and report.html when html. Then says on stderr what is where
/// ("compare.csv, manifest.csv and report.html in DIR" + detail).
void publish_study(const std::string& out_dir, const std::string& report_name,
                   const std::function<void(CsvWriter&)>& write_report, const std::vector<Scenario>& scenarios,
                   const std::vector<std::string>& labels, int threads, bool html,
                   const std::string& detail = "");

}  // namespace creditsim::cli
