#pragma once
// ledger.csv (SPEC 8): one row per credit per billing period, clipped to the credit's validity.

#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// Writes ledger.csv: the header, then every replication's ledger rows in the order they are kept
/// (replications in order; period_end is the inclusive last day of the period).
void write_ledger_csv(CsvWriter& out, const Population& population, const std::vector<ReplicationResult>& replications);

}  // namespace creditsim
