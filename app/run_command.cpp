// `creditsim run` and `creditsim validate`: scenario -> inputs -> engine -> reports.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli.hpp"
#include "app/headline.hpp"
#include "model/errors.hpp"
#include "reports/report_set.hpp"
#include "sim/engine.hpp"
#include "sim/replay_inputs.hpp"
#include "sim/scenario.hpp"

namespace po = boost::program_options;

namespace creditsim::cli {
namespace {

struct RunArguments {
    std::string scenario;
    std::string out_dir;
    std::vector<std::string> overrides;
    bool help = false;
    bool help_scenario = false;
};

po::options_description run_options() {
    po::options_description options("Options");
    options.add_options()
        ("out,o", po::value<std::string>(), "folder for the reports (default: out/<run.name>)")
        ("set,s", po::value<std::vector<std::string>>()->composing(),
         "override a scenario key, e.g. --set policy.validity_months=12 (repeatable)")
        ("help-scenario", "print every scenario key with its default and meaning")
        ("help,h", "print this help");
    return options;
}

// Parses the subcommand's arguments; a usage mistake is bad input (exit 2).
RunArguments parse_arguments(const std::vector<std::string>& args, const char* command) {
    po::options_description visible = run_options();
    po::options_description all = visible;
    all.add_options()("scenario", po::value<std::string>());
    po::positional_options_description positional;
    positional.add("scenario", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw InputError({Problem{"", 0, "command line", std::string(e.what()) + " (see creditsim " + command + " --help)"}});
    }
    RunArguments parsed;
    parsed.help = vm.count("help") > 0;
    parsed.help_scenario = vm.count("help-scenario") > 0;
    if (vm.count("scenario")) parsed.scenario = vm["scenario"].as<std::string>();
    if (vm.count("out")) parsed.out_dir = vm["out"].as<std::string>();
    if (vm.count("set")) parsed.overrides = vm["set"].as<std::vector<std::string>>();
    if (!parsed.help && !parsed.help_scenario && parsed.scenario.empty())
        throw InputError({Problem{"", 0, "command line",
                                  std::string("expected a scenario file: creditsim ") + command + " SCENARIO.ini"}});
    return parsed;
}

void print_help(const char* command, const char* what) {
    std::cout << "Usage: creditsim " << command << " SCENARIO.ini [options]\n\n" << what << "\n\n" << run_options();
}

std::vector<std::pair<std::string, std::string>> manifest_rows(const Scenario& scenario, const ReplayInputs& inputs,
                                                               const EngineNotes& notes, double wall_seconds) {
    std::vector<std::pair<std::string, std::string>> rows;
    rows.emplace_back("version", CREDITSIM_VERSION);
    rows.emplace_back("scenario", scenario.file);
    rows.emplace_back("name", scenario.name);
    rows.emplace_back("seed", std::to_string(scenario.seed));
    std::string resolved_text;
    for (const auto& [key, value] : scenario.resolved) resolved_text += key + "=" + value + "\n";
    rows.emplace_back("scenario_hash", hash_text(resolved_text));
    for (const auto& [file, hash] : inputs.input_hashes) rows.emplace_back("input:" + file, hash);
    rows.emplace_back("note:actions_outside_run", std::to_string(inputs.notes.actions_outside_run));
    rows.emplace_back("note:usage_rows_outside_run", std::to_string(inputs.notes.usage_outside_run));
    rows.emplace_back("note:billing_profile_actions_ignored", std::to_string(notes.billing_profile_actions_ignored));
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", wall_seconds);
    rows.emplace_back("wall_time_seconds", seconds);
    return rows;
}

void print_notes(const ReplayInputs& inputs, const EngineNotes& notes) {
    if (inputs.notes.actions_outside_run)
        std::cerr << "note: " << inputs.notes.actions_outside_run << " actions dated outside the run were not applied\n";
    if (inputs.notes.usage_outside_run)
        std::cerr << "note: " << inputs.notes.usage_outside_run << " usage rows dated outside the run were not applied\n";
    if (notes.billing_profile_actions_ignored)
        std::cerr << "note: " << notes.billing_profile_actions_ignored
                  << " actions were ignored: the billing_profile flow has no assignment, redemption or limits\n";
}

Scenario load_replay_scenario(const RunArguments& args) {
    Scenario scenario = load_scenario(args.scenario, args.overrides);
    if (scenario.source != PopulationSource::files)
        throw InputError({Problem{args.scenario, 0, "key 'population.source'",
                                  "generated populations are not available in this version yet; "
                                  "set population.source = files to replay partners, users, actions and usage"}});
    return scenario;
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
    const auto started = std::chrono::steady_clock::now();
    const Scenario scenario = load_replay_scenario(args);
    const ReplayInputs inputs = load_replay_inputs(scenario);

    EngineOptions options;
    options.keep_ledger = scenario.write_ledger;
    options.keep_events = scenario.write_events;
    options.keep_billing = scenario.write_billing;
    std::vector<ReplicationResult> replications;
    EngineNotes notes;
    // A replay has no randomness: every replication is the same history.
    for (int r = 0; r < scenario.replications; ++r)
        replications.push_back(run_engine(inputs.population, inputs.history, scenario.policy, scenario.start,
                                          scenario.end_day(), options, r, &notes));
    const double wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    ReportInputs report;
    report.population = &inputs.population;
    report.run_start = scenario.start;
    report.run_end_day = scenario.end_day();
    report.replications = &replications;
    report.resolved = scenario.resolved;
    report.manifest = manifest_rows(scenario, inputs, notes, wall_seconds);
    ReportSelection selection{scenario.write_ledger, scenario.write_billing, scenario.write_events};
    const std::string out_dir = args.out_dir.empty() ? "out/" + scenario.name : args.out_dir;
    const std::vector<std::string> written = write_reports(out_dir, report, selection);

    print_notes(inputs, notes);
    std::cerr << "reports in " << out_dir << ":";
    for (const auto& path : written) std::cerr << " " << std::filesystem::path(path).filename().string();
    std::cerr << "\n" << format_headline(replications);
    return kOk;
}

int validate_command(const std::vector<std::string>& raw_args) {
    const RunArguments args = parse_arguments(raw_args, "validate");
    if (args.help) {
        print_help("validate", "Checks the scenario and every input file; lists every problem; runs nothing.");
        return kOk;
    }
    const Scenario scenario = load_replay_scenario(args);
    const ReplayInputs inputs = load_replay_inputs(scenario);
    std::cerr << args.scenario << ": ok (" << inputs.population.partners.size() << " partners, "
              << inputs.population.users.size() << " users, " << inputs.population.credits.size() << " credits, "
              << inputs.history.actions.size() << " actions, " << inputs.history.demand.size()
              << " usage entries in the run)\n";
    return kOk;
}

}  // namespace creditsim::cli
