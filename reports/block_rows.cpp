#include "reports/block_rows.hpp"

#include "reports/billing_report.hpp"
#include "reports/csv_writer.hpp"
#include "reports/ledger_report.hpp"
#include "reports/population_report.hpp"
#include "reports/report_set.hpp"

namespace creditsim {

BlockRows format_block_rows(const ReportSelection& selection, const std::string& currency, int replication,
                            const Population& population, const ReplicationResult& records) {
    BlockRows rows;
    if (selection.ledger) {
        CsvWriter out(&rows.ledger);
        write_ledger_rows(out, replication, population, records.ledger, currency);
        out.flush();
    }
    if (selection.billing) {
        CsvWriter out(&rows.billing);
        write_billing_rows(out, replication, population, records, currency);
        out.flush();
    }
    if (selection.population) {
        CsvWriter out(&rows.population);
        write_population_rows(out, replication, population);
        out.flush();
    }
    if (selection.events) {
        EventRows events;
        events.add(replication, population, records.events);
        events.take(rows.events, rows.event_rows);
    }
    return rows;
}

}  // namespace creditsim
