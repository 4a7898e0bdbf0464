// The import's subscriptions.csv through load_subscription_map.
#include "sim/import/cost_export.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = creditsim::fuzz::write_input("map.csv", data, size);
    creditsim::fuzz::expect_only_input_errors([&] { creditsim::load_subscription_map(path); });
    return 0;
}
