#pragma once
// A second, independent generator of replay histories, written as the files
// a user would hand creditsim, in shapes the project's own generator never
// makes: ids with commas, quotes, non-ASCII and long runs of characters, ids
// that sort differently as bytes (P10 < P2), usage of products no catalog
// line names and near-misses of those it does, usage before a partner joins,
// after it leaves and outside the run, amounts with 0 to 30 decimal places
// from 1e-30 to a billion, several rows on one (day, subscription, category),
// every file's rows shuffled, CRLF line ends and a BOM now and then.
//
// It keeps every usage row as written so that a test can compute the demand
// the reports must show without reading the files back through creditsim.
//   HostileHistory h = write_hostile_history(seed, folder);
//   Scenario s = load_scenario(h.scenario_file);

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace creditsim::testing {

struct HostileHistory {
    /// One usage.csv row as generated: the amount is whole + 0.fraction exactly.
    struct UsageRow {
        std::string date, partner, subscription, category;
        int64_t whole = 0;
        std::string fraction;  ///< the digits after the point as written (0-30 of them)
    };

    uint64_t seed = 0;
    std::string scenario_file;
    std::string start;  ///< the run's first day, YYYY-MM-DD
    std::string end;    ///< the first day after the run
    std::string flow;   ///< legacy | billing_profile
    std::vector<std::string> partner_ids;
    std::vector<UsageRow> usage;
    /// One line for failure messages.
    std::string describe() const;
};

/// Writes scenario.ini, catalog.csv, partners.csv, users.csv, actions.csv and
/// usage.csv into folder (which must exist). The same seed gives the same bytes.
HostileHistory write_hostile_history(uint64_t seed, const std::filesystem::path& folder);

}  // namespace creditsim::testing
