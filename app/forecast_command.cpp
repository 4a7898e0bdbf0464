// `creditsim forecast` and `creditsim backtest`: a replay's history fitted up
// to an as-of day, its demand simulated forward, the outcome as distributions.
#include <Eigen/Core>
#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <functional>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <optional>

#include "app/cluster/cluster.hpp"
#include "app/cli.hpp"
#include "app/command_line.hpp"
#include "app/forecast_job.hpp"
#include "app/jobs.hpp"
#include "app/manifest_rows.hpp"
#include "app/report_tables.hpp"
#include "model/errors.hpp"
#include "reports/atomic_files.hpp"
#include "reports/backtest_report.hpp"
#include "reports/forecast_report.hpp"
#include "reports/html/html_report.hpp"
#include "reports/manifest_report.hpp"
#include "reports/resolved_ini.hpp"
#include "reports/statistics.hpp"
#include "sim/engine/engine.hpp"

namespace po = boost::program_options;

namespace creditsim::cli {
namespace {

constexpr int kMaxHorizonMonths = 120;

struct ForecastArguments {
    ForecastJobRequest request;
    std::optional<Date> as_of;
    int horizon = 0;  ///< forecast: months after the as-of month
    int holdout = 0;  ///< backtest: months held out
    bool with_plan = false;  ///< backtest: the forecast knows the actions after the as-of day
    int replications = 0;
    int threads = 0;
    std::string out_dir;
    bool help = false;
    bool html = true;  ///< write report.html
    bool quiet = false;  ///< --quiet: no progress lines
};

po::options_description forecast_options(bool is_backtest) {
    po::options_description options("Options");
    auto add = options.add_options();
    if (is_backtest)
        add("holdout,k", po::value<int>(), "months held out at the end of the history: fit on the rest, forecast "
                                           "them, score the forecast (required)")(
            "with-plan", "let the forecast know the actions after the as-of day (redemptions, limit changes) as a "
                         "plan; by default it knows only those up to the as-of day");
    else
        add("as-of,a", po::value<std::string>(), "YYYY-MM-DD: the last day of known usage; later usage is set aside "
                                                 "(required)")(
            "horizon,H", po::value<int>(), "months to forecast after the as-of month, 1..120 (required)");
    add("history", po::value<std::string>(), "usage.csv to fit (default: the scenario's population.usage_file)")(
        "replications,r", po::value<int>(),
        "simulated futures (default: run.replications when above 1, else 100)")(
        "out,o", po::value<std::string>(), "folder for the reports (default: out/<run.name>-forecast or -backtest)")(
        "threads,j", po::value<int>(), "worker threads (default: the cores it may use, shared by the MPI ranks of a machine); the reports do not depend on it")(
        "set,s", po::value<std::vector<std::string>>()->composing(),
        "override a scenario key, e.g. --set policy.validity_months=12 (repeatable)")("help,h", "print this help");
    add_html_option(options);
    add_quiet_option(options);
    return options;
}

int positive_option(const po::variables_map& vm, const char* name, int max) {
    const int value = vm[name].as<int>();
    if (value < 1 || value > max)
        throw InputError({Problem{"", 0, std::string("option '--") + name + "'",
                                  "expected a whole number 1.." + std::to_string(max) + "; got " +
                                      std::to_string(value)}});
    return value;
}

ForecastArguments parse_arguments(const std::vector<std::string>& args, const char* command) {
    const bool is_backtest = std::string(command) == "backtest";
    const po::variables_map vm = parse_command_line(args, forecast_options(is_backtest), "scenario", command);
    ForecastArguments parsed;
    parsed.request.command = command;
    parsed.help = vm.count("help") > 0;
    if (parsed.help) return parsed;
    parsed.html = wants_html(vm);
    parsed.quiet = wants_quiet(vm);
    parsed.request.scenario_file = one_scenario_file(vm, command);
    if (parsed.request.scenario_file.empty())
        throw usage_error(command, std::string("expected a scenario file: creditsim ") + command + " SCENARIO.ini");
    if (vm.count("set")) parsed.request.overrides = vm["set"].as<std::vector<std::string>>();
    if (vm.count("history")) parsed.request.overrides.push_back("population.usage_file=" + vm["history"].as<std::string>());
    if (is_backtest) {
        if (!vm.count("holdout")) throw usage_error(command, "expected --holdout MONTHS");
        parsed.holdout = positive_option(vm, "holdout", kMaxHorizonMonths);
        parsed.with_plan = vm.count("with-plan") > 0;
    } else {
        if (!vm.count("as-of")) throw usage_error(command, "expected --as-of YYYY-MM-DD");
        const std::string text = vm["as-of"].as<std::string>();
        parsed.as_of = parse_date(text);
        if (!parsed.as_of)
            throw InputError({Problem{"", 0, "option '--as-of'", "expected a date YYYY-MM-DD; got \"" + text + "\""}});
        if (!vm.count("horizon")) throw usage_error(command, "expected --horizon MONTHS");
        parsed.horizon = positive_option(vm, "horizon", kMaxHorizonMonths);
    }
    if (vm.count("replications")) parsed.replications = positive_option(vm, "replications", 100000);
    if (vm.count("threads")) parsed.threads = positive_option(vm, "threads", 4096);
    if (vm.count("out")) parsed.out_dir = vm["out"].as<std::string>();
    return parsed;
}

void print_help(const char* command) {
    if (std::string(command) == "forecast")
        std::cout << "Usage: creditsim forecast SCENARIO.ini --as-of YYYY-MM-DD --horizon MONTHS [options]\n\n"
                     "Replays the scenario's history up to the as-of day (the true state of every credit),\n"
                     "fits each subscription's daily demand (level, trend, a step in level, weekday,\n"
                     "seasonality with 13+ months, zero days, AR(1) residuals, a shock that lasts months,\n"
                     "future steps; see docs/FORECAST.md), then simulates the\n"
                     "months after it many times under the scenario's policy. Writes forecast.csv\n"
                     "(month,metric,kind,mean,p10,p50,p90: actual months, then forecast ones) and\n"
                     "credits_forecast.csv (per credit period: when it runs out, lapse, term-end outcome).\n\n"
                     "Example:\n  creditsim forecast scenarios/forecast/scenario.ini --as-of 2026-11-25 --horizon 12\n\n";
    else
        std::cout << "Usage: creditsim backtest SCENARIO.ini --holdout MONTHS [options]\n\n"
                     "Holds out the last MONTHS complete months of the history, forecasts them from the\n"
                     "months before (as creditsim forecast would have on that day), and scores the\n"
                     "forecast per metric: MAE, the MAE of the naive (last month repeated) and seasonal\n"
                     "naive forecasts, MASE and the share of months inside p10..p90, over the held-out\n"
                     "months and per horizon month. The forecast knows only the actions up to the as-of\n"
                     "day unless --with-plan is given. Writes backtest.csv and backtest_months.csv;\n"
                     "prints the scores.\n\n"
                     "Example:\n  creditsim backtest scenarios/forecast/scenario.ini --holdout 3\n\n";
    std::cout << forecast_options(std::string(command) == "backtest");
}

std::vector<std::pair<std::string, std::string>> manifest_rows(const LoadedHistory& history, const ForecastJob& job,
                                                               int threads, double wall_seconds) {
    ManifestRows rows = manifest_head(history.scenario, int(job.replications.size()));
    rows.emplace_back("scenario_hash", scenario_hash(portable_resolved(history.scenario)));
    rows.emplace_back("as_of", job.setup.as_of.to_string());
    rows.emplace_back("forecast_end", job.setup.end_day.plus_days(-1).to_string());
    const ManifestRows inputs = input_rows(scenario_folder(history.scenario), history.inputs->input_hashes);
    rows.insert(rows.end(), inputs.begin(), inputs.end());
    int planned = 0;
    for (const ForecastSubscription& f : job.setup.subscriptions) planned += f.is_new ? 1 : 0;
    rows.emplace_back("note:subscriptions_forecast", std::to_string(job.setup.subscriptions.size()));
    rows.emplace_back("note:new_subscriptions_forecast", std::to_string(planned));
    rows.emplace_back("note:usage_entries_after_as_of", std::to_string(job.setup.usage_after_as_of));
    if (job.setup.actions_after_as_of_dropped > 0)
        rows.emplace_back("note:actions_after_as_of_not_known", std::to_string(job.setup.actions_after_as_of_dropped));
    rows.emplace_back("threads", std::to_string(threads));
    rows.emplace_back("ranks", std::to_string(cluster::ranks()));  // of an MPI run (docs/SCALING.md)
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", wall_seconds);
    rows.emplace_back("wall_time_seconds", seconds);
    return rows;
}

/// A report of the command's own, by name.
using NamedReport = std::pair<std::string, std::function<void(CsvWriter&)>>;

/// Publishes out_dir as one set: the command's reports, the resolved scenario, manifest.csv and
/// report.html when html; then names them on stderr.
void publish_reports(const std::string& out_dir, const std::vector<NamedReport>& reports, const LoadedHistory& history,
                     const ForecastJob& job, int threads, double wall_seconds, bool html) {
    {
        StagedFolder folder(out_dir, Publication::whole_folder);
        for (const auto& [name, write] : reports) write_staged_csv(folder, name, write);
        write_staged_csv(folder, "resolved.ini",
                         [&](CsvWriter& out) { write_resolved_ini(out, portable_resolved(history.scenario)); });
        write_staged_csv(folder, "manifest.csv", [&](CsvWriter& out) {
            write_manifest_csv(out, manifest_rows(history, job, threads, wall_seconds));
        });
        html::publish_with_html_report(folder, html, report_rows_reader());
    }
    std::cerr << "reports in " << out_dir << ":";
    for (const auto& report : reports) std::cerr << " " << report.first;
    std::cerr << " resolved.ini manifest.csv" << (html ? " report.html\n" : "\n");
}

// Headline: each metric's total over the forecast months, across replications.
std::string format_forecast_headline(const std::vector<ReplicationResult>& replications,
                                     const std::vector<std::vector<MonthOutlook>>& months,
                                     const std::string& currency) {
    std::string text = "forecast total over the forecast months (" + currency + "): mean (p10 .. p90)\n";
    for (int metric = 0; metric < kForecastMetricCount; ++metric) {
        Eigen::VectorXd totals = Eigen::VectorXd::Zero(Eigen::Index(replications.size()));
        for (size_t r = 0; r < replications.size(); ++r)
            for (size_t k = 0; k < months[size_t(metric)].size(); ++k)
                if (!months[size_t(metric)][k].is_actual)
                    totals(Eigen::Index(r)) += double(metric_cents(replications[r].summary[k], ForecastMetric(metric)));
        std::sort(totals.data(), totals.data() + totals.size());
        char line[160];
        std::snprintf(line, sizeof line, "  %-12s %12s   (%s .. %s)\n", to_string(ForecastMetric(metric)),
                      format_money_statistic(totals.mean()).c_str(),
                      format_money_statistic(quantile_type7(totals, 10)).c_str(),
                      format_money_statistic(quantile_type7(totals, 90)).c_str());
        text += line;
    }
    return text;
}

/// --out, or out/<run.name>-<command> (the scenario read for its name alone).
std::string out_dir_of(const ForecastArguments& args) {
    if (!args.out_dir.empty()) return args.out_dir;
    return "out/" + load_scenario(args.request.scenario_file, args.request.overrides).name + "-" + args.request.command;
}

/// Notes on what the forecast could not see: usage that ends before the as-of day, usage set aside.
void note_history_gaps(const ForecastSetup& setup, Date as_of) {
    const std::vector<Demand>& observed = setup.observed.demand;
    if (observed.empty())
        std::cerr << "note: the history has no usage up to the as-of day; only planned redemptions are forecast\n";
    else if (observed.back().day < as_of)
        std::cerr << "note: the history's last usage is on " << observed.back().day.to_string() << ", "
                  << (as_of - observed.back().day) << " days before the as-of day: those days count as days "
                  << "without usage (28 of them make a subscription dormant)\n";
    if (setup.usage_after_as_of)
        std::cerr << "note: " << setup.usage_after_as_of
                  << " usage entries after the as-of day were set aside (the forecast replaces them)\n";
}

/// The months a backtest fits and holds out, from the whole history.
struct BacktestWindow {
    int first_month = 0;        ///< the scenario's first month
    int last_fit_month = 0;     ///< the as-of month
    int last_month = 0;         ///< the last complete month of the history
    int first_scale_month = 0;  ///< the first complete month of usage (for the MASE scales)
    Date as_of;                 ///< the last day of last_fit_month
    Date end_day;               ///< the day after last_month
};

BacktestWindow backtest_window(const LoadedHistory& full, int holdout) {
    const History& all = full.inputs->history;
    if (all.demand.empty())
        throw InputError({Problem{full.scenario.usage_file, 0, "usage",
                                  "expected usage inside the run to backtest; found none"}});
    BacktestWindow w;
    // The last complete month: the month of the last usage day when that is its last day.
    w.last_month = month_key(all.demand.back().day.plus_days(1)) - 1;
    w.first_month = month_key(full.scenario.start);
    w.last_fit_month = w.last_month - holdout;
    if (w.last_fit_month - w.first_month + 1 < 2)
        throw InputError({Problem{"", 0, "option '--holdout'",
                                  "expected at least 2 months left to fit; the history has " +
                                      std::to_string(w.last_month - w.first_month + 1) + " complete months through " +
                                      month_key_to_string(w.last_month) + " and --holdout is " +
                                      std::to_string(holdout)}});
    w.as_of = month_key_first_day(w.last_fit_month + 1).plus_days(-1);
    // A first month the usage starts inside is partial: it stays out of the MASE scales.
    const Date first_usage = all.demand.front().day;
    w.first_scale_month = month_key(first_usage) + (first_usage == first_of_month(first_usage) ? 0 : 1);
    w.end_day = forecast_end_day(w.as_of, holdout);
    return w;
}

/// The whole history replayed as it happened up to end_day: each metric's actual cents per month.
std::vector<std::vector<int64_t>> actual_months(const LoadedHistory& full, Date end_day) {
    History until_end;  // the engine takes only what falls inside its run
    for (const Action& a : full.inputs->history.actions)
        if (a.day < end_day) until_end.actions.push_back(a);
    for (const Demand& d : full.inputs->history.demand)
        if (d.day < end_day) until_end.demand.push_back(d);
    const ReplicationResult actual_run = run_engine(full.inputs->population, until_end, full.scenario.policy,
                                                    full.scenario.start, end_day, EngineOptions{false, false, false});
    std::vector<std::vector<int64_t>> actual(kForecastMetricCount);
    for (int metric = 0; metric < kForecastMetricCount; ++metric)
        for (const SummaryMonth& m : actual_run.summary) actual[size_t(metric)].push_back(metric_cents(m, ForecastMetric(metric)));
    return actual;
}

}  // namespace

int forecast_command(const std::vector<std::string>& raw_args) {
    const ForecastArguments args = parse_arguments(raw_args, "forecast");
    if (args.help) {
        print_help("forecast");
        return kOk;
    }
    const auto started = std::chrono::steady_clock::now();
    const std::string out_dir = out_dir_of(args);
    // Held from before the history is read: a second forecast into the same folder fails at once (exit 2).
    const OutputLock lock(out_dir);
    const Date as_of = *args.as_of;
    const Date end_day = forecast_end_day(as_of, args.horizon);
    const LoadedHistory history = load_history(args.request, as_of, end_day);
    const int threads = worker_threads(args.threads);
    const int replications = forecast_replications(history.scenario, args.replications);
    const ForecastJob job = run_forecast_job(
        args.request, history, {as_of, end_day, replications, threads, PlannedActions::kept, progress_style(args.quiet)});
    const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const auto months = summarize_months(job.replications, as_of);
    const auto credits = summarize_credits(job.replications, as_of);
    publish_reports(out_dir,
                    {{"forecast.csv", [&](CsvWriter& out) { write_forecast_csv(out, months, history.scenario.currency); }},
                     {"credits_forecast.csv",
                      [&](CsvWriter& out) { write_credits_forecast_csv(out, job.setup.population, credits, history.scenario.currency); }}},
                    history, job, threads, wall_seconds, args.html);
    std::cerr << job.setup.subscriptions.size() << " subscriptions forecast from " << as_of.plus_days(1).to_string()
              << " to " << end_day.plus_days(-1).to_string() << ", " << replications << " replications, "
              << "in " << std::fixed << std::setprecision(2) << wall_seconds << " s\n"
              << format_forecast_headline(job.replications, months, history.scenario.currency);
    note_history_gaps(job.setup, as_of);
    return kOk;
}

int backtest_command(const std::vector<std::string>& raw_args) {
    const ForecastArguments args = parse_arguments(raw_args, "backtest");
    if (args.help) {
        print_help("backtest");
        return kOk;
    }
    const auto started = std::chrono::steady_clock::now();
    const std::string out_dir = out_dir_of(args);
    const OutputLock lock(out_dir);  // from before the history is read, as forecast's
    const LoadedHistory full = load_history_as_written(args.request);
    const BacktestWindow window = backtest_window(full, args.holdout);
    const std::vector<std::vector<int64_t>> actual = actual_months(full, window.end_day);

    const LoadedHistory history = load_history(args.request, window.as_of, window.end_day);
    const int threads = worker_threads(args.threads);
    const int replications = forecast_replications(history.scenario, args.replications);
    const PlannedActions planned = args.with_plan ? PlannedActions::kept : PlannedActions::dropped;
    const ForecastJob job = run_forecast_job(
        args.request, history, {window.as_of, window.end_day, replications, threads, planned, progress_style(args.quiet)});
    const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const auto months = summarize_months(job.replications, window.as_of);
    Backtest backtest = score_backtest(actual, months, window.first_month, window.last_fit_month, args.holdout,
                                       window.first_scale_month);
    backtest.knows_planned_actions = args.with_plan;

    publish_reports(out_dir,
                    {{"backtest.csv", [&](CsvWriter& out) { write_backtest_csv(out, backtest, history.scenario.currency); }},
                     {"backtest_months.csv", [&](CsvWriter& out) { write_backtest_months_csv(out, backtest, history.scenario.currency); }}},
                    history, job, threads, wall_seconds, args.html);
    // The summary goes where forecast's and run's go: stderr, after the list of reports.
    const std::string as_of = window.as_of.to_string();
    std::cerr << "backtest: fitted on " << month_key_to_string(window.first_month) << ".."
              << month_key_to_string(window.last_fit_month) << ", forecast "
              << month_key_to_string(window.last_fit_month + 1) << ".." << month_key_to_string(window.last_month)
              << " (" << replications << " replications); "
              << (args.with_plan ? "the forecast knew the actions after " + as_of + " (--with-plan)"
                                 : "actions after " + as_of + " were not known to the forecast (" +
                                       std::to_string(job.setup.actions_after_as_of_dropped) + " left out)")
              << "\n"
              << format_backtest_table(backtest);
    if (full.inputs->notes.usage_outside_run > 0)
        std::cerr << "note: " << full.inputs->notes.usage_outside_run << " usage entries fall outside the scenario's run ("
                  << full.scenario.start.to_string() << " for run.months = " << full.scenario.months
                  << "): the backtest scores the months through " << month_key_to_string(window.last_month)
                  << "; to score a later window, --set run.months=...\n";
    return kOk;
}

}  // namespace creditsim::cli
