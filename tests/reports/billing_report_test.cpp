#include "reports/billing_report.hpp"

#include <gtest/gtest.h>

#include "model/errors.hpp"
#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

const char* const kBillingHeader =
    "replication,partner_id,month,demand,credit_used,payg_overage,payg_ineligible,payg_other,unserved,"
    "disabled_days,currency\n";

BillingMonth billing(int64_t used, int64_t overage, int64_t ineligible, int64_t other, int64_t unserved, int days) {
    BillingMonth month;
    month.flows.credit_used = usd(used);
    month.flows.payg_overage = usd(overage);
    month.flows.payg_ineligible = usd(ineligible);
    month.flows.payg_other = usd(other);
    month.flows.unserved = usd(unserved);
    month.flows.demand = usd(used + overage + ineligible + other + unserved);
    month.disabled_days = days;
    return month;
}

TEST(ReportBilling, RowsFromEachPartnersJoinMonthAndEarlierMonthsWithDemand) {
    // P1 joined 2026-01-01, P2 on 2026-03-10: P2's January holds demand (usage before
    // the join is never dropped), its February nothing and is left out.
    const Population population = tiny_population();
    std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 4, 2),
                                                   empty_result(1, day(2026, 1, 1), 4, 2)};
    auto& first = replications[0].billing;  // partners x months, row-major
    first[0] = billing(2000, 0, 0, 0, 0, 0);
    first[1] = billing(10000, 550, 125, 0, 0, 3);
    first[3] = billing(1, 2, 3, 4, 5, 31);
    first[4] = billing(0, 0, 0, 0, 999999, 0);  // P2 before joining, unserved: reported
    first[6] = billing(0, 0, 0, 1234, 0, 0);
    replications[1].billing[7] = billing(0, 0, 0, 0, 700, 2);
    TempFolder folder;
    write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 5, 1)), {});
    EXPECT_EQ(read_text(folder / "billing.csv"), std::string(kBillingHeader) +
                                                     "0,P1,2026-01,20.00,20.00,0.00,0.00,0.00,0.00,0,USD\n"
                                                     "0,P1,2026-02,106.75,100.00,5.50,1.25,0.00,0.00,3,USD\n"
                                                     "0,P1,2026-03,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n"
                                                     "0,P1,2026-04,0.15,0.01,0.02,0.03,0.04,0.05,31,USD\n"
                                                     "0,P2,2026-01,9999.99,0.00,0.00,0.00,0.00,9999.99,0,USD\n"
                                                     "0,P2,2026-03,12.34,0.00,0.00,0.00,12.34,0.00,0,USD\n"
                                                     "0,P2,2026-04,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n"
                                                     "1,P1,2026-01,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n"
                                                     "1,P1,2026-02,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n"
                                                     "1,P1,2026-03,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n"
                                                     "1,P1,2026-04,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n"
                                                     "1,P2,2026-03,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n"
                                                     "1,P2,2026-04,7.00,0.00,0.00,0.00,0.00,7.00,2,USD\n");
}

TEST(ReportBilling, AReplicationWithoutBillingHasNoRows) {
    const Population population = tiny_population();
    std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 3, 1), 1, 2),
                                                   empty_result(1, day(2026, 3, 1), 1, 2)};
    replications[0].billing.clear();
    TempFolder folder;
    write_reports(folder.path(), inputs_for(population, replications, day(2026, 3, 1), day(2026, 4, 1)), {});
    EXPECT_EQ(read_text(folder / "billing.csv"), std::string(kBillingHeader) +
                                                     "1,P1,2026-03,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n"
                                                     "1,P2,2026-03,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n");
}

TEST(ReportBilling, NotWrittenWhenSwitchedOff) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 3, 1), 1, 2)};
    TempFolder folder;
    ReportSelection selection;
    selection.billing = false;
    const auto paths =
        write_reports(folder.path(), inputs_for(population, replications, day(2026, 3, 1), day(2026, 4, 1)), selection);
    EXPECT_EQ(paths, (std::vector<std::string>{folder / "ledger.csv", folder / "events.csv", folder / "summary.csv",
                                               folder / "resolved.ini", folder / "manifest.csv"}));
    EXPECT_FALSE(std::filesystem::exists(folder / "billing.csv"));
}

TEST(ReportBilling, AWrongSizeIsOurBug) {
    const Population population = tiny_population();
    std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 3, 1), 2, 2)};
    replications[0].billing.pop_back();
    TempFolder folder;
    EXPECT_THROW(
        write_reports(folder.path(), inputs_for(population, replications, day(2026, 3, 1), day(2026, 5, 1)), {}),
        InvariantError);
}

}  // namespace
}  // namespace creditsim
