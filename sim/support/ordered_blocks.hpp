#pragma once
// Blocks of work computed on several threads and handed on in block order:
// how a generated replication streams its partners (sim/generate/generated_run.cpp).
// Each block is computed into a workspace, one of a fixed few that are reused
// from block to block, so memory stays flat however many blocks there are;
// a workspace is reused only once its block was delivered.

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <vector>

#include "sim/support/worker_pool.hpp"

namespace creditsim {

/// Calls compute(b, workspace) for each block b in [0, count) on up to
/// `threads` threads (the caller's among them), each into one of
/// `workspaces`, and deliver(b, workspace) for each block in ascending b, one
/// at a time (on whichever thread finds the next block complete). Needs at
/// least one workspace; more than `threads` let a thread start its next block
/// while an earlier one is still being computed elsewhere. The first exception
/// stops the handing out and is rethrown here once every thread has stopped.
template <typename Workspace, typename Compute, typename Deliver>
void for_each_block_in_order(int count, int threads, std::vector<Workspace>& workspaces, Compute compute,
                             Deliver deliver) {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<int> idle;  // workspaces not holding an undelivered block
    for (int w = int(workspaces.size()) - 1; w >= 0; --w) idle.push_back(w);
    std::vector<int> workspace_of(size_t(count), -1);  // of each computed, undelivered block
    int next_block = 0, next_delivery = 0;
    bool is_delivering = false;
    std::exception_ptr failure;

    auto worker = [&] {
        std::unique_lock<std::mutex> lock(mutex);
        while (!failure && next_delivery < count) {
            if (!is_delivering && workspace_of[size_t(next_delivery)] >= 0) {
                const int block = next_delivery, w = workspace_of[size_t(block)];
                is_delivering = true;
                lock.unlock();
                try {
                    deliver(block, workspaces[size_t(w)]);
                } catch (...) {
                    lock.lock();
                    if (!failure) failure = std::current_exception();
                    lock.unlock();
                }
                lock.lock();
                is_delivering = false;
                workspace_of[size_t(block)] = -1;
                idle.push_back(w);
                ++next_delivery;
                changed.notify_all();
                continue;
            }
            if (next_block == count || idle.empty()) {
                changed.wait(lock);
                continue;
            }
            const int block = next_block++, w = idle.back();
            idle.pop_back();
            lock.unlock();
            try {
                compute(block, workspaces[size_t(w)]);
                lock.lock();
                workspace_of[size_t(block)] = w;
            } catch (...) {
                lock.lock();
                if (!failure) failure = std::current_exception();
            }
            changed.notify_all();
        }
    };
    run_on_threads(std::max(1, std::min(threads, count)), worker);
    if (failure) std::rethrow_exception(failure);
}

}  // namespace creditsim
