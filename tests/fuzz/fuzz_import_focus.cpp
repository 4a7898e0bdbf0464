// One focus export through the import entry point (fuzz::import_export).
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    creditsim::fuzz::import_export(creditsim::ExportFormat::focus, data, size);
    return 0;
}
