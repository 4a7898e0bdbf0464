#pragma once
// Items shared round-robin among the ranks of an MPI job (app/cluster): item
// i belongs to rank i % ranks. One process is rank 0 of 1 and has them all.

#include <cstdint>

namespace creditsim {

/// How many of items [0, count) rank `rank` of `ranks` has.
constexpr int64_t round_robin_share(int64_t count, int rank, int ranks) {
    return rank < count ? (count - rank + ranks - 1) / ranks : 0;
}

static_assert(round_robin_share(7, 0, 3) == 3 && round_robin_share(7, 2, 3) == 2 && round_robin_share(1, 2, 3) == 0);

}  // namespace creditsim
