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
    double population_bytes = 0;  ///< one replication's population, engine and demand state
    double reports_bytes = 0;     ///< one replication's kept ledger, billing and event records
    double threads_bytes = 0;     ///< the shards the worker threads hold at once
    double total_bytes = 0;       ///< the peak of the whole run
    double users = 0;             ///< expected users of one replication
    double credits = 0;           ///< expected credits of one replication
};

/// The expected peak memory of a generated run of the scenario on `threads` threads.
/// keeps_reports: the run keeps every replication's records and population for the
/// per-partner reports (creditsim run); otherwise one replication at a time is reduced.
MemoryEstimate estimate_generated_run(const Scenario& scenario, const Catalog& catalog, int threads,
                                      bool keeps_reports);

/// What the process may still allocate: MemAvailable of /proc/meminfo, or what RLIMIT_AS
/// leaves above the address space in use when that is lower. `source` names which.
double available_memory_bytes(std::string& source);

/// Throws InputError when the estimate exceeds the available memory, or when the
/// population would not fit 32-bit indices; names the keys that drive it and the estimate.
void check_generated_run_fits(const Scenario& scenario, const Catalog& catalog, int threads, bool keeps_reports);

/// "1.5 GiB", "230 MiB".
std::string format_bytes(double bytes);

}  // namespace creditsim::cli
