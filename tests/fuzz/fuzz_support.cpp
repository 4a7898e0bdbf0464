#include "tests/fuzz/fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "model/errors.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = CREDITSIM_SOURCE_DIR;

// The subscriptions of tests/data's exports, so that their rows reach the sums, not only the map.
const char* const kSubscriptions =
    "subscription_id,partner_id,credit_id\n"
    "1caaa5a3-2b66-438e-8ab4-bce37d518c5d,P1,P1/1/azure_monthly\n"
    "ed570627-0265-4620-bb42-bae06bcfa914,P2,\n"
    "9ec51cfd-5ca7-4d76-8101-dd0a4abc5674,P2,\n"
    "64e355d7-997c-491d-b0c1-8414dccfcf42,P1,\n"
    "73c0021f-a37d-433f-8baa-7450cb54eea6,P3,\n"
    "5a1e2d3c-4b5a-4697-8a1b-2c3d4e5f6a71,P1,\n"
    "6b2f3e4d-5c6b-47a8-9b2c-3d4e5f6a7b82,P2,\n"
    "sub-ea-1,P1,\nsub-ea-2,P2,\nmca-1,P1,\nmca-2,P2,\n10961396247,P4,\n";

fs::path make_work_dir() {
    char pattern[] = "/tmp/creditsim-fuzz-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
        std::perror("creditsim fuzz: mkdtemp");
        std::abort();
    }
    const fs::path dir = pattern;
    for (const char* name : {"partners.csv", "users.csv", "actions.csv", "usage.csv"})
        fs::copy_file(kSource / "scenarios/replay" / name, dir / name);
    fs::copy_file(kSource / "scenarios/catalog.csv", dir / "catalog.csv");
    std::ofstream(dir / "scenario.ini") << "[run]\nstart = 2026-01-01\nmonths = 18\n[catalog]\nfile = catalog.csv\n"
                                           "[population]\nsource = files\n";
    std::ofstream(dir / "subscriptions.csv") << kSubscriptions;
    static const fs::path removed_at_exit = dir;
    std::atexit([] {
        std::error_code ignored;
        fs::remove_all(removed_at_exit, ignored);
    });
    return dir;
}

}  // namespace

const fs::path& work_dir() {
    static const fs::path dir = make_work_dir();
    return dir;
}

std::string write_input(const std::string& name, const uint8_t* data, size_t size) {
    const fs::path path = work_dir() / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
    return path.string();
}

void expect_only_input_errors(const std::function<void()>& read) {
    try {
        read();
    } catch (const InvariantError& error) {
        std::fprintf(stderr, "creditsim fuzz: broken invariant: %s\n", error.what());
        std::abort();
    } catch (const Error&) {
        // Bad input, named: the answer a reader owes it.
    }
}

void import_export(ExportFormat format, const uint8_t* data, size_t size) {
    static const SubscriptionMap subscriptions = load_subscription_map((work_dir() / "subscriptions.csv").string());
    ImportOptions options;
    options.format = format;
    options.export_files = {write_input("export.csv", data, size)};
    options.skip_unmapped = size % 2 == 1;
    expect_only_input_errors([&] {
        const ImportResult result = import_cost_exports(options, subscriptions);
        CsvWriter usage((work_dir() / "usage-written.csv").string());
        write_usage_csv(usage, result.usage);
        usage.close();
        format_reconciliation(result.reconciliation);
    });
}

void load_replay_with(const std::string& file, const uint8_t* data, size_t size) {
    const std::string scenario_file = (work_dir() / "scenario.ini").string();
    static const Scenario scenario = load_scenario(scenario_file);
    write_input(file, data, size);
    expect_only_input_errors([] { load_replay_inputs(scenario); });
}

}  // namespace creditsim::fuzz
