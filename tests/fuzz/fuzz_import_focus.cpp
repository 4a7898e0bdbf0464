// One focus export through the import entry point (import_cost_exports), then written as
// usage.csv: odd bytes decide --skip-unmapped.
#include "sim/import/cost_export.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace creditsim;
    static const SubscriptionMap subscriptions =
        load_subscription_map((fuzz::work_dir() / "subscriptions.csv").string());
    ImportOptions options;
    options.format = ExportFormat::focus;
    options.export_files = {fuzz::write_input("export.csv", data, size)};
    options.skip_unmapped = size % 2 == 1;
    fuzz::expect_only_input_errors([&] {
        const ImportResult result = import_cost_exports(options, subscriptions);
        CsvWriter usage((fuzz::work_dir() / "usage-written.csv").string());
        write_usage_csv(usage, result.usage);
        usage.close();
        format_reconciliation(result.reconciliation);
    });
    return 0;
}
