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

}  // namespace creditsim::cli
