// A scenario file through load_scenario: INI cleaning, Boost, every key's parser, base chains
// (a base may name the valid scenario.ini beside it).
#include "sim/inputs/scenario.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = creditsim::fuzz::write_input("fuzzed.ini", data, size);
    creditsim::fuzz::expect_only_input_errors([&] { creditsim::load_scenario(path); });
    return 0;
}
