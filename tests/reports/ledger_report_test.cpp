#include "reports/ledger_report.hpp"

#include <gtest/gtest.h>

#include "model/errors.hpp"
#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

const char* const kLedgerHeader =
    "replication,partner_id,credit_id,kind,scope,period_start,period_end,opening,granted,used,lapsed,expired,"
    "closing,currency\n";

TEST(ReportLedger, RowsOfEveryReplicationInOrderWithKindAndScope) {
    const Population population = tiny_population();
    std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 3, 2),
                                                   empty_result(1, day(2026, 1, 1), 3, 2)};
    const uint32_t bulk = credit(population, "P1/1/azure_bulk");
    const uint32_t ghe = credit(population, "P1/1/ghe_monthly");
    const uint32_t p2_monthly = credit(population, "P2/1/azure_monthly");
    replications[0].ledger = {
        {bulk, day(2026, 1, 5), day(2026, 2, 4), usd(0), usd(600000), usd(10025), usd(0), usd(0), usd(589975)},
        {bulk, day(2026, 2, 5), day(2026, 3, 4), usd(589975), usd(0), usd(75), usd(0), usd(0), usd(589900)},
        {ghe, day(2026, 1, 31), day(2026, 2, 27), usd(0), usd(5000), usd(5000), usd(0), usd(0), usd(0)},
    };
    replications[1].ledger = {
        {p2_monthly, day(2026, 3, 10), day(2026, 4, 9), usd(0), usd(10000), usd(1), usd(0), usd(0), usd(9999)},
    };
    TempFolder folder;
    write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 4, 1)), {});
    EXPECT_EQ(read_text(folder / "ledger.csv"),
              std::string(kLedgerHeader) +
                  "0,P1,P1/1/azure_bulk,bulk,azure,2026-01-05,2026-02-04,0.00,6000.00,100.25,0.00,0.00,5899.75,USD\n"
                  "0,P1,P1/1/azure_bulk,bulk,azure,2026-02-05,2026-03-04,5899.75,0.00,0.75,0.00,0.00,5899.00,USD\n"
                  "0,P1,P1/1/ghe_monthly,monthly,github_enterprise,2026-01-31,2026-02-27,0.00,50.00,50.00,0.00,0.00,"
                  "0.00,USD\n"
                  "1,P2,P2/1/azure_monthly,monthly,azure,2026-03-10,2026-04-09,0.00,100.00,0.01,0.00,0.00,99.99,USD\n");
}

TEST(ReportLedger, NoRowsIsTheHeaderAlone) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 1, 2)};
    TempFolder folder;
    write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 2, 1)), {});
    EXPECT_EQ(read_text(folder / "ledger.csv"), kLedgerHeader);
}

TEST(ReportLedger, ACreditThatDoesNotExistIsOurBug) {
    const Population population = tiny_population();
    std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 1, 2)};
    LedgerRow bad_row;
    bad_row.credit = uint32_t(population.credits.size());  // no such credit
    replications[0].ledger = {bad_row};
    TempFolder folder;
    EXPECT_THROW(
        write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 2, 1)), {}),
        InvariantError);
    EXPECT_EQ(folder_entries(folder.path()), std::vector<std::string>{}) << "nothing is left behind";
}

}  // namespace
}  // namespace creditsim
