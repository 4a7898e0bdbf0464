#include "reports/ledger_report.hpp"

#include "model/errors.hpp"

namespace creditsim {

void write_ledger_header(CsvWriter& out) {
    out.raw(
        "replication,partner_id,credit_id,kind,scope,period_start,period_end,opening,granted,used,lapsed,expired,"
        "closing,currency\n");
}

void write_ledger_rows(CsvWriter& out, int replication, const Population& population,
                       const std::vector<LedgerRow>& ledger, std::string_view currency) {
    const Catalog& catalog = population.catalog;
    for (const LedgerRow& row : ledger) {
        CREDITSIM_ASSERT(row.credit < population.credits.size(),
                         "ledger row of credit " << row.credit << " of " << population.credits.size());
        const Credit& credit = population.credits[row.credit];
        const CatalogLine& line = catalog.lines()[credit.catalog_line];
        out.integer(replication)
            .text(population.partners[credit.partner].id)
            .text(credit.id)
            .text(to_string(line.kind))
            .text(catalog.scope_name(line.scope))
            .date(row.period_start)
            .date(row.period_last_day)
            .money(row.opening)
            .money(row.granted)
            .money(row.used)
            .money(row.lapsed)
            .money(row.expired)
            .money(row.closing)
            .text(currency)
            .end_row();
    }
}

}  // namespace creditsim
