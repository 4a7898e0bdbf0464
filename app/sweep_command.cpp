// `creditsim sweep BASE.ini --vary key=v1,v2 ...` and `creditsim sensitivity
// BASE.ini --vary key=lo,hi ...`: run a scenario at several override points on
// the same replications (common random numbers: the base's seed) and report
// whole-run metric statistics (sweep.csv) or one metric's swing per key
// (sensitivity.csv).
#include <boost/program_options.hpp>
#include <algorithm>
#include <iostream>
#include <optional>
#include <sstream>

#include "app/cli.hpp"
#include "app/command_line.hpp"
#include "app/jobs.hpp"
#include "app/study.hpp"
#include "reports/metrics.hpp"
#include "model/errors.hpp"
#include "reports/atomic_files.hpp"
#include "reports/csv_writer.hpp"
#include "reports/statistics.hpp"
#include "reports/sweep_report.hpp"
#include "sim/inputs/scenario.hpp"

namespace po = boost::program_options;

namespace creditsim::cli {
namespace {

/// One `--vary section.key=v1,v2,...`.
struct VariedKey {
    std::string key;
    std::vector<std::string> values;
};

struct SweepArguments {
    std::string scenario;
    std::vector<VariedKey> varied;
    std::vector<std::string> overrides;
    std::vector<std::string> metrics;
    std::string out_dir;
    int replications = 0;  ///< 0: the base's run.replications
    int threads = 0;       ///< 0: all cores
    bool help = false;
    bool html = true;  ///< write report.html
    bool quiet = false;  ///< --quiet: no progress lines
};

po::options_description sweep_options(bool is_sensitivity) {
    po::options_description options("Options");
    options.add_options()
        ("vary", po::value<std::vector<std::string>>()->composing(),
         is_sensitivity ? "a scenario key and its low and high values, e.g. --vary policy.validity_months=6,24 "
                          "(repeatable, at least one)"
                        : "a scenario key and its values, e.g. --vary policy.validity_months=6,12,24 (repeatable, "
                          "at least one; the grid is every combination)")
        ("metric", po::value<std::vector<std::string>>()->composing(),
         is_sensitivity ? "the metric whose swing ranks the keys (default: breakage)"
                        : "a metric shown in the console table (repeatable; default: breakage, breakage_rate, "
                          "payg_billed); sweep.csv has every metric")
        ("replications,r", po::value<int>(), "replications of every point (default: the base's run.replications)")
        ("out,o", po::value<std::string>(), is_sensitivity ? "folder for sensitivity.csv (default: out/sensitivity-<run.name>)"
                                                           : "folder for sweep.csv (default: out/sweep-<run.name>)")
        ("threads,j", po::value<int>(), "worker threads (default: the cores it may use, shared by the MPI ranks of a machine); the results do not depend on it")
        ("set,s", po::value<std::vector<std::string>>()->composing(),
         "override a key of the base scenario, e.g. --set population.partners=2000 (repeatable)")
        ("help,h", "print this help");
    add_html_option(options);
    add_quiet_option(options);
    return options;
}

/// Splits `section.key=v1,v2,...` at the first '=' and at every ','; a trailing ',' gives an
/// empty last value. The key is empty when there is no '='.
VariedKey split_varied_key(const std::string& rule) {
    VariedKey varied;
    const size_t equals = rule.find('=');
    if (equals == std::string::npos) return varied;
    varied.key = rule.substr(0, equals);
    std::string value;
    std::istringstream in(rule.substr(equals + 1));
    while (std::getline(in, value, ',')) varied.values.push_back(value);
    if (!rule.empty() && rule.back() == ',') varied.values.emplace_back();
    return varied;
}

SweepArguments parse_arguments(const std::vector<std::string>& args, const char* command, bool is_sensitivity) {
    const po::variables_map vm = parse_command_line(args, sweep_options(is_sensitivity), "scenario", command);
    SweepArguments parsed;
    parsed.help = vm.count("help") > 0;
    if (parsed.help) return parsed;
    parsed.html = wants_html(vm);
    parsed.quiet = wants_quiet(vm);
    std::vector<std::string> scenarios;
    if (vm.count("scenario")) scenarios = vm["scenario"].as<std::vector<std::string>>();
    if (scenarios.size() != 1)
        throw usage_error(command, std::string("expected one base scenario: creditsim ") + command +
                                       " BASE.ini --vary section.key=" + (is_sensitivity ? "lo,hi" : "v1,v2,..."));
    parsed.scenario = scenarios.front();
    if (vm.count("out")) parsed.out_dir = vm["out"].as<std::string>();
    if (vm.count("set")) parsed.overrides = vm["set"].as<std::vector<std::string>>();
    if (vm.count("metric")) parsed.metrics = vm["metric"].as<std::vector<std::string>>();
    ProblemList problems;
    parsed.threads = whole_number_option(vm, "threads", problems);
    parsed.replications = whole_number_option(vm, "replications", problems);
    for (const std::string& metric : parsed.metrics)
        if (!find_metric(metric))
            problems.add("", 0, "option '--metric'", "unknown metric '" + metric + "'; expected one of " + metric_names());
    if (is_sensitivity && parsed.metrics.size() > 1)
        problems.add("", 0, "option '--metric'", "sensitivity ranks keys by one metric; got " +
                                                     std::to_string(parsed.metrics.size()));
    const std::vector<std::string> rules =
        vm.count("vary") ? vm["vary"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (rules.empty()) problems.add("", 0, "option '--vary'", "expected at least one --vary section.key=v1,v2");
    for (const std::string& rule : rules) {
        VariedKey varied = split_varied_key(rule);
        bool is_valid = !varied.key.empty() && varied.key.find('.') != std::string::npos && !varied.values.empty();
        for (const std::string& value : varied.values) is_valid = is_valid && !value.empty();
        if (is_sensitivity && varied.values.size() != 2) is_valid = false;
        for (const VariedKey& other : parsed.varied)
            if (other.key == varied.key) {
                problems.add("", 0, "option '--vary'", "key '" + varied.key + "' is varied twice");
                is_valid = true;  // reported already
            }
        if (!is_valid) {
            problems.add("", 0, "option '--vary'",
                         std::string("expected section.key=") + (is_sensitivity ? "LO,HI (two values)" : "V1,V2,...") +
                             "; got '" + rule + "'");
            continue;
        }
        parsed.varied.push_back(std::move(varied));
    }
    problems.throw_if_any();
    return parsed;
}

/// A point: one value per varied key (index into its values), or -1 for the base value.
using Point = std::vector<int>;

/// The override strings of a point: the base --set ones, then key=value for each varied key.
std::vector<std::string> point_overrides(const SweepArguments& args, const Point& point) {
    std::vector<std::string> overrides = args.overrides;
    for (size_t k = 0; k < args.varied.size(); ++k)
        if (point[k] >= 0) overrides.push_back(args.varied[k].key + "=" + args.varied[k].values[size_t(point[k])]);
    return overrides;
}

/// Loads the scenario of every point (all problems reported together, nothing run) and
/// sets the shared replications and seed (common random numbers) and the kept records.
std::vector<Scenario> load_points(const SweepArguments& args, const std::vector<Point>& points) {
    const Scenario base = load_scenario(args.scenario, args.overrides);
    const int replications = args.replications > 0 ? args.replications : base.replications;
    ProblemList problems;
    std::vector<Scenario> scenarios;
    for (const Point& point : points) {
        try {
            scenarios.push_back(load_scenario(args.scenario, point_overrides(args, point)));
        } catch (const InputError& e) {
            for (const Problem& p : e.problems())
                if (std::find_if(problems.problems().begin(), problems.problems().end(), [&p](const Problem& q) {
                        return q.where == p.where && q.message == p.message && q.file == p.file;
                    }) == problems.problems().end())
                    problems.add(p);
        }
    }
    // Amounts never convert: points in different currencies would not compare.
    for (const Scenario& scenario : scenarios)
        if (scenario.currency != base.currency)
            problems.add({"", 0, "option '--vary'",
                          "expected every point in the base's currency " + base.currency + "; got " + scenario.currency});
    problems.throw_if_any();
    bool varies_seed = false;
    for (const VariedKey& varied : args.varied) varies_seed = varies_seed || varied.key == "run.seed";
    if (!varies_seed)
        for (Scenario& scenario : scenarios) scenario.seed = base.seed;
    keep_metric_records(scenarios, replications);
    return scenarios;
}

void print_help(const char* command, bool is_sensitivity) {
    if (is_sensitivity)
        std::cout << R"(Usage: creditsim sensitivity BASE.ini --vary section.key=LO,HI [--vary ...] [options]

Runs the base scenario with each varied key at its low and then its high value
(the other keys at the base's values), on the same replications (the base's
seed: common random numbers), and ranks the keys by the swing
|mean(hi) - mean(lo)| of one whole-run metric. Writes sensitivity.csv
(key,lo,hi,metric,mean_lo,mean_hi,swing,unit; widest swing first) into --out and
prints a tornado-style table.

)";
    else
        std::cout << R"(Usage: creditsim sweep BASE.ini --vary section.key=V1,V2,... [--vary ...] [options]

Runs the base scenario at every combination of the varied keys' values (the
cartesian product, first key slowest), on the same replications (the base's
seed: common random numbers), and writes sweep.csv
(point,<one column per varied key>,metric,mean,p05,p95,unit): each metric over the
whole run, its mean and 5th/95th percentiles across replications (type 7).
Prints a short table of a few metrics.

)";
    std::cout << sweep_options(is_sensitivity) << "\nMetrics: " << metric_names() << R"(

Exit codes: 0 ok, 2 bad input (a malformed --vary, an unknown scenario key or
value, an unknown metric: nothing run, nothing written). See docs/SWEEPS.md.
)";
}

/// "point 1", "point 2", ...: the labels of a sweep's grid points in manifest.csv (as in sweep.csv).
std::vector<std::string> point_labels(size_t count, const std::string& prefix) {
    std::vector<std::string> labels;
    for (size_t p = 0; p < count; ++p) labels.push_back(prefix + std::to_string(p + 1));
    return labels;
}

/// The cartesian product of the varied keys' values, the first key slowest.
std::vector<Point> grid_points(const std::vector<VariedKey>& varied) {
    std::vector<Point> points{Point{}};
    for (const VariedKey& key : varied) {
        std::vector<Point> next;
        for (const Point& point : points)
            for (size_t v = 0; v < key.values.size(); ++v) {
                Point extended = point;
                extended.push_back(int(v));
                next.push_back(std::move(extended));
            }
        points = std::move(next);
    }
    return points;
}

}  // namespace

int sweep_command(const std::vector<std::string>& raw_args) {
    const SweepArguments args = parse_arguments(raw_args, "sweep", false);
    if (args.help) {
        print_help("sweep", false);
        return kOk;
    }
    const std::vector<Point> points = grid_points(args.varied);
    const std::vector<Scenario> scenarios = load_points(args, points);
    const std::string out_dir = args.out_dir.empty() ? "out/sweep-" + scenarios.front().name : args.out_dir;
    // Held from before the first run: a second sweep into the same folder fails at once (exit 2).
    const OutputLock lock(out_dir);
    const int replications = scenarios.front().replications;
    const int threads = worker_threads(args.threads);
    const auto& metrics = metric_definitions();
    std::vector<std::string> keys;
    for (const VariedKey& varied : args.varied) keys.push_back(varied.key);

    std::vector<SweepRow> rows;
    ProgressLine progress(progress_style(args.quiet));
    std::vector<std::string> labels;
    for (size_t p = 0; p < points.size(); ++p)
        labels.push_back("point " + std::to_string(p + 1) + "/" + std::to_string(points.size()));
    const std::vector<MetricValues> point_metrics = collect_study_metrics(scenarios, threads, &progress, labels, false);
    for (size_t p = 0; p < points.size(); ++p) {
        const MetricValues& values = point_metrics[p];
        std::vector<std::string> point_values;
        for (size_t k = 0; k < keys.size(); ++k) point_values.push_back(args.varied[k].values[size_t(points[p][k])]);
        for (size_t m = 0; m < metrics.size(); ++m) {
            SweepRow row;
            row.point = int(p + 1);
            row.values = point_values;
            row.metric = metrics[m].name;
            row.unit = metrics[m].unit;
            const std::vector<double>& run = values[m][0];
            row.stats = describe_distribution(Eigen::Map<const Eigen::VectorXd>(run.data(), Eigen::Index(run.size())));
            rows.push_back(std::move(row));
        }
    }
    progress.close();

    publish_study(out_dir, "sweep.csv", [&](CsvWriter& out) { write_sweep_csv(out, keys, rows, scenarios.front().currency); }, scenarios,
                  point_labels(points.size(), "point "), threads, args.html, " (" + std::to_string(points.size()) + " points)");
    const std::vector<std::string> shown =
        args.metrics.empty() ? std::vector<std::string>{"breakage", "breakage_rate", "payg_billed"} : args.metrics;
    std::cout << format_sweep_table(keys, rows, shown, replications);
    return kOk;
}

int sensitivity_command(const std::vector<std::string>& raw_args) {
    const SweepArguments args = parse_arguments(raw_args, "sensitivity", true);
    if (args.help) {
        print_help("sensitivity", true);
        return kOk;
    }
    const std::string metric_name = args.metrics.empty() ? "breakage" : args.metrics.front();
    const MetricDefinition* metric = find_metric(metric_name);
    // Points 2k and 2k+1: key k at lo and at hi, every other key at the base's value.
    std::vector<Point> points;
    for (size_t k = 0; k < args.varied.size(); ++k)
        for (int v = 0; v < 2; ++v) {
            Point point(args.varied.size(), -1);
            point[k] = v;
            points.push_back(point);
        }
    const std::vector<Scenario> scenarios = load_points(args, points);
    const std::string out_dir = args.out_dir.empty() ? "out/sensitivity-" + scenarios.front().name : args.out_dir;
    const OutputLock lock(out_dir);  // from before the first run, as sweep's
    const int replications = scenarios.front().replications;
    const int threads = worker_threads(args.threads);
    const auto& metrics = metric_definitions();
    const size_t m = size_t(metric - metrics.data());

    std::vector<SensitivityRow> rows;
    ProgressLine progress(progress_style(args.quiet));
    std::vector<std::string> step_labels;
    for (size_t point = 0; point < points.size(); ++point) {
        const VariedKey& varied = args.varied[point / 2];
        step_labels.push_back("point " + std::to_string(point + 1) + "/" + std::to_string(points.size()) + " (" +
                              varied.key + "=" + varied.values[point % 2] + ")");
    }
    const std::vector<MetricValues> point_metrics =
        collect_study_metrics(scenarios, threads, &progress, step_labels, false);
    for (size_t k = 0; k < args.varied.size(); ++k) {
        SensitivityRow row;
        row.key = args.varied[k].key;
        row.lo = args.varied[k].values[0];
        row.hi = args.varied[k].values[1];
        row.metric = metric_name;
        row.unit = metric->unit;
        double means[2] = {0, 0};
        for (int v = 0; v < 2; ++v) {
            const std::vector<double>& run = point_metrics[2 * k + size_t(v)][m][0];
            double total = 0;
            for (double value : run) total += value;
            means[v] = run.empty() ? 0.0 : total / double(run.size());
        }
        row.mean_lo = means[0];
        row.mean_hi = means[1];
        rows.push_back(std::move(row));
    }
    progress.close();
    sort_by_swing(rows);

    std::vector<std::string> labels;  // points 2k and 2k+1: key k at lo and at hi
    for (const VariedKey& varied : args.varied)
        for (const std::string& value : {varied.values[0], varied.values[1]}) labels.push_back(varied.key + "=" + value);
    publish_study(out_dir, "sensitivity.csv", [&](CsvWriter& out) { write_sensitivity_csv(out, rows, scenarios.front().currency); }, scenarios,
                  labels, threads, args.html);
    std::cout << format_tornado_table(rows, replications);
    return kOk;
}

}  // namespace creditsim::cli
