#pragma once
// Before a generated run starts: how much memory it will need, from the scenario
// alone, against what this machine can give. A run that cannot fit is refused as
// bad input (exit 2) naming the keys that drive the estimate, instead of being
// killed by the kernel hours later. docs/PERFORMANCE.md, "Memory", calibrates it.

#include <cstdint>
#include <string>
#include <vector>

#include "model/catalog.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim::cli {

struct MemoryEstimate {
    double blocks_bytes = 0;  ///< the blocks of partners the worker threads hold at once
    double events_bytes = 0;  ///< one replication's events.csv rows, sorted at its end
    /// Of those, what waits in memory: the rest waits in sorted runs in the staging folder
    /// (reports/events_report.hpp).
    double events_in_memory_bytes = 0;
    double total_bytes = 0;   ///< the peak of the whole run
};

/// The expected peak memory of a generated run of the scenario on `threads` threads:
/// flat in the population size.
MemoryEstimate estimate_generated_run(const Scenario& scenario, const Catalog& catalog, int threads);

/// What the process may still allocate: MemAvailable of /proc/meminfo, or what RLIMIT_AS
/// leaves above the address space in use when that is lower. `source` names which.
double available_memory_bytes(std::string& source);

/// Throws InputError when the estimate exceeds the available memory, naming the keys that
/// drive it and the estimate.
void check_generated_run_fits(const Scenario& scenario, const Catalog& catalog, int threads);

/// "1.5 GiB", "230 MiB".
std::string format_bytes(double bytes);

}  // namespace creditsim::cli
