#pragma once
// ledger.csv (SPEC 8): one row per credit per billing period, clipped to the credit's validity.

#include <string_view>
#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// Writes ledger.csv: the header, then every replication's ledger rows in the order they are kept
/// (replications in order; period_end is the inclusive last day of the period), each ending
/// with the currency of its amounts.
void write_ledger_csv(CsvWriter& out, const Population& population, const std::vector<ReplicationResult>& replications,
                      std::string_view currency);

}  // namespace creditsim
