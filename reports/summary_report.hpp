#pragma once
// summary.csv (SPEC 8): one row per replication per calendar month, and the
// table of its metric columns, which quantiles.csv summarises across replications.

#include <cstdint>
#include <vector>

#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// One summary.csv column after `replication,month`.
struct SummaryColumn {
    const char* name;
    bool is_money;                            ///< value() is in cents
    int64_t (*value)(const SummaryMonth& m);  ///< cents for money, else the count
};

/// The summary.csv metric columns after `replication,month`, in file order.
const std::vector<SummaryColumn>& summary_columns();

/// Writes summary.csv: the header, then every replication's month_count rows in order.
void write_summary_csv(CsvWriter& out, const std::vector<ReplicationResult>& replications);

}  // namespace creditsim
