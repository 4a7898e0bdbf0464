#pragma once
// quantiles.csv (SPEC 8, more than one replication): per calendar month and
// summary metric, the mean and the 5th, 50th and 95th percentiles across replications.

#include <string_view>
#include <vector>

#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// Writes quantiles.csv: the header `month,metric,mean,p05,p50,p95,unit`, then months in order and,
/// within a month, the metrics in summary.csv's column order. Money metrics are in currency
/// units with exactly two decimals (unit: the currency); counts have at most four decimals,
/// trailing zeros dropped (see statistics.hpp). Requires at least one replication, all over the same months.
void write_quantiles_csv(CsvWriter& out, const std::vector<ReplicationResult>& replications,
                         std::string_view currency);

}  // namespace creditsim
