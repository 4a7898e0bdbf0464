// `creditsim import`: reads cost exports and a subscription map, writes usage.csv
// atomically (a temporary name, then a rename) and prints the reconciliation.
#include "app/import_command.hpp"

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/cli.hpp"
#include "app/command_line.hpp"
#include "model/errors.hpp"
#include "reports/atomic_files.hpp"
#include "reports/usage_report.hpp"
#include "sim/import/cost_export.hpp"

namespace creditsim::cli {
namespace {

struct ImportArguments {
    ImportOptions options;
    std::string map_file;
    std::string out_file;
    bool help = false;
};

boost::program_options::options_description import_options() {
    namespace po = boost::program_options;
    po::options_description options("Options");
    options.add_options()
        ("format,f", po::value<std::string>(), "azure-cost (Azure cost details, EA or MCA, actual or amortized cost) or focus (FOCUS 1.0)")
        ("map,m", po::value<std::string>(), "subscriptions.csv: subscription_id,partner_id[,credit_id]")
        ("out,o", po::value<std::string>(), "the usage.csv to write (replaced only once complete)")
        ("skip-unmapped", "skip and count rows of subscriptions not in the map (default: an error)")
        ("help,h", "print this help");
    return options;
}

InputError usage_error(const std::string& message) { return cli::usage_error("import", message); }

ImportArguments parse_arguments(const std::vector<std::string>& args) {
    namespace po = boost::program_options;
    const po::variables_map vm = parse_command_line(args, import_options(), "export", "import");
    ImportArguments parsed;
    parsed.help = vm.count("help") > 0;
    if (parsed.help) return parsed;
    if (!vm.count("format")) throw usage_error("expected --format azure-cost or --format focus");
    const std::string format = vm["format"].as<std::string>();
    const auto export_format = parse_export_format(format);
    if (!export_format) throw usage_error("expected --format azure-cost or --format focus; got \"" + format + "\"");
    parsed.options.format = *export_format;
    if (vm.count("export")) parsed.options.export_files = vm["export"].as<std::vector<std::string>>();
    if (parsed.options.export_files.empty()) throw usage_error("expected one or more export files");
    if (!vm.count("map")) throw usage_error("expected --map subscriptions.csv");
    if (!vm.count("out")) throw usage_error("expected --out usage.csv");
    parsed.map_file = vm["map"].as<std::string>();
    parsed.out_file = vm["out"].as<std::string>();
    parsed.options.skip_unmapped = vm.count("skip-unmapped") > 0;
    const std::filesystem::path out(parsed.out_file);
    if (out.filename().empty() || out.filename() == "." || out.filename() == "..")
        throw usage_error("expected --out to name a file; got \"" + parsed.out_file + "\"");
    return parsed;
}

}  // namespace

int import_command(const std::vector<std::string>& raw_args) {
    const ImportArguments args = parse_arguments(raw_args);
    if (args.help) {
        std::cout << "Usage: creditsim import --format azure-cost|focus EXPORT.csv [MORE.csv ...] "
                     "--map subscriptions.csv --out usage.csv [--skip-unmapped]\n\n"
                     "Turns cost exports into the usage.csv of a replay (see docs/IMPORT.md).\n\n"
                  << import_options();
        return kOk;
    }
    const SubscriptionMap subscriptions = load_subscription_map(args.map_file);
    const ImportResult result = import_cost_exports(args.options, subscriptions);

    const std::filesystem::path out(args.out_file);
    StagedFolder folder(out.parent_path().string());
    const std::string name = out.filename().string();
    write_staged_csv(folder, name, [&](CsvWriter& out) { write_usage_csv(out, result.usage); });
    folder.publish();
    for (const std::string& warning : result.warnings) std::cerr << "warning: " << warning << "\n";
    std::cerr << format_reconciliation(result.reconciliation) << "wrote " << args.out_file << " ("
              << result.usage.size() << (result.usage.size() == 1 ? " line" : " lines") << ")\n";
    return kOk;
}

}  // namespace creditsim::cli
