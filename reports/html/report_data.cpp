#include "reports/html/report_data.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <tuple>

#include "model/date.hpp"
#include "model/currency.hpp"
#include "model/decimal.hpp"
#include "model/errors.hpp"
#include "reports/html/csv_table.hpp"
#include "reports/html/html_escape.hpp"

namespace creditsim::html {
namespace {

/// Rows of the run's credit-run-out chart kept in the page: enough to read, bounded whatever the population.
constexpr size_t kEarliestRunOuts = 40;

/// Whether the cell is a plain decimal number that JSON can carry as it is ("-12.50", "3").
bool is_json_number(const std::string& cell) {
    size_t i = cell.size() > 1 && cell[0] == '-' ? 1 : 0;
    const size_t integer_start = i;
    while (i < cell.size() && cell[i] >= '0' && cell[i] <= '9') ++i;
    const size_t integer_digits = i - integer_start;
    if (integer_digits == 0 || (integer_digits > 1 && cell[integer_start] == '0')) return false;
    if (i == cell.size()) return true;
    if (cell[i] != '.' || i + 1 == cell.size()) return false;
    for (++i; i < cell.size(); ++i)
        if (cell[i] < '0' || cell[i] > '9') return false;
    return true;
}

std::string json_cell(const std::string& cell) { return is_json_number(cell) ? cell : json_string(cell); }

std::string json_table(const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& rows) {
    std::string out = "{\"columns\":[";
    for (size_t c = 0; c < columns.size(); ++c) out += (c ? "," : "") + json_string(columns[c]);
    out += "],\"rows\":[";
    for (size_t r = 0; r < rows.size(); ++r) {
        out += r ? ",[" : "[";
        for (size_t c = 0; c < rows[r].size(); ++c) out += (c ? "," : "") + json_cell(rows[r][c]);
        out += "]";
    }
    return out + "]}";
}

/// Money in a report cell ("-1234.50") as cents; none when it is not an amount.
std::optional<int64_t> cents(const std::string& cell) {
    const bool is_negative = !cell.empty() && cell[0] == '-';
    DecimalError error;
    const std::optional<Money> amount = parse_money(std::string_view(cell).substr(is_negative ? 1 : 0), error);
    if (!amount) return std::nullopt;
    return is_negative ? -amount->cents() : amount->cents();
}

/// The currency a report names: its `currency` column, or the `unit` of its first money row
/// (the units of the other rows, count, days and fraction, are no currency codes); USD, the
/// one currency of reports written before they named it, when it names none.
std::string currency_of(const CsvTable& table) {
    const auto found = [&](const char* name) {
        return std::find(table.columns.begin(), table.columns.end(), name) != table.columns.end();
    };
    if (found("currency") && !table.rows.empty()) return table.rows.front()[table.column("currency")];
    if (found("unit")) {
        const size_t unit = table.column("unit");
        for (const auto& row : table.rows)
            if (is_currency_code(row[unit])) return row[unit];
    }
    return std::string(kDefaultCurrency);
}

class Builder {
public:
    Builder(const FolderFiles& files, const CsvRowReader& read_rows) : files_(files), read_rows_(read_rows) {}

    bool has(const std::string& name) const { return files_.count(name) > 0; }

    /// The currency of the folder's amounts, read from its main report (currency_of).
    void set_currency(const CsvTable& table) { currency_ = currency_of(table); }
    const std::string& currency() const { return currency_; }
    /// An amount in cents as the headline prints it: "1234.50 EUR".
    std::string format_amount(double cents_value) const {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.2f ", cents_value / 100.0);
        return buffer + currency_;
    }

    CsvTable read(const std::string& name) const {
        const auto it = files_.find(name);
        if (it == files_.end()) throw Error("cannot render the HTML report: " + name + " is missing");
        return read_csv_table(read_rows_, it->second, name);
    }
    /// Streams the rows of a file too large to hold (see CsvRowReader).
    void for_each_row(const std::string& name, std::vector<std::string>& columns,
                      const std::function<void(const std::vector<std::string>&)>& visit) const {
        read_rows_(files_.at(name), name, columns, visit);
    }

    void add_table(const std::string& name, const std::vector<std::string>& columns,
                   const std::vector<std::vector<std::string>>& rows) {
        tables_ += (tables_.empty() ? "" : ",") + json_string(name) + ":" + json_table(columns, rows);
    }
    void add_table(const std::string& name, const CsvTable& table) { add_table(name, table.columns, table.rows); }

    std::string json(ReportKind kind) const {
        return "{\"kind\":" + json_string(to_string(kind)) + ",\"currency\":" + json_string(currency_) +
               ",\"tables\":{" + tables_ + "}}";
    }

private:
    const FolderFiles& files_;
    const CsvRowReader& read_rows_;
    std::string tables_;
    std::string currency_{kDefaultCurrency};
};

/// manifest.csv's rows, except those that change from one identical run to the next
/// (wall time, thread count): the page is then the same bytes at any thread count.
void add_manifest(const Builder& builder, ReportData& data, std::string& name) {
    if (!builder.has("manifest.csv")) {
        data.headline.emplace_back("manifest", "none in this folder (written by an older creditsim)");
        return;
    }
    const CsvTable manifest = builder.read("manifest.csv");
    const size_t key = manifest.column("key"), value = manifest.column("value");
    for (const auto& row : manifest.rows) {
        // How the run ran, not what it found: report.html stays the same bytes at any thread or rank count.
        if (row[key] == "wall_time_seconds" || row[key] == "threads" || row[key] == "ranks") continue;
        if (row[key] == "name") name = row[value];
        data.headline.emplace_back(row[key], row[value]);
    }
}

/// Whole-run money of a run, the mean over replications, and the closing balance.
void add_run_money(const Builder& builder, const CsvTable& summary, ReportData& data) {
    const size_t replication = summary.column("replication");
    std::vector<std::string> replications;
    const char* money[] = {"demand", "granted", "credit_used", "lapsed", "expired", "forfeited_value",
                           "payg_overage", "payg_ineligible", "payg_other", "unserved"};
    std::map<std::string, int64_t> totals;
    for (const auto& row : summary.rows) {
        if (std::find(replications.begin(), replications.end(), row[replication]) == replications.end())
            replications.push_back(row[replication]);
        for (const char* column : money) totals[column] += cents(row[summary.column(column)]).value_or(0);
    }
    const double n = replications.empty() ? 1.0 : double(replications.size());
    const auto mean = [&](int64_t total) { return builder.format_amount(double(total) / n); };
    const std::string per = replications.size() > 1 ? " (mean of " + std::to_string(replications.size()) + " replications)" : "";
    data.headline.emplace_back("credit granted" + per, mean(totals["granted"]));
    data.headline.emplace_back("credit used", mean(totals["credit_used"]));
    data.headline.emplace_back("lapsed", mean(totals["lapsed"]));
    data.headline.emplace_back("expired", mean(totals["expired"]));
    data.headline.emplace_back("forfeited value", mean(totals["forfeited_value"]));
    data.headline.emplace_back("PAYG billed",
                               mean(totals["payg_overage"] + totals["payg_ineligible"] + totals["payg_other"]));
    data.headline.emplace_back("unserved demand", mean(totals["unserved"]));
    // Every grant is used, lapsed, expired or still on a credit: what is left is the balance.
    data.headline.emplace_back("closing balance",
                               mean(totals["granted"] - totals["credit_used"] - totals["lapsed"] - totals["expired"]));
}

/// ledger.csv reduced to credit periods ending per month, per replication on average:
/// used up (nothing left), some lapsed, some expired.
void add_period_ends(const Builder& builder, Builder& out) {
    std::map<std::string, std::array<int64_t, 3>> by_month;  // "YYYY-MM" -> used up, lapsed, expired
    std::vector<std::string> columns;
    size_t period_end = 0, lapsed = 0, expired = 0, closing = 0, replication = 0;
    std::map<std::string, bool> replications;
    bool has_columns = false;
    builder.for_each_row("ledger.csv", columns, [&](const std::vector<std::string>& row) {
        if (!has_columns) {
            CsvTable header{"ledger.csv", columns, {}};
            period_end = header.column("period_end"), lapsed = header.column("lapsed");
            expired = header.column("expired"), closing = header.column("closing");
            replication = header.column("replication");
            has_columns = true;
        }
        replications[row[replication]] = true;
        auto& counts = by_month[row[period_end].substr(0, 7)];
        if (cents(row[lapsed]).value_or(0) > 0) ++counts[1];
        else if (cents(row[expired]).value_or(0) > 0) ++counts[2];
        else if (cents(row[closing]).value_or(0) == 0) ++counts[0];
    });
    std::vector<std::vector<std::string>> rows;
    const double n = replications.empty() ? 1.0 : double(replications.size());
    for (const auto& [month, counts] : by_month) {
        std::vector<std::string> row{month};
        for (int64_t count : counts) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%.6g", double(count) / n);
            row.push_back(buffer);
        }
        rows.push_back(std::move(row));
    }
    out.add_table("period_ends", {"month", "used_up", "lapsed", "expired"}, rows);
}

void collect_run(Builder& builder, ReportData& data, std::string& name) {
    add_manifest(builder, data, name);
    const CsvTable summary = builder.read("summary.csv");
    builder.set_currency(summary);
    add_run_money(builder, summary, data);
    builder.add_table("summary", summary);
    if (builder.has("quantiles.csv")) builder.add_table("quantiles", builder.read("quantiles.csv"));
    if (builder.has("ledger.csv")) add_period_ends(builder, builder);
}

void collect_compare(Builder& builder, ReportData& data, std::string& name) {
    const CsvTable compare = builder.read("compare.csv");
    builder.set_currency(compare);
    const size_t scenario = compare.column("scenario"), metric = compare.column("metric");
    const size_t period = compare.column("period"), mean = compare.column("mean");
    std::vector<std::string> scenarios;
    std::map<std::string, std::map<std::string, std::string>> whole_run;  // scenario -> metric -> mean
    for (const auto& row : compare.rows) {
        if (std::find(scenarios.begin(), scenarios.end(), row[scenario]) == scenarios.end())
            scenarios.push_back(row[scenario]);
        if (row[period] == "all") whole_run[row[scenario]][row[metric]] = row[mean];
    }
    if (!scenarios.empty()) name = scenarios.front();
    add_manifest(builder, data, name);
    data.headline.emplace_back("base scenario", scenarios.empty() ? "" : scenarios.front());
    for (const std::string& s : scenarios) {
        auto& means = whole_run[s];
        const auto amount = [&](const char* m) { return double(cents(means[m]).value_or(0)); };
        const auto format_amount = [&](double cents_value) { return builder.format_amount(cents_value); };
        data.headline.emplace_back(
            "scenario " + s, "granted " + format_amount(amount("granted")) + ", breakage " +
                                 format_amount(amount("breakage")) + ", PAYG billed " +
                                 format_amount(amount("payg_billed")) + ", closing balance " +
                                 format_amount(amount("granted") - amount("credit_used") - amount("lapsed") -
                                               amount("expired")));
    }
    builder.add_table("compare", compare);
}

void collect_sweep(Builder& builder, ReportData& data, std::string& name, bool is_sensitivity) {
    add_manifest(builder, data, name);
    const CsvTable table = builder.read(is_sensitivity ? "sensitivity.csv" : "sweep.csv");
    builder.set_currency(table);
    if (is_sensitivity) {
        data.headline.emplace_back("metric", table.rows.empty() ? "" : table.rows.front()[table.column("metric")]);
        data.headline.emplace_back("keys varied", std::to_string(table.rows.size()));
    } else {
        const size_t metric = table.column("metric");
        std::string keys;
        for (size_t c = 1; c < metric; ++c) keys += (c > 1 ? ", " : "") + table.columns[c];
        std::map<std::string, bool> points;
        for (const auto& row : table.rows) points[row[0]] = true;
        data.headline.emplace_back("keys varied", keys);
        data.headline.emplace_back("grid points", std::to_string(points.size()));
    }
    data.headline.emplace_back("amounts", "in " + builder.currency());
    builder.add_table(is_sensitivity ? "sensitivity" : "sweep", table);
}

/// credits_forecast.csv reduced: credit periods by month of their median run-out day, and
/// the earliest run-outs (by p50, then credit id) with their p10..p90 range.
void add_run_outs(const CsvTable& credits, Builder& out, ReportData& data) {
    const auto format_amount = [&](double cents_value) { return out.format_amount(cents_value); };
    const size_t credit = credits.column("credit_id"), start = credits.column("period_start");
    const size_t end = credits.column("period_end");
    const size_t share = credits.column("exhausted_share"), p10 = credits.column("exhausted_p10");
    const size_t p50 = credits.column("exhausted_p50"), p90 = credits.column("exhausted_p90");
    const size_t closing = credits.column("closing_mean");
    std::map<std::string, int> by_month;
    std::vector<const std::vector<std::string>*> running_out;
    std::map<std::string, int64_t> last_closing;  // credit -> closing of its last period
    for (const auto& row : credits.rows) {
        last_closing[row[credit]] = cents(row[closing]).value_or(0);
        if (!parse_date(row[p50])) continue;  // "never": at least half the futures keep a balance
        ++by_month[row[p50].substr(0, 7)];
        running_out.push_back(&row);
    }
    std::stable_sort(running_out.begin(), running_out.end(), [&](const auto* a, const auto* b) {
        return std::tie((*a)[p50], (*a)[credit]) < std::tie((*b)[p50], (*b)[credit]);
    });
    if (running_out.size() > kEarliestRunOuts) running_out.resize(kEarliestRunOuts);
    std::vector<std::vector<std::string>> histogram, earliest;
    for (const auto& [month, count] : by_month) histogram.push_back({month, std::to_string(count)});
    for (const auto* row : running_out)
        earliest.push_back({(*row)[credit], (*row)[start], (*row)[end], (*row)[share], (*row)[p10], (*row)[p50], (*row)[p90]});
    out.add_table("run_out_months", {"month", "credit_periods"}, histogram);
    out.add_table("run_out_earliest",
                  {"credit_id", "period_start", "period_end", "exhausted_share", "exhausted_p10", "exhausted_p50", "exhausted_p90"},
                  earliest);
    int64_t balance = 0;
    for (const auto& [id, amount] : last_closing) balance += amount;
    int running_out_count = 0;
    for (const auto& [month, count] : by_month) running_out_count += count;
    data.headline.emplace_back("open credit periods", std::to_string(credits.rows.size()) + " (" +
                                                          std::to_string(running_out_count) +
                                                          " run out in at least half the futures)");
    data.headline.emplace_back("closing balance (mean, last open period of each credit)", format_amount(double(balance)));
}

void collect_forecast(Builder& builder, ReportData& data, std::string& name) {
    add_manifest(builder, data, name);
    const CsvTable forecast = builder.read("forecast.csv");
    builder.set_currency(forecast);
    const size_t metric = forecast.column("metric"), kind = forecast.column("kind"), mean = forecast.column("mean");
    std::map<std::string, int64_t> totals;
    std::vector<std::string> metrics;
    for (const auto& row : forecast.rows) {
        if (std::find(metrics.begin(), metrics.end(), row[metric]) == metrics.end()) metrics.push_back(row[metric]);
        if (row[kind] == "forecast") totals[row[metric]] += cents(row[mean]).value_or(0);
    }
    for (const std::string& m : metrics)
        data.headline.emplace_back(m + " over the forecast months (mean)", builder.format_amount(double(totals[m])));
    builder.add_table("forecast", forecast);
    if (builder.has("credits_forecast.csv")) add_run_outs(builder.read("credits_forecast.csv"), builder, data);
}

void collect_backtest(Builder& builder, ReportData& data, std::string& name) {
    add_manifest(builder, data, name);
    const CsvTable scores = builder.read("backtest.csv");
    builder.set_currency(scores);
    if (!scores.rows.empty()) {  // the first row scores all held-out months
        data.headline.emplace_back("months held out", scores.rows.front()[scores.column("months")]);
        data.headline.emplace_back("actions known", scores.rows.front()[scores.column("actions")]);
    }
    data.headline.emplace_back("amounts", "in " + builder.currency());
    builder.add_table("scores", scores);
    builder.add_table("months", builder.read("backtest_months.csv"));
}

}  // namespace

ReportData collect_report_data(const FolderFiles& files, const CsvRowReader& read_rows) {
    const std::optional<ReportKind> kind = detect_kind(files);
    if (!kind)
        throw Error("cannot render an HTML report: no summary.csv, compare.csv, sweep.csv, sensitivity.csv, "
                    "forecast.csv or backtest.csv in the folder");
    ReportData data;
    data.kind = *kind;
    Builder builder(files, read_rows);
    std::string name;
    switch (*kind) {
        case ReportKind::run: collect_run(builder, data, name); break;
        case ReportKind::compare: collect_compare(builder, data, name); break;
        case ReportKind::sweep: collect_sweep(builder, data, name, false); break;
        case ReportKind::sensitivity: collect_sweep(builder, data, name, true); break;
        case ReportKind::forecast: collect_forecast(builder, data, name); break;
        case ReportKind::backtest: collect_backtest(builder, data, name); break;
    }
    data.title = std::string("creditsim ") + to_string(*kind) + (name.empty() ? "" : ": " + name);
    data.json = builder.json(*kind);
    data.currency = builder.currency();
    return data;
}

}  // namespace creditsim::html
