// `creditsim compare BASE.ini WHATIF.ini ...`: runs every scenario on the same
// replications (common random numbers), compares each metric with the base
// replication by replication, writes compare.csv and checks --fail-if gates.
#include <boost/program_options.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "app/cli.hpp"
#include "app/command_line.hpp"
#include "app/gates.hpp"
#include "app/jobs.hpp"
#include "app/study.hpp"
#include "reports/metrics.hpp"
#include "model/errors.hpp"
#include "reports/atomic_files.hpp"
#include "reports/compare_report.hpp"
#include "reports/csv_writer.hpp"
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
    bool quiet = false;  ///< --quiet: no progress lines
};

po::options_description compare_options() {
    po::options_description options("Options");
    options.add_options()
        ("replications,r", po::value<int>(), "replications of every scenario (default: the base's run.replications)")
        ("out,o", po::value<std::string>(), "folder for compare.csv (default: out/compare-<base run.name>)")
        ("threads,j", po::value<int>(), "worker threads (default: the cores it may use, shared by the MPI ranks of a machine); the results do not depend on it")
        ("set,s", po::value<std::vector<std::string>>()->composing(),
         "override a key of every scenario, e.g. --set population.partners=2000 (repeatable)")
        ("independent", "give every scenario its own seed (base seed + 1000003 x scenario index) instead of "
                        "the base's: shows what common random numbers are worth")
        ("fail-if", po::value<std::vector<std::string>>()->composing(),
         "a regression gate 'METRIC OP VALUE' (repeatable): exit 1 when true for any non-base scenario")
        ("help,h", "print this help");
    add_html_option(options);
    add_quiet_option(options);
    return options;
}

CompareArguments parse_arguments(const std::vector<std::string>& args) {
    const po::variables_map vm = parse_command_line(args, compare_options(), "scenario", "compare");
    CompareArguments parsed;
    parsed.help = vm.count("help") > 0;
    parsed.independent = vm.count("independent") > 0;
    parsed.html = wants_html(vm);
    parsed.quiet = wants_quiet(vm);
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
          in the metric's unit (currency units for money, a count, days, a fraction)
  A gate is violated when the comparison is TRUE for any non-base scenario.
  Examples:  --fail-if 'breakage_rate > +2%'  --fail-if 'payg_billed < -5%'
             --fail-if 'unserved != 0'
  Quote each rule: > and < are shell redirections.

Metrics:
)";
    for (const MetricDefinition& metric : metric_definitions())
        std::printf("  %-32s %s%s\n", metric.name,
                    metric.unit == MetricUnit::count ? "" : ("[" + unit_label(metric.unit, "money") + "] ").c_str(),
                    metric.meaning);
    std::cout << R"(
Exit codes: 0 compared and every gate holds, 1 a gate was violated (each is
named on stderr with the scenario and the value), 2 bad input (an unknown
metric, a malformed rule, a bad scenario: nothing run, nothing written).
See docs/GATES.md for using gates in a CI job.
)";
}

/// The gates and scenarios, every problem of all of them together (nothing runs on bad input).
struct CompareInputs {
    std::vector<Gate> gates;
    std::vector<Scenario> scenarios;
    std::vector<std::string> names;  ///< unique: a repeated run.name gets "#<position>" (base vs itself)
};

CompareInputs load_inputs(const CompareArguments& args) {
    CompareInputs inputs;
    ProblemList problems;
    for (const std::string& rule : args.rules) {
        try {
            inputs.gates.push_back(parse_gate(rule));
        } catch (const InputError& e) {
            for (const Problem& p : e.problems()) problems.add(p);
        }
    }
    for (const std::string& file : args.scenarios) {
        try {
            inputs.scenarios.push_back(load_scenario(file, args.overrides));
        } catch (const InputError& e) {
            for (const Problem& p : e.problems()) problems.add(p);
        }
    }
    problems.throw_if_any();
    const Scenario& base = inputs.scenarios.front();
    for (size_t s = 1; s < inputs.scenarios.size(); ++s) {
        const Scenario& other = inputs.scenarios[s];
        if (other.start != base.start || other.months != base.months)
            problems.add(other.file, 0, "keys 'run.start' and 'run.months'",
                         "compare needs every scenario over the base's run window (" + base.start.to_string() + ", " +
                             std::to_string(base.months) + " months); this one starts " + other.start.to_string() +
                             " for " + std::to_string(other.months) + " months");
    }
    problems.throw_if_any();
    for (size_t s = 0; s < inputs.scenarios.size(); ++s) {
        std::string name = inputs.scenarios[s].name;
        if (std::find(inputs.names.begin(), inputs.names.end(), name) != inputs.names.end())
            name += "#" + std::to_string(s + 1);
        inputs.names.push_back(name);
    }
    return inputs;
}

/// Every scenario's rows, each metric and period paired with the base's replications.
std::vector<CompareRow> compare_rows(const Scenario& base, const std::vector<std::string>& names,
                                     const std::vector<MetricValues>& values) {
    const auto& metrics = metric_definitions();
    const int first_month = month_key(base.start);
    const int month_count = run_months(base.start, base.end_day());
    std::vector<CompareRow> rows;
    for (size_t s = 0; s < values.size(); ++s)
        for (size_t m = 0; m < metrics.size(); ++m) {
            for (int period = 0; period <= month_count; ++period) {
                CompareRow row;
                row.scenario = names[s];
                row.metric = metrics[m].name;
                row.period = period == 0 ? "all" : month_key_to_string(first_month + period - 1);
                row.unit = metrics[m].unit;
                row.is_base = s == 0;
                row.stats = compare_paired(values[0][m][size_t(period)], values[s][m][size_t(period)], s == 0);
                rows.push_back(std::move(row));
            }
        }
    return rows;
}

/// Amounts never convert: scenarios in different currencies have no difference to report.
void check_one_currency(const std::vector<Scenario>& scenarios) {
    std::vector<Problem> problems;
    for (const Scenario& scenario : scenarios)
        if (scenario.currency != scenarios.front().currency)
            problems.push_back({scenario.file, 0, "key 'run.currency'",
                                "expected the base scenario's currency " + scenarios.front().currency +
                                    " (amounts never convert); got " + scenario.currency});
    if (!problems.empty()) throw InputError(std::move(problems));
}

void print_gate_failure(const Gate& gate, const CompareRow& row) {
    std::string change = "n/a (base mean 0)";
    if (row.stats.rel_change) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%+.4g %%", *row.stats.rel_change * 100.0);
        change = buffer;
    }
    std::cerr << "gate failed: '" << gate.rule << "' for scenario " << row.scenario << ": " << gate.metric
              << " delta " << format_statistic(row.stats.delta, row.is_money()) << ", rel. change " << change
              << " (base mean " << format_statistic(row.stats.base_mean, row.is_money()) << ", scenario mean "
              << format_statistic(row.stats.mean, row.is_money()) << ")\n";
}

/// Each gate against every non-base scenario's whole-run row; returns the violations (each named on stderr).
int check_gates(const std::vector<Gate>& gates, const std::vector<CompareRow>& rows, size_t scenario_count) {
    int violations = 0;
    for (const Gate& gate : gates) {
        for (const CompareRow& row : rows) {
            if (row.is_base || row.period != "all" || row.metric != gate.metric) continue;
            const double observed = gate_observed_value(gate, row.stats.delta, row.stats.base_mean, row.is_money());
            if (!gate_is_violated(gate, observed)) continue;
            ++violations;
            print_gate_failure(gate, row);
        }
    }
    if (!gates.empty() && violations == 0)
        std::cerr << "gates passed: " << gates.size() << (gates.size() == 1 ? " rule" : " rules") << " on "
                  << scenario_count - 1 << (scenario_count == 2 ? " scenario" : " scenarios") << "\n";
    return violations;
}

}  // namespace

int compare_command(const std::vector<std::string>& raw_args) {
    const CompareArguments args = parse_arguments(raw_args);
    if (args.help) {
        print_help();
        return kOk;
    }
    CompareInputs inputs = load_inputs(args);
    std::vector<Scenario>& scenarios = inputs.scenarios;
    const Scenario& base = scenarios.front();
    check_one_currency(scenarios);
    for (size_t s = 0; s < scenarios.size(); ++s)
        scenarios[s].seed = base.seed + (args.independent ? kIndependentSeedStep * s : 0);
    const int replications = args.replications > 0 ? args.replications : base.replications;
    keep_metric_records(scenarios, replications);

    const std::string out_dir = args.out_dir.empty() ? "out/compare-" + base.name : args.out_dir;
    // Held from before the first run: a second compare into the same folder fails at once (exit 2).
    const OutputLock lock(out_dir);
    const int threads = worker_threads(args.threads);
    std::vector<MetricValues> values;
    {
        ProgressLine progress(progress_style(args.quiet));
        std::vector<std::string> labels;
        for (size_t s = 0; s < scenarios.size(); ++s)
            labels.push_back("scenario " + std::to_string(s + 1) + "/" + std::to_string(scenarios.size()) + " (" +
                             inputs.names[s] + ")");
        values = collect_study_metrics(scenarios, threads, &progress, labels, true);
    }
    const std::vector<CompareRow> rows = compare_rows(base, inputs.names, values);

    publish_study(out_dir, "compare.csv", [&](CsvWriter& out) { write_compare_csv(out, rows, base.currency); }, scenarios,
                  inputs.names, threads, args.html);
    std::cout << format_compare_table(rows, inputs.names.front(), replications, !args.independent, base.currency);
    return check_gates(inputs.gates, rows, scenarios.size()) > 0 ? kComparisonFailed : kOk;
}

}  // namespace creditsim::cli
