#pragma once
// `creditsim import`: cost exports -> usage.csv (SPEC 6), with a reconciliation on stderr.

#include <string>
#include <vector>

namespace creditsim::cli {

/// `creditsim import --format azure-cost|focus EXPORT.csv [...] --map subscriptions.csv --out usage.csv
/// [--skip-unmapped]`; args exclude the word `import`. Returns kOk once usage.csv is in place;
/// throws InputError (exit 2: nothing written) or InvariantError (exit 3: the totals did not reconcile).
int import_command(const std::vector<std::string>& args);

}  // namespace creditsim::cli
