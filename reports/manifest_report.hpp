#pragma once
// manifest.csv (SPEC 8): what produced the reports (version, seed, scenario and
// input hashes, notes, wall time) as key,value rows.

#include <string>
#include <utility>
#include <vector>

#include "reports/csv_writer.hpp"

namespace creditsim {

/// Writes manifest.csv: the header `key,value`, then the pairs in order, each field
/// quoted per RFC 4180 when it contains a comma, a quote or a line break.
void write_manifest_csv(CsvWriter& out, const std::vector<std::pair<std::string, std::string>>& manifest);

}  // namespace creditsim
