#include "app/expect.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cmath>
#include <optional>

#include "model/errors.hpp"
#include "sim/inputs/csv/csv_records.hpp"

namespace creditsim::cli {
namespace {

std::optional<double> parse_number(std::string_view text) {
    if (text.empty()) return std::nullopt;
    if (text.front() == '+') text.remove_prefix(1);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

bool is_metric_column(const std::string& column) { return column != "replication" && column != "month"; }

}  // namespace

SummaryTable read_summary_table(const std::string& path) {
    ProblemList problems;
    csv::CsvRecords records(path, problems, csv::ReadOptions{.trim_fields = false});
    SummaryTable table;
    table.file = path;
    table.header = records.header();
    if (records.is_empty()) {
        records.report(0, "option '--expect'", "empty file: expected a summary.csv header");
    } else if (records.has_header() &&
               (table.header.size() < 2 || table.header[0] != "replication" || table.header[1] != "month")) {
        records.report(records.header_line(), "option '--expect'",
                       "expected a summary.csv header starting 'replication,month'; got '" + records.header_text() + "'");
    } else {
        while (records.next()) {
            std::vector<std::string>& row = table.rows.emplace_back();
            for (size_t i = 0; i < table.header.size(); ++i) row.emplace_back(records.field(i));
        }
    }
    problems.throw_if_any();
    return table;
}

Tolerances parse_tolerances(const std::vector<std::string>& rules, const SummaryTable& expected) {
    ProblemList problems;
    Tolerances tolerances;
    for (const std::string& rule : rules) {
        const size_t equals = rule.find('=');
        const std::string metric = equals == std::string::npos ? "" : rule.substr(0, equals);
        const std::optional<double> rel =
            equals == std::string::npos ? std::nullopt : parse_number(std::string_view(rule).substr(equals + 1));
        if (metric.empty() || !rel || !std::isfinite(*rel) || *rel < 0) {
            problems.add("", 0, "option '--tolerance'",
                         "expected METRIC=REL (REL a relative tolerance >= 0, e.g. lapsed=0.01 or all=0.001); got '" +
                             rule + "'");
            continue;
        }
        bool known = metric == "all";
        for (const std::string& column : expected.header) known = known || (is_metric_column(column) && column == metric);
        if (!known) {
            std::string columns;
            for (const std::string& column : expected.header)
                if (is_metric_column(column)) columns += (columns.empty() ? "" : ", ") + column;
            problems.add("", 0, "option '--tolerance'",
                         "unknown metric '" + metric + "' in '" + rule + "'; expected all or a column of " +
                             expected.file + ": " + columns);
            continue;
        }
        tolerances[metric] = *rel;
    }
    problems.throw_if_any();
    return tolerances;
}

namespace {

/// A golden summary.csv written before `[run] currency` has no currency column: its
/// amounts are USD. Compared with this run's, which end in one: the run's without it,
/// and a difference when the run's currency is not USD.
SummaryTable without_currency_of_older_golden(const SummaryTable& actual, const SummaryTable& expected,
                                              std::vector<std::string>& differences) {
    const bool run_has_it = !actual.header.empty() && actual.header.back() == "currency";
    const bool golden_has_it = std::find(expected.header.begin(), expected.header.end(), "currency") !=
                               expected.header.end();
    if (!run_has_it || golden_has_it || actual.header.size() != expected.header.size() + 1) return actual;
    SummaryTable trimmed = actual;
    trimmed.header.pop_back();
    for (auto& row : trimmed.rows) {
        if (row.size() != trimmed.header.size() + 1) continue;
        if (row.back() != "USD" && differences.empty())
            differences.push_back("currency: " + expected.file +
                                  " has no currency column (written before [run] currency: its amounts are USD); "
                                  "this run's are " + row.back());
        row.pop_back();
    }
    return trimmed;
}

}  // namespace

std::vector<std::string> summary_differences(const SummaryTable& actual_as_written, const SummaryTable& expected,
                                             const Tolerances& tolerances) {
    std::vector<std::string> differences;
    const SummaryTable actual = without_currency_of_older_golden(actual_as_written, expected, differences);
    if (!differences.empty()) return differences;
    if (actual.header != expected.header) {
        std::string a, e;
        for (const auto& c : actual.header) a += (a.empty() ? "" : ",") + c;
        for (const auto& c : expected.header) e += (e.empty() ? "" : ",") + c;
        differences.push_back("summary.csv header differs: expected '" + e + "', got '" + a + "'");
        return differences;
    }
    const auto key = [](const std::vector<std::string>& row) {
        return "replication " + (row.size() > 0 ? row[0] : "?") + ", month " + (row.size() > 1 ? row[1] : "?");
    };
    if (actual.rows.size() != expected.rows.size())
        differences.push_back("summary.csv has " + std::to_string(actual.rows.size()) + " rows; expected " +
                              std::to_string(expected.rows.size()));
    const size_t rows = std::min(actual.rows.size(), expected.rows.size());
    const auto all = tolerances.find("all");
    for (size_t r = 0; r < rows; ++r) {
        const auto& got = actual.rows[r];
        const auto& want = expected.rows[r];
        if (got.size() < 2 || want.size() < 2 || got[0] != want[0] || got[1] != want[1] ||
            got.size() != want.size()) {
            differences.push_back("row " + std::to_string(r + 2) + ": expected " + key(want) + ", got " + key(got));
            continue;
        }
        for (size_t c = 2; c < want.size() && c < expected.header.size(); ++c) {
            if (got[c] == want[c]) continue;
            const std::string& metric = expected.header[c];
            const auto own = tolerances.find(metric);
            const double rel = own != tolerances.end() ? own->second : all != tolerances.end() ? all->second : 0.0;
            const std::optional<double> a = parse_number(got[c]), e = parse_number(want[c]);
            if (a && e && std::fabs(*a - *e) <= rel * std::fabs(*e)) continue;
            std::string line = "metric " + metric + ", month " + want[1] + ", replication " + want[0] + ": expected " +
                               want[c] + ", got " + got[c];
            if (a && e && *e != 0) {
                char buffer[64];
                std::snprintf(buffer, sizeof buffer, " (%+.4g%%", (*a - *e) / std::fabs(*e) * 100.0);
                line += buffer;
                if (rel > 0) {
                    std::snprintf(buffer, sizeof buffer, ", tolerance %g", rel);
                    line += buffer;
                }
                line += ")";
            }
            differences.push_back(line);
        }
    }
    return differences;
}

std::string format_differences(const std::vector<std::string>& differences, size_t max_lines) {
    std::string text;
    for (size_t i = 0; i < differences.size() && i < max_lines; ++i) text += "  " + differences[i] + "\n";
    if (differences.size() > max_lines)
        text += "  and " + std::to_string(differences.size() - max_lines) + " more\n";
    return text;
}

}  // namespace creditsim::cli
