#include "reports/sweep_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reports/compare_report.hpp"

namespace creditsim {
namespace {

std::string pad(std::string text, size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
}

}  // namespace

void write_sweep_csv(CsvWriter& out, const std::vector<std::string>& keys, const std::vector<SweepRow>& rows,
                     std::string_view currency) {
    out.text("point");
    for (const std::string& key : keys) out.text(key);
    out.text("metric").text("mean").text("p05").text("p95").text("unit");
    out.end_row();
    for (const SweepRow& row : rows) {
        out.integer(row.point);
        for (const std::string& value : row.values) out.text(value);
        out.text(row.metric);
        out.text(format_statistic(row.stats.mean, row.is_money()))
            .text(format_statistic(row.stats.p05, row.is_money()))
            .text(format_statistic(row.stats.p95, row.is_money()))
            .text(cli::unit_label(row.unit, currency));
        out.end_row();
    }
}

std::string format_sweep_table(const std::vector<std::string>& keys, const std::vector<SweepRow>& rows,
                               const std::vector<std::string>& metrics, int replications) {
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> header{"point"};
    header.insert(header.end(), keys.begin(), keys.end());
    for (const std::string& metric : metrics) header.push_back(metric + " mean [p05, p95]");
    cells.push_back(header);
    int last_point = 0;
    for (const SweepRow& row : rows) {
        if (row.point != last_point) {
            std::vector<std::string> line{std::to_string(row.point)};
            line.insert(line.end(), row.values.begin(), row.values.end());
            line.resize(header.size());
            cells.push_back(line);
            last_point = row.point;
        }
        const auto m = std::find(metrics.begin(), metrics.end(), row.metric);
        if (m == metrics.end()) continue;
        cells.back()[1 + keys.size() + size_t(m - metrics.begin())] =
            format_statistic(row.stats.mean, row.is_money()) + " [" + format_statistic(row.stats.p05, row.is_money()) +
            ", " + format_statistic(row.stats.p95, row.is_money()) + "]";
    }
    std::vector<size_t> widths(header.size(), 0);
    for (const auto& line : cells)
        for (size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], line[c].size());
    std::string text = "sweep: " + std::to_string(cells.size() - 1) + " points, whole run, " +
                       std::to_string(replications) + " replications each (common random numbers)\n";
    for (const auto& line : cells) {
        std::string out;
        for (size_t c = 0; c < line.size(); ++c) out += pad(line[c], widths[c] + 2);
        while (!out.empty() && out.back() == ' ') out.pop_back();
        text += "  " + out + "\n";
    }
    return text;
}

double SensitivityRow::swing() const { return std::fabs(mean_hi - mean_lo); }

void sort_by_swing(std::vector<SensitivityRow>& rows) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const SensitivityRow& a, const SensitivityRow& b) { return a.swing() > b.swing(); });
}

void write_sensitivity_csv(CsvWriter& out, const std::vector<SensitivityRow>& rows, std::string_view currency) {
    out.raw("key,lo,hi,metric,mean_lo,mean_hi,swing,unit\n");
    for (const SensitivityRow& row : rows) {
        out.text(row.key).text(row.lo).text(row.hi).text(row.metric);
        out.text(format_statistic(row.mean_lo, row.is_money()))
            .text(format_statistic(row.mean_hi, row.is_money()))
            .text(format_statistic(row.swing(), row.is_money()))
            .text(cli::unit_label(row.unit, currency));
        out.end_row();
    }
}

std::string format_tornado_table(const std::vector<SensitivityRow>& rows, int replications) {
    if (rows.empty()) return "";
    double widest = 0;
    size_t key_width = 3, lo_width = 2, hi_width = 2;
    for (const SensitivityRow& row : rows) {
        widest = std::max(widest, row.swing());
        key_width = std::max(key_width, row.key.size() + 3 + row.lo.size() + row.hi.size());
        lo_width = std::max(lo_width, format_statistic(row.mean_lo, row.is_money()).size());
        hi_width = std::max(hi_width, format_statistic(row.mean_hi, row.is_money()).size());
    }
    std::string text = "sensitivity of " + rows.front().metric + " (whole run, mean of " +
                       std::to_string(replications) + " replications), widest swing first:\n";
    for (const SensitivityRow& row : rows) {
        const int bar = widest > 0 ? int(std::lround(row.swing() / widest * 40.0)) : 0;
        text += "  " + pad(row.key + " " + row.lo + ".." + row.hi, key_width + 1) + " " +
                pad(format_statistic(row.mean_lo, row.is_money()), lo_width) + " -> " +
                pad(format_statistic(row.mean_hi, row.is_money()), hi_width) + "  swing " +
                pad(format_statistic(row.swing(), row.is_money()), 12) + " " + std::string(size_t(bar), '#') + "\n";
    }
    return text;
}

}  // namespace creditsim
