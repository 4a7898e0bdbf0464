#pragma once
// What every fuzz target shares: a private folder holding a valid replay, the
// fuzzer's bytes written there as one input file, and the one rule a reader must
// keep: bad input is an InputError (or OverflowError), never a crash, a hang,
// another exception or a broken invariant. Targets call readers through their
// public entry points only, so they survive a rewrite of the readers.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "sim/import/cost_export.hpp"

namespace creditsim::fuzz {

/// This process's folder (removed at exit): catalog.csv, partners.csv, users.csv, actions.csv,
/// usage.csv (copies of scenarios/replay and scenarios/catalog.csv), scenario.ini naming
/// them, and subscriptions.csv mapping the subscriptions of tests/data.
const std::filesystem::path& work_dir();

/// Writes the bytes to work_dir()/name and returns the path.
std::string write_input(const std::string& name, const uint8_t* data, size_t size);

/// Runs read. A creditsim::Error that is not an InvariantError is the expected answer to bad
/// input; anything else (an InvariantError, another exception) aborts: the fuzzer reports it.
void expect_only_input_errors(const std::function<void()>& read);

/// Writes the bytes over one replay input (catalog.csv, partners.csv, ...), then loads the
/// whole replay through load_replay_inputs, the others left valid.
void load_replay_with(const std::string& file, const uint8_t* data, size_t size);

/// One cost export of `format` through the import entry point (import_cost_exports), then
/// written as usage.csv: odd sizes decide --skip-unmapped.
void import_export(ExportFormat format, const uint8_t* data, size_t size);

}  // namespace creditsim::fuzz
