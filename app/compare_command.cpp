// `creditsim compare BASE.ini WHATIF.ini ...`: runs every scenario on the same
// replications (common random numbers), compares each metric with the base
// replication by replication, writes compare.csv and checks --fail-if gates.
#include <boost/program_options.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>

#include "app/cli.hpp"
#include "app/command_line.hpp"
#include "app/gates.hpp"
#include "app/jobs.hpp"
#include "app/report_tables.hpp"
#include "reports/metrics.hpp"
#include "app/study_manifest.hpp"
#include "model/errors.hpp"
#include "reports/atomic_files.hpp"
#include "reports/compare_report.hpp"
#include "reports/csv_writer.hpp"
#include "reports/html/html_report.hpp"
#include "reports/manifest_report.hpp"
#include "sim/inputs/scenario.hpp"

namespace po = boost::program_options;

namespace creditsim::cli {
namespace {

/// Seed step between scenarios with --independent: a prime, far from replication keys.
constexpr uint64_t kIndependentSeedStep = 1000003;

struct CompareArguments {
    std::vector<std::string> scenarios;
    std::string out_dir;
    std::vector<std::string> overrides;
    std::vector<std::string> rules;
    int replications = 0;  ///< 0: the base scenario's run.replications
    int threads = 0;       ///< 0: all cores
    bool independent = false;
    bool help = false;
    bool html = true;  ///< write report.html
};

po::options_description compare_options() {
    po::options_description options("Options");
    options.add_options()
        ("replications,r", po::value<int>(), "replications of every scenario (default: the base's run.replications)")
        ("out,o", po::value<std::string>(), "folder for compare.csv (default: out/compare-<base run.name>)")
        ("threads,j", po::value<int>(), "worker threads (default: all cores); the results do not depend on it")
        ("set,s", po::value<std::vector<std::string>>()->composing(),
         "override a key of every scenario, e.g. --set population.partners=2000 (repeatable)")
        ("independent", "give every scenario its own seed (base seed + 1000003 x scenario index) instead of "
                        "the base's: shows what common random numbers are worth")
        ("fail-if", po::value<std::vector<std::string>>()->composing(),
         "a regression gate 'METRIC OP VALUE' (repeatable): exit 1 when true for any non-base scenario")
        ("help,h", "print this help");
    add_html_option(options);
    return options;
}

CompareArguments parse_arguments(const std::vector<std::string>& args) {
    const po::variables_map vm = parse_command_line(args, compare_options(), "scenario", "compare");
    CompareArguments parsed;
    parsed.help = vm.count("help") > 0;
    parsed.independent = vm.count("independent") > 0;
    parsed.html = wants_html(vm);
    if (vm.count("scenario")) parsed.scenarios = vm["scenario"].as<std::vector<std::string>>();
    if (vm.count("out")) parsed.out_dir = vm["out"].as<std::string>();
    if (vm.count("set")) parsed.overrides = vm["set"].as<std::vector<std::string>>();
    if (vm.count("fail-if")) parsed.rules = vm["fail-if"].as<std::vector<std::string>>();
    parsed.threads = whole_number_option(vm, "threads");
    parsed.replications = whole_number_option(vm, "replications");
    if (!parsed.help && parsed.scenarios.size() < 2)
        throw usage_error(
            "compare", "expected a base scenario and at least one other: creditsim compare BASE.ini WHATIF.ini [...]");
    return parsed;
}

void print_help() {
    std::cout << R"(Usage: creditsim compare BASE.ini WHATIF.ini [MORE.ini ...] [options]

Runs every scenario on the same replications (the base's seed: the same
partners and demand, common random numbers) and compares each metric with
BASE replication by replication: mean, mean difference (delta), its 95 %
Student-t interval and the relative change delta / base mean. Writes
compare.csv (scenario,metric,period,mean,delta,ci_low,ci_high,rel_change;
period `all` and each YYYY-MM) into --out and prints the whole-run table,
widest changes first; `*` marks a difference whose interval excludes 0.

)" << compare_options() << R"(
Regression gates (--fail-if, repeatable):  METRIC OP VALUE
  METRIC  a metric below
  OP      one of  >  >=  <  <=  ==  !=
  VALUE   a decimal number, optionally signed; ending in % it is compared with
          the relative change x 100 of the whole run (delta / base mean; from a
          base mean of 0 any increase is +inf %), otherwise with the mean delta
          in the metric's unit (dollars for money, a count, a rate as a fraction)
  A gate is violated when the comparison is TRUE for any non-base scenario.
  Examples:  --fail-if 'breakage_rate > +2%'  --fail-if 'payg_billed < -5%'
             --fail-if 'unserved != 0'
  Quote each rule: > and < are shell redirections.

Metrics:
)";
    for (const MetricDefinition& metric : metric_definitions())
        std::printf("  %-32s %s%s\n", metric.name,
                    metric.unit == MetricUnit::money ? "[$] " : metric.unit == MetricUnit::rate ? "[rate] " : "",
                    metric.meaning);
    std::cout << R"(
Exit codes: 0 compared and every gate holds, 1 a gate was violated (each is
named on stderr with the scenario and the value), 2 bad input (an unknown
metric, a malformed rule, a bad scenario: nothing run, nothing written).
See docs/GATES.md for using gates in a CI job.
)";
}

/// values[metric][period][replication]; period 0 is `all`, 1 + m the m-th month.
using MetricValues = std::vector<std::vector<std::vector<double>>>;

/// Adds one replication's metric values; marks a metric unavailable when it cannot be computed.
void add_replication(const ReplicationResult& result, MetricValues& values, std::vector<bool>& available) {
    const auto& metrics = metric_definitions();
    for (size_t m = 0; m < metrics.size(); ++m) {
        for (int period = 0; period <= result.month_count; ++period) {
            const int first = period == 0 ? 0 : period - 1;
            const int end = period == 0 ? result.month_count : period;
            const std::optional<double> value = metrics[m].value(result, first, end);
            if (!value) available[m] = false;
            values[m][size_t(period)].push_back(value.value_or(0.0));
        }
    }
}

/// Runs one scenario's replications and returns their metric values.
MetricValues run_scenario(const Scenario& scenario, int threads, std::vector<bool>& available, int index, int count) {
    const auto& metrics = metric_definitions();
    const int first_month = month_key(scenario.start);
    const int month_count = run_months(scenario.start, scenario.end_day());
    MetricValues values(metrics.size(), std::vector<std::vector<double>>(size_t(month_count) + 1));
    const std::string label = "scenario " + std::to_string(index + 1) + "/" + std::to_string(count) + " (" +
                              scenario.name + ")";
    for_each_replication(scenario, threads, label,
                         [&](const ReplicationResult& result) { add_replication(result, values, available); });
    return values;
}

}  // namespace

int compare_command(const std::vector<std::string>& raw_args) {
    const CompareArguments args = parse_arguments(raw_args);
    if (args.help) {
        print_help();
        return kOk;
    }

    // Everything the user wrote is checked before anything runs.
    ProblemList problems;
    std::vector<Gate> gates;
    for (const std::string& rule : args.rules) {
        try {
            gates.push_back(parse_gate(rule));
        } catch (const InputError& e) {
            for (const Problem& p : e.problems()) problems.add(p);
        }
    }
    std::vector<Scenario> scenarios;
    for (const std::string& file : args.scenarios) {
        try {
            scenarios.push_back(load_scenario(file, args.overrides));
        } catch (const InputError& e) {
            for (const Problem& p : e.problems()) problems.add(p);
        }
    }
    problems.throw_if_any();

    const Scenario& base = scenarios.front();
    const int replications = args.replications > 0 ? args.replications : base.replications;
    for (size_t s = 1; s < scenarios.size(); ++s) {
        const Scenario& other = scenarios[s];
        if (other.start != base.start || other.months != base.months)
            problems.add(other.file, 0, "keys 'run.start' and 'run.months'",
                         "compare needs every scenario over the base's run window (" + base.start.to_string() + ", " +
                             std::to_string(base.months) + " months); this one starts " + other.start.to_string() +
                             " for " + std::to_string(other.months) + " months");
    }
    problems.throw_if_any();

    // Unique names for the report: a repeated run.name gets "#<position>" (base vs itself).
    std::vector<std::string> names;
    for (size_t s = 0; s < scenarios.size(); ++s) {
        std::string name = scenarios[s].name;
        if (std::find(names.begin(), names.end(), name) != names.end()) name += "#" + std::to_string(s + 1);
        names.push_back(name);
    }
    for (size_t s = 0; s < scenarios.size(); ++s) {
        Scenario& scenario = scenarios[s];
        scenario.seed = base.seed + (args.independent ? kIndependentSeedStep * s : 0);
        scenario.replications = replications;
        scenario.write_ledger = scenario.write_events = scenario.write_population = false;
        scenario.write_billing = true;  // disabled_days comes from the billing rows
    }

    const int threads = worker_threads(args.threads);
    const auto& metrics = metric_definitions();
    std::vector<bool> available(metrics.size(), true);
    std::vector<MetricValues> values;
    for (size_t s = 0; s < scenarios.size(); ++s)
        values.push_back(run_scenario(scenarios[s], threads, available, int(s), int(scenarios.size())));

    const int first_month = month_key(base.start);
    const int month_count = run_months(base.start, base.end_day());
    std::vector<CompareRow> rows;
    for (size_t s = 0; s < scenarios.size(); ++s)
        for (size_t m = 0; m < metrics.size(); ++m) {
            if (!available[m]) continue;
            for (int period = 0; period <= month_count; ++period) {
                CompareRow row;
                row.scenario = names[s];
                row.metric = metrics[m].name;
                row.period = period == 0 ? "all" : month_key_to_string(first_month + period - 1);
                row.is_money = metrics[m].unit == MetricUnit::money;
                row.is_base = s == 0;
                row.stats = compare_paired(values[0][m][size_t(period)], values[s][m][size_t(period)], s == 0);
                rows.push_back(std::move(row));
            }
        }

    const std::string out_dir = args.out_dir.empty() ? "out/compare-" + base.name : args.out_dir;
    {
        StagedFolder folder(out_dir, Publication::whole_folder);
        write_staged_csv(folder, "compare.csv", [&](CsvWriter& out) { write_compare_csv(out, rows); });
        write_staged_csv(folder, "manifest.csv",
                         [&](CsvWriter& out) { write_manifest_csv(out, study_manifest_rows(scenarios, names)); });
        html::publish_with_html_report(folder, args.html, report_rows_reader());
    }
    std::cout << format_compare_table(rows, names.front(), replications, !args.independent);
    std::cerr << (args.html ? "compare.csv, manifest.csv and report.html in " : "compare.csv and manifest.csv in ") << out_dir << "\n";
    for (size_t m = 0; m < metrics.size(); ++m)
        if (!available[m]) std::cerr << "note: metric " << metrics[m].name << " omitted: its records were not kept\n";

    // Gates: each rule against every non-base scenario's whole-run row.
    int violations = 0;
    for (const Gate& gate : gates) {
        const MetricDefinition* metric = find_metric(gate.metric);
        const size_t m = size_t(metric - metrics.data());
        if (!available[m]) {
            std::cerr << "gate '" << gate.rule << "': metric " << gate.metric << " is not available; nothing checked\n";
            ++violations;
            continue;
        }
        for (const CompareRow& row : rows) {
            if (row.is_base || row.period != "all" || row.metric != gate.metric) continue;
            const double observed =
                gate_observed_value(gate, row.stats.delta, row.stats.base_mean, row.is_money);
            if (!gate_is_violated(gate, observed)) continue;
            ++violations;
            std::string change = "n/a (base mean 0)";
            if (row.stats.rel_change) {
                char buffer[64];
                std::snprintf(buffer, sizeof buffer, "%+.4g%%", *row.stats.rel_change * 100.0);
                change = buffer;
            }
            std::cerr << "gate failed: '" << gate.rule << "' for scenario " << row.scenario << ": " << gate.metric
                      << " delta " << format_statistic(row.stats.delta, row.is_money) << ", relative change " << change
                      << " (base mean " << format_statistic(row.stats.base_mean, row.is_money) << ", scenario mean "
                      << format_statistic(row.stats.mean, row.is_money) << ")\n";
        }
    }
    if (!gates.empty() && violations == 0)
        std::cerr << "gates passed: " << gates.size() << (gates.size() == 1 ? " rule" : " rules") << " on "
                  << scenarios.size() - 1 << (scenarios.size() == 2 ? " scenario" : " scenarios") << "\n";
    return violations > 0 ? kComparisonFailed : kOk;
}

}  // namespace creditsim::cli
