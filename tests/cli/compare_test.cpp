// `creditsim compare` as a user meets it: compare.csv, the console table,
// --fail-if gates and their exit codes, and what common random numbers buy.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "tests/cli/cli_support.hpp"
#include "tests/cli/second_run.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

const char* const kPair = "compare scenarios/baseline.ini scenarios/whatif/validity-12.ini";
// Small: 400 partners over 18 months, 8 replications (well under a second per run).
const char* const kSmall = " --set population.partners=400 --set run.months=18 --replications 8 --threads 2";

using CsvRow = std::vector<std::string>;

/// The row (scenario, metric, period), or an empty row.
CsvRow find_row(const std::vector<CsvRow>& rows, const std::string& scenario, const std::string& metric,
                const std::string& period) {
    for (const CsvRow& row : rows)
        if (row.size() == 9 && row[0] == scenario && row[1] == metric && row[2] == period) return row;
    return {};
}

/// Every row's unit is one of the allowed labels, the one its metric has: the currency for money.
void expect_units(const std::vector<CsvRow>& rows, const std::string& currency) {
    const std::map<std::string, std::string> expected = {
        {"demand", currency},         {"granted", currency},     {"lapsed", currency},
        {"breakage", currency},       {"payg_billed", currency}, {"unserved", currency},
        {"breakage_rate", "fraction"}, {"disabled_days", "days"}, {"awarded", "count"},
        {"rejected_bulk_limit", "count"}, {"active_partners", "count"}};
    std::set<std::string> seen;
    for (size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 9u) << i;
        const std::string& unit = rows[i][8];
        EXPECT_TRUE(unit == currency || unit == "count" || unit == "days" || unit == "fraction")
            << "line " << i + 1 << ": unit '" << unit << "'";
        const auto it = expected.find(rows[i][1]);
        if (it == expected.end()) continue;
        EXPECT_EQ(unit, it->second) << rows[i][1];
        seen.insert(rows[i][1]);
    }
    EXPECT_EQ(seen.size(), expected.size()) << "every sampled metric has rows";
}

TEST(CompareCli, WritesCompareCsvForBothScenarios) {
    TempDir dir;
    const fs::path out = dir.path() / "cmp";
    const CommandResult r = run_creditsim(std::string(kPair) + kSmall + " --out '" + out.string() + "' --fail-if 'granted > 0'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::vector<CsvRow> rows = read_csv(out / "compare.csv");
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(read_file(out / "compare.csv").substr(0, 65),
              "scenario,metric,period,mean,delta,ci_low,ci_high,rel_change,unit\n");
    std::map<std::string, int> per_scenario;
    for (size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 9u) << i;
        ++per_scenario[rows[i][0]];
    }
    expect_units(rows, "USD");
    // 28 metrics x (all + 18 months), for each scenario.
    EXPECT_EQ(per_scenario["baseline"], 28 * 19);
    EXPECT_EQ(per_scenario["validity-12"], 28 * 19);
    EXPECT_EQ(per_scenario.size(), 2u);
    for (const char* period : {"all", "2026-01", "2027-06"}) {
        const CsvRow base = find_row(rows, "baseline", "lapsed", period);
        ASSERT_EQ(base.size(), 9u) << period;
        EXPECT_EQ(base[4], "0.00") << period;  // the base: delta 0, no interval
        EXPECT_EQ(base[5], "") << period;
        EXPECT_EQ(base[6], "") << period;
        EXPECT_EQ(find_row(rows, "validity-12", "lapsed", period).size(), 9u) << period;
    }
    const CsvRow granted = find_row(rows, "validity-12", "granted", "all");
    ASSERT_EQ(granted.size(), 9u);
    EXPECT_LT(std::stod(granted[4]), 0) << "12 monthly grants instead of 13";
    EXPECT_LE(std::stod(granted[5]), std::stod(granted[4]));
    EXPECT_GE(std::stod(granted[6]), std::stod(granted[4]));
    EXPECT_NE(granted[3].find('.'), std::string::npos);
    EXPECT_EQ(granted[3].size() - granted[3].find('.'), 3u) << "money with two decimals: " << granted[3];
    // The console table: the whole run, a * for clear differences.
    EXPECT_NE(r.out.find("validity-12 vs baseline: whole run, mean of 8 replications (common random numbers)"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("*\n"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("2026-01"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("gates passed: 1 rule on 1 scenario"), std::string::npos) << r.err;
}

TEST(CompareCli, ViolatedGateExitsOneAndNamesRuleScenarioAndValue) {
    TempDir dir;
    const fs::path out = dir.path() / "cmp";
    const CommandResult r = run_creditsim(std::string(kPair) + kSmall + " --out '" + out.string() +
                                          "' --fail-if 'lapsed != 0' --fail-if 'granted > -100%'" +
                                          " --fail-if 'active_partners != 0'");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("gate failed: 'lapsed != 0' for scenario validity-12: lapsed delta -"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("gate failed: 'granted > -100%' for scenario validity-12: granted delta -"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("active_partners != 0"), std::string::npos) << "same population: holds\n" << r.err;
    EXPECT_TRUE(fs::exists(out / "compare.csv")) << "the comparison is still written";
}

TEST(CompareCli, BadInputExitsTwoAndRunsNothing) {
    struct Case {
        const char* reason;
        std::string args;
        std::string expected;
    };
    TempDir dir;
    const fs::path out = dir.path() / "cmp";
    const std::string to = " --out '" + out.string() + "'";
    const std::string shifted = dir.write("shifted.ini", "[run]\nbase = " CREDITSIM_SOURCE_DIR
                                                         "/scenarios/baseline.ini\nstart = 2026-02-01\n");
    const Case cases[] = {
        {"malformed rule", std::string(kPair) + to + " --fail-if 'lapsed => 0'",
         "option '--fail-if': rule 'lapsed => 0': expected an operator (>, >=, <, <=, == or !=) after 'lapsed'; got '=> 0'"},
        {"unknown metric", std::string(kPair) + to + " --fail-if 'breakage_ratio > 2%'",
         "unknown metric 'breakage_ratio'; known metrics: demand, granted, credit_used, lapsed,"},
        {"bad number", std::string(kPair) + to + " --fail-if 'unserved != zero'",
         "expected a number after '!=', optionally signed and ending in % (e.g. 5, -2.5, +2%); got 'zero'"},
        {"one scenario", "compare scenarios/baseline.ini" + to,
         "expected a base scenario and at least one other: creditsim compare BASE.ini WHATIF.ini [...]"},
        {"no replications", std::string(kPair) + to + " --replications 0",
         "option '--replications': expected a whole number >= 1; got 0"},
        {"different window", std::string(kPair) + to + " '" + shifted + "'",
         "shifted.ini: keys 'run.start' and 'run.months': compare needs every scenario over the base's run window "
         "(2026-01-01, 36 months); this one starts 2026-02-01 for 36 months"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.reason);
        const CommandResult r = run_creditsim(c.args);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(out)) << "nothing written";
    }
}

TEST(CompareCli, HelpDocumentsTheGateGrammar) {
    const CommandResult r = run_creditsim("compare --help");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const char* text : {"METRIC OP VALUE", ">  >=  <  <=  ==  !=", "'breakage_rate > +2%'", "breakage_rate",
                             "disabled_days", "--independent", "Exit codes: 0"})
        EXPECT_NE(r.out.find(text), std::string::npos) << text;
    EXPECT_NE(run_creditsim("--help").out.find("creditsim compare BASE.ini WHATIF.ini"), std::string::npos);
}

double interval_width(const fs::path& csv, const std::string& scenario, const std::string& metric) {
    const CsvRow row = find_row(read_csv(csv), scenario, metric, "all");
    if (row.size() != 9 || row[5].empty() || row[6].empty()) return NAN;
    return std::stod(row[6]) - std::stod(row[5]);
}

TEST(CompareCli, CommonRandomNumbersNarrowTheInterval) {
    TempDir dir;
    const fs::path crn = dir.path() / "crn";
    const fs::path independent = dir.path() / "independent";
    ASSERT_EQ(run_creditsim(std::string(kPair) + kSmall + " --out '" + crn.string() + "'").exit_code, 0);
    const CommandResult r =
        run_creditsim(std::string(kPair) + kSmall + " --independent --out '" + independent.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("(independent seeds)"), std::string::npos) << r.out;
    for (const char* metric : {"credit_used", "demand"}) {
        SCOPED_TRACE(metric);
        const double with_crn = interval_width(crn / "compare.csv", "validity-12", metric);
        const double without = interval_width(independent / "compare.csv", "validity-12", metric);
        EXPECT_GT(with_crn, 0);
        EXPECT_GE(without, 3 * with_crn) << "CRN width " << with_crn << ", independent " << without;
    }
    // The base itself does not move with --independent: its seed is the base seed.
    EXPECT_EQ(find_row(read_csv(crn / "compare.csv"), "baseline", "demand", "all"),
              find_row(read_csv(independent / "compare.csv"), "baseline", "demand", "all"));
}

TEST(CompareCli, BaseAgainstItselfIsExactlyZero) {
    TempDir dir;
    const fs::path out = dir.path() / "self";
    const CommandResult r = run_creditsim("compare scenarios/baseline.ini scenarios/baseline.ini" + std::string(kSmall) +
                                          " --out '" + out.string() + "' --fail-if 'credit_used != 0'" +
                                          " --fail-if 'breakage_rate != 0%'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    int checked = 0;
    for (const CsvRow& row : read_csv(out / "compare.csv")) {
        if (row.size() != 9 || row[0] != "baseline#2") continue;
        SCOPED_TRACE(row[1] + " " + row[2]);
        EXPECT_TRUE(row[4] == "0.00" || row[4] == "0") << row[4];
        EXPECT_EQ(row[5], row[4]);  // zero-width interval at 0
        EXPECT_EQ(row[6], row[4]);
        EXPECT_TRUE(row[7] == "0" || row[7].empty()) << row[7];
        ++checked;
    }
    EXPECT_EQ(checked, 28 * 19);
    EXPECT_EQ(r.out.find("*\n"), std::string::npos) << "nothing is statistically clear\n" << r.out;
}

// Issue 15: the currency labels every money row and the console table; rel. change is a percent there.
TEST(CompareCli, MoneyRowsCarryTheScenariosCurrency) {
    TempDir dir;
    const fs::path out = dir.path() / "eur";
    const CommandResult r = run_creditsim(std::string(kPair) + kSmall + " --set run.currency=EUR --out '" +
                                          out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_units(read_csv(out / "compare.csv"), "EUR");
    EXPECT_NE(r.out.find("rel. change"), std::string::npos) << r.out;
    const size_t granted = r.out.find("\ngranted ");
    ASSERT_NE(granted, std::string::npos) << r.out;
    const std::string line = r.out.substr(granted + 1, r.out.find('\n', granted + 1) - granted - 1);
    EXPECT_NE(line.find(" EUR "), std::string::npos) << line;
    EXPECT_NE(line.find(" %"), std::string::npos) << "the percent says so: " << line;
}

TEST(CompareCli, ScenariosInTwoCurrenciesAreRefused) {
    TempDir dir;
    const std::string other =
        dir.write("other.ini", "[run]\nbase = " + std::string(CREDITSIM_SOURCE_DIR "/scenarios/baseline.ini") + "\ncurrency = EUR\n");
    const CommandResult r = run_creditsim("compare scenarios/baseline.ini '" + other + "'" +
                                          std::string(kSmall) + " --out '" + (dir.path() / "x").string() + "'");
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("key 'run.currency': expected the base scenario's currency USD (amounts never convert); got EUR"),
              std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "x" / "compare.csv"));
}

// Issue 14: the folder is locked before the first scenario runs, not when the reports are written.
TEST(CompareCli, ASecondCompareIntoTheSameFolderFailsAtOnce) {
    TempDir dir;
    const fs::path out = dir.path() / "cmp";
    const std::string err = expect_second_run_refused(
        {"compare", "scenarios/baseline.ini", "scenarios/whatif/validity-12.ini", "--set", "population.partners=20000",
         "--replications", "2", "--threads", "1", "--no-html", "--out", out.string()},
        dir.path(), out);
    const std::vector<CsvRow> rows = read_csv(out / "compare.csv");
    EXPECT_EQ(rows.size(), 1u + 2 * 28 * 37) << "the first compare's rows, whole: 28 metrics x (all + 36 months) x 2";
    EXPECT_EQ(find_row(rows, "validity-12", "granted", "all").size(), 9u);
    EXPECT_TRUE(fs::exists(out / "manifest.csv"));
    EXPECT_NE(err.find("compare.csv and manifest.csv in " + out.string()), std::string::npos) << err;
}

}  // namespace
}  // namespace creditsim::testing
