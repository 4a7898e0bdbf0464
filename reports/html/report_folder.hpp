#pragma once
// What an HTML report is made from: the report files of one output folder, by
// name, and which command wrote them. The report depends on these files only,
// so `creditsim report DIR` renders an older folder the same way a command
// renders its own staged files.

#include <map>
#include <optional>
#include <string>

namespace creditsim::html {

/// Report files by name ("summary.csv") -> the path to read (final or staged).
using FolderFiles = std::map<std::string, std::string>;

enum class ReportKind { run, compare, sweep, sensitivity, forecast, backtest };

/// "run", "compare", ...
const char* to_string(ReportKind kind);

/// The command that wrote the files: the kind whose main file is there
/// (summary.csv, compare.csv, sweep.csv, sensitivity.csv, forecast.csv, backtest.csv);
/// none when there is no such file.
std::optional<ReportKind> detect_kind(const FolderFiles& files);

/// The report files found in dir (plain files named *.csv), by name. Throws Error when
/// dir is not a readable folder.
FolderFiles files_in_folder(const std::string& dir);

}  // namespace creditsim::html
