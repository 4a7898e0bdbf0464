#pragma once
// The one worker pool: items [0, count) (forecast replications) handed out in
// order to `threads` threads. What an item computes never depends on the thread
// that runs it, so results do not depend on the thread count. (Generated runs
// stream blocks of partners through sim/support/ordered_blocks.hpp instead.)

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace creditsim {

/// Runs worker() on `workers` threads at once (the caller's among them, at
/// least one) and returns when every one has returned.
template <typename Worker>
void run_on_threads(int workers, Worker worker) {
    std::vector<std::thread> pool;
    for (int t = 1; t < workers; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
}

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
    run_on_threads(std::max(1, std::min(threads, count)), worker);
    if (failure) std::rethrow_exception(failure);
}

}  // namespace creditsim
