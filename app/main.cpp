// creditsim: entry point. Dispatches subcommands and turns exceptions into
// messages on stderr and exit codes; the library never prints or exits.
#include <iostream>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/cluster/cluster.hpp"
#include "app/failure.hpp"
#include "app/import_command.hpp"
#include "reports/atomic_files.hpp"

namespace {

const char* const kUsage = R"(creditsim - a day-by-day simulator of Microsoft partner Azure credits

Usage:
  creditsim run SCENARIO.ini [--out DIR] [--set section.key=value ...] [--quiet]
                [--expect DIR [--tolerance METRIC=REL ...]]
  creditsim run --help-scenario
  creditsim validate SCENARIO.ini [--set section.key=value ...]
  creditsim compare BASE.ini WHATIF.ini [MORE.ini ...] [--replications R] [--out DIR]
                    [--threads N] [--set section.key=value ...] [--independent] [--fail-if RULE ...]
  creditsim sweep BASE.ini --vary section.key=V1,V2,... [--vary ...] [--replications R]
                  [--out DIR] [--threads N] [--set section.key=value ...] [--metric M ...]
  creditsim sensitivity BASE.ini --vary section.key=LO,HI [--vary ...] [--metric M]
                        [--replications R] [--out DIR] [--threads N] [--set section.key=value ...]
  creditsim forecast SCENARIO.ini --as-of YYYY-MM-DD --horizon MONTHS [--history usage.csv]
                     [--replications R] [--out DIR] [--threads N] [--set section.key=value ...]
  creditsim backtest SCENARIO.ini --holdout MONTHS [--history usage.csv] [--replications R]
                     [--out DIR] [--threads N] [--set section.key=value ...]
  creditsim report DIR
  creditsim import --format azure-cost|focus EXPORT.csv [...] --map subscriptions.csv --out usage.csv
                   [--skip-unmapped]
  creditsim --help | --version

Commands:
  run        Simulate the scenario and write the reports (ledger.csv, billing.csv,
             events.csv, summary.csv, resolved.ini, manifest.csv) into --out
             (default: out/<run.name>). Reports appear only when all are complete.
             --expect DIR checks summary.csv against DIR/summary.csv (a golden
             baseline; --tolerance METRIC=REL or all=REL) and exits 1 when a value moved.
  validate   Check the scenario and every input file it names; list every
             problem found; run nothing, write nothing.
  compare    Run scenarios on the same replications (common random numbers) and
             write compare.csv: each metric's mean, difference from BASE, its 95%
             interval and relative change; --fail-if 'METRIC OP VALUE' gates exit 1
             when violated (see creditsim compare --help).
  sweep      Run the scenario at every combination of the --vary values (same seed)
             and write sweep.csv: each metric's mean, p05 and p95 per grid point.
  sensitivity Run each --vary key at its low and high value (others at the base)
             and write sensitivity.csv: keys ranked by the swing of one metric.
  forecast   Replay a history to the as-of day, fit each subscription's daily demand and
             simulate the months after it: forecast.csv (month,metric,kind,mean,p10,p50,p90)
             and credits_forecast.csv (when each credit runs out, lapse, term-end outcome).
  backtest   Forecast the last MONTHS of the history from the months before and score it:
             MAE, MASE against naive and seasonal-naive forecasts, p10..p90 coverage.
  report     Render DIR/report.html again from the CSV files of an output folder.
  import     Turn Azure cost-details or FOCUS 1.0 exports into usage.csv for a
             replay, exact to the last decimal, with a reconciliation on stderr.

Examples:
  creditsim run scenarios/baseline.ini
  creditsim run scenarios/replay/scenario.ini
  creditsim run scenarios/replay/scenario.ini --set policy.validity_months=12 --out out/v12
  creditsim run --help-scenario        # every scenario key, its default and meaning
  creditsim compare scenarios/baseline.ini scenarios/whatif/validity-12.ini --fail-if 'breakage_rate > +2%'
  creditsim run tests/golden/01_monthly_lapse/scenario.ini --expect tests/golden/01_monthly_lapse/expected
  creditsim sweep scenarios/baseline.ini --vary policy.validity_months=6,12 --vary population.partners=300,600
  creditsim sensitivity scenarios/baseline.ini --vary policy.validity_months=6,24 --metric breakage
  creditsim forecast scenarios/forecast/scenario.ini --as-of 2026-11-25 --horizon 12
  creditsim backtest scenarios/forecast/scenario.ini --holdout 3

Exit codes: 0 ok, 1 a comparison or gate failed, 2 bad input (nothing written; also
when another creditsim run is writing the same --out, or when the inputs' money totals
are too large to represent), 3 internal error (a creditsim bug: please report it with
the scenario; also "out of memory"), 130/143 interrupted by SIGINT/SIGTERM (nothing written).
creditsim run, compare, sweep, sensitivity, forecast and backtest own their --out folder:
they lock it before any work, and the reports replace it in one atomic rename (other
plain files in it are kept, earlier reports this run does not write are removed).
Every command that writes reports also writes report.html, one self-contained page
of charts rendered from its CSV files (--no-html skips it).
Data goes to files; progress, paths and headline numbers go to stderr
(--quiet: no progress lines).

On a cluster: `mpirun -np K creditsim COMMAND ...` (or srun under Slurm) shares a
run, compare, sweep, sensitivity, forecast or backtest over K processes, each with
its own --threads; rank 0 reads the inputs and writes every report, the same bytes
as without mpirun. A failure on any rank ends them all with one message and exit code.

Documentation (in the source tree):
  docs/INPUTS.md   every input file: scenario keys, catalog.csv, partners.csv, users.csv,
                   actions.csv, usage.csv, the import's subscriptions.csv
  docs/OUTPUTS.md  every report's columns: meaning, unit (currency), how each adds up
  docs/SCALING.md  runs over MPI: mpirun and Slurm, what is shared, how far it scales
)";

/// Prints what ended a command (the exception being handled) and returns its exit code.
int report_failure() {
    const creditsim::cli::Failure failure = creditsim::cli::describe_failure(std::current_exception());
    std::cerr << failure.text;
    return failure.code;
}

/// The command line of rank 0 (or of the only process): the command's exit code.
int run_main(std::vector<std::string> args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? creditsim::cli::kBadInput : creditsim::cli::kOk;
    }
    if (args[0] == "--version") {
        std::cout << "creditsim " << CREDITSIM_VERSION << "\n";
        return creditsim::cli::kOk;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "run") return creditsim::cli::run_command(args);
        if (command == "validate") return creditsim::cli::validate_command(args);
        if (command == "compare") return creditsim::cli::compare_command(args);
        if (command == "sweep") return creditsim::cli::sweep_command(args);
        if (command == "sensitivity") return creditsim::cli::sensitivity_command(args);
        if (command == "import") return creditsim::cli::import_command(args);
        if (command == "forecast") return creditsim::cli::forecast_command(args);
        if (command == "backtest") return creditsim::cli::backtest_command(args);
        if (command == "report") return creditsim::cli::report_command(args);
        std::cerr << "creditsim: unknown command '" << command
                  << "'; expected run, validate, compare, sweep, sensitivity, forecast, backtest, report or import (see creditsim --help)\n";
        return creditsim::cli::kBadInput;
    } catch (...) {
        return report_failure();
    }
}

}  // namespace

int main(int argc, char** argv) {
    // SIGINT/SIGTERM: the staging folder is removed and the exit code is 130/143 (atomic_files.hpp).
    creditsim::install_interrupt_handlers();
    try {
        // Under mpirun or srun: one rank of an MPI job (docs/SCALING.md); else the only process.
        creditsim::cli::cluster::Session session(&argc, &argv);
        if (creditsim::cli::cluster::rank() > 0) return creditsim::cli::cluster::serve_as_worker();
        const int code = run_main(std::vector<std::string>(argv + 1, argv + argc));
        creditsim::cli::cluster::end_workers(code);
        return code;
    } catch (...) {  // the MPI job could not start
        return report_failure();
    }
}
