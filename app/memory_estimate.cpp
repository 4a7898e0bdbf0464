#include "app/memory_estimate.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "model/errors.hpp"
#include "reports/events_report.hpp"
#include "sim/generate/generated_run.hpp"
#include "sim/generate/population_generator.hpp"

namespace creditsim::cli {
namespace {

// Bytes per item, calibrated against the peak RSS of generated runs (docs/PERFORMANCE.md,
// "Memory"). A run streams its partners in blocks: what grows with the population
// is only events.csv's rows, which wait until their replication ends, in memory
// up to a bound and beyond it in files.
constexpr double kBaseBytes = 8e6;            // the program, the catalog, buffers
constexpr double kBytesPerPartner = 100;      // a block's tables, per partner ...
constexpr double kBytesPerUser = 70;
constexpr double kBytesPerCredit = 360;       // ... and per credit, its engine arrays included
constexpr double kLedgerBytesPerCreditPeriod = 64;   // a block's kept records, until written
constexpr double kBillingBytesPerPartnerMonth = 61;
constexpr double kEventRowBytesPerCreditPeriod = 150;  // about two rows of text and their sort keys
constexpr double kWriterBytes = 1 << 20;      // a report's write buffer

// Expected membership years of a partner: renewal k happens with probability p^k when
// its anniversary falls inside the run, joins being uniform over the join window.
double expected_years(const Scenario& scenario) {
    const double window = std::max(1, std::min(scenario.behavior.join_window_months, scenario.months));
    double years = 1, chance = 1;
    for (int k = 1; 12 * k < scenario.months; ++k) {
        chance *= scenario.behavior.renewal_probability;
        years += chance * std::clamp((scenario.months - 12.0 * k) / window, 0.0, 1.0);
    }
    return years;
}

struct PerPartner {
    double credits = 0;        // awarded over the partner's years
    double credit_periods = 0;  // billing periods of those credits inside the run
};

PerPartner per_partner(const Scenario& scenario, const Catalog& catalog) {
    PerPartner each;
    for (const auto& [offer, share] : parse_offer_mix(scenario.offer_mix, catalog, scenario.file)) {
        for (const uint32_t index : catalog.lines_of_offer(offer)) {
            const CatalogLine& line = catalog.lines()[index];
            const int life = line.kind == CreditKind::monthly ? scenario.policy.validity_months : line.term_months;
            each.credits += share * line.count;
            each.credit_periods += share * line.count * std::min(life, scenario.months);
        }
    }
    const double years = expected_years(scenario);
    each.credits *= years;
    each.credit_periods *= years;
    return each;
}

// "population.partners=10000, ...": the keys the estimate grows with.
std::string driving_keys(const Scenario& scenario) {
    std::ostringstream keys;
    keys << "population.partners=" << scenario.partners << ", run.months=" << scenario.months
         << ", population.offer_mix and the catalog's counts, with the per-partner reports on";
    return keys.str();
}

// The value of a "Name:   123 kB" line of a /proc file, in bytes; -1 when absent.
double proc_kilobytes(const char* file, const std::string& name) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(name + ":", 0) != 0) continue;
        std::istringstream fields(line.substr(name.size() + 1));
        double kilobytes = 0;
        if (fields >> kilobytes) return kilobytes * 1024;
    }
    return -1;
}

}  // namespace

MemoryEstimate estimate_generated_run(const Scenario& scenario, const Catalog& catalog, int threads) {
    const PerPartner each = per_partner(scenario, catalog);
    const double block = std::min(double(scenario.partners), double(kPartnersPerBlock));
    MemoryEstimate estimate;
    double block_bytes = block * (kBytesPerPartner + scenario.behavior.users_mean * kBytesPerUser +
                                  each.credits * kBytesPerCredit);
    if (scenario.write_ledger) block_bytes += block * each.credit_periods * kLedgerBytesPerCreditPeriod;
    if (scenario.write_billing) block_bytes += block * scenario.months * kBillingBytesPerPartnerMonth;
    // Two workspaces a thread (sim/generate/generated_run.cpp), the blocks' events among them.
    const double workspaces = 2.0 * std::max(1, threads);
    if (scenario.write_events) block_bytes += block * each.credit_periods * kEventRowBytesPerCreditPeriod / 2;
    estimate.blocks_bytes = workspaces * block_bytes;
    if (scenario.write_events) {
        estimate.events_bytes = double(scenario.partners) * each.credit_periods * kEventRowBytesPerCreditPeriod;
        // The bound, its reserve for a last block, and the run files' write buffer.
        estimate.events_in_memory_bytes =
            std::min(estimate.events_bytes, double(kEventRowsInMemoryBytes) * 1.25 + 2 * kWriterBytes);
    }
    estimate.total_bytes = kBaseBytes + 4 * kWriterBytes + estimate.blocks_bytes + estimate.events_in_memory_bytes;
    return estimate;
}

double available_memory_bytes(std::string& source) {
    double available = proc_kilobytes("/proc/meminfo", "MemAvailable");
    source = "MemAvailable in /proc/meminfo";
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const double in_use = std::max(0.0, proc_kilobytes("/proc/self/status", "VmSize"));
        const double left = std::max(0.0, double(limit.rlim_cur) - in_use);
        if (available < 0 || left < available) {
            available = left;
            source = "RLIMIT_AS (ulimit -v) above the " + format_bytes(in_use) + " in use";
        }
    }
    if (available < 0) source.clear();  // neither is known: nothing to check against
    return available;
}

void check_generated_run_fits(const Scenario& scenario, const Catalog& catalog, int threads) {
    const MemoryEstimate estimate = estimate_generated_run(scenario, catalog, threads);
    std::string source;
    const double available = available_memory_bytes(source);
    if (available < 0 || estimate.total_bytes <= available) return;
    std::ostringstream message;
    message << "the run needs about " << format_bytes(estimate.total_bytes) << " of memory (" << threads
            << " worker threads' blocks " << format_bytes(estimate.blocks_bytes) << ", events.csv's rows waiting "
            << format_bytes(estimate.events_in_memory_bytes) << "), more than the " << format_bytes(available)
            << " available (" << source << "); use fewer threads (--threads), or turn output.ledger, "
            << "output.billing or output.events off";
    throw InputError({Problem{scenario.file, 0, "keys " + driving_keys(scenario), message.str()}});
}

std::string format_bytes(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 5) bytes /= 1024, ++unit;
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    return text;
}

}  // namespace creditsim::cli
