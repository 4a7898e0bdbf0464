#pragma once
// The creditsim command line: subcommands and their exit codes.

#include <string>
#include <vector>

namespace creditsim::cli {

/// Exit codes: what a script can rely on.
enum ExitCode : int {
    kOk = 0,
    kComparisonFailed = 1,  ///< a regression gate or --expect check failed
    kBadInput = 2,          ///< the user's input is wrong: nothing was written
    kInternalError = 3,     ///< a creditsim bug (an invariant broke): please report it
};

/// `creditsim run ...`; args exclude the subcommand name.
int run_command(const std::vector<std::string>& args);
/// `creditsim validate ...`.
int validate_command(const std::vector<std::string>& args);
/// `creditsim compare BASE.ini WHATIF.ini ...`: compare.csv and --fail-if gates (exit 1 when one is violated).
int compare_command(const std::vector<std::string>& args);
/// `creditsim sweep BASE.ini --vary key=v1,v2 ...`: sweep.csv, every metric at every grid point.
int sweep_command(const std::vector<std::string>& args);
/// `creditsim sensitivity BASE.ini --vary key=lo,hi ...`: sensitivity.csv, keys ranked by a metric's swing.
int sensitivity_command(const std::vector<std::string>& args);
/// `creditsim forecast SCENARIO.ini --as-of DATE --horizon MONTHS`: forecast.csv and credits_forecast.csv.
int forecast_command(const std::vector<std::string>& args);
/// `creditsim backtest SCENARIO.ini --holdout MONTHS`: backtest.csv, the forecast scored on held-out months.
int backtest_command(const std::vector<std::string>& args);
/// `creditsim report DIR`: report.html rendered again from the folder's CSV files.
int report_command(const std::vector<std::string>& args);

}  // namespace creditsim::cli
