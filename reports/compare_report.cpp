#include "reports/compare_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "model/errors.hpp"
#include "reports/statistics.hpp"

namespace creditsim {
namespace {

// t(0.975; df) for df = 1..30 (checked against a numerical integration of the density).
constexpr std::array<double, 30> kT975 = {
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135,
    2.262157163,  2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546, 2.119905299,
    2.109815578,  2.100922040, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
    2.059538553,  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456};

void write_optional(CsvWriter& out, const std::optional<double>& value, bool is_money) {
    if (value)
        out.text(format_statistic(*value, is_money));
    else
        out.empty();
}

/// rel_change as the console prints it, a percent that says so: 0.032 -> "+3.20 %" ("" when absent).
std::string format_percent(const std::optional<double>& fraction) {
    if (!fraction) return "";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%+.2f %%", *fraction * 100.0);
    std::string text = buffer;
    return text == "-0.00 %" ? "+0.00 %" : text;
}

}  // namespace

double t_quantile_975(int df) {
    CREDITSIM_ASSERT(df >= 1, "t quantile with " << df << " degrees of freedom");
    if (df <= int(kT975.size())) return kT975[size_t(df - 1)];
    // Cornish-Fisher expansion of t around the normal quantile (Abramowitz & Stegun 26.7.5).
    const double z = 1.959963984540054;
    const double z2 = z * z, n = double(df);
    const double g1 = (z2 + 1) * z / 4;
    const double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
    const double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
    const double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
    return z + g1 / n + g2 / (n * n) + g3 / (n * n * n) + g4 / (n * n * n * n);
}

PairedComparison compare_paired(const std::vector<double>& base, const std::vector<double>& values, bool is_base) {
    CREDITSIM_ASSERT(!base.empty() && base.size() == values.size(),
                     "paired comparison of " << values.size() << " values with " << base.size() << " base values");
    const size_t n = values.size();
    PairedComparison c;
    double sum = 0, base_sum = 0, delta_sum = 0;
    for (size_t r = 0; r < n; ++r) {
        sum += values[r];
        base_sum += base[r];
        delta_sum += values[r] - base[r];
    }
    c.mean = sum / double(n);
    c.base_mean = base_sum / double(n);
    if (is_base) {
        c.delta = 0;
        if (c.base_mean != 0) c.rel_change = 0.0;
        return c;
    }
    c.delta = delta_sum / double(n);
    if (c.base_mean != 0) c.rel_change = c.delta / c.base_mean;
    if (n >= 2) {
        double squares = 0;
        for (size_t r = 0; r < n; ++r) {
            const double deviation = (values[r] - base[r]) - c.delta;
            squares += deviation * deviation;
        }
        const double half_width = t_quantile_975(int(n) - 1) * std::sqrt(squares / double(n - 1)) / std::sqrt(double(n));
        c.ci_low = c.delta - half_width;
        c.ci_high = c.delta + half_width;
    }
    return c;
}

bool is_statistically_clear(const PairedComparison& c) {
    return c.ci_low && c.ci_high && (*c.ci_low > 0 || *c.ci_high < 0);
}

std::string format_significant(double value, int digits) {
    if (!std::isfinite(value)) return "";
    if (value == 0) return "0";
    const int exponent = int(std::floor(std::log10(std::fabs(value))));
    const int decimals = std::clamp(digits - 1 - exponent, 0, 20);
    char buffer[400];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    if (text == "-0") text = "0";
    return text;
}

std::string format_statistic(double value, bool is_money) {
    return is_money ? format_money_statistic(value) : format_significant(value);
}

void write_compare_csv(CsvWriter& out, const std::vector<CompareRow>& rows, std::string_view currency) {
    out.raw("scenario,metric,period,mean,delta,ci_low,ci_high,rel_change,unit\n");
    for (const CompareRow& row : rows) {
        const PairedComparison& s = row.stats;
        out.text(row.scenario).text(row.metric).text(row.period);
        out.text(format_statistic(s.mean, row.is_money())).text(format_statistic(s.delta, row.is_money()));
        write_optional(out, s.ci_low, row.is_money());
        write_optional(out, s.ci_high, row.is_money());
        write_optional(out, s.rel_change, false);
        out.text(cli::unit_label(row.unit, currency));
        out.end_row();
    }
}

std::string format_compare_table(const std::vector<CompareRow>& rows, const std::string& base_scenario,
                                 int replications, bool common_random_numbers, std::string_view currency) {
    std::vector<std::string> scenarios;
    for (const CompareRow& row : rows)
        if (!row.is_base && std::find(scenarios.begin(), scenarios.end(), row.scenario) == scenarios.end())
            scenarios.push_back(row.scenario);

    std::string text;
    for (const std::string& scenario : scenarios) {
        std::vector<const CompareRow*> selected;
        for (const CompareRow& row : rows)
            if (row.scenario == scenario && !row.is_base && row.period == "all") selected.push_back(&row);
        std::stable_sort(selected.begin(), selected.end(), [](const CompareRow* a, const CompareRow* b) {
            const auto& x = a->stats.rel_change;
            const auto& y = b->stats.rel_change;
            if (x.has_value() != y.has_value()) return x.has_value();
            return x && std::fabs(*x) > std::fabs(*y);
        });

        std::vector<std::array<std::string, 8>> cells;
        cells.push_back({"metric", "unit", base_scenario, scenario, "delta", "95% CI of delta", "rel. change", ""});
        for (const CompareRow* row : selected) {
            const PairedComparison& s = row->stats;
            std::string interval;
            if (s.ci_low && s.ci_high)
                interval = "[" + format_statistic(*s.ci_low, row->is_money()) + ", " +
                           format_statistic(*s.ci_high, row->is_money()) + "]";
            cells.push_back({row->metric, cli::unit_label(row->unit, currency), format_statistic(s.base_mean, row->is_money()),
                             format_statistic(s.mean, row->is_money()), format_statistic(s.delta, row->is_money()),
                             interval, format_percent(s.rel_change), is_statistically_clear(s) ? "*" : ""});
        }
        std::array<size_t, 8> widths{};
        for (const auto& line : cells)
            for (size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], line[c].size());

        text += scenario + " vs " + base_scenario + ": whole run, mean of " + std::to_string(replications) +
                (replications == 1 ? " replication" : " replications") +
                (common_random_numbers ? " (common random numbers)" : " (independent seeds)") +
                "; * = the 95% interval of the difference excludes 0\n";
        for (const auto& line : cells) {
            std::string out_line;
            for (size_t c = 0; c < line.size(); ++c) {
                if (c > 0) out_line += "  ";
                const size_t pad = widths[c] - line[c].size();
                if (c <= 1 || c == 7)
                    out_line += line[c] + std::string(pad, ' ');
                else
                    out_line += std::string(pad, ' ') + line[c];
            }
            while (!out_line.empty() && out_line.back() == ' ') out_line.pop_back();
            text += out_line + "\n";
        }
        text += "\n";
    }
    return text;
}

}  // namespace creditsim
