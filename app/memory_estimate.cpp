#include "app/memory_estimate.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "model/errors.hpp"
#include "model/index.hpp"
#include "sim/generate/population_generator.hpp"

namespace creditsim::cli {
namespace {

// Bytes per item, calibrated against the peak RSS of generated runs (docs/PERFORMANCE.md,
// "Memory"): population tables, engine arrays, demand and behaviour state together.
constexpr double kBaseBytes = 8e6;            // the program, the catalog, buffers
constexpr double kBytesPerPartner = 100;
constexpr double kBytesPerUser = 70;
constexpr double kBytesPerCredit = 160;
constexpr double kLedgerBytesPerCreditPeriod = 64;
constexpr double kEventBytesPerCreditPeriod = 38;
constexpr double kBillingBytesPerPartnerMonth = 61;
constexpr double kEngineBytesPerCredit = 200;  // a shard's engine arrays, per worker thread
constexpr double kPartnersPerShard = 2048;
// Indices are 32 bits (kNone is the largest); an expectation this close to it may exceed it.
constexpr double kIndexHeadroom = 0.9;

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

// creditsim run keeps every replication's population and records until the reports are written.
bool keeps_populations(const Scenario& scenario, bool keeps_reports) {
    return keeps_reports &&
           (scenario.write_ledger || scenario.write_billing || scenario.write_events || scenario.write_population);
}

// "population.partners=10000, behavior.users_mean=3, ...": the keys the estimate grows with.
std::string driving_keys(const Scenario& scenario, bool with_reports) {
    std::ostringstream keys;
    keys << "population.partners=" << scenario.partners << ", behavior.users_mean=" << scenario.behavior.users_mean
         << ", run.months=" << scenario.months << ", population.offer_mix and the catalog's counts";
    if (with_reports) {
        keys << ", run.replications=" << scenario.replications << " with output.";
        std::string on;
        if (scenario.write_ledger) on += "ledger";
        if (scenario.write_billing) on += std::string(on.empty() ? "" : "/") + "billing";
        if (scenario.write_events) on += std::string(on.empty() ? "" : "/") + "events";
        if (on.empty()) on = "population";
        keys << on << " on";
    }
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

MemoryEstimate estimate_generated_run(const Scenario& scenario, const Catalog& catalog, int threads,
                                      bool keeps_reports) {
    const PerPartner each = per_partner(scenario, catalog);
    const double partners = double(scenario.partners);
    MemoryEstimate estimate;
    estimate.users = partners * scenario.behavior.users_mean;
    estimate.credits = partners * each.credits;
    estimate.population_bytes =
        partners * kBytesPerPartner + estimate.users * kBytesPerUser + estimate.credits * kBytesPerCredit;
    if (keeps_reports) {
        if (scenario.write_ledger) estimate.reports_bytes += partners * each.credit_periods * kLedgerBytesPerCreditPeriod;
        if (scenario.write_events) estimate.reports_bytes += partners * each.credit_periods * kEventBytesPerCreditPeriod;
        if (scenario.write_billing)
            estimate.reports_bytes += partners * scenario.months * kBillingBytesPerPartnerMonth;
    }
    const double shards_at_once = std::min(double(threads), std::ceil(partners / kPartnersPerShard));
    estimate.threads_bytes = shards_at_once * kPartnersPerShard * each.credits * kEngineBytesPerCredit;
    const double replications = keeps_populations(scenario, keeps_reports) ? double(scenario.replications) : 1.0;
    estimate.total_bytes = kBaseBytes + estimate.threads_bytes +
                           replications * (estimate.population_bytes + estimate.reports_bytes);
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

void check_generated_run_fits(const Scenario& scenario, const Catalog& catalog, int threads, bool keeps_reports) {
    const MemoryEstimate estimate = estimate_generated_run(scenario, catalog, threads, keeps_reports);
    const double index_limit = double(kNone) * kIndexHeadroom;
    std::vector<Problem> problems;
    if (estimate.users > index_limit || estimate.credits > index_limit) {
        std::ostringstream message;
        message << "a replication would hold about " << std::llround(estimate.users) << " users and "
                << std::llround(estimate.credits) << " credits; creditsim indexes at most "
                << std::llround(index_limit) << " of each";
        problems.push_back(Problem{scenario.file, 0, "keys " + driving_keys(scenario, false), message.str()});
        throw InputError(problems);
    }
    std::string source;
    const double available = available_memory_bytes(source);
    if (available < 0 || estimate.total_bytes <= available) return;
    const bool with_reports = keeps_populations(scenario, keeps_reports);
    std::ostringstream message;
    message << "the run needs about " << format_bytes(estimate.total_bytes) << " of memory (population "
            << format_bytes(estimate.population_bytes) << " per replication";
    if (estimate.reports_bytes > 0) message << ", per-partner records " << format_bytes(estimate.reports_bytes) << " per replication";
    message << ", " << threads << " worker threads " << format_bytes(estimate.threads_bytes)
            << "), more than the " << format_bytes(available) << " available (" << source << ")";
    problems.push_back(Problem{scenario.file, 0, "keys " + driving_keys(scenario, with_reports), message.str()});
    throw InputError(problems);
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
