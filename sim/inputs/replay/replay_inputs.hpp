#pragma once
// Reads the replay inputs of SPEC section 6 (catalog, partners, users,
// actions, usage) with the one CSV reader (sim/inputs/csv/csv_records.hpp) into a Population and a History.
// Every problem of every file is collected and reported together.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/history.hpp"
#include "model/population.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim {

/// Counts the run's notes report (stderr and manifest.csv).
struct InputNotes {
    int64_t actions_outside_run = 0;  ///< well-formed actions dated outside [start, end day)
    int64_t usage_outside_run = 0;    ///< usage rows dated outside the run
    std::vector<std::string> usage_notes;  ///< sentences: products no catalog line names, likely typos
};

struct ReplayInputs {
    Population population;
    History history;
    InputNotes notes;
    /// (file path, SHA-256 hex of its bytes) for manifest.csv, in read order.
    std::vector<std::pair<std::string, std::string>> input_hashes;
};

/// Reads catalog.csv of a run in run_currency (`[run] currency`); appends (path, SHA-256 of
/// the bytes read) to input_hashes when given. Throws InputError with every problem of the
/// file, among them a currency column that names another currency.
Catalog load_catalog(const std::string& path, std::string_view run_currency,
                     std::vector<std::pair<std::string, std::string>>* input_hashes = nullptr);

/// Reads all replay inputs the scenario names. Throws InputError with every
/// problem found in all files (a later file is still checked when an earlier
/// one had problems, as far as its rows can be understood).
ReplayInputs load_replay_inputs(const Scenario& scenario);

}  // namespace creditsim
