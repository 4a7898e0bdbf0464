// `creditsim report DIR`: renders report.html again from the CSV files of an
// existing output folder (an older run's too), with the code every command uses.
#include <boost/program_options.hpp>
#include <iostream>

#include "app/cli.hpp"
#include "app/command_line.hpp"
#include "app/report_tables.hpp"
#include "reports/html/html_report.hpp"

namespace po = boost::program_options;

namespace creditsim::cli {

int report_command(const std::vector<std::string>& raw_args) {
    po::options_description options("Options");
    options.add_options()("help,h", "print this help");
    const po::variables_map vm = parse_command_line(raw_args, options, "folder", "report");
    if (vm.count("help")) {
        std::cout << "Usage: creditsim report DIR\n\n"
                     "Renders DIR/report.html from the CSV files in DIR, written by run, compare, sweep,\n"
                     "sensitivity, forecast or backtest: one self-contained page with the headline and the\n"
                     "charts (Chart.js inlined; it opens offline). Replaces an earlier report.html.\n\n"
                  << options;
        return kOk;
    }
    const auto folders = vm.count("folder") ? vm["folder"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (folders.size() != 1)
        throw usage_error("report", "expected one output folder: creditsim report DIR; got " +
                                        std::to_string(folders.size()));
    const std::string path = html::write_html_report(folders.front(), report_rows_reader());
    std::cerr << "report in " << path << "\n";
    return kOk;
}

}  // namespace creditsim::cli
