#pragma once
// `creditsim run --expect DIR`: checks a run's summary.csv against a frozen
// golden baseline DIR/summary.csv, value by value, with optional relative
// tolerances per metric (`--tolerance metric=rel`, `all=rel` for every metric).

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace creditsim::cli {

/// A summary.csv read as text: its header and rows of fields.
struct SummaryTable {
    std::string file;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// Reads a summary.csv (plain comma-separated, no quoting). Throws InputError when the
/// file is missing or unreadable, or has no header with `replication,month` first.
SummaryTable read_summary_table(const std::string& path);

/// Relative tolerance per metric column; "all" applies to every metric without its own.
using Tolerances = std::map<std::string, double>;

/// Parses the `--tolerance` options, each `METRIC=REL` (REL a decimal >= 0), against the
/// metric columns of `expected`. Throws InputError (where: "option '--tolerance'") listing
/// every malformed rule or unknown metric.
Tolerances parse_tolerances(const std::vector<std::string>& rules, const SummaryTable& expected);

/// Every difference between actual and expected, one line each ("metric lapsed, month
/// 2026-02, replication 0: expected 69.50, got 69.51"); a header or row-key mismatch
/// is reported as one line. Empty when they match within the tolerances: a value
/// matches when its text is equal or |actual - expected| <= rel × |expected|.
std::vector<std::string> summary_differences(const SummaryTable& actual, const SummaryTable& expected,
                                             const Tolerances& tolerances);

/// At most `max_lines` of the differences, then "and N more".
std::string format_differences(const std::vector<std::string>& differences, size_t max_lines = 20);

}  // namespace creditsim::cli
