#include "reports/quantiles_report.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

/// Twenty replications over two months; in the first month, replication r has
/// demand r+1 dollars, awarded r+1 and rejected_bulk_limit 1 when r is odd.
std::vector<ReplicationResult> twenty_replications() {
    std::vector<ReplicationResult> replications;
    for (int r = 0; r < 20; ++r) {
        ReplicationResult result = empty_result(r, day(2026, 1, 1), 2, 2);
        result.summary[0].flows.demand = usd(100 * (r + 1));
        result.summary[0].awarded = r + 1;
        result.summary[0].rejected[int(RejectReason::bulk_limit)] = r % 2;
        result.summary[1].granted = usd(1);
        result.summary[1].active_partners = 2;
        replications.push_back(std::move(result));
    }
    return replications;
}

TEST(ReportQuantiles, MeanAndPercentilesPerMonthAndMetric) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = twenty_replications();
    TempFolder folder;
    const auto paths =
        write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 3, 1)), {});
    ASSERT_EQ(paths.size(), 7u);
    EXPECT_EQ(paths[4], folder / "quantiles.csv");

    const auto lines = lines_of(read_text(folder / "quantiles.csv"));
    ASSERT_EQ(lines.size(), 1u + 2 * 23) << "a header, then 23 metrics for each of two months";
    EXPECT_EQ(lines[0], "month,metric,mean,p05,p50,p95,unit");
    EXPECT_EQ(lines[1], "2026-01,demand,10.50,1.95,10.50,19.05,USD");
    EXPECT_EQ(lines[2], "2026-01,credit_used,0.00,0.00,0.00,0.00,USD");
    EXPECT_EQ(lines[11], "2026-01,awarded,10.5,1.95,10.5,19.05,count");
    EXPECT_EQ(lines[12], "2026-01,assigned,0,0,0,0,count");
    EXPECT_EQ(lines[19], "2026-01,rejected_bulk_limit,0.5,0,0.5,1,count");
    EXPECT_EQ(lines[23], "2026-01,active_partners,0,0,0,0,count");
    EXPECT_EQ(lines[24], "2026-02,demand,0.00,0.00,0.00,0.00,USD");
    EXPECT_EQ(lines[30], "2026-02,granted,0.01,0.01,0.01,0.01,USD");
    EXPECT_EQ(lines[46], "2026-02,active_partners,2,2,2,2,count");
}

TEST(ReportQuantiles, SameInputsSameBytesWhateverTheReplicationOrderOfValues) {
    const Population population = tiny_population();
    std::vector<ReplicationResult> forward = twenty_replications();
    std::vector<ReplicationResult> shuffled = twenty_replications();
    // The same values held by other replications: the statistics do not change.
    for (int r = 0; r < 20; ++r) shuffled[r].summary = forward[(r * 7) % 20].summary;
    TempFolder first, second;
    write_reports(first.path(), inputs_for(population, forward, day(2026, 1, 1), day(2026, 3, 1)), {});
    write_reports(second.path(), inputs_for(population, shuffled, day(2026, 1, 1), day(2026, 3, 1)), {});
    EXPECT_EQ(read_text(first / "quantiles.csv"), read_text(second / "quantiles.csv"));
}

TEST(ReportQuantiles, NotWrittenForOneReplication) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 2, 2)};
    TempFolder folder;
    const auto paths =
        write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 3, 1)), {});
    EXPECT_EQ(paths.size(), 6u);
    EXPECT_FALSE(std::filesystem::exists(folder / "quantiles.csv"));
}

}  // namespace
}  // namespace creditsim
