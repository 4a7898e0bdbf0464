#pragma once
// The metrics `creditsim compare` reports and gates check: one table, each
// metric computed from one replication's records over a range of its months.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/records.hpp"

namespace creditsim::cli {

/// How a metric's values are expressed and printed.
enum class MetricUnit {
    money,  ///< cents (printed as dollars with two decimals)
    count,  ///< a number of things (or a mean of counts)
    rate,   ///< a ratio (0.25 = 25 %)
};

/// One compare metric: its name, unit, meaning and how to compute it.
struct MetricDefinition {
    const char* name;
    MetricUnit unit;
    const char* meaning;  ///< one line, for docs and --help
    bool needs_billing;   ///< computed from per-partner billing rows (absent when not kept)
    /// The value over months [first_month, end_month) (indices into summary) of one
    /// replication; nullopt when the records it needs were not kept.
    std::optional<double> (*value)(const ReplicationResult& result, int first_month, int end_month);
};

/// Every compare metric, in report order.
const std::vector<MetricDefinition>& metric_definitions();

/// The metric named `name`, or null.
const MetricDefinition* find_metric(std::string_view name);

/// The metric names joined by ", " in report order.
std::string metric_names();

}  // namespace creditsim::cli
