#include "reports/summary_report.hpp"

#include <string>

#include "model/errors.hpp"

namespace creditsim {

const std::vector<SummaryColumn>& summary_columns() {
    static const std::vector<SummaryColumn> columns = {
        {"demand", true, [](const SummaryMonth& m) { return m.flows.demand.cents(); }},
        {"credit_used", true, [](const SummaryMonth& m) { return m.flows.credit_used.cents(); }},
        {"payg_overage", true, [](const SummaryMonth& m) { return m.flows.payg_overage.cents(); }},
        {"payg_ineligible", true, [](const SummaryMonth& m) { return m.flows.payg_ineligible.cents(); }},
        {"payg_other", true, [](const SummaryMonth& m) { return m.flows.payg_other.cents(); }},
        {"unserved", true, [](const SummaryMonth& m) { return m.flows.unserved.cents(); }},
        {"granted", true, [](const SummaryMonth& m) { return m.granted.cents(); }},
        {"lapsed", true, [](const SummaryMonth& m) { return m.lapsed.cents(); }},
        {"expired", true, [](const SummaryMonth& m) { return m.expired.cents(); }},
        {"forfeited_value", true, [](const SummaryMonth& m) { return m.forfeited_value.cents(); }},
        {"awarded", false, [](const SummaryMonth& m) { return m.awarded; }},
        {"assigned", false, [](const SummaryMonth& m) { return m.assigned; }},
        {"activated", false, [](const SummaryMonth& m) { return m.activated; }},
        {"rejected_unknown_user", false,
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::unknown_user)]; }},
        {"rejected_free_hosted_domain", false,
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::free_hosted_domain)]; }},
        {"rejected_credit_not_assignable", false,
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::credit_not_assignable)]; }},
        {"rejected_bulk_not_reassignable", false,
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::bulk_not_reassignable)]; }},
        {"rejected_reassignment_cap", false,
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::reassignment_cap)]; }},
        {"rejected_bulk_limit", false, [](const SummaryMonth& m) { return m.rejected[int(RejectReason::bulk_limit)]; }},
        {"disables", false, [](const SummaryMonth& m) { return m.disables; }},
        {"conversions", false, [](const SummaryMonth& m) { return m.conversions; }},
        {"deletions", false, [](const SummaryMonth& m) { return m.deletions; }},
        {"active_partners", false, [](const SummaryMonth& m) { return m.active_partners; }},
    };
    static_assert(kRejectReasonCount == 6, "one rejected_<reason> column per RejectReason");
    return columns;
}

void write_summary_csv(CsvWriter& out, const std::vector<ReplicationResult>& replications) {
    const auto& columns = summary_columns();
    std::string header = "replication,month";
    for (const auto& column : columns) header.append(",").append(column.name);
    header += "\n";
    out.raw(header);

    for (const ReplicationResult& result : replications) {
        CREDITSIM_ASSERT(result.summary.size() == size_t(result.month_count),
                         "replication " << result.replication << " has " << result.summary.size()
                                        << " summary months, expected " << result.month_count);
        for (int month = 0; month < result.month_count; ++month) {
            const SummaryMonth& row = result.summary[month];
            out.integer(result.replication).month(result.first_month_key + month);
            for (const auto& column : columns) {
                if (column.is_money)
                    out.money(Money::from_cents(column.value(row)));
                else
                    out.integer(column.value(row));
            }
            out.end_row();
        }
    }
}

}  // namespace creditsim
