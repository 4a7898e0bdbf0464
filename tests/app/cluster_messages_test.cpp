// The protocol of an MPI run without MPI (app/cluster): a job decoded on a
// worker simulates what the scenario simulates; a stream split between two
// shares, one of them going through encoded blocks, gives the plain stream's
// sums and per-partner rows byte for byte; events formatted elsewhere sort in
// with those formatted here; a forecast replication and job survive the trip.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "app/cluster/messages.hpp"
#include "model/errors.hpp"
#include "reports/csv_writer.hpp"
#include "sim/generate/generated_run.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"

namespace creditsim::cli::cluster {
namespace {

const std::string kBaseline = std::string(CREDITSIM_SOURCE_DIR) + "/scenarios/baseline.ini";

/// Policy, behavior and output all away from their defaults: a field a job
/// drops would change what the worker simulates.
Scenario unusual_scenario() {
    return load_scenario(kBaseline, {"population.partners=4500", "run.replications=2", "run.months=20",
                                     "run.seed=77", "policy.validity_months=12", "policy.carry_forward=0.25",
                                     "policy.max_reassignments=2", "policy.retention_days=30",
                                     "policy.free_hosted_domains=contoso.com", "behavior.users_mean=3",
                                     "output.ledger=true", "output.billing=true", "output.events=true",
                                     "output.population=true"});
}

ReportSelection every_report() {
    ReportSelection selection;
    selection.population = true;
    return selection;
}

/// A stream's sums, and its rows as formatted block by block (events sorted per replication).
struct StreamOutput {
    std::vector<std::vector<SummaryMonth>> sums;  ///< per replication
    std::string ledger, billing, population, events;
};

std::string bytes_of(const std::vector<SummaryMonth>& months) {
    return std::string(reinterpret_cast<const char*>(months.data()), months.size() * sizeof(SummaryMonth));
}

/// Gathers rows as ReportSet does: ledger, billing and population as they come, events per replication.
class Gather {
public:
    void add(const BlockRows& rows) {
        out.ledger += rows.ledger;
        out.billing += rows.billing;
        out.population += rows.population;
        events_.add_formatted(rows.events, rows.event_rows);
    }
    void end_replication(ReplicationResult&& summary) {
        CsvWriter writer(&out.events);
        events_.write_to(writer);
        writer.flush();
        out.sums.push_back(std::move(summary.summary));
    }
    StreamOutput out;

private:
    EventRows events_;
};

StreamOutput plain_stream(const Scenario& scenario, const Catalog& catalog) {
    Gather gather;
    run_generated_replications(
        scenario, catalog, 2,
        [&](const SimulatedBlock& b) {
            gather.add(format_block_rows(every_report(), "USD", b.replication, b.partners->population, *b.records));
        },
        [&](ReplicationResult&& summary) { gather.end_replication(std::move(summary)); });
    return gather.out;
}

TEST(ClusterMessages, ADecodedJobSimulatesWhatTheScenarioSimulates) {
    const Scenario scenario = unusual_scenario();
    const Catalog catalog = load_catalog(scenario.catalog_file, scenario.currency);
    const StreamJob job = decode_job(encode_job(scenario, catalog, 3, nullptr));
    EXPECT_EQ(job.threads, 3);
    EXPECT_FALSE(job.wants_rows);
    EXPECT_EQ(job.scenario.policy.validity_months, 12);
    EXPECT_EQ(job.scenario.policy.free_hosted_domains, std::vector<std::string>{"contoso.com"});
    const StreamOutput expected = plain_stream(scenario, catalog);
    const StreamOutput decoded = plain_stream(job.scenario, job.catalog);
    ASSERT_EQ(expected.sums.size(), 2u);
    for (size_t r = 0; r < expected.sums.size(); ++r)
        EXPECT_TRUE(bytes_of(decoded.sums[r]) == bytes_of(expected.sums[r])) << "replication " << r;
    EXPECT_TRUE(decoded.ledger == expected.ledger);
    EXPECT_TRUE(decoded.events == expected.events);
    EXPECT_TRUE(decoded.population == expected.population);
}

TEST(ClusterMessages, AStreamSplitOverTwoSharesIsThePlainStream) {
    const Scenario scenario = unusual_scenario();
    const Catalog catalog = load_catalog(scenario.catalog_file, scenario.currency);
    const StreamOutput expected = plain_stream(scenario, catalog);
    ASSERT_GT(expected.events.size(), 10000u);

    // Rank 1's share first, its blocks kept as the messages it would send.
    std::deque<std::string> sent;
    run_generated_replications(
        scenario, catalog, 2,
        [&](const SimulatedBlock& b) {
            const BlockRows rows =
                format_block_rows(every_report(), "USD", b.replication, b.partners->population, *b.records);
            sent.push_back(encode_block(b.replication, b.index, b.records->summary, rows));
        },
        [&](ReplicationResult&&) { ADD_FAILURE() << "a replication ended on rank 1"; }, {}, StreamShare{1, 2, {}});
    EXPECT_EQ(sent.size(), 3u) << "3 blocks of 2,048 partners a replication, 6 in all: every other one";

    // Rank 0 hands on every block: its own formatted here, rank 1's from the messages.
    Gather gather;
    StreamShare share{0, 2, [&](int from, int replication, int block, std::vector<SummaryMonth>& sums) {
                          EXPECT_EQ(from, 1);
                          ASSERT_FALSE(sent.empty());
                          const RemoteBlock remote = decode_block(sent.front());
                          sent.pop_front();
                          EXPECT_EQ(remote.replication, replication);
                          EXPECT_EQ(remote.block, block);
                          for (size_t m = 0; m < sums.size(); ++m) sums[m] += remote.summary[m];
                          gather.add(remote.rows);
                      }};
    run_generated_replications(
        scenario, catalog, 2,
        [&](const SimulatedBlock& b) {
            gather.add(format_block_rows(every_report(), "USD", b.replication, b.partners->population, *b.records));
        },
        [&](ReplicationResult&& summary) { gather.end_replication(std::move(summary)); }, {}, share);
    EXPECT_TRUE(sent.empty());
    ASSERT_EQ(gather.out.sums.size(), expected.sums.size());
    for (size_t r = 0; r < expected.sums.size(); ++r)
        EXPECT_TRUE(bytes_of(gather.out.sums[r]) == bytes_of(expected.sums[r])) << "replication " << r;
    EXPECT_TRUE(gather.out.ledger == expected.ledger);
    EXPECT_TRUE(gather.out.billing == expected.billing);
    EXPECT_TRUE(gather.out.population == expected.population);
    EXPECT_TRUE(gather.out.events == expected.events) << "events of both shares sorted together";
}

TEST(ClusterMessages, EventsFormattedElsewhereSortInWithThoseFormattedHere) {
    // ReportSet::add_partners formats into its EventRows; add_formatted appends
    // another process' text: mixed, the replication's rows must sort as if all
    // were formatted here (the offsets of later rows shift past the foreign text).
    const Scenario scenario = unusual_scenario();
    const Catalog catalog = load_catalog(scenario.catalog_file, scenario.currency);
    EventRows here_only, mixed;
    std::string expected, actual;
    int blocks = 0;
    run_generated_replication(scenario, catalog, 0, 1, [&](const SimulatedBlock& b) {
        here_only.add(b.replication, b.partners->population, b.records->events);
        if (blocks++ % 2 == 0) {
            mixed.add(b.replication, b.partners->population, b.records->events);
        } else {
            const BlockRows rows =
                format_block_rows(every_report(), "USD", b.replication, b.partners->population, *b.records);
            mixed.add_formatted(rows.events, rows.event_rows);
        }
    });
    ASSERT_EQ(blocks, 3);
    CsvWriter expected_out(&expected), actual_out(&actual);
    here_only.write_to(expected_out);
    mixed.write_to(actual_out);
    expected_out.flush();
    actual_out.flush();
    ASSERT_GT(expected.size(), 1000u);
    EXPECT_TRUE(actual == expected);
}

TEST(ClusterMessages, AReplicationAndAForecastJobSurviveTheTrip) {
    const Scenario scenario = unusual_scenario();
    const Catalog catalog = load_catalog(scenario.catalog_file, scenario.currency);
    std::string first;
    run_generated_replication(scenario, catalog, 1, 1, [&](const SimulatedBlock& b) {
        if (b.index != 0) return;
        ReplicationResult records = *b.records;
        records.exhaustions = {Exhaustion{7, records.events.front().day}};
        first = encode_replication(records);
        const ReplicationResult back = decode_replication(first);
        EXPECT_EQ(back.replication, records.replication);
        EXPECT_EQ(back.ledger.size(), records.ledger.size());
        EXPECT_EQ(back.events.size(), records.events.size());
        EXPECT_EQ(back.billing.size(), records.billing.size());
        EXPECT_EQ(back.exhaustions.size(), 1u);
        EXPECT_TRUE(encode_replication(back) == first);
    });
    ASSERT_GT(first.size(), 100000u);

    ForecastJobRequest request{"scenarios/forecast/scenario.ini", {"run.seed=5", "policy.notice_days=3"}, "backtest"};
    ForecastRun run{Date::from_ymd(2026, 9, 30), Date::from_ymd(2027, 1, 1), 17, 3, PlannedActions::dropped, ProgressStyle::terminal};
    const ForecastShareJob job =
        decode_forecast_job(encode_forecast_job(request, run, {{"usage.csv", "ab12"}, {"catalog.csv", "cd34"}}));
    EXPECT_EQ(job.request.scenario_file, request.scenario_file);
    EXPECT_EQ(job.request.overrides, request.overrides);
    EXPECT_EQ(job.request.command, "backtest");
    EXPECT_EQ(job.run.as_of, run.as_of);
    EXPECT_EQ(job.run.end_day, run.end_day);
    EXPECT_EQ(job.run.replications, 17);
    EXPECT_EQ(job.run.threads, 3);
    EXPECT_EQ(job.run.planned, PlannedActions::dropped);
    EXPECT_EQ(job.run.progress, ProgressStyle::none) << "a worker rank draws no progress line";
    EXPECT_EQ(job.input_hashes.size(), 2u);
    EXPECT_EQ(job.input_hashes[1].second, "cd34");
}

TEST(ClusterMessages, AStudyJobAndItsMetricsSurviveTheTrip) {
    const Scenario base = unusual_scenario();
    Scenario other = base;
    other.policy.validity_months = 6;
    other.name = "other";
    const Catalog catalog = load_catalog(base.catalog_file, base.currency);
    const StudyJob job = decode_study_job(encode_study_job({base, other}, {catalog, catalog}, 2, true));
    EXPECT_TRUE(job.per_month);
    ASSERT_EQ(job.scenarios.size(), 2u);
    EXPECT_EQ(job.scenarios[1].scenario.policy.validity_months, 6);
    EXPECT_EQ(job.scenarios[1].scenario.name, "other");
    EXPECT_EQ(job.scenarios[0].threads, 2);

    // What a worker computes for scenario 1, sent back: the values rank 0 would compute.
    MetricCollector collector(job.scenarios[1].scenario, job.per_month);
    run_generated_replications(job.scenarios[1].scenario, job.scenarios[1].catalog, 2, {},
                               [&](ReplicationResult&& result) { collector.add(result); });
    MetricCollector here(other, true);
    run_generated_replications(other, catalog, 1, {}, [&](ReplicationResult&& result) { here.add(result); });
    const auto [scenario, values] = decode_metrics(encode_metrics(1, collector.values()));
    EXPECT_EQ(scenario, 1);
    ASSERT_EQ(values.size(), here.values().size());
    EXPECT_EQ(values[0].size(), size_t(1 + 20)) << "the whole run, then each of 20 months";
    EXPECT_EQ(values[0][0].size(), 2u) << "one value per replication";
    EXPECT_TRUE(values == here.values());
}

TEST(ClusterMessages, ATruncatedMessageIsABugNotAGuess) {
    const std::string block = encode_block(0, 1, std::vector<SummaryMonth>(3), BlockRows{});
    EXPECT_NO_THROW(decode_block(block));
    EXPECT_THROW(decode_block(block.substr(0, block.size() - 1)), InvariantError);
    EXPECT_THROW(decode_block(block + "x"), InvariantError);
    EXPECT_THROW(kind_of(std::string(1, char(42))), InvariantError);
    EXPECT_THROW(decode_outcome(encode_signal(MessageKind::done)), InvariantError);
}

}  // namespace
}  // namespace creditsim::cli::cluster
