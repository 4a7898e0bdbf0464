// The command line as a user meets it: exit codes, messages naming file, line
// and column, and no report left behind when the input is bad.
#include <gtest/gtest.h>

#include <set>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;


TEST(Cli, RunWritesReportsAndHeadline) {
    TempDir dir;
    write_valid_replay(dir);
    const auto out = dir.path() / "out";
    const CommandResult r = run_creditsim("run '" + (dir.path() / "scenario.ini").string() + "' --out '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << "data goes to files, talk to stderr";
    EXPECT_NE(r.err.find("reports in " + out.string()), std::string::npos) << r.err;
    // The headline is the balance identity, one term a line, in USD: 200 = 12.34 + 87.66 + 0 + 100.
    EXPECT_NE(r.err.find("headline (USD):\n"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("  credit granted              200.00 USD  = used + lapsed + expired + closing balance\n"),
              std::string::npos) << r.err;
    EXPECT_NE(r.err.find("    used                       12.34 USD\n"), std::string::npos) << r.err;  // 12.345 -> 12.34 half-even
    EXPECT_NE(r.err.find("    lapsed                     87.66 USD\n"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("    expired                     0.00 USD\n"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("    closing balance           100.00 USD"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("  forfeited value               0.00 USD  (never granted"), std::string::npos) << r.err;
    for (const char* f : {"ledger.csv", "billing.csv", "events.csv", "summary.csv", "resolved.ini", "manifest.csv"})
        EXPECT_TRUE(fs::exists(out / f)) << f;
}

// Issue 15: [run] currency labels the headline, the last column of every money report and report.html.
TEST(Cli, RunInEurNamesEurEverywhereMoneyAppears) {
    TempDir dir;
    write_valid_replay(dir);
    const auto out = dir.path() / "out";
    const CommandResult r = run_creditsim("run '" + (dir.path() / "scenario.ini").string() +
                                          "' --set run.currency=EUR --set run.replications=2 --out '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("headline (EUR, mean of 2 replications):\n"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("  credit granted              200.00 EUR  = used"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("USD"), std::string::npos) << r.err;
    for (const char* f : {"ledger.csv", "billing.csv", "summary.csv"}) {
        const auto rows = read_csv(out / f);
        ASSERT_GT(rows.size(), 1u) << f;
        EXPECT_EQ(rows[0].back(), "currency") << f;
        for (size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i].back(), "EUR") << f << " line " << i + 1;
    }
    const auto quantiles = read_csv(out / "quantiles.csv");
    EXPECT_EQ(quantiles[0].back(), "unit");
    const std::set<std::string> money = {"demand", "credit_used", "payg_overage", "payg_ineligible", "payg_other",
                                         "unserved", "granted", "lapsed", "expired", "forfeited_value"};
    ASSERT_GT(quantiles.size(), 1u);
    for (size_t i = 1; i < quantiles.size(); ++i)
        EXPECT_EQ(quantiles[i].back(), money.count(quantiles[i][1]) ? "EUR" : "count") << "line " << i + 1;
    EXPECT_EQ(read_csv(out / "events.csv")[0].back(), "detail") << "events.csv has no amounts";
    const std::string page = read_file(out / "report.html");
    EXPECT_NE(page.find("<footer>Amounts in EUR."), std::string::npos);
    EXPECT_NE(page.find("<td>200.00 EUR</td>"), std::string::npos) << "the headline's credit granted";
    EXPECT_NE(page.find("\"currency\":\"EUR\""), std::string::npos);
    EXPECT_EQ(page.find("USD"), std::string::npos);
    EXPECT_NE(read_file(out / "resolved.ini").find("currency = EUR"), std::string::npos);
}

TEST(Cli, CatalogCurrencyErrorsAreBadInput) {
    TempDir dir;
    write_valid_replay(dir);
    const std::string header = "offer,credit,kind,amount,count,term_months,scope,currency\n";
    const std::string scenario = "run '" + (dir.path() / "scenario.ini").string() + "'";
    const auto out = dir.path() / "out";
    const std::string catalog = (dir.path() / "catalog.csv").string();
    dir.write("catalog.csv", header + "ap,azure_monthly,monthly,100,1,,azure,EUR\nap,azure_bulk,bulk,500,1,12,azure,USD\n");
    expect_bad_input(scenario + " --set run.currency=EUR --out '" + out.string() + "'",
                     catalog + ":3: column 'currency': expected EUR as on line 2 (every line names the same currency; "
                               "amounts never convert); got \"USD\"",
                     out);
    dir.write("catalog.csv", header + "ap,azure_monthly,monthly,100,1,,azure,EUR\n");
    expect_bad_input(scenario + " --out '" + out.string() + "'",
                     catalog + ":2: column 'currency': the catalog names currency EUR but [run] currency is USD: set "
                               "[run] currency = EUR (amounts never convert)",
                     out);
    expect_bad_input(scenario + " --set run.currency=Euro --out '" + out.string() + "'",
                     "--set 'run.currency=Euro': expected a currency code of three upper-case letters (ISO 4217, like "
                     "EUR); got \"Euro\"",
                     out);
}

// resolved.ini names paths relative to the scenario's folder: its copy there repeats the
// run; run where it was written it finds no inputs (docs/DECISIONS.md).
TEST(Cli, ResolvedIniCopiedBesideTheScenarioRepeatsTheRun) {
    TempDir dir;
    write_valid_replay(dir);
    const auto first = dir.path() / "first";
    const auto second = dir.path() / "second";
    ASSERT_EQ(run_creditsim("run '" + (dir.path() / "scenario.ini").string() + "' --set policy.carry_forward=0.5 --out '" +
                            first.string() + "'").exit_code, 0);
    fs::copy_file(first / "resolved.ini", dir.path() / "rerun.ini");
    const CommandResult again = run_creditsim("run '" + (dir.path() / "rerun.ini").string() + "' --out '" + second.string() + "'");
    ASSERT_EQ(again.exit_code, 0) << again.err;
    for (const char* f : {"ledger.csv", "billing.csv", "events.csv", "summary.csv", "resolved.ini"})
        EXPECT_EQ(read_file(first / f), read_file(second / f)) << f;
    EXPECT_NE(read_file(first / "resolved.ini").find("carry_forward = 0.5"), std::string::npos);
    expect_bad_input("run '" + (first / "resolved.ini").string() + "' --out '" + (dir.path() / "third").string() + "'",
                     (first / "catalog.csv").string() + ": cannot open the file", dir.path() / "third");
}

struct BadInputCase {
    const char* reason;
    const char* file;      // which file to overwrite
    const char* content;   // its new content
    const char* expected;  // a substring the message must contain
};

TEST(Cli, BadInputExitsTwoNamesTheProblemAndWritesNothing) {
    const BadInputCase cases[] = {
        {"unknown key", "scenario.ini", "[run]\nstart = 2026-01-01\nmonths = 2\nmonth = 3\n[population]\nsource = files\n",
         "scenario.ini:4: key 'run.month'"},
        {"bad date in scenario", "scenario.ini", "[run]\nstart = 2026-02-30\n[population]\nsource = files\n",
         "scenario.ini:2: key 'run.start'"},
        {"negative usage amount", "usage.csv",
         "date,partner_id,subscription_id,category,amount\n2026-01-04,P1,S1,eligible,-5\n", "usage.csv:2: column 'amount'"},
        {"misspelt header", "usage.csv", "date,partner_id,subscription,category,amount\n", "usage.csv:1"},
        {"short row", "partners.csv", "partner_id,offer,joined\nP1,ap\n", "partners.csv:2"},
        {"unknown partner", "users.csv", "partner_id,user_id,email\nP9,u1,a@contoso.com\n", "users.csv:2: column 'partner_id'"},
        {"unknown action", "actions.csv", "date,partner_id,action,credit_id,user_id\n2026-01-02,P1,asign,P1/1/azure_monthly,u1\n",
         "actions.csv:2: column 'action'"},
        {"credit never awarded", "actions.csv",
         "date,partner_id,action,credit_id,user_id\n2026-01-02,P1,assign,P1/1/gold,u1\n", "actions.csv:2: column 'credit_id'"},
        {"unknown offer", "partners.csv", "partner_id,offer,joined\nP1,gold,2026-01-01\n", "partners.csv:2: column 'offer'"},
        {"malformed catalog amount", "catalog.csv",
         "offer,credit,kind,amount,count,term_months,scope\nap,azure_monthly,monthly,1O0,1,,azure\n", "catalog.csv:2: column 'amount'"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.reason);
        TempDir dir;
        write_valid_replay(dir);
        dir.write(c.file, c.content);
        const auto out = dir.path() / "out";
        const CommandResult r = run_creditsim("run '" + (dir.path() / "scenario.ini").string() + "' --out '" + out.string() + "'");
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(out)) << "no report may be written";
        const CommandResult v = run_creditsim("validate '" + (dir.path() / "scenario.ini").string() + "'");
        EXPECT_EQ(v.exit_code, 2);
        EXPECT_NE(v.err.find(c.expected), std::string::npos) << v.err;
    }
}

TEST(Cli, AllProblemsOfAFileAreListedTogether) {
    TempDir dir;
    write_valid_replay(dir);
    dir.write("usage.csv", "date,partner_id,subscription_id,category,amount\n2026-13-01,P1,S1,eligible,1\n"
                           "2026-01-02,P1,,eligible,1\n2026-01-03,P1,S1,eligible,1.5.0\n");
    const CommandResult r = run_creditsim("validate '" + (dir.path() / "scenario.ini").string() + "'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("3 problems"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("usage.csv:2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("usage.csv:3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("usage.csv:4"), std::string::npos) << r.err;
}

TEST(Cli, ValidateRunsNothing) {
    TempDir dir;
    write_valid_replay(dir);
    const CommandResult r = run_creditsim("validate '" + (dir.path() / "scenario.ini").string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("ok (1 partners"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(Cli, UsageMistakesAndHelp) {
    EXPECT_EQ(run_creditsim("").exit_code, 2);
    EXPECT_EQ(run_creditsim("frobnicate x.ini").exit_code, 2);
    EXPECT_EQ(run_creditsim("run").exit_code, 2);
    EXPECT_EQ(run_creditsim("run x.ini --bogus").exit_code, 2);
    const CommandResult missing = run_creditsim("run /nonexistent/scenario.ini");
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("/nonexistent/scenario.ini"), std::string::npos) << missing.err;
    const CommandResult help = run_creditsim("--help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
    const CommandResult keys = run_creditsim("run --help-scenario");
    EXPECT_EQ(keys.exit_code, 0);
    for (const char* key : {"validity_months", "carry_forward", "retention_days", "burn_order", "base"})
        EXPECT_NE(keys.out.find(key), std::string::npos) << key;
    EXPECT_EQ(run_creditsim("--version").out.rfind("creditsim ", 0), 0u);
}

}  // namespace
}  // namespace creditsim::testing
