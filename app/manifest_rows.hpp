#pragma once
// What every manifest.csv holds, whatever the command: the build that ran, the
// scenario, its resolved keys' hash and its input files' SHA-256, every path
// written relative to the scenario's folder (as a user writes it in the scenario),
// so that the rows are the same from any working directory or checkout.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sim/inputs/scenario.hpp"

namespace creditsim::cli {

using ManifestRows = std::vector<std::pair<std::string, std::string>>;

/// The folder of the scenario file, symlinks resolved as the scenario's own paths are.
std::filesystem::path scenario_folder(const Scenario& scenario);

/// path (absolute, as Scenario holds it) relative to folder, '/'-separated: "catalog.csv",
/// "../catalog.csv".
std::string relative_path(const std::filesystem::path& folder, const std::string& path);

/// The scenario's resolved keys with every path relative to its folder: what resolved.ini
/// holds and scenario_hash hashes.
ManifestRows portable_resolved(const Scenario& scenario);

/// SHA-256 of the resolved keys, one `key=value` line each (a manifest's scenario_hash).
std::string scenario_hash(const ManifestRows& resolved);

/// The rows that open every manifest.csv: version, git_commit, compiler, build_type,
/// scenario (its file name), name, seed and replications.
ManifestRows manifest_head(const Scenario& scenario, int replications);

/// One `input:<path>` row per (absolute path, SHA-256), the path relative to folder.
ManifestRows input_rows(const std::filesystem::path& folder,
                        const std::vector<std::pair<std::string, std::string>>& hashes);

}  // namespace creditsim::cli
