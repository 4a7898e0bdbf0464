#pragma once
// population.csv: the generated partners of every replication, so a run's
// population can be inspected (and compared between scenarios: common random numbers).

#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// Writes population.csv's header:
/// `replication,partner_id,offer,joined,renewals,users,free_hosted_users,credits`.
void write_population_header(CsvWriter& out);

/// Appends one row per partner of `population` (one replication's, or a block of it).
void write_population_rows(CsvWriter& out, int replication, const Population& population);

}  // namespace creditsim
