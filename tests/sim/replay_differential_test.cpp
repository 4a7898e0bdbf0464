// Differential test of the replay path on histories the project's own
// generator would never write (tests/support/hostile_history): each is read
// from its files by the real readers, simulated, written as reports, and
// checked two ways:
//  - the engine's invariants (tests/support/invariant_checker), and
//  - demand conservation against the input (SPEC 10): billing.csv and
//    summary.csv hold, per partner and month, exactly the demand of every
//    usage row inside the run, summed per (day, subscription, category) and
//    rounded half-even once. The reference sum is computed here from the
//    rows as generated, in 1e-30 units, not through creditsim's decimals.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "model/errors.hpp"
#include "reports/report_set.hpp"
#include "sim/engine/engine.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"
#include "sim/inputs/scenario.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/hostile_history.hpp"
#include "tests/support/invariant_checker.hpp"

namespace creditsim::testing {
namespace {

constexpr uint64_t kHistories = 2000;


/// "1234.56" or "-0.05" -> cents.
int64_t cents_of(const std::string& text) {
    const bool is_negative = !text.empty() && text[0] == '-';
    const std::string digits = text.substr(is_negative ? 1 : 0);
    const size_t point = digits.find('.');
    const int64_t cents = std::stoll(digits.substr(0, point)) * 100 + std::stoll(digits.substr(point + 1));
    return is_negative ? -cents : cents;
}

/// Per (partner, "YYYY-MM"): the demand in cents the reports must show, and the rows outside the run.
struct ExpectedDemand {
    std::map<std::pair<std::string, std::string>, int64_t> by_partner_month;
    std::map<std::string, int64_t> by_month;
    int64_t rows_outside_run = 0;
};

ExpectedDemand expected_demand(const HostileHistory& h) {
    // Exact sums per (day, partner, subscription, category): whole dollars, and the fractions in 1e-30 units.
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::pair<int64_t, __int128>> sums;
    ExpectedDemand expected;
    for (const HostileHistory::UsageRow& row : h.usage) {
        if (row.date < h.start || row.date >= h.end) {  // ISO dates compare as text
            ++expected.rows_outside_run;
            continue;
        }
        __int128 fraction = 0;
        for (size_t k = 0; k < 30; ++k) fraction = fraction * 10 + (k < row.fraction.size() ? row.fraction[k] - '0' : 0);
        auto& sum = sums[{row.date, row.partner, row.subscription, row.category}];
        sum.first += row.whole;
        sum.second += fraction;
    }
    const __int128 per_cent = __int128(10'000'000'000'000'000) * 1'000'000'000'000;  // 1e28 units of 1e-30
    for (const auto& [key, sum] : sums) {
        __int128 cents = __int128(sum.first) * 100 + sum.second / per_cent;
        const __int128 twice_rest = 2 * (sum.second % per_cent);
        if (twice_rest > per_cent || (twice_rest == per_cent && cents % 2 == 1)) ++cents;
        const std::string month = std::get<0>(key).substr(0, 7);
        expected.by_partner_month[{std::get<1>(key), month}] += int64_t(cents);
        expected.by_month[month] += int64_t(cents);
    }
    return expected;
}

/// The problems of one history: invariants, then demand in the reports against the input.
std::vector<std::string> check_history(const HostileHistory& h, const std::filesystem::path& folder) {
    const Scenario scenario = load_scenario(h.scenario_file);
    ReplayInputs inputs = load_replay_inputs(scenario);
    EngineNotes notes;
    const std::vector<ReplicationResult> replications = {run_engine(inputs.population, inputs.history,
                                                                    scenario.policy, scenario.start,
                                                                    scenario.end_day(), EngineOptions{}, 0, &notes)};
    std::vector<std::string> problems = invariant_problems(inputs.population, inputs.history, scenario.policy,
                                                           scenario.start, scenario.end_day(), replications[0], notes);

    const ExpectedDemand expected = expected_demand(h);
    if (inputs.notes.usage_outside_run != expected.rows_outside_run)
        problems.push_back(cat("usage rows outside the run: noted ", inputs.notes.usage_outside_run, ", written ",
                               expected.rows_outside_run));
    ReportInputs report_inputs;
    report_inputs.population = &inputs.population;
    report_inputs.replications = &replications;
    report_inputs.run_start = scenario.start;
    report_inputs.run_end_day = scenario.end_day();
    ReportSelection selection;
    selection.ledger = selection.events = false;
    const std::filesystem::path out = folder / "out";
    write_reports(out.string(), report_inputs, selection);

    std::map<std::pair<std::string, std::string>, int64_t> billed;
    const std::vector<std::vector<std::string>> billing = read_csv(out / "billing.csv");
    for (size_t r = 1; r < billing.size(); ++r)  // replication,partner_id,month,demand,...
        billed[{billing[r][1], billing[r][2]}] += cents_of(billing[r][3]);
    for (const auto& [key, cents] : expected.by_partner_month)
        if (billed[key] != cents)
            problems.push_back(cat("billing.csv ", key.first, " ", key.second, ": demand ", billed[key],
                                   " cents, the input's ", cents));
    for (const auto& [key, cents] : billed)
        if (cents != 0 && !expected.by_partner_month.count(key))
            problems.push_back(cat("billing.csv ", key.first, " ", key.second, ": demand ", cents, " without input"));

    std::map<std::string, int64_t> summarized;
    const std::vector<std::vector<std::string>> summary = read_csv(out / "summary.csv");
    for (size_t r = 1; r < summary.size(); ++r) summarized[summary[r][1]] += cents_of(summary[r][2]);  // replication,month,demand
    for (const auto& [month, cents] : expected.by_month)
        if (summarized[month] != cents)
            problems.push_back(cat("summary.csv ", month, ": demand ", summarized[month], " cents, the input's ", cents));
    return problems;
}

TEST(ReplayDifferential, HostileHistoriesKeepTheInvariantsAndEveryCentOfDemand) {
    int failures = 0;
    for (uint64_t seed = 1; seed <= kHistories && failures < 5; ++seed) {
        TempDir folder;
        const HostileHistory h = write_hostile_history(seed, folder.path());
        std::vector<std::string> problems;
        try {
            problems = check_history(h, folder.path());
        } catch (const Error& e) {
            problems.push_back(std::string("refused: ") + e.what());
        }
        if (problems.empty()) continue;
        ++failures;
        std::string text;
        for (const std::string& p : problems) text += "\n  - " + p;
        ADD_FAILURE() << h.describe() << ":" << text;
    }
}

// The generator reaches what it is for: demand before joins, after leaves,
// outside the run, products outside the catalog, long decimals, both flows.
TEST(ReplayDifferential, HostileHistoriesReachTheAwkwardShapes) {
    int before_join = 0, outside_run = 0, outside_catalog = 0, long_decimals = 0, billing_profile = 0;
    for (uint64_t seed = 1; seed <= 200; ++seed) {
        TempDir folder;
        const HostileHistory h = write_hostile_history(seed, folder.path());
        const Scenario scenario = load_scenario(h.scenario_file);
        const ReplayInputs inputs = load_replay_inputs(scenario);
        billing_profile += h.flow == "billing_profile";
        for (const HostileHistory::UsageRow& row : h.usage) {
            outside_run += row.date < h.start || row.date >= h.end;
            long_decimals += row.fraction.size() > 18;
        }
        for (const Partner& partner : inputs.population.partners)
            for (const HostileHistory::UsageRow& row : h.usage)
                before_join += row.partner == partner.id && row.date >= h.start &&
                               row.date < partner.joined.to_string();
        outside_catalog += !inputs.notes.usage_notes.empty();
    }
    EXPECT_GE(before_join, 200);
    EXPECT_GE(outside_run, 200);
    EXPECT_GE(outside_catalog, 100);
    EXPECT_GE(long_decimals, 500);
    EXPECT_GE(billing_profile, 40);
}

}  // namespace
}  // namespace creditsim::testing
