#include "reports/population_report.hpp"

namespace creditsim {

void write_population_header(CsvWriter& out) {
    out.raw("replication,partner_id,offer,joined,renewals,users,free_hosted_users,credits\n");
}

void write_population_rows(CsvWriter& out, int replication, const Population& population) {
    for (const Partner& partner : population.partners) {
        int64_t free_hosted = 0;
        for (uint32_t u = partner.first_user; u < partner.first_user + partner.user_count; ++u)
            free_hosted += population.users[u].is_free_hosted ? 1 : 0;
        out.integer(replication)
            .text(partner.id)
            .text(population.catalog.offers()[partner.offer])
            .date(partner.joined)
            .integer(partner.renewals)
            .integer(partner.user_count)
            .integer(free_hosted)
            .integer(partner.credit_count)
            .end_row();
    }
}

}  // namespace creditsim
