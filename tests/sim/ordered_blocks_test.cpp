// for_each_block_in_order: every block computed once, delivered once, in
// block order, one at a time, with its own workspace, whatever the thread
// count and however the blocks' times vary; the first failure stops it.
#include "sim/support/ordered_blocks.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace creditsim {
namespace {

struct Workspace {
    int block = -1;      // what compute last wrote here
    long value = 0;
    bool is_in_use = false;
};

TEST(OrderedBlocks, DeliversEveryBlockOnceInOrderWithItsOwnWorkspace) {
    for (const int threads : {1, 2, 3, 8}) {
        for (const int workspaces : {1, 2, 5}) {
            SCOPED_TRACE(testing::Message() << threads << " threads, " << workspaces << " workspaces");
            std::vector<Workspace> slots(static_cast<size_t>(workspaces));
            std::vector<int> delivered;
            std::atomic<int> computing_at_once{0}, delivering_at_once{0};
            bool overlapped_delivery = false;
            constexpr int kBlocks = 97;
            for_each_block_in_order(
                kBlocks, threads, slots,
                [&](int block, Workspace& w) {
                    EXPECT_FALSE(w.is_in_use) << "block " << block << " got a workspace still holding block " << w.block;
                    w.is_in_use = true;
                    ++computing_at_once;
                    // Uneven times, so that later blocks often finish first.
                    std::this_thread::sleep_for(std::chrono::microseconds((block * 7919) % 13 * 40));
                    w.block = block;
                    w.value = long(block) * block;
                    --computing_at_once;
                },
                [&](int block, Workspace& w) {
                    if (++delivering_at_once > 1) overlapped_delivery = true;
                    EXPECT_EQ(w.block, block) << "delivered with another block's workspace";
                    EXPECT_EQ(w.value, long(block) * block);
                    delivered.push_back(block);
                    w.is_in_use = false;
                    --delivering_at_once;
                });
            EXPECT_FALSE(overlapped_delivery) << "two deliveries ran at once";
            ASSERT_EQ(delivered.size(), size_t(kBlocks));
            for (int b = 0; b < kBlocks; ++b) EXPECT_EQ(delivered[size_t(b)], b);
        }
    }
}

TEST(OrderedBlocks, NoBlocksDeliversNothing) {
    std::vector<Workspace> slots(2);
    int calls = 0;
    for_each_block_in_order(0, 4, slots, [&](int, Workspace&) { ++calls; }, [&](int, Workspace&) { ++calls; });
    EXPECT_EQ(calls, 0);
}

TEST(OrderedBlocks, TheFirstFailureStopsTheRestAndIsRethrown) {
    for (const bool in_delivery : {false, true}) {
        SCOPED_TRACE(in_delivery ? "a delivery fails" : "a computation fails");
        std::vector<Workspace> slots(4);
        std::atomic<int> computed{0};
        std::vector<int> delivered;
        try {
            for_each_block_in_order(
                1000, 2, slots,
                [&](int block, Workspace&) {
                    ++computed;
                    if (!in_delivery && block == 10) throw std::runtime_error("block 10 failed");
                },
                [&](int block, Workspace&) {
                    if (in_delivery && block == 10) throw std::runtime_error("block 10 failed");
                    delivered.push_back(block);
                });
            FAIL() << "expected the failure";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "block 10 failed");
        }
        EXPECT_LT(computed.load(), 100) << "the handing out did not stop";
        ASSERT_LE(delivered.size(), 10u) << "nothing after the failed block is delivered";
        for (size_t b = 0; b < delivered.size(); ++b) EXPECT_EQ(delivered[b], int(b));
    }
}

}  // namespace
}  // namespace creditsim
