#pragma once
// manifest.csv for the commands that run several scenarios (compare, sweep,
// sensitivity): what makes their results reproducible, so that report.html's
// headline shows the version, seed and hashes as a run's does.

#include <string>
#include <utility>
#include <vector>

#include "sim/inputs/scenario.hpp"

namespace creditsim::cli {

/// (key, value) rows: the build, the base scenario's file name, name, seed and replications,
/// then per scenario (labels[i], e.g. its unique name or grid point) the SHA-256 of its
/// resolved keys, then each input file's SHA-256 once (catalog, and a replay's partners,
/// users, actions and usage files), named relative to the base scenario's folder, then the
/// threads (a rank) and ranks it ran on. No wall time: the same bytes for the same layout.
std::vector<std::pair<std::string, std::string>> study_manifest_rows(const std::vector<Scenario>& scenarios,
                                                                     const std::vector<std::string>& labels,
                                                                     int threads);

}  // namespace creditsim::cli
