#pragma once
// population.csv: the generated partners of every replication, so a run's
// population can be inspected (and compared between scenarios: common random numbers).

#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// Writes `replication,partner_id,offer,joined,renewals,users,free_hosted_users,credits`,
/// one row per partner of each replication's population (or the run's when it has none).
void write_population_csv(CsvWriter& out, const Population& run_population,
                          const std::vector<ReplicationResult>& replications);

}  // namespace creditsim
