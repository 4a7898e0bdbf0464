#pragma once
// Shared by the subcommands: parsing options plus positional files, and the
// one way a usage mistake is reported (bad input, exit code 2).

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "model/errors.hpp"

namespace creditsim::cli {

/// The InputError for a usage mistake of `creditsim <command>`.
InputError usage_error(const std::string& command, const std::string& message);

/// Parses options and the positional arguments (stored under positional_name,
/// as a vector of strings); Boost's errors become usage_error(command, ...).
boost::program_options::variables_map parse_command_line(const std::vector<std::string>& args,
                                                         const boost::program_options::options_description& options,
                                                         const char* positional_name, const std::string& command);

/// The value of the whole-number option `name` (--threads, --replications), or 0 when it
/// was not given; a value below 1 adds "expected a whole number >= 1; got N" to problems.
int whole_number_option(const boost::program_options::variables_map& vm, const char* name, ProblemList& problems);
/// As above, but a value below 1 throws that problem at once.
int whole_number_option(const boost::program_options::variables_map& vm, const char* name);

/// Adds --no-html (skip report.html) to a command's options.
void add_html_option(boost::program_options::options_description& options);
/// Whether report.html is wanted: --no-html was not given.
bool wants_html(const boost::program_options::variables_map& vm);

/// Adds --quiet (no progress lines on stderr) to a command's options.
void add_quiet_option(boost::program_options::options_description& options);
/// Whether --quiet was given.
bool wants_quiet(const boost::program_options::variables_map& vm);

/// The one scenario file among the positional arguments (stored under "scenario"), or ""
/// when none is given; more than one is usage_error(command, "expected one scenario file; got N").
std::string one_scenario_file(const boost::program_options::variables_map& vm, const std::string& command);

}  // namespace creditsim::cli
