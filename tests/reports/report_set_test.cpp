#include "reports/report_set.hpp"

#include <gtest/gtest.h>

#include "model/errors.hpp"
#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

/// The population of example 01_monthly_lapse: P1 (offer ap, joined 2026-01-01), user u1.
Population monthly_lapse_population() {
    Population population;
    population.catalog =
        Catalog({CatalogLine{"ap", "azure_monthly", CreditKind::monthly, usd(10000), 1, 12, kAzureScope}}, {});
    population.partners.push_back(Partner{"P1", 0, day(2026, 1, 1), 0, 0, 1, 0, 0});
    population.users.push_back(User{"u1", "alice@contoso.com", 0, false});
    award_all_credits(population);
    return population;
}

/// What the engine records for example 01 (four months from 2026-01-01).
ReplicationResult monthly_lapse_result() {
    ReplicationResult result = empty_result(0, day(2026, 1, 1), 4, 1);
    const uint32_t c = 0;
    result.ledger = {
        {c, day(2026, 1, 10), day(2026, 2, 9), usd(0), usd(10000), usd(3050), usd(6950), usd(0), usd(0)},
        {c, day(2026, 2, 10), day(2026, 3, 9), usd(0), usd(10000), usd(5525), usd(4475), usd(0), usd(0)},
        {c, day(2026, 3, 10), day(2026, 4, 9), usd(0), usd(10000), usd(0), usd(10000), usd(0), usd(0)},
        {c, day(2026, 4, 10), day(2026, 5, 9), usd(0), usd(10000), usd(100), usd(0), usd(0), usd(9900)},
    };
    result.events = {
        Event{day(2026, 1, 1), 0, c, EventKind::award, 0},
        Event{day(2026, 1, 5), 0, c, EventKind::assign, 0},
        Event{day(2026, 1, 10), 0, c, EventKind::redeem, 0},
    };
    const int64_t used[] = {2000, 6575, 0, 100};
    const int64_t lapsed[] = {0, 6950, 4475, 10000};
    for (int m = 0; m < 4; ++m) {
        result.billing[m].flows.demand = result.billing[m].flows.credit_used = usd(used[m]);
        SummaryMonth& s = result.summary[m];
        s.flows = result.billing[m].flows;
        s.granted = usd(10000);
        s.lapsed = usd(lapsed[m]);
        s.active_partners = 1;
    }
    result.summary[0].awarded = result.summary[0].assigned = result.summary[0].activated = 1;
    return result;
}

TEST(ReportSet, ReproducesExample01ByteForByte) {
    const Population population = monthly_lapse_population();
    const std::vector<ReplicationResult> replications = {monthly_lapse_result()};
    TempFolder folder;
    write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 5, 1)), {});
    EXPECT_EQ(read_text(folder / "ledger.csv"),
              "replication,partner_id,credit_id,kind,scope,period_start,period_end,opening,granted,used,lapsed,"
              "expired,closing,currency\n"
              "0,P1,P1/1/azure_monthly,monthly,azure,2026-01-10,2026-02-09,0.00,100.00,30.50,69.50,0.00,0.00,USD\n"
              "0,P1,P1/1/azure_monthly,monthly,azure,2026-02-10,2026-03-09,0.00,100.00,55.25,44.75,0.00,0.00,USD\n"
              "0,P1,P1/1/azure_monthly,monthly,azure,2026-03-10,2026-04-09,0.00,100.00,0.00,100.00,0.00,0.00,USD\n"
              "0,P1,P1/1/azure_monthly,monthly,azure,2026-04-10,2026-05-09,0.00,100.00,1.00,0.00,0.00,99.00,USD\n");
    EXPECT_EQ(read_text(folder / "billing.csv"),
              "replication,partner_id,month,demand,credit_used,payg_overage,payg_ineligible,payg_other,unserved,"
              "disabled_days,currency\n"
              "0,P1,2026-01,20.00,20.00,0.00,0.00,0.00,0.00,0,USD\n"
              "0,P1,2026-02,65.75,65.75,0.00,0.00,0.00,0.00,0,USD\n"
              "0,P1,2026-03,0.00,0.00,0.00,0.00,0.00,0.00,0,USD\n"
              "0,P1,2026-04,1.00,1.00,0.00,0.00,0.00,0.00,0,USD\n");
    EXPECT_EQ(read_text(folder / "events.csv"),
              "replication,date,partner_id,subject,event,detail\n"
              "0,2026-01-01,P1,P1/1/azure_monthly,award,\n"
              "0,2026-01-05,P1,P1/1/azure_monthly,assign,u1\n"
              "0,2026-01-10,P1,P1/1/azure_monthly,redeem,u1\n");
    EXPECT_EQ(read_text(folder / "summary.csv"),
              "replication,month,demand,credit_used,payg_overage,payg_ineligible,payg_other,unserved,granted,lapsed,"
              "expired,forfeited_value,awarded,assigned,activated,rejected_unknown_user,rejected_free_hosted_domain,"
              "rejected_credit_not_assignable,rejected_bulk_not_reassignable,rejected_reassignment_cap,"
              "rejected_bulk_limit,disables,conversions,deletions,active_partners,currency\n"
              "0,2026-01,20.00,20.00,0.00,0.00,0.00,0.00,100.00,0.00,0.00,0.00,1,1,1,0,0,0,0,0,0,0,0,0,1,USD\n"
              "0,2026-02,65.75,65.75,0.00,0.00,0.00,0.00,100.00,69.50,0.00,0.00,0,0,0,0,0,0,0,0,0,0,0,0,1,USD\n"
              "0,2026-03,0.00,0.00,0.00,0.00,0.00,0.00,100.00,44.75,0.00,0.00,0,0,0,0,0,0,0,0,0,0,0,0,1,USD\n"
              "0,2026-04,1.00,1.00,0.00,0.00,0.00,0.00,100.00,100.00,0.00,0.00,0,0,0,0,0,0,0,0,0,0,0,0,1,USD\n");
}

TEST(ReportSet, ReturnsTheFinalPathsInWritingOrder) {
    const Population population = monthly_lapse_population();
    const std::vector<ReplicationResult> replications = {monthly_lapse_result(), monthly_lapse_result()};
    TempFolder folder;
    const auto paths =
        write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 5, 1)), {});
    EXPECT_EQ(paths, (std::vector<std::string>{folder / "ledger.csv", folder / "billing.csv", folder / "events.csv",
                                               folder / "summary.csv", folder / "quantiles.csv",
                                               folder / "resolved.ini", folder / "manifest.csv"}));
    EXPECT_EQ(folder_entries(folder.path()),
              (std::vector<std::string>{"billing.csv", "events.csv", "ledger.csv", "manifest.csv", "quantiles.csv",
                                        "resolved.ini", "summary.csv"}))
        << "no temporary is left";
}

TEST(ReportSet, CreatesAMissingOutputFolderWithItsParents) {
    const Population population = monthly_lapse_population();
    const std::vector<ReplicationResult> replications = {monthly_lapse_result()};
    TempFolder folder;
    const std::string out = folder / "a/b/out";
    const auto paths = write_reports(out, inputs_for(population, replications, day(2026, 1, 1), day(2026, 5, 1)), {});
    ASSERT_EQ(paths.size(), 6u);
    EXPECT_EQ(paths.front(), out + "/ledger.csv");
    EXPECT_TRUE(std::filesystem::is_regular_file(out + "/manifest.csv"));
}

TEST(ReportSet, SameInputsSameBytes) {
    const Population population = monthly_lapse_population();
    const std::vector<ReplicationResult> replications = {monthly_lapse_result(), monthly_lapse_result()};
    TempFolder first, second;
    const auto inputs = inputs_for(population, replications, day(2026, 1, 1), day(2026, 5, 1));
    write_reports(first.path(), inputs, {});
    write_reports(second.path(), inputs, {});
    for (const char* name :
         {"ledger.csv", "billing.csv", "events.csv", "summary.csv", "quantiles.csv", "resolved.ini", "manifest.csv"})
        EXPECT_EQ(read_text(first / name), read_text(second / name)) << name;
}

TEST(ReportSet, ReportsAnEarlierRunWroteButThisOneDoesNotAreRemoved) {
    // A folder must never mix two runs: a stale quantiles.csv or ledger.csv would be read as this run's.
    const Population population = monthly_lapse_population();
    const std::vector<ReplicationResult> two = {monthly_lapse_result(), monthly_lapse_result()};
    const std::vector<ReplicationResult> one = {monthly_lapse_result()};
    TempFolder folder;
    write_reports(folder.path(), inputs_for(population, two, day(2026, 1, 1), day(2026, 5, 1)), {});
    ASSERT_TRUE(std::filesystem::exists(folder / "quantiles.csv"));
    write_text(folder / "notes.txt", "mine");
    std::filesystem::remove(folder / "events.csv");
    std::filesystem::create_directory(folder / "events.csv");  // a folder, not a report file: left alone
    ReportSelection selection;
    selection.ledger = false;
    selection.events = false;
    write_reports(folder.path(), inputs_for(population, one, day(2026, 1, 1), day(2026, 5, 1)), selection);
    EXPECT_EQ(folder_entries(folder.path()), (std::vector<std::string>{"billing.csv", "events.csv/", "manifest.csv",
                                                                       "notes.txt", "resolved.ini", "summary.csv"}));
}

TEST(ReportSet, MissingInputsAreOurBug) {
    ReportInputs inputs;
    TempFolder folder;
    EXPECT_THROW(write_reports(folder.path(), inputs, {}), InvariantError);
}

}  // namespace
}  // namespace creditsim
