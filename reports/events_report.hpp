#pragma once
// events.csv (SPEC 8): every event in the order it happened, with its subject
// (credit id, or partner id for renew and leave) and its detail spelled out.

#include <string_view>
#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// The detail column of an event: the user id (assign, remove, redeem), the reason
/// (reject, disable), the new limit state (limit), `<action>:<why>` (ignored), else "".
/// Throws InvariantError for a detail that names nothing.
std::string_view event_detail(const Population& population, const Event& event);

/// Writes events.csv: the header, then every replication's events in order.
void write_events_csv(CsvWriter& out, const Population& population, const std::vector<ReplicationResult>& replications);

}  // namespace creditsim
