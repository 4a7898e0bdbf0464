#include "reports/population_report.hpp"

namespace creditsim {

void write_population_csv(CsvWriter& out, const Population& run_population,
                          const std::vector<ReplicationResult>& replications) {
    out.raw("replication,partner_id,offer,joined,renewals,users,free_hosted_users,credits\n");
    for (const ReplicationResult& result : replications) {
        const Population& population = result.population ? *result.population : run_population;
        for (const Partner& partner : population.partners) {
            int64_t free_hosted = 0;
            for (uint32_t u = partner.first_user; u < partner.first_user + partner.user_count; ++u)
                free_hosted += population.users[u].is_free_hosted ? 1 : 0;
            out.integer(result.replication)
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
}

}  // namespace creditsim
