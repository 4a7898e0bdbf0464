// users.csv through load_replay_inputs, the other replay inputs valid.
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    creditsim::fuzz::load_replay_with("users.csv", data, size);
    return 0;
}
