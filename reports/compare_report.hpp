#pragma once
// compare.csv and its console table: paired differences of a metric between
// scenarios run with the same replications (common random numbers), with a
// 95 % Student-t confidence interval. Doubles are allowed here (SPEC 2): the
// per-replication inputs are exact integers (cents or counts) or their ratios.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/csv_writer.hpp"
#include "reports/metrics.hpp"

namespace creditsim {

/// t(0.975; df): the quantile of Student's t with df >= 1 degrees of freedom that
/// bounds a two-sided 95 % interval (df = 9 -> 2.262157). Exact to 1e-9 for df <= 30
/// (a table), Cornish-Fisher expansion above (error < 1e-6).
double t_quantile_975(int df);

/// One metric in one period of one scenario, compared with the base scenario.
struct PairedComparison {
    double mean = 0;       ///< the scenario's mean over replications
    double base_mean = 0;  ///< the base scenario's mean over the same replications
    double delta = 0;      ///< mean over replications of (scenario - base)
    std::optional<double> ci_low, ci_high;  ///< 95 % t interval of delta; none with one replication or for the base
    std::optional<double> rel_change;       ///< delta / base_mean; none when base_mean is 0
};

/// Compares values[r] with base[r], replication by replication (same size, at least one).
/// is_base: the row of the base scenario itself (delta 0, no interval).
PairedComparison compare_paired(const std::vector<double>& base, const std::vector<double>& values, bool is_base);

/// Whether the difference is statistically clear: an interval that excludes 0.
bool is_statistically_clear(const PairedComparison& comparison);

/// A number with at most `digits` significant digits in plain decimal notation (never an
/// exponent), trailing zeros dropped; integer digits are never rounded away:
/// 0.123456789 -> "0.123457", 1234567 -> "1234567", 2.5 -> "2.5", -0.0 -> "0".
std::string format_significant(double value, int digits = 6);

/// A statistic of a metric as the reports print it: a money one (in cents) as
/// format_money_statistic ("1234.50"), any other as format_significant.
std::string format_statistic(double value, bool is_money);

/// One compare.csv row.
struct CompareRow {
    std::string scenario;
    std::string metric;
    std::string period;  ///< "all" or "YYYY-MM"
    cli::MetricUnit unit = cli::MetricUnit::count;  ///< the metric's; money values are in cents
    bool is_base = false;
    bool is_money() const { return unit == cli::MetricUnit::money; }
    PairedComparison stats;
};

/// Writes compare.csv: `scenario,metric,period,mean,delta,ci_low,ci_high,rel_change,unit`,
/// the rows in the given order. Money in currency units with two decimals, other values and
/// rel_change (a fraction: 0.05 = +5 %) with up to six significant digits; blank when absent.
/// unit is the metric's (unit_label: the currency for money): rel_change is always a fraction.
void write_compare_csv(CsvWriter& out, const std::vector<CompareRow>& rows, std::string_view currency);

/// The console table: for each non-base scenario, its `all` rows sorted by |rel_change|
/// descending (rows without one last, in their given order), a `*` marking differences
/// whose interval excludes 0; each row names its unit, rel. change in percent.
std::string format_compare_table(const std::vector<CompareRow>& rows, const std::string& base_scenario,
                                 int replications, bool common_random_numbers, std::string_view currency);

}  // namespace creditsim
