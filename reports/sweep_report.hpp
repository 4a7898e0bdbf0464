#pragma once
// sweep.csv and sensitivity.csv with their console tables: whole-run metric
// statistics over a grid of scenario overrides (`creditsim sweep`) and the
// one-key-at-a-time swing of one metric (`creditsim sensitivity`). Doubles are
// allowed here (SPEC 2): the per-replication inputs are exact integers or ratios.

#include <string>
#include <string_view>
#include <vector>

#include "reports/csv_writer.hpp"
#include "reports/metrics.hpp"
#include "reports/statistics.hpp"

namespace creditsim {

/// One metric at one grid point: its mean, p05 and p95 across replications.
struct SweepRow {
    int point = 0;                    ///< 1-based index of the grid point
    std::vector<std::string> values;  ///< the point's value of each varied key, in key order
    std::string metric;
    cli::MetricUnit unit = cli::MetricUnit::count;  ///< the metric's; money values are in cents
    Distribution stats;
    bool is_money() const { return unit == cli::MetricUnit::money; }     ///< mean and type-7 quantiles across replications
};

/// Writes sweep.csv: `point,<each key>,metric,mean,p05,p95,unit`, the rows in the given order.
/// Money in currency units with two decimals, other values with up to six significant digits;
/// unit is the metric's (unit_label: the currency for money).
void write_sweep_csv(CsvWriter& out, const std::vector<std::string>& keys, const std::vector<SweepRow>& rows,
                     std::string_view currency);

/// The console table: one line per grid point with the mean [p05, p95] of each of `metrics`.
std::string format_sweep_table(const std::vector<std::string>& keys, const std::vector<SweepRow>& rows,
                               const std::vector<std::string>& metrics, int replications);

/// One varied key of a sensitivity analysis: the metric's mean at its low and high value.
struct SensitivityRow {
    std::string key;
    std::string lo, hi;  ///< the values as written
    std::string metric;
    cli::MetricUnit unit = cli::MetricUnit::count;  ///< the metric's; money values are in cents
    double mean_lo = 0, mean_hi = 0;
    /// |mean_hi - mean_lo|: how far the metric swings over the key's range.
    double swing() const;
    bool is_money() const { return unit == cli::MetricUnit::money; }
};

/// Sorts rows by swing descending; ties keep the given order.
void sort_by_swing(std::vector<SensitivityRow>& rows);

/// Writes sensitivity.csv: `key,lo,hi,metric,mean_lo,mean_hi,swing,unit`, the rows in the given order.
void write_sensitivity_csv(CsvWriter& out, const std::vector<SensitivityRow>& rows, std::string_view currency);

/// A tornado-style table: one line per key (in the given order) with its means and a bar
/// of '#' proportional to its swing (the widest 40 characters).
std::string format_tornado_table(const std::vector<SensitivityRow>& rows, int replications);

}  // namespace creditsim
