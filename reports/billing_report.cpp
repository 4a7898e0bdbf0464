#include "reports/billing_report.hpp"

#include <algorithm>

#include "model/errors.hpp"

namespace creditsim {

void write_billing_csv(CsvWriter& out, const Population& run_population,
                       const std::vector<ReplicationResult>& replications, std::string_view currency) {
    out.raw(
        "replication,partner_id,month,demand,credit_used,payg_overage,payg_ineligible,payg_other,unserved,"
        "disabled_days,currency\n");
    for (const ReplicationResult& result : replications) {
        const Population& population = result.population ? *result.population : run_population;
        const size_t partner_count = population.partners.size();
        if (result.billing.empty()) continue;
        const int month_count = result.month_count;
        CREDITSIM_ASSERT(result.billing.size() == partner_count * size_t(month_count),
                         "replication " << result.replication << " has " << result.billing.size()
                                        << " billing months, expected " << partner_count << " partners x "
                                        << month_count << " months");
        for (size_t p = 0; p < partner_count; ++p) {
            const Partner& partner = population.partners[p];
            const BillingMonth* months = result.billing.data() + p * size_t(month_count);
            // Months before the join are written when they hold demand (usage is never dropped, SPEC 10).
            const int joined = month_key(partner.joined) - result.first_month_key;
            for (int m = 0; m < month_count; ++m) {
                const BillingMonth& month = months[m];
                if (m < joined && month.flows.demand.is_zero() && month.disabled_days == 0) continue;
                out.integer(result.replication)
                    .text(partner.id)
                    .month(result.first_month_key + m)
                    .money(month.flows.demand)
                    .money(month.flows.credit_used)
                    .money(month.flows.payg_overage)
                    .money(month.flows.payg_ineligible)
                    .money(month.flows.payg_other)
                    .money(month.flows.unserved)
                    .integer(month.disabled_days)
                    .text(currency)
                    .end_row();
            }
        }
    }
}

}  // namespace creditsim
