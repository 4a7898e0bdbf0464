#pragma once
// summary.csv (SPEC 8): one row per replication per calendar month, and the
// table of its metric columns, which quantiles.csv summarises across replications.

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/records.hpp"
#include "reports/csv_writer.hpp"
#include "reports/metrics.hpp"

namespace creditsim {

/// One summary.csv column after `replication,month`; its unit is the metric's of the same
/// name (reports/metrics.hpp).
struct SummaryColumn {
    const char* name;
    int64_t (*value)(const SummaryMonth& m);  ///< cents for money, else the count
    cli::MetricUnit unit() const { return cli::metric_unit(name); }
    bool is_money() const { return unit() == cli::MetricUnit::money; }
};

/// The summary.csv metric columns after `replication,month`, in file order.
const std::vector<SummaryColumn>& summary_columns();

/// Writes summary.csv: the header, then every replication's month_count rows in order, each
/// ending with the currency of its amounts.
void write_summary_csv(CsvWriter& out, const std::vector<ReplicationResult>& replications, std::string_view currency);

}  // namespace creditsim
