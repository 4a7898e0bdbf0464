#pragma once
// billing.csv (SPEC 8): one row per partner per calendar month, from the month
// the partner joined to the run's last month (earlier months are all zero by
// construction and are left out; later all-zero months are kept).

#include <string_view>
#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// Writes billing.csv: the header, then per replication (in order) partners in index
/// order, months in order, each row ending with the currency of its amounts.
/// Replications whose billing was not kept have no rows.
void write_billing_csv(CsvWriter& out, const Population& population,
                       const std::vector<ReplicationResult>& replications, std::string_view currency);

}  // namespace creditsim
