#include "sim/forecast_run.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "sim/engine.hpp"

namespace creditsim {

std::vector<ReplicationResult> run_forecast(const ForecastSetup& setup, const ForecastRunOptions& options) {
    std::vector<ReplicationResult> results(size_t(options.replications));
    std::atomic<int> next{0}, done{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
        for (int r = next++; r < options.replications; r = next++) {
            try {
                const History history = sample_forecast_history(setup, options.seed, r);
                EngineOptions engine_options;
                engine_options.keep_billing = false;
                engine_options.keep_exhaustions = true;
                results[size_t(r)] = run_engine(setup.population, history, *options.policy, options.start,
                                                setup.end_day, engine_options, r);
            } catch (...) {
                std::lock_guard<std::mutex> lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                next = options.replications;  // stop the others early
                return;
            }
            const int finished = ++done;
            if (options.progress) options.progress(finished, options.replications);
        }
    };
    const int workers = std::max(1, std::min(options.threads, options.replications));
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    return results;
}

}  // namespace creditsim
