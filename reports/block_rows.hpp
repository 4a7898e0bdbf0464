#pragma once
// The per-partner report rows of one block of partners, formatted in the
// process that simulated the block and written by the one that writes the
// reports (an MPI run, app/cluster): the same bytes either way.

#include <string>
#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/events_report.hpp"

namespace creditsim {

struct ReportSelection;

/// ledger.csv, billing.csv and population.csv rows as they go into the files;
/// events.csv rows with when each happened (a replication's are sorted at its end).
struct BlockRows {
    std::string ledger, billing, population, events;
    std::vector<EventRows::Row> event_rows;  ///< offsets into events
};

/// The selected reports' rows of one block of partners (records' indices are population's).
BlockRows format_block_rows(const ReportSelection& selection, const std::string& currency, int replication,
                            const Population& population, const ReplicationResult& records);

}  // namespace creditsim
