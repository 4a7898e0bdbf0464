#pragma once
// ledger.csv (SPEC 8): one row per credit per billing period, clipped to the credit's validity.

#include <string_view>
#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// Writes ledger.csv's header.
void write_ledger_header(CsvWriter& out);

/// Appends the ledger rows of one replication's partners in the order they are kept
/// (the rows' credit indices are population's; period_end is the inclusive last day of
/// the period), each ending with the currency of its amounts.
void write_ledger_rows(CsvWriter& out, int replication, const Population& population,
                       const std::vector<LedgerRow>& ledger, std::string_view currency);

}  // namespace creditsim
