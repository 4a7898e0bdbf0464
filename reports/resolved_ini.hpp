#pragma once
// resolved.ini (SPEC 5 and 8): the scenario with every key at its final value,
// written beside the reports; a copy in the scenario's folder repeats the run.

#include <string>
#include <utility>
#include <vector>

#include "reports/csv_writer.hpp"

namespace creditsim {

/// Writes resolved.ini from ("section.key", value) pairs: a header comment, then one
/// `[section]` block per section in order of first appearance holding its `key = value`
/// lines in input order. The section is the text before the first '.'; keys without a
/// '.' come first, before any section. Values are written as they are; a value with a
/// line break cannot be written and throws Error naming the key.
void write_resolved_ini(CsvWriter& out, const std::vector<std::pair<std::string, std::string>>& resolved);

}  // namespace creditsim
