#include "reports/billing_report.hpp"

#include "model/errors.hpp"

namespace creditsim {

void write_billing_header(CsvWriter& out) {
    out.raw(
        "replication,partner_id,month,demand,credit_used,payg_overage,payg_ineligible,payg_other,unserved,"
        "disabled_days,currency\n");
}

void write_billing_rows(CsvWriter& out, int replication, const Population& population,
                        const ReplicationResult& records, std::string_view currency) {
    if (records.billing.empty()) return;
    const size_t partner_count = population.partners.size();
    const int month_count = records.month_count;
    CREDITSIM_ASSERT(records.billing.size() == partner_count * size_t(month_count),
                     "replication " << replication << " has " << records.billing.size()
                                    << " billing months, expected " << partner_count << " partners x "
                                    << month_count << " months");
    for (size_t p = 0; p < partner_count; ++p) {
        const Partner& partner = population.partners[p];
        const BillingMonth* months = records.billing.data() + p * size_t(month_count);
        // Months before the join are written when they hold demand (usage is never dropped, SPEC 10).
        const int joined = month_key(partner.joined) - records.first_month_key;
        for (int m = 0; m < month_count; ++m) {
            const BillingMonth& month = months[m];
            if (m < joined && month.flows.demand.is_zero() && month.disabled_days == 0) continue;
            out.integer(replication)
                .text(partner.id)
                .month(records.first_month_key + m)
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

}  // namespace creditsim
