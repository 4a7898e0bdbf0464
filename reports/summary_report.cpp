#include "reports/summary_report.hpp"

#include <string>

#include "model/errors.hpp"

namespace creditsim {

const std::vector<SummaryColumn>& summary_columns() {
    static const std::vector<SummaryColumn> columns = {
        {"demand", [](const SummaryMonth& m) { return m.flows.demand.cents(); }},
        {"credit_used", [](const SummaryMonth& m) { return m.flows.credit_used.cents(); }},
        {"payg_overage", [](const SummaryMonth& m) { return m.flows.payg_overage.cents(); }},
        {"payg_ineligible", [](const SummaryMonth& m) { return m.flows.payg_ineligible.cents(); }},
        {"payg_other", [](const SummaryMonth& m) { return m.flows.payg_other.cents(); }},
        {"unserved", [](const SummaryMonth& m) { return m.flows.unserved.cents(); }},
        {"granted", [](const SummaryMonth& m) { return m.granted.cents(); }},
        {"lapsed", [](const SummaryMonth& m) { return m.lapsed.cents(); }},
        {"expired", [](const SummaryMonth& m) { return m.expired.cents(); }},
        {"forfeited_value", [](const SummaryMonth& m) { return m.forfeited_value.cents(); }},
        {"awarded", [](const SummaryMonth& m) { return m.awarded; }},
        {"assigned", [](const SummaryMonth& m) { return m.assigned; }},
        {"activated", [](const SummaryMonth& m) { return m.activated; }},
        {"rejected_unknown_user",
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::unknown_user)]; }},
        {"rejected_free_hosted_domain",
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::free_hosted_domain)]; }},
        {"rejected_credit_not_assignable",
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::credit_not_assignable)]; }},
        {"rejected_bulk_not_reassignable",
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::bulk_not_reassignable)]; }},
        {"rejected_reassignment_cap",
         [](const SummaryMonth& m) { return m.rejected[int(RejectReason::reassignment_cap)]; }},
        {"rejected_bulk_limit", [](const SummaryMonth& m) { return m.rejected[int(RejectReason::bulk_limit)]; }},
        {"disables", [](const SummaryMonth& m) { return m.disables; }},
        {"conversions", [](const SummaryMonth& m) { return m.conversions; }},
        {"deletions", [](const SummaryMonth& m) { return m.deletions; }},
        {"active_partners", [](const SummaryMonth& m) { return m.active_partners; }},
    };
    static_assert(kRejectReasonCount == 6, "one rejected_<reason> column per RejectReason");
    return columns;
}

void write_summary_csv(CsvWriter& out, const std::vector<ReplicationResult>& replications, std::string_view currency) {
    const auto& columns = summary_columns();
    std::string header = "replication,month";
    for (const auto& column : columns) header.append(",").append(column.name);
    header += ",currency\n";
    std::vector<bool> is_money;
    for (const auto& column : columns) is_money.push_back(column.is_money());
    out.raw(header);

    for (const ReplicationResult& result : replications) {
        CREDITSIM_ASSERT(result.summary.size() == size_t(result.month_count),
                         "replication " << result.replication << " has " << result.summary.size()
                                        << " summary months, expected " << result.month_count);
        for (int month = 0; month < result.month_count; ++month) {
            const SummaryMonth& row = result.summary[month];
            out.integer(result.replication).month(result.first_month_key + month);
            for (size_t c = 0; c < columns.size(); ++c) {
                if (is_money[c])
                    out.money(Money::from_cents(columns[c].value(row)));
                else
                    out.integer(columns[c].value(row));
            }
            out.text(currency).end_row();
        }
    }
}

}  // namespace creditsim
