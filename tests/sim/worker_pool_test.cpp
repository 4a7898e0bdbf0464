// sim/support/worker_pool.hpp: every item runs once whatever the thread count, and the
// first failure is rethrown.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "sim/support/worker_pool.hpp"

namespace creditsim {
namespace {

TEST(WorkerPool, EveryItemRunsExactlyOnce) {
    for (int threads : {1, 2, 7}) {
        std::vector<std::atomic<int>> runs(1000);
        for_each_item(1000, threads, [&](int i) { runs[size_t(i)]++; });
        for (size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << "item " << i << ", " << threads << " threads";
    }
}

TEST(WorkerPool, TheFirstFailureIsRethrown) {
    EXPECT_THROW(for_each_item(100, 2, [](int i) { if (i == 37) throw std::runtime_error("item 37"); }),
                 std::runtime_error);
}

}  // namespace
}  // namespace creditsim
