#pragma once
// The metrics `creditsim compare` reports and gates check: one table, each
// metric computed from one replication's records over a range of its months.

#include <string>
#include <string_view>
#include <vector>

#include "model/records.hpp"

namespace creditsim::cli {

/// How a metric's values are expressed and printed; the `unit` column of the long-format
/// reports (compare, sweep, sensitivity, quantiles, forecast, backtest_months) says which.
enum class MetricUnit {
    money,     ///< cents (printed in currency units with two decimals); unit: the currency code
    count,     ///< a number of things (or a mean of counts); unit: count
    days,      ///< a number of (subscription-)days; unit: days
    fraction,  ///< a share or rate, 0..1 (0.25 = 25 %); unit: fraction
};

/// The `unit` column's text: the currency code for money, else count, days or fraction.
std::string unit_label(MetricUnit unit, std::string_view currency);

/// One compare metric: its name, unit, meaning and how to compute it.
struct MetricDefinition {
    const char* name;
    MetricUnit unit;
    const char* meaning;  ///< one line, for docs and --help
    /// The value over months [first_month, end_month) (indices into summary) of one replication.
    double (*value)(const ReplicationResult& result, int first_month, int end_month);
};

/// Every compare metric, in report order.
const std::vector<MetricDefinition>& metric_definitions();

/// The metric named `name`, or null.
const MetricDefinition* find_metric(std::string_view name);

/// The unit of the metric named `name`, which must be one (every report column named after
/// a metric takes its unit from the one table).
MetricUnit metric_unit(std::string_view name);

/// The metric names joined by ", " in report order.
std::string metric_names();

}  // namespace creditsim::cli
