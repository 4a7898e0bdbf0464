// sim/support/worker_pool.hpp: every item runs once whatever the thread count, the first
// failure is rethrown, and resize_large gives the same table as vector::resize.
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

struct Row {
    int64_t cents;
    uint32_t index;
    double share;
};

TEST(ResizeLarge, AnEmptyTableComesOutValueInitialised) {
    // 40 MiB: several slices of 8 MiB, huge pages inside, a partial page at the end.
    const size_t size = (size_t(40) << 20) / sizeof(Row) + 3;
    std::vector<Row> table;
    resize_large(table, size, 2);
    ASSERT_EQ(table.size(), size);
    for (size_t i = 0; i < size; i += 4099) {
        ASSERT_EQ(table[i].cents, 0) << i;
        ASSERT_EQ(table[i].index, 0u) << i;
        ASSERT_EQ(table[i].share, 0.0) << i;
    }
    EXPECT_EQ(table.back().cents, 0);
}

TEST(ResizeLarge, ATableWithRowsKeepsThemAndValueInitialisesTheNewOnes) {
    std::vector<Row> table{{5, 1, 0.5}, {7, 2, 0.25}};
    resize_large(table, size_t(3) << 20, 2);
    ASSERT_EQ(table.size(), size_t(3) << 20);
    EXPECT_EQ(table[0].cents, 5);
    EXPECT_EQ(table[1].share, 0.25);
    EXPECT_EQ(table[2].cents, 0);
    EXPECT_EQ(table.back().index, 0u);
    resize_large(table, 1, 2);  // shrinking is vector::resize
    ASSERT_EQ(table.size(), 1u);
    EXPECT_EQ(table[0].index, 1u);
}

}  // namespace
}  // namespace creditsim
