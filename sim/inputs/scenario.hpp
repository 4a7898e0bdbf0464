#pragma once
// Scenario files (SPEC section 5): INI read with Boost.Program_Options, every
// key declared with type, default and meaning; `[run] base =` inheritance;
// `--set section.key=value` overrides; `[behavior]` (SPEC section 7) and
// `[output]` with its `auto` rule.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/currency.hpp"
#include "model/date.hpp"
#include "model/policy.hpp"
#include "sim/inputs/behavior.hpp"

namespace creditsim {

enum class PopulationSource { generated, files };

/// Partner-replications (partners x replications) up to which a generated population
/// writes its `auto` per-partner reports; above it they would dominate the run.
inline constexpr int64_t kAutoReportLimit = 20000;

/// Whether an `[output]` report set to `auto` is written: always for a replay; for a
/// generated population when partners x replications <= kAutoReportLimit.
bool is_auto_report_on(PopulationSource source, int64_t partners, int replications);

struct Scenario {
    std::string file;  ///< the scenario file as named on the command line

    // [run]
    std::string name;
    Date start = Date::from_ymd(2026, 1, 1);
    int months = 36;
    uint64_t seed = 20261126;
    int replications = 1;
    std::string currency{kDefaultCurrency};  ///< ISO 4217 code labelling every amount (never converted)

    // [catalog]
    std::string catalog_file;  ///< resolved against the file that named it

    // [population]
    PopulationSource source = PopulationSource::generated;
    int64_t partners = 10000;
    std::string offer_mix;  ///< raw "offer:weight, ..." (parsed by the generator)
    std::string partners_file, users_file, actions_file, usage_file;  ///< resolved paths

    // [behavior]
    Behavior behavior;  ///< distributions of a generated population; unused by a replay

    Policy policy;

    // [output]: `auto` is already resolved here (is_auto_report_on).
    bool write_ledger = true;
    bool write_billing = true;
    bool write_events = true;
    bool write_population = false;  ///< population.csv: the generated partners

    /// Every declared key with its final value as text, in declaration order
    /// ("policy.validity_months", "13"): what resolved.ini holds. Paths absolute;
    /// reals in their shortest round-trip form; `auto` replaced by true or false.
    std::vector<std::pair<std::string, std::string>> resolved;

    /// The first day after the run: start + months.
    Date end_day() const { return add_months(start, months); }
};

/// Loads a scenario file, its base chain, then applies `section.key=value`
/// overrides in order. Throws InputError listing every problem found
/// (file, line where possible, key, what was expected).
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

/// The text of `creditsim run --help-scenario`: every section and key with its
/// type, default and one-line meaning.
std::string scenario_help();

}  // namespace creditsim
