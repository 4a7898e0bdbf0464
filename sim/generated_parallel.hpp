#pragma once
// The one worker pool of generated runs: items [0, count) (shards, chunks of
// partners) handed out in order to `threads` threads. What an item computes
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
/// pages: fresh memory is expensive to touch page by page (about 4 s per GiB
/// on the development VM, 40 % less with huge pages).
template <typename T>
void resize_large(std::vector<T>& table, size_t size) {
    table.reserve(size);
#ifdef MADV_HUGEPAGE
    constexpr uintptr_t kHugePage = uintptr_t(2) << 20;
    const uintptr_t from = (reinterpret_cast<uintptr_t>(table.data()) + kHugePage - 1) & ~(kHugePage - 1);
    const uintptr_t to = reinterpret_cast<uintptr_t>(table.data() + size) & ~(kHugePage - 1);
    if (from < to) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);  // advice only
#endif
    table.resize(size);
}

}  // namespace creditsim
