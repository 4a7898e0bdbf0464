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

/// Writes billing.csv's header.
void write_billing_header(CsvWriter& out);

/// Appends the billing rows of one replication's partners (records.billing is
/// population's partners × months, or empty when not kept: then no rows):
/// partners in index order, months in order, each row ending with the
/// currency of its amounts.
void write_billing_rows(CsvWriter& out, int replication, const Population& population,
                        const ReplicationResult& records, std::string_view currency);

}  // namespace creditsim
