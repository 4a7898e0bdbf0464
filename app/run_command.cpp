// `creditsim run` and `creditsim validate`: scenario -> inputs -> engine -> reports.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "app/cluster/cluster.hpp"
#include "app/cli.hpp"
#include "app/command_line.hpp"
#include "app/expect.hpp"
#include "app/headline.hpp"
#include "app/jobs.hpp"
#include "app/manifest_rows.hpp"
#include "app/report_tables.hpp"
#include "model/errors.hpp"
#include "reports/atomic_files.hpp"
#include "reports/report_set.hpp"
#include "sim/generate/population_generator.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"
#include "sim/inputs/scenario.hpp"

namespace po = boost::program_options;

namespace creditsim::cli {
namespace {

struct RunArguments {
    std::string scenario;
    std::string out_dir;
    std::vector<std::string> overrides;
    std::string expect_dir;              ///< --expect: a folder holding the golden summary.csv
    std::vector<std::string> tolerances;  ///< --tolerance METRIC=REL
    int threads = 0;  ///< 0: all cores
    bool help = false;
    bool help_scenario = false;
    bool html = true;  ///< write report.html
    bool quiet = false;  ///< --quiet: no progress lines
};

po::options_description run_options() {
    po::options_description options("Options");
    options.add_options()
        ("out,o", po::value<std::string>(), "folder for the reports (default: out/<run.name>); creditsim owns it: "
                                          "the new set replaces it atomically, one run at a time")
        ("set,s", po::value<std::vector<std::string>>()->composing(),
         "override a scenario key, e.g. --set policy.validity_months=12 (repeatable)")
        ("threads,j", po::value<int>(), "worker threads for generated populations (default: the cores it may use, shared by the MPI ranks of a machine); "
                                        "the reports do not depend on it")
        ("expect", po::value<std::string>(), "after the run, check summary.csv against DIR/summary.csv (a golden "
                                             "baseline): exit 1 naming each value that moved")
        ("tolerance", po::value<std::vector<std::string>>()->composing(),
         "with --expect: METRIC=REL, a relative tolerance |actual - expected| <= REL x |expected| for one "
         "summary.csv column, or all=REL for every column (repeatable; default exact)")
        ("help-scenario", "print every scenario key with its default and meaning")
        ("help,h", "print this help");
    add_html_option(options);
    add_quiet_option(options);
    return options;
}

// Parses the subcommand's arguments; a usage mistake is bad input (exit 2).
RunArguments parse_arguments(const std::vector<std::string>& args, const char* command) {
    const po::variables_map vm = parse_command_line(args, run_options(), "scenario", command);
    RunArguments parsed;
    parsed.help = vm.count("help") > 0;
    parsed.help_scenario = vm.count("help-scenario") > 0;
    parsed.html = wants_html(vm);
    parsed.quiet = wants_quiet(vm);
    parsed.scenario = one_scenario_file(vm, command);
    if (vm.count("out")) parsed.out_dir = vm["out"].as<std::string>();
    parsed.threads = whole_number_option(vm, "threads");
    if (vm.count("expect")) parsed.expect_dir = vm["expect"].as<std::string>();
    if (vm.count("tolerance")) parsed.tolerances = vm["tolerance"].as<std::vector<std::string>>();
    if (!parsed.tolerances.empty() && parsed.expect_dir.empty())
        throw InputError({Problem{"", 0, "option '--tolerance'", "needs --expect DIR"}});
    if (vm.count("set")) parsed.overrides = vm["set"].as<std::vector<std::string>>();
    if (!parsed.help && !parsed.help_scenario && parsed.scenario.empty())
        throw usage_error(command, std::string("expected a scenario file: creditsim ") + command + " SCENARIO.ini");
    return parsed;
}

void print_help(const char* command, const char* what) {
    std::cout << "Usage: creditsim " << command << " SCENARIO.ini [options]\n\n" << what << "\n\n" << run_options();
}
std::vector<std::pair<std::string, std::string>> manifest_rows(const Scenario& scenario, const JobOutput& job,
                                                               int threads, double wall_seconds) {
    ManifestRows rows = manifest_head(scenario, scenario.replications);
    rows.emplace_back("scenario_hash", scenario_hash(portable_resolved(scenario)));
    const ManifestRows inputs = input_rows(scenario_folder(scenario), job.input_hashes);
    rows.insert(rows.end(), inputs.begin(), inputs.end());
    rows.insert(rows.end(), job.manifest_notes.begin(), job.manifest_notes.end());
    rows.emplace_back("subscription_days", std::to_string(job.subscription_days));
    rows.emplace_back("threads", std::to_string(threads));
    rows.emplace_back("ranks", std::to_string(cluster::ranks()));  // of an MPI run (docs/SCALING.md)
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", wall_seconds);
    rows.emplace_back("wall_time_seconds", seconds);
    return rows;
}

/// Says which per-partner reports were left out and how to get them ("" when none was).
std::string reports_not_written(const Scenario& scenario) {
    std::string names, keys;
    for (const auto& [is_written, name] : {std::pair{scenario.write_ledger, "ledger"},
                                            std::pair{scenario.write_billing, "billing"},
                                            std::pair{scenario.write_events, "events"}}) {
        if (is_written) continue;
        names += std::string(" ") + name + ".csv";
        keys += std::string(" --set output.") + name + "=true";
    }
    if (names.empty()) return "";
    std::string why = "switched off in [output]";
    if (scenario.source == PopulationSource::generated && !is_auto_report_on(scenario.source, scenario.partners,
                                                                             scenario.replications))
        why = "per-partner reports default to off above " + std::to_string(kAutoReportLimit) +
              " partner-replications, and this run has " + std::to_string(scenario.partners) + " partners x " +
              std::to_string(scenario.replications) + " replications";
    return "not written:" + names + " (" + why + "; to write them:" + keys + ")\n";
}

}  // namespace

int run_command(const std::vector<std::string>& raw_args) {
    const RunArguments args = parse_arguments(raw_args, "run");
    if (args.help) {
        print_help("run", "Simulates the scenario day by day and writes the reports.");
        return kOk;
    }
    if (args.help_scenario) {
        std::cout << scenario_help();
        return kOk;
    }
    // The golden baseline and tolerances are checked before anything runs.
    std::optional<SummaryTable> expected;
    Tolerances tolerances;
    if (!args.expect_dir.empty()) {
        expected = read_summary_table((std::filesystem::path(args.expect_dir) / "summary.csv").string());
        tolerances = parse_tolerances(args.tolerances, *expected);
    }
    const auto started = std::chrono::steady_clock::now();
    const Scenario scenario = load_scenario(args.scenario, args.overrides);
    const int threads = worker_threads(args.threads);
    const std::string out_dir = args.out_dir.empty() ? "out/" + scenario.name : args.out_dir;
    // Held for the whole run: a second run into the same folder fails at once (exit 2).
    const OutputLock lock(out_dir);
    const ReportSelection selection{scenario.write_ledger, scenario.write_billing, scenario.write_events,
                                    scenario.write_population && scenario.source == PopulationSource::generated,
                                    args.html, report_rows_reader()};
    // Started before the run: a generated population's per-partner rows stream into it.
    ReportSet reports(out_dir, selection, scenario.currency);
    JobOutput job;
    if (scenario.source == PopulationSource::files) {
        job = run_replay_job(scenario);
        for (const ReplicationResult& result : job.replications) {
            reports.add_partners(result.replication, job.replay->population, result);
            reports.end_replication();
        }
    } else {
        job = run_generated_job(scenario, threads, progress_style(args.quiet), &reports);
    }
    const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    ReportInputs report;
    report.run_start = scenario.start;
    report.run_end_day = scenario.end_day();
    report.replications = &job.replications;
    report.currency = scenario.currency;
    report.resolved = portable_resolved(scenario);
    report.manifest = manifest_rows(scenario, job, threads, wall_seconds);
    const std::vector<std::string> written = reports.publish(report);

    std::cerr << "reports in " << out_dir << ":";
    for (const auto& path : written) std::cerr << " " << std::filesystem::path(path).filename().string();
    char rate[96];
    std::snprintf(rate, sizeof rate, "  simulated in %.2f s: %.3g subscription-days/s\n", wall_seconds,
                  wall_seconds > 0 ? double(job.subscription_days) / wall_seconds : 0.0);
    std::cerr << "\n" << reports_not_written(scenario) << format_headline(job.replications, scenario.currency) << rate;
    if (expected) {
        const SummaryTable actual = read_summary_table((std::filesystem::path(out_dir) / "summary.csv").string());
        const std::vector<std::string> differences = summary_differences(actual, *expected, tolerances);
        if (!differences.empty()) {
            std::cerr << "expect failed: summary.csv differs from " << expected->file << " in " << differences.size()
                      << (differences.size() == 1 ? " value" : " values") << ":\n"
                      << format_differences(differences);
            return kComparisonFailed;
        }
        std::cerr << "expect passed: summary.csv matches " << expected->file << "\n";
    }
    return kOk;
}

int validate_command(const std::vector<std::string>& raw_args) {
    const RunArguments args = parse_arguments(raw_args, "validate");
    if (args.help) {
        print_help("validate", "Checks the scenario and every input file; lists every problem; runs nothing.");
        return kOk;
    }
    if (!args.expect_dir.empty())
        throw InputError({Problem{"", 0, "option '--expect'", "applies to creditsim run, not validate"}});
    const Scenario scenario = load_scenario(args.scenario, args.overrides);
    if (scenario.source == PopulationSource::generated) {
        const Catalog catalog = load_catalog(scenario.catalog_file, scenario.currency);
        parse_offer_mix(scenario.offer_mix, catalog, scenario.file);
        std::cerr << args.scenario << ": ok (a generated population of " << scenario.partners << " partners; "
                  << catalog.offers().size() << " offers in the catalog)\n";
        return kOk;
    }
    const ReplayInputs inputs = load_replay_inputs(scenario);
    std::cerr << args.scenario << ": ok (" << inputs.population.partners.size() << " partners, "
              << inputs.population.users.size() << " users, " << inputs.population.credits.size() << " credits, "
              << inputs.history.actions.size() << " actions, " << inputs.history.demand.size()
              << " usage entries in the run)\n";
    for (const std::string& note : inputs.notes.usage_notes) std::cerr << "note: " << note << "\n";
    return kOk;
}

}  // namespace creditsim::cli
