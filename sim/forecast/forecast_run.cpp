#include "sim/forecast/forecast_run.hpp"

#include <atomic>

#include "sim/engine/engine.hpp"
#include "sim/support/round_robin.hpp"
#include "sim/support/worker_pool.hpp"

namespace creditsim {

std::vector<ReplicationResult> run_forecast(const ForecastSetup& setup, const ForecastRunOptions& options) {
    std::vector<ReplicationResult> results(size_t(options.replications));
    const int share = int(round_robin_share(options.replications, options.rank, options.ranks));
    std::atomic<int> done{0};
    for_each_item(share, options.threads, [&](int j) {
        const int r = options.rank + j * options.ranks;
        const History history = sample_forecast_history(setup, options.seed, r);
        EngineOptions engine_options;
        engine_options.keep_billing = false;
        engine_options.keep_exhaustions = true;
        results[size_t(r)] =
            run_engine(setup.population, history, *options.policy, options.start, setup.end_day, engine_options, r);
        const int finished = ++done;
        if (options.progress) options.progress(finished, share);
    });
    return results;
}

}  // namespace creditsim
