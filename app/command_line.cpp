#include "app/command_line.hpp"

namespace creditsim::cli {

namespace po = boost::program_options;

InputError usage_error(const std::string& command, const std::string& message) {
    return InputError({Problem{"", 0, "command line", message + " (see creditsim " + command + " --help)"}});
}

po::variables_map parse_command_line(const std::vector<std::string>& args, const po::options_description& options,
                                     const char* positional_name, const std::string& command) {
    po::options_description all = options;
    all.add_options()(positional_name, po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add(positional_name, -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw usage_error(command, e.what());
    }
    return vm;
}

int whole_number_option(const po::variables_map& vm, const char* name, ProblemList& problems) {
    if (!vm.count(name)) return 0;
    const int value = vm[name].as<int>();
    if (value < 1)
        problems.add("", 0, std::string("option '--") + name + "'",
                     "expected a whole number >= 1; got " + std::to_string(value));
    return value;
}

int whole_number_option(const po::variables_map& vm, const char* name) {
    ProblemList problems;
    const int value = whole_number_option(vm, name, problems);
    problems.throw_if_any();
    return value;
}

void add_html_option(po::options_description& options) {
    options.add_options()("no-html", "do not write report.html (the charts page made from the CSV files)");
}

bool wants_html(const po::variables_map& vm) { return vm.count("no-html") == 0; }

void add_quiet_option(po::options_description& options) {
    options.add_options()("quiet,q", "print no progress lines on stderr (paths, notes and the headline remain)");
}

bool wants_quiet(const po::variables_map& vm) { return vm.count("quiet") > 0; }

std::string one_scenario_file(const po::variables_map& vm, const std::string& command) {
    if (!vm.count("scenario")) return "";
    const auto& files = vm["scenario"].as<std::vector<std::string>>();
    if (files.size() > 1) throw usage_error(command, "expected one scenario file; got " + std::to_string(files.size()));
    return files.front();
}

}  // namespace creditsim::cli
