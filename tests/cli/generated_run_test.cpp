// Generated populations end to end (SPEC 7-9), through the command line as a
// user runs them: the same bytes whatever the thread count, common random
// numbers across policies, population sizes and replications, quantiles that
// agree with the summary, the accounting invariants on every report, the
// billing-profile what-if, and `[output] ... = auto`.
//
// Populations are small (300-5000 partners, 12-24 months): the whole file runs
// in a few seconds in a Release build.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "model/date.hpp"
#include "sim/generate/generated_run.hpp"
#include "sim/inputs/scenario.hpp"
#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

using Row = std::vector<std::string>;

// A CSV report read whole: header and rows, RFC 4180 quotes understood.
struct Table {
    Row header;
    std::vector<Row> rows;

    /// Index of a column; throws (the test fails with the name) when the header lacks it.
    size_t column(const std::string& name) const {
        const auto found = std::find(header.begin(), header.end(), name);
        if (found == header.end()) throw std::runtime_error("no column '" + name + "'");
        return size_t(found - header.begin());
    }
};

Table parse_csv(const std::string& text) {
    std::vector<Row> lines;
    Row row;
    std::string field;
    bool is_quoted = false, has_field = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') is_quoted = false;
            else field += c;
        } else if (c == '"') {
            is_quoted = has_field = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            has_field = true;
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            lines.push_back(std::move(row));
            row.clear();
            has_field = false;
        } else {
            field += c;
            has_field = true;
        }
    }
    if (has_field || !row.empty()) {  // a last line without '\n'
        row.push_back(std::move(field));
        lines.push_back(std::move(row));
    }
    Table table;
    if (lines.empty()) return table;
    table.header = std::move(lines.front());
    table.rows.assign(std::make_move_iterator(lines.begin() + 1), std::make_move_iterator(lines.end()));
    for (const Row& r : table.rows)
        if (r.size() != table.header.size()) throw std::runtime_error("a CSV row with " + std::to_string(r.size()) +
                                                                      " fields under a header of " +
                                                                      std::to_string(table.header.size()));
    return table;
}

/// The report `name` of an output folder; throws when it is missing, so a test cannot pass on no data.
Table read_table(const fs::path& dir, const std::string& name) {
    if (!fs::exists(dir / name)) throw std::runtime_error((dir / name).string() + " was not written");
    return parse_csv(read_file(dir / name));
}

/// Exact cents of a report amount "1234.50" / "-0.05"; throws on anything else.
int64_t cents(const std::string& text) {
    const bool is_negative = !text.empty() && text[0] == '-';
    const size_t dot = text.find('.');
    const size_t first = is_negative ? 1 : 0;
    if (dot == std::string::npos || dot == first || text.size() != dot + 3)
        throw std::runtime_error("not an amount with two decimals: '" + text + "'");
    int64_t value = 0;
    for (size_t i = first; i < text.size(); ++i) {
        if (i == dot) continue;
        if (text[i] < '0' || text[i] > '9') throw std::runtime_error("not an amount: '" + text + "'");
        value = value * 10 + (text[i] - '0');
    }
    return is_negative ? -value : value;
}

int64_t whole(const std::string& text) {
    size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used != text.size()) throw std::runtime_error("not a whole number: '" + text + "'");
    return value;
}

Date day_of(const std::string& text) {
    const auto day = parse_date(text);
    if (!day) throw std::runtime_error("not a date: '" + text + "'");
    return *day;
}

/// "YYYY-MM" of a "YYYY-MM-DD".
std::string month_of(const std::string& date) { return date.substr(0, 7); }

// The money columns of billing.csv, also summed in summary.csv.
const char* const kFlowColumns[] = {"demand", "credit_used", "payg_overage", "payg_ineligible", "payg_other", "unserved"};

/// `creditsim run` of scenarios/baseline.ini resized; population.csv always on.
std::string generated_run(int64_t partners, int months, int replications, const std::string& extra = "",
                          int threads = 2) {
    return "run scenarios/baseline.ini --set population.partners=" + std::to_string(partners) +
           " --set run.months=" + std::to_string(months) + " --set run.replications=" + std::to_string(replications) +
           " --set output.population=true --threads " + std::to_string(threads) + " " + extra;
}

/// Runs `args` into `out`; a fatal failure unless creditsim exits 0.
void run_into(const std::string& args, const fs::path& out) {
    const CommandResult run = run_creditsim(args + " --out '" + out.string() + "'");
    ASSERT_EQ(run.exit_code, 0) << args << "\n" << run.err;
}

/// The rows of a table whose column `column` satisfies `keep`.
template <typename Keep>
std::vector<Row> rows_where(const Table& table, const std::string& column, Keep keep) {
    const size_t c = table.column(column);
    std::vector<Row> kept;
    for (const Row& row : table.rows)
        if (keep(row[c])) kept.push_back(row);
    return kept;
}

// The run says which per-partner reports it left out, why, and how to get them.
TEST(GeneratedRun, SaysWhichReportsItDidNotWriteAndWhy) {
    TempDir dir;
    const CommandResult big = run_creditsim(generated_run(2001, 3, 10) + " --out '" + (dir.path() / "big").string() + "'");
    ASSERT_EQ(big.exit_code, 0) << big.err;
    EXPECT_NE(big.err.find("not written: ledger.csv billing.csv events.csv (per-partner reports default to off above "
                           "20000 partner-replications, and this run has 2001 partners x 10 replications; to write "
                           "them: --set output.ledger=true --set output.billing=true --set output.events=true)\n"),
              std::string::npos)
        << big.err;
    EXPECT_FALSE(fs::exists(dir.path() / "big" / "ledger.csv"));

    const CommandResult small = run_creditsim(generated_run(2000, 3, 10, "--set output.events=false") + " --out '" +
                                              (dir.path() / "small").string() + "'");
    ASSERT_EQ(small.exit_code, 0) << small.err;
    EXPECT_NE(small.err.find("not written: events.csv (switched off in [output]; to write them: --set "
                             "output.events=true)\n"),
              std::string::npos)
        << small.err;
    EXPECT_TRUE(fs::exists(dir.path() / "small" / "ledger.csv"));
}

// Determinism (SPEC 8, 9) ------------------------------------------------------

TEST(GeneratedRun, SameBytesWithOneTwoAndEightThreads) {
    // More than two blocks, so their hand-over in partner order is exercised, the last one partial.
    constexpr int64_t kPartners = 5000;
    static_assert(kPartners > 2 * int64_t(kPartnersPerBlock) && kPartners % kPartnersPerBlock != 0);
    TempDir dir;
    for (const int threads : {1, 2, 8})
        ASSERT_NO_FATAL_FAILURE(
            run_into(generated_run(kPartners, 12, 2, "", threads), dir.path() / std::to_string(threads)));

    const Table population = read_table(dir.path() / "1", "population.csv");
    ASSERT_EQ(population.rows.size(), size_t(2 * kPartners));
    EXPECT_EQ(population.rows.back()[population.column("partner_id")], "G0005000");
    for (const char* report : {"ledger.csv", "billing.csv", "events.csv", "summary.csv", "quantiles.csv",
                               "population.csv", "resolved.ini"}) {
        SCOPED_TRACE(report);
        const std::string one = read_file(dir.path() / "1" / report);
        ASSERT_GT(std::count(one.begin(), one.end(), '\n'), 2) << "too few rows to compare";
        EXPECT_TRUE(one == read_file(dir.path() / "2" / report)) << "--threads 2 differs from --threads 1";
        EXPECT_TRUE(one == read_file(dir.path() / "8" / report)) << "--threads 8 differs from --threads 1";
    }
}

// Partner k draws from streams keyed by k alone: a larger population (more
// blocks, the first partners' block now full) leaves the first partners' rows alone.
TEST(GeneratedRun, PartnerRowsDoNotDependOnHowManyPartnersThereAre) {
    TempDir dir;
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(3000, 12, 1), dir.path() / "small"));
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(5000, 12, 1), dir.path() / "large"));
    const auto is_small_partner = [](const std::string& id) { return id <= "G0003000"; };
    for (const char* report : {"ledger.csv", "billing.csv", "events.csv", "population.csv"}) {
        SCOPED_TRACE(report);
        const Table small = read_table(dir.path() / "small", report);
        const Table large = read_table(dir.path() / "large", report);
        ASSERT_FALSE(small.rows.empty());
        EXPECT_TRUE(small.rows == rows_where(large, "partner_id", is_small_partner));
    }
}

// Common random numbers (SPEC 7, 9) ---------------------------------------------

TEST(GeneratedRun, PolicyChangesKeepThePopulation) {
    TempDir dir;
    const std::string base = generated_run(2000, 12, 1);
    ASSERT_NO_FATAL_FAILURE(run_into(base, dir.path() / "base"));
    const std::string expected = read_file(dir.path() / "base" / "population.csv");
    ASSERT_FALSE(expected.empty());

    const char* const policy_changes[] = {
        "policy.validity_months=12", "policy.max_reassignments=3", "policy.carry_forward=0.25",
        "policy.flow=billing_profile", "policy.period=calendar", "policy.block_free_hosted=false",
        "policy.activation_window_days=30", "policy.retention_days=0",
        // The domain list changes the generated e-mails, not who has a free-hosted one.
        "policy.free_hosted_domains=example.org"};
    int index = 0;
    for (const char* change : policy_changes) {
        SCOPED_TRACE(change);
        const fs::path out = dir.path() / std::to_string(index++);
        ASSERT_NO_FATAL_FAILURE(run_into(base + " --set " + change, out));
        EXPECT_TRUE(read_file(out / "population.csv") == expected);
    }

    // An empty list: users drawn free-hosted get the company domain; everything else stays.
    ASSERT_NO_FATAL_FAILURE(run_into(base + " --set policy.free_hosted_domains=", dir.path() / "none"));
    const Table with = read_table(dir.path() / "base", "population.csv");
    const Table without = read_table(dir.path() / "none", "population.csv");
    ASSERT_EQ(with.rows.size(), without.rows.size());
    const size_t free_hosted = with.column("free_hosted_users");
    int64_t free_hosted_before = 0;
    for (size_t i = 0; i < with.rows.size(); ++i) {
        free_hosted_before += whole(with.rows[i][free_hosted]);
        EXPECT_EQ(without.rows[i][free_hosted], "0") << with.rows[i][1];
        Row a = with.rows[i], b = without.rows[i];
        a.erase(a.begin() + std::ptrdiff_t(free_hosted));
        b.erase(b.begin() + std::ptrdiff_t(free_hosted));
        EXPECT_EQ(a, b);
    }
    EXPECT_GT(free_hosted_before, 0) << "the default share draws some free-hosted users";
}

TEST(GeneratedRun, AnotherSeedDrawsAnotherPopulation) {
    TempDir dir;
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(1000, 12, 1, "--set run.seed=20261126"), dir.path() / "a"));
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(1000, 12, 1, "--set run.seed=20261127"), dir.path() / "b"));
    const Table a = read_table(dir.path() / "a", "population.csv");
    const Table b = read_table(dir.path() / "b", "population.csv");
    ASSERT_EQ(a.rows.size(), 1000u);
    ASSERT_EQ(b.rows.size(), 1000u);
    size_t differing = 0;
    for (size_t i = 0; i < a.rows.size(); ++i) differing += a.rows[i] != b.rows[i] ? 1 : 0;
    // Join days alone are uniform over 365 days: nearly every partner differs.
    EXPECT_GT(differing, 900u);
}

// In the legacy flow a generated credit's subscription has demand from its
// redemption day until its deletion day, and nothing else moves it: a policy
// change can change a partner's demand only through the days its credits are
// redeemed or deleted. Checks that, per partner and per summary month.
struct LifeComparison {
    size_t alike_partners = 0;
    size_t other_partners = 0;
};

LifeComparison expect_demand_follows_subscription_lives(const fs::path& base, const fs::path& other) {
    using Key = std::pair<std::string, std::string>;  // (replication, partner_id)
    auto lives = [](const Table& events) {
        std::map<Key, std::vector<Row>> by_partner;  // redeem and delete events, in file (date) order
        const size_t rep = events.column("replication"), date = events.column("date"),
                     partner = events.column("partner_id"), subject = events.column("subject"),
                     event = events.column("event");
        for (const Row& row : events.rows)
            if (row[event] == "redeem" || row[event] == "delete")
                by_partner[{row[rep], row[partner]}].push_back({row[date], row[subject], row[event]});
        return by_partner;
    };
    auto demand = [](const Table& billing) {
        std::map<Key, std::map<std::string, std::string>> by_partner;  // month -> demand
        const size_t rep = billing.column("replication"), partner = billing.column("partner_id"),
                     month = billing.column("month"), amount = billing.column("demand");
        for (const Row& row : billing.rows) by_partner[{row[rep], row[partner]}][row[month]] = row[amount];
        return by_partner;
    };
    const auto base_lives = lives(read_table(base, "events.csv"));
    const auto other_lives = lives(read_table(other, "events.csv"));
    const auto base_demand = demand(read_table(base, "billing.csv"));
    const auto other_demand = demand(read_table(other, "billing.csv"));
    EXPECT_EQ(base_demand.size(), other_demand.size()) << "the same partners";

    LifeComparison comparison;
    std::string first_difference = "9999-99-99";  // the earliest redeem or delete that differs
    for (const auto& [key, months] : base_demand) {
        static const std::vector<Row> kNone;
        const auto a = base_lives.find(key), b = other_lives.find(key);
        const std::vector<Row>& life_a = a == base_lives.end() ? kNone : a->second;
        const std::vector<Row>& life_b = b == other_lives.end() ? kNone : b->second;
        if (life_a == life_b) {
            ++comparison.alike_partners;
            const auto found = other_demand.find(key);
            EXPECT_TRUE(found != other_demand.end() && found->second == months)
                << "partner " << key.second << " (replication " << key.first
                << ") redeems and loses its subscriptions on the same days but its demand changed";
            continue;
        }
        ++comparison.other_partners;
        size_t i = 0;
        while (i < life_a.size() && i < life_b.size() && life_a[i] == life_b[i]) ++i;
        if (i < life_a.size()) first_difference = std::min(first_difference, life_a[i][0]);
        if (i < life_b.size()) first_difference = std::min(first_difference, life_b[i][0]);
    }

    // The summary's demand cannot move before the first differing redeem or delete.
    const Table summary_a = read_table(base, "summary.csv"), summary_b = read_table(other, "summary.csv");
    EXPECT_EQ(summary_a.rows.size(), summary_b.rows.size());
    const size_t month = summary_a.column("month"), amount = summary_a.column("demand");
    for (size_t i = 0; i < std::min(summary_a.rows.size(), summary_b.rows.size()); ++i)
        if (summary_a.rows[i][month] < month_of(first_difference)) {
            EXPECT_EQ(summary_a.rows[i][amount], summary_b.rows[i][amount]) << "month " << summary_a.rows[i][month];
        }
    return comparison;
}

/// summary.csv's demand per month ("YYYY-MM" -> amount) of a one-replication run.
std::map<std::string, std::string> summary_demand(const fs::path& dir) {
    const Table summary = read_table(dir, "summary.csv");
    std::map<std::string, std::string> by_month;
    for (const Row& row : summary.rows) by_month[row[summary.column("month")]] = row[summary.column("demand")];
    return by_month;
}

TEST(GeneratedRun, ShorterValidityKeepsDemandUntilTheFirstPossibleDeletion) {
    TempDir dir;
    const std::string base = generated_run(3000, 24, 1);
    ASSERT_NO_FATAL_FAILURE(run_into(base, dir.path() / "v13"));
    ASSERT_NO_FATAL_FAILURE(run_into(base + " --set policy.validity_months=12", dir.path() / "v12"));

    // Validity moves only a monthly credit's end day, and demand changes only when a
    // subscription is deleted, retention_days (90) after its end day. The earliest
    // redemption is 2026-01-03 (award on a join >= 2026-01-01, assign and redeem each at
    // least a day later), so the earliest end day is 2027-01-03 with 12 periods (2027-02-03
    // with 13) and the earliest deletion 2027-04-03: every month up to 2027-03 is the same.
    const auto v13 = summary_demand(dir.path() / "v13");
    const auto v12 = summary_demand(dir.path() / "v12");
    ASSERT_EQ(v13.size(), 24u);
    ASSERT_EQ(v12.size(), 24u);
    int same_months = 0;
    bool differs_later = false;
    for (const auto& [month, amount] : v13) {
        if (month <= "2027-03") {
            EXPECT_EQ(amount, v12.at(month)) << "month " << month;
            ++same_months;
        } else {
            differs_later = differs_later || amount != v12.at(month);
        }
    }
    EXPECT_EQ(same_months, 15);
    EXPECT_TRUE(differs_later) << "earlier deletions must lower some later month's demand";

    const LifeComparison lives = expect_demand_follows_subscription_lives(dir.path() / "v13", dir.path() / "v12");
    EXPECT_GT(lives.alike_partners, 1000u) << "bulk-only partners are untouched by validity_months";
    EXPECT_GT(lives.other_partners, 0u) << "monthly credits deleted earlier";
}

TEST(GeneratedRun, CarryForwardKeepsDemandOfUnaffectedPartners) {
    TempDir dir;
    const std::string base = generated_run(3000, 24, 1);
    ASSERT_NO_FATAL_FAILURE(run_into(base, dir.path() / "base"));
    ASSERT_NO_FATAL_FAILURE(run_into(base + " --set policy.carry_forward=0.25", dir.path() / "carry"));

    // Carry-forward changes monthly balances, hence disables and limit states, hence
    // which subscriptions convert or are deleted at their end day: demand can change
    // from the earliest deletion on, 2027-02-03 (13 periods from 2026-01-03) + 90 days
    // = 2027-05-04. Every month up to 2027-04 is the same.
    const auto base_demand = summary_demand(dir.path() / "base");
    const auto carry_demand = summary_demand(dir.path() / "carry");
    int same_months = 0;
    for (const auto& [month, amount] : base_demand) {
        if (month > "2027-04") continue;
        EXPECT_EQ(amount, carry_demand.at(month)) << "month " << month;
        ++same_months;
    }
    EXPECT_EQ(same_months, 16);

    const LifeComparison lives = expect_demand_follows_subscription_lives(dir.path() / "base", dir.path() / "carry");
    EXPECT_GT(lives.alike_partners, 1000u);
    EXPECT_NE(read_file(dir.path() / "base" / "ledger.csv"), read_file(dir.path() / "carry" / "ledger.csv"))
        << "carry-forward must show in the ledger";
}

// A rejection for the reassignment cap leaves the monthly credit with its current
// user: nothing else (redemption, balances, bulk limits, later draws) depends on who
// holds a monthly credit, so the money reports cannot move at all.
TEST(GeneratedRun, ReassignmentCapChangesOnlyAssignments) {
    TempDir dir;
    const std::string base = generated_run(3000, 24, 1);
    ASSERT_NO_FATAL_FAILURE(run_into(base, dir.path() / "cap5"));
    ASSERT_NO_FATAL_FAILURE(run_into(base + " --set policy.max_reassignments=3", dir.path() / "cap3"));

    const Table summary = read_table(dir.path() / "cap3", "summary.csv");
    int64_t cap_rejections = 0;
    for (const Row& row : summary.rows) cap_rejections += whole(row[summary.column("rejected_reassignment_cap")]);
    ASSERT_GT(cap_rejections, 0) << "the population is too small for the cap to bite";

    for (const char* report : {"ledger.csv", "billing.csv", "population.csv"})
        EXPECT_TRUE(read_file(dir.path() / "cap5" / report) == read_file(dir.path() / "cap3" / report)) << report;
    EXPECT_NE(read_file(dir.path() / "cap5" / "events.csv"), read_file(dir.path() / "cap3" / "events.csv"));
    const LifeComparison lives = expect_demand_follows_subscription_lives(dir.path() / "cap5", dir.path() / "cap3");
    EXPECT_EQ(lives.other_partners, 0u);
}

// Replications (SPEC 7: streams keyed by replication) -----------------------------

TEST(GeneratedRun, ReplicationIsKeyedByItsIndex) {
    TempDir dir;
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(1000, 12, 5), dir.path() / "five"));
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(1000, 12, 3), dir.path() / "three"));
    const auto is_replication = [](const char* wanted) {
        return [wanted](const std::string& replication) { return replication == wanted; };
    };
    for (const char* report : {"summary.csv", "ledger.csv", "events.csv", "billing.csv", "population.csv"}) {
        SCOPED_TRACE(report);
        const Table five = read_table(dir.path() / "five", report);
        const Table three = read_table(dir.path() / "three", report);
        for (const char* replication : {"0", "1", "2"}) {
            const auto rows = rows_where(three, "replication", is_replication(replication));
            ASSERT_FALSE(rows.empty()) << "replication " << replication;
            EXPECT_TRUE(rows == rows_where(five, "replication", is_replication(replication)))
                << "replication " << replication;
        }
        EXPECT_FALSE(rows_where(five, "replication", is_replication("4")).empty());
    }
    // Replications are independent draws: replication 2's partners are not replication 1's.
    const Table population = read_table(dir.path() / "three", "population.csv");
    auto without_replication = [&](const char* replication) {
        auto rows = rows_where(population, "replication", is_replication(replication));
        for (Row& row : rows) row.erase(row.begin());
        return rows;
    };
    EXPECT_NE(without_replication("1"), without_replication("2"));
}

TEST(GeneratedRun, QuantilesAgreeWithTheSummary) {
    constexpr int kReplications = 5;
    TempDir dir;
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(1000, 12, kReplications), dir.path() / "five"));
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(300, 12, 1), dir.path() / "one"));
    EXPECT_FALSE(fs::exists(dir.path() / "one" / "quantiles.csv")) << "quantiles only when replications > 1";

    const Table summary = read_table(dir.path() / "five", "summary.csv");
    const Table quantiles = read_table(dir.path() / "five", "quantiles.csv");
    ASSERT_EQ(quantiles.header, (Row{"month", "metric", "mean", "p05", "p50", "p95", "unit"}));
    ASSERT_EQ(summary.header.back(), "currency");
    const size_t metric_count = summary.header.size() - 3;  // between replication, month and currency
    ASSERT_EQ(quantiles.rows.size(), 12 * metric_count);

    // Each metric's values across replications, per month, from the summary.
    std::map<std::pair<std::string, std::string>, std::vector<double>> values;
    for (const Row& row : summary.rows)
        for (size_t c = 2; c + 1 < summary.header.size(); ++c)
            values[{row[1], summary.header[c]}].push_back(std::stod(row[c]));

    // Type-7 quantile of sorted values (what the report promises to print, rounded).
    auto type7 = [](const std::vector<double>& sorted, double p) {
        const double h = double(sorted.size() - 1) * p;
        const size_t low = size_t(std::floor(h));
        return low + 1 < sorted.size() ? sorted[low] + (h - double(low)) * (sorted[low + 1] - sorted[low]) : sorted[low];
    };
    constexpr double kPrinted = 0.0051;  // money prints cents, counts four decimals
    size_t nonzero = 0;
    for (const Row& row : quantiles.rows) {
        SCOPED_TRACE(row[0] + " " + row[1]);
        auto found = values.find({row[0], row[1]});
        ASSERT_TRUE(found != values.end());
        std::vector<double> sorted = found->second;
        ASSERT_EQ(sorted.size(), size_t(kReplications));
        std::sort(sorted.begin(), sorted.end());
        const double mean = std::stod(row[2]), p05 = std::stod(row[3]), p50 = std::stod(row[4]), p95 = std::stod(row[5]);
        const bool is_count = row[1] == "active_partners" || row[1] == "awarded" || row[1].starts_with("rejected_");
        if (is_count) {
            EXPECT_EQ(row[6], "count");
        }
        if (row[1] == "granted" || row[1] == "lapsed") {
            EXPECT_EQ(row[6], "USD");
        }
        EXPECT_LE(p05, p50);
        EXPECT_LE(p50, p95);
        EXPECT_GE(mean, sorted.front());
        EXPECT_LE(mean, sorted.back());
        EXPECT_GE(p05, sorted.front());
        EXPECT_LE(p95, sorted.back());
        double sum = 0;
        for (double v : sorted) sum += v;
        EXPECT_NEAR(mean, sum / double(kReplications), kPrinted);
        EXPECT_NEAR(p05, type7(sorted, 0.05), kPrinted);
        EXPECT_NEAR(p50, type7(sorted, 0.50), kPrinted);
        EXPECT_NEAR(p95, type7(sorted, 0.95), kPrinted);
        nonzero += sorted.back() != 0 ? 1 : 0;
    }
    EXPECT_GT(nonzero, quantiles.rows.size() / 2) << "most metrics move in a generated run";
}

// Invariants (SPEC 9) on generated output ---------------------------------------

/// Every ledger row balances and chains; granted = used + lapsed + expired + final
/// closing per replication; returns per replication {granted, used, lapsed, expired}.
std::map<std::string, std::array<int64_t, 4>> expect_ledger_balances(const Table& ledger) {
    const size_t rep = ledger.column("replication"), credit = ledger.column("credit_id"),
                 start = ledger.column("period_start"), last = ledger.column("period_end"),
                 opening = ledger.column("opening"), granted = ledger.column("granted"), used = ledger.column("used"),
                 lapsed = ledger.column("lapsed"), expired = ledger.column("expired"),
                 closing = ledger.column("closing");
    std::map<std::string, std::array<int64_t, 4>> totals;
    std::map<std::string, int64_t> final_closing;
    const Row* previous = nullptr;
    for (const Row& row : ledger.rows) {
        const int64_t o = cents(row[opening]), g = cents(row[granted]), u = cents(row[used]), l = cents(row[lapsed]),
                      e = cents(row[expired]), c = cents(row[closing]);
        const std::string where = "replication " + row[rep] + " " + row[credit] + " " + row[start];
        EXPECT_EQ(c, o + g - u - l - e) << where;
        EXPECT_TRUE(o >= 0 && g >= 0 && u >= 0 && l >= 0 && e >= 0 && c >= 0) << "negative amount: " << where;
        EXPECT_LE(day_of(row[start]), day_of(row[last])) << where;
        const bool continues = previous && (*previous)[rep] == row[rep] && (*previous)[credit] == row[credit];
        if (continues) {
            EXPECT_EQ(o, cents((*previous)[closing])) << "opening is not the previous closing: " << where;
            EXPECT_EQ(day_of(row[start]), day_of((*previous)[last]).plus_days(1)) << "a gap or overlap: " << where;
        } else {
            EXPECT_EQ(o, 0) << "a credit's first period opens empty: " << where;
        }
        auto& total = totals[row[rep]];
        total[0] += g, total[1] += u, total[2] += l, total[3] += e;
        final_closing[row[rep]] += c - (continues ? cents((*previous)[closing]) : 0);
        previous = &row;
    }
    for (const auto& [replication, total] : totals)
        EXPECT_EQ(total[0], total[1] + total[2] + total[3] + final_closing[replication])
            << "granted != used + lapsed + expired + final closing in replication " << replication;
    return totals;
}

TEST(GeneratedRun, ReportsBalance) {
    TempDir dir;
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(3000, 24, 2), dir.path()));
    const Table ledger = read_table(dir.path(), "ledger.csv");
    const Table billing = read_table(dir.path(), "billing.csv");
    const Table events = read_table(dir.path(), "events.csv");
    const Table summary = read_table(dir.path(), "summary.csv");
    ASSERT_FALSE(ledger.rows.empty());
    ASSERT_FALSE(billing.rows.empty());

    const auto ledger_totals = expect_ledger_balances(ledger);
    ASSERT_EQ(ledger_totals.size(), 2u);

    // Billing rows balance; summary flows are the billing rows summed per month.
    using MonthKey = std::pair<std::string, std::string>;  // (replication, YYYY-MM)
    std::map<MonthKey, std::array<int64_t, 6>> billing_sums;
    for (const Row& row : billing.rows) {
        std::array<int64_t, 6> flows{};
        for (size_t f = 0; f < 6; ++f) flows[f] = cents(row[billing.column(kFlowColumns[f])]);
        const std::string where = row[0] + " " + row[1] + " " + row[2];
        EXPECT_EQ(flows[0], flows[1] + flows[2] + flows[3] + flows[4] + flows[5]) << where;
        for (int64_t amount : flows) EXPECT_GE(amount, 0) << where;
        EXPECT_GE(whole(row[billing.column("disabled_days")]), 0) << where;
        auto& sum = billing_sums[{row[0], row[billing.column("month")]}];
        for (size_t f = 0; f < 6; ++f) sum[f] += flows[f];
    }
    std::map<std::string, std::array<int64_t, 5>> summary_totals;  // granted, used, lapsed, expired per replication
    for (const Row& row : summary.rows) {
        const MonthKey key{row[0], row[summary.column("month")]};
        const auto found = billing_sums.find(key);
        for (size_t f = 0; f < 6; ++f)
            EXPECT_EQ(cents(row[summary.column(kFlowColumns[f])]), found == billing_sums.end() ? 0 : found->second[f])
                << kFlowColumns[f] << " of replication " << key.first << " " << key.second;
        auto& total = summary_totals[row[0]];
        total[0] += cents(row[summary.column("granted")]);
        total[1] += cents(row[summary.column("credit_used")]);
        total[2] += cents(row[summary.column("lapsed")]);
        total[3] += cents(row[summary.column("expired")]);
    }
    for (const auto& [replication, total] : ledger_totals) {
        SCOPED_TRACE("replication " + replication);
        EXPECT_EQ(summary_totals[replication][0], total[0]) << "granted";
        EXPECT_EQ(summary_totals[replication][1], total[1]) << "credit used";
        EXPECT_EQ(summary_totals[replication][2], total[2]) << "lapsed";
        EXPECT_EQ(summary_totals[replication][3], total[3]) << "expired";
    }

    // Summary counts are the events counted per month.
    const std::pair<const char*, std::string> count_of_event[] = {
        {"awarded", "award"},     {"assigned", "assign"}, {"activated", "redeem"},
        {"disables", "disable"},  {"conversions", "convert"}, {"deletions", "delete"}};
    std::map<std::tuple<std::string, std::string, std::string>, int64_t> event_counts;  // (rep, month, column)
    const size_t event = events.column("event"), detail = events.column("detail"), date = events.column("date");
    for (const Row& row : events.rows) {
        const std::string month = month_of(row[date]);
        for (const auto& [column, name] : count_of_event)
            if (row[event] == name) ++event_counts[{row[0], month, column}];
        if (row[event] == "reject") ++event_counts[{row[0], month, "rejected_" + row[detail]}];
    }
    for (const Row& row : summary.rows) {
        for (size_t c = summary.column("awarded"); c < summary.column("active_partners"); ++c) {
            const auto found = event_counts.find({row[0], row[1], summary.header[c]});
            EXPECT_EQ(whole(row[c]), found == event_counts.end() ? 0 : found->second)
                << summary.header[c] << " of replication " << row[0] << " " << row[1];
        }
    }

    // Ledger rows start on the redemption day, none before; every redeemed credit has some.
    std::map<std::pair<std::string, std::string>, std::string> redeemed_on;  // (rep, credit) -> date
    for (const Row& row : events.rows)
        if (row[event] == "redeem") redeemed_on[{row[0], row[events.column("subject")]}] = row[date];
    std::map<std::pair<std::string, std::string>, std::string> first_period;
    for (const Row& row : ledger.rows)
        first_period.emplace(std::pair{row[0], row[ledger.column("credit_id")]}, row[ledger.column("period_start")]);
    EXPECT_EQ(first_period, redeemed_on);

    // PAYG overage only once the partner has set some limit off or period_off.
    std::map<std::pair<std::string, std::string>, std::string> first_limit_off;  // (rep, partner) -> YYYY-MM
    for (const Row& row : events.rows)
        if (row[event] == "limit" && row[detail] != "on")
            first_limit_off.emplace(std::pair{row[0], row[events.column("partner_id")]}, month_of(row[date]));
    size_t overage_rows = 0;
    for (const Row& row : billing.rows) {
        if (cents(row[billing.column("payg_overage")]) == 0) continue;
        ++overage_rows;
        const auto found = first_limit_off.find({row[0], row[1]});
        EXPECT_TRUE(found != first_limit_off.end() && found->second <= row[2])
            << "overage with every limit on: " << row[0] << " " << row[1] << " " << row[2];
    }
    EXPECT_GT(overage_rows, 0u) << "some partners remove their limit";
}

TEST(GeneratedRun, BillingProfileServesAllDemandAndNeverDisables) {
    TempDir dir;
    ASSERT_NO_FATAL_FAILURE(run_into("run scenarios/whatif/billing-profile.ini --set population.partners=2000 "
                                     "--set run.months=24 --set run.replications=1 --threads 2",
                                     dir.path()));
    const Table summary = read_table(dir.path(), "summary.csv");
    const Table billing = read_table(dir.path(), "billing.csv");
    const Table events = read_table(dir.path(), "events.csv");
    const Table ledger = read_table(dir.path(), "ledger.csv");
    ASSERT_EQ(summary.rows.size(), 24u);

    int64_t demand = 0;
    for (const Row& row : summary.rows) {
        SCOPED_TRACE(row[1]);
        demand += cents(row[summary.column("demand")]);
        EXPECT_EQ(row[summary.column("unserved")], "0.00");
        EXPECT_EQ(row[summary.column("disables")], "0");
        EXPECT_EQ(row[summary.column("deletions")], "0");
        EXPECT_EQ(row[summary.column("forfeited_value")], "0.00");
        // Deposits on the award day are the activations.
        EXPECT_EQ(row[summary.column("activated")], row[summary.column("awarded")]);
    }
    EXPECT_GT(demand, 0);
    for (const Row& row : billing.rows) {
        EXPECT_EQ(row[billing.column("unserved")], "0.00") << row[1] << " " << row[2];
        EXPECT_EQ(row[billing.column("disabled_days")], "0") << row[1] << " " << row[2];
    }
    // No assignment, redemption, limit or subscription state: only membership, awards and expiries.
    const std::set<std::string> allowed = {"award", "renew", "leave", "expire"};
    std::map<std::string, std::string> awarded_on;  // credit -> date
    for (const Row& row : events.rows) {
        EXPECT_TRUE(allowed.count(row[events.column("event")])) << "event " << row[events.column("event")];
        if (row[events.column("event")] == "award") awarded_on[row[events.column("subject")]] = row[events.column("date")];
    }
    // Every credit's first period starts on its award (deposit) day.
    expect_ledger_balances(ledger);
    std::map<std::string, std::string> first_period;
    for (const Row& row : ledger.rows) first_period.emplace(row[ledger.column("credit_id")], row[ledger.column("period_start")]);
    EXPECT_EQ(first_period, awarded_on);
}

// [output] auto (SPEC 8) --------------------------------------------------------

TEST(GeneratedRun, AutoTurnsPerPartnerReportsOffAbove20000PartnerReplications) {
    static_assert(kAutoReportLimit == 20000);
    TempDir dir;
    const auto started = std::chrono::steady_clock::now();
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(25000, 1, 1, "--set output.population=false"), dir.path() / "big"));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    RecordProperty("seconds_for_25000_partners", std::to_string(seconds));
    for (const char* report : {"ledger.csv", "billing.csv", "events.csv", "population.csv"})
        EXPECT_FALSE(fs::exists(dir.path() / "big" / report)) << report;
    const Table summary = read_table(dir.path() / "big", "summary.csv");
    ASSERT_EQ(summary.rows.size(), 1u);
    EXPECT_GT(whole(summary.rows[0][summary.column("active_partners")]), 0);
    const std::string resolved = read_file(dir.path() / "big" / "resolved.ini");
    for (const char* line : {"ledger = false", "billing = false", "events = false"})
        EXPECT_NE(resolved.find(line), std::string::npos) << line;

    // The product counts: 3 x 6667 = 20001 is above the limit, 3 x 6666 = 19998 is not.
    ASSERT_NO_FATAL_FAILURE(run_into(generated_run(6667, 1, 3, "--set output.population=false"), dir.path() / "above"));
    // (events.csv, the largest, is left out of the run below the limit to keep it quick.)
    ASSERT_NO_FATAL_FAILURE(run_into(
        generated_run(6666, 1, 3, "--set output.population=false --set output.events=false"), dir.path() / "below"));
    for (const char* report : {"ledger.csv", "billing.csv", "events.csv"})
        EXPECT_FALSE(fs::exists(dir.path() / "above" / report)) << report;
    for (const char* report : {"ledger.csv", "billing.csv"})
        EXPECT_TRUE(fs::exists(dir.path() / "below" / report)) << report;
    EXPECT_TRUE(fs::exists(dir.path() / "above" / "summary.csv"));
}

// Regressions of bugs found while writing these tests ----------------------------

// 1970, 1998 and 2026 share one calendar (a 28-year cycle: no skipped leap year
// between 1901 and 2099), and so does 1942. With no day-to-day noise (its table is
// then all 1, whatever the day's hash), a generated run depends on the start date
// only through weekdays, so shifting the run by 28 or 84 years must leave every
// amount of billing.csv unchanged.
TEST(GeneratedRun, DemandFollowsTheWeekdaysOfAShiftedCalendar) {
    TempDir dir;
    const std::string args = generated_run(300, 12, 1, "--set behavior.daily_noise_sigma=0");
    ASSERT_NO_FATAL_FAILURE(run_into(args, dir.path() / "2026"));
    const Table reference = read_table(dir.path() / "2026", "billing.csv");
    ASSERT_FALSE(reference.rows.empty());
    auto amounts = [](const Table& billing) {
        std::vector<Row> rows = billing.rows;
        for (Row& row : rows) row.erase(row.begin() + std::ptrdiff_t(billing.column("month")));
        return rows;
    };
    for (const char* start : {"1998-01-01", "1942-01-01"}) {
        SCOPED_TRACE(start);
        ASSERT_NO_FATAL_FAILURE(run_into(args + " --set run.start=" + start, dir.path() / start));
        const Table shifted = read_table(dir.path() / start, "billing.csv");
        // Regression: the weekday index once wrapped for days before 1970-01-01
        // (negative serials cast to unsigned), moving Monday's factor in 1942.
        EXPECT_TRUE(amounts(shifted) == amounts(reference)) << "demand moved with the calendar shift";
    }
}

// `validate` must refuse what `run` refuses, naming the key (exit 2, SPEC 5).
TEST(GeneratedRun, ValidateRejectsKeysTheGeneratorCannotRun) {
    // Regression: random streams key the replication in 16 bits; run.replications
    // once had no upper bound, so 65537 ran for seconds and died as an internal error.
    const CommandResult replications =
        run_creditsim("validate scenarios/baseline.ini --set run.replications=65537 --set population.partners=1");
    EXPECT_EQ(replications.exit_code, 2) << replications.err;
    EXPECT_NE(replications.err.find("run.replications"), std::string::npos) << replications.err;

    // Regression: population.partners above kMaxGeneratedPartners (999999999) once passed
    // `validate`, while `run` rejected it only once it started generating.
    const CommandResult partners = run_creditsim("validate scenarios/baseline.ini --set population.partners=1000000000");
    EXPECT_EQ(partners.exit_code, 2) << partners.err;
    EXPECT_NE(partners.err.find("population.partners"), std::string::npos) << partners.err;
    const TempDir out;
    const CommandResult run = run_creditsim("run scenarios/baseline.ini --set population.partners=1000000000 --out '" +
                                            out.path().string() + "'");
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_NE(run.err.find("population.partners"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace creditsim::testing
