#include "reports/summary_report.hpp"

#include <gtest/gtest.h>

#include "model/errors.hpp"
#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

const char* const kSummaryHeader =
    "replication,month,demand,credit_used,payg_overage,payg_ineligible,payg_other,unserved,granted,lapsed,expired,"
    "forfeited_value,awarded,assigned,activated,rejected_unknown_user,rejected_free_hosted_domain,"
    "rejected_credit_not_assignable,rejected_bulk_not_reassignable,rejected_reassignment_cap,rejected_bulk_limit,"
    "disables,conversions,deletions,active_partners,currency\n";

/// A month whose every column holds a different value, so that a swapped column shows.
SummaryMonth distinct_month(int64_t base) {
    SummaryMonth m;
    m.flows.demand = usd(base + 1);
    m.flows.credit_used = usd(base + 2);
    m.flows.payg_overage = usd(base + 3);
    m.flows.payg_ineligible = usd(base + 4);
    m.flows.payg_other = usd(base + 5);
    m.flows.unserved = usd(base + 6);
    m.granted = usd(base + 7);
    m.lapsed = usd(base + 8);
    m.expired = usd(base + 9);
    m.forfeited_value = usd(base + 10);
    m.awarded = 11;
    m.assigned = 12;
    m.activated = 13;
    for (int r = 0; r < kRejectReasonCount; ++r) m.rejected[r] = 14 + r;
    m.disables = 20;
    m.conversions = 21;
    m.deletions = 22;
    m.active_partners = 23;
    return m;
}

TEST(ReportSummary, OneRowPerReplicationPerMonthEveryColumnInPlace) {
    const Population population = tiny_population();
    std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 11, 1), 3, 2),
                                                   empty_result(1, day(2026, 11, 1), 3, 2)};
    replications[0].summary[0] = distinct_month(100000);
    replications[1].summary[2] = distinct_month(0);
    TempFolder folder;
    ReportInputs inputs = inputs_for(population, replications, day(2026, 11, 1), day(2027, 2, 1));
    inputs.currency = "EUR";  // [run] currency: a label, the amounts are the same
    write_reports(folder.path(), inputs, {});
    EXPECT_EQ(read_text(folder / "summary.csv"),
              std::string(kSummaryHeader) +
                  "0,2026-11,1000.01,1000.02,1000.03,1000.04,1000.05,1000.06,1000.07,1000.08,1000.09,1000.10,"
                  "11,12,13,14,15,16,17,18,19,20,21,22,23,EUR\n"
                  "0,2026-12,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0,0,0,0,0,0,0,0,0,0,0,EUR\n"
                  "0,2027-01,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0,0,0,0,0,0,0,0,0,0,0,EUR\n"
                  "1,2026-11,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0,0,0,0,0,0,0,0,0,0,0,EUR\n"
                  "1,2026-12,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0,0,0,0,0,0,0,0,0,0,0,0,0,EUR\n"
                  "1,2027-01,0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.10,"
                  "11,12,13,14,15,16,17,18,19,20,21,22,23,EUR\n");
}

TEST(ReportSummary, WrittenEvenWhenEveryPerPartnerReportIsOff) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 1, 2)};
    TempFolder folder;
    ReportSelection summary_only;
    summary_only.ledger = summary_only.billing = summary_only.events = false;
    const auto paths =
        write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 2, 1)),
                      summary_only);
    EXPECT_EQ(paths,
              (std::vector<std::string>{folder / "summary.csv", folder / "resolved.ini", folder / "manifest.csv"}));
    EXPECT_EQ(folder_entries(folder.path()), (std::vector<std::string>{"manifest.csv", "resolved.ini", "summary.csv"}));
}

TEST(ReportSummary, MonthsDisagreeingWithTheRunIsOurBug) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 2, 2)};
    TempFolder folder;
    // The run [2026-01-15, 2026-03-15) touches three calendar months, not two.
    EXPECT_THROW(
        write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 15), day(2026, 3, 15)), {}),
        InvariantError);
}

}  // namespace
}  // namespace creditsim
