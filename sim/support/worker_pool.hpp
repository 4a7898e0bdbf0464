#pragma once
// The one worker pool: items [0, count) (shards, chunks of partners, forecast
// replications) handed out in order to `threads` threads. What an item computes
// never depends on the thread that runs it, so results do not depend on the
// thread count. And the large tables those items fill.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <sys/mman.h>

namespace creditsim {

/// Calls work(i) once for each i in [0, count) on up to `threads` threads (the
/// caller's among them). The first exception thrown stops the handing out and
/// is rethrown here once every thread has stopped.
template <typename Work>
void for_each_item(int count, int threads, Work work) {
    std::atomic<int> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&] {
        for (int i; (i = next.fetch_add(1)) < count;) {
            try {
                work(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                next = count;  // stop the others early
            }
        }
    };
    const int workers = std::max(1, std::min(threads, count));
    std::vector<std::thread> pool;
    for (int t = 1; t < workers; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

/// Resizes a large table (value-initialised), first asking the kernel for huge
/// pages and touching the fresh memory on `threads` threads: fresh memory is
/// expensive to touch page by page (about 4 s per GiB on the development VM,
/// 40 % less with huge pages), and the constructors would touch it all on one.
template <typename T>
void resize_large(std::vector<T>& table, size_t size, int threads) {
    table.reserve(size);
    char* const bytes = reinterpret_cast<char*>(table.data());
    const size_t byte_count = size * sizeof(T);
#ifdef MADV_HUGEPAGE
    constexpr uintptr_t kHugePage = uintptr_t(2) << 20;
    const uintptr_t from = (reinterpret_cast<uintptr_t>(bytes) + kHugePage - 1) & ~(kHugePage - 1);
    const uintptr_t to = (reinterpret_cast<uintptr_t>(bytes) + byte_count) & ~(kHugePage - 1);
    if (from < to) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);  // advice only
#endif
    // The reserved storage (data() of an empty vector with capacity: the
    // allocation, in every standard library) holds no objects yet: writing its
    // bytes only takes the page faults, in parallel; resize then constructs
    // over them. At 1M partners this cut the serial resize from 0.76 s to 0.05 s.
    if (table.empty()) {
        constexpr size_t kSlice = size_t(8) << 20;
        const int slices = int((byte_count + kSlice - 1) / kSlice);
        for_each_item(slices, threads, [&](int i) {
            const size_t first = size_t(i) * kSlice;
            std::fill(bytes + first, bytes + std::min(byte_count, first + kSlice), char(0));
        });
    }
    table.resize(size);
}

}  // namespace creditsim
