// `creditsim import` end to end through import_command (app/import_command.cpp):
// files written or not, exit codes, and the InputError messages.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/import_command.hpp"
#include "model/errors.hpp"
#include "tests/cli/cli_support.hpp"

namespace creditsim::cli {
namespace {

namespace fs = std::filesystem;
using creditsim::testing::read_file;
using creditsim::testing::TempDir;

const std::string kData = std::string(CREDITSIM_SOURCE_DIR) + "/tests/data/";
const std::string kEaSample = kData + "azure-ea-actual-cost-small.csv";
const std::string kFocusSample = kData + "focus-1.0-sample.csv";

const char* const kEaMap =
    "subscription_id,partner_id,credit_id\n"
    "1caaa5a3-2b66-438e-8ab4-bce37d518c5d,P1,P1/1/azure_monthly\n"
    "ed570627-0265-4620-bb42-bae06bcfa914,P2,\n"
    "9ec51cfd-5ca7-4d76-8101-dd0a4abc5674,P2,\n"
    "64e355d7-997c-491d-b0c1-8414dccfcf42,P1,\n";

const char* const kEaUsage =
    "date,partner_id,subscription_id,category,amount\n"
    "2023-09-04,P1,64e355d7-997c-491d-b0c1-8414dccfcf42,eligible,2.4422729677419368\n"
    "2023-09-04,P1,P1/1/azure_monthly,eligible,2.64\n"
    "2023-09-04,P2,9ec51cfd-5ca7-4d76-8101-dd0a4abc5674,eligible,0\n"
    "2023-09-04,P2,ed570627-0265-4620-bb42-bae06bcfa914,eligible,0.000051139\n"
    "2023-09-05,P1,P1/1/azure_monthly,eligible,0.21268368\n"
    "2023-09-21,P1,P1/1/azure_monthly,ineligible,3.25\n";

/// The problems of the InputError import_command throws, as text ("" entries when it did not throw).
std::vector<std::string> import_problems(const std::vector<std::string>& args) {
    try {
        import_command(args);
    } catch (const InputError& error) {
        std::vector<std::string> texts;
        for (const auto& problem : error.problems()) texts.push_back(problem.to_string());
        return texts;
    }
    ADD_FAILURE() << "expected an InputError";
    return {};
}

/// The names in a folder (temporaries included).
std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

TEST(ImportCommand, EaSampleWritesUsageCsvAtomically) {
    TempDir dir;
    const std::string map = dir.write("subscriptions.csv", kEaMap);
    const std::string out = (dir.path() / "replay" / "usage.csv").string();  // the folder is created
    EXPECT_EQ(import_command({"--format", "azure-cost", kEaSample, "--map", map, "--out", out}), kOk);
    EXPECT_EQ(read_file(out), kEaUsage);
    EXPECT_EQ(names_in(dir.path() / "replay"), std::vector<std::string>{"usage.csv"});  // no temporary left

    // Run again over an existing file: replaced with the same content.
    EXPECT_EQ(import_command({"--format=azure-cost", "--map=" + map, "--out=" + out, kEaSample}), kOk);
    EXPECT_EQ(read_file(out), kEaUsage);
}

TEST(ImportCommand, UnmappedIsBadInputAndLeavesTheOldFile) {
    TempDir dir;
    const std::string map =
        dir.write("subscriptions.csv", "subscription_id,partner_id\n1caaa5a3-2b66-438e-8ab4-bce37d518c5d,P1\n");
    const std::string out = dir.write("usage.csv", "old content\n");
    const auto texts = import_problems({"--format", "azure-cost", kEaSample, "--map", map, "--out", out});
    ASSERT_EQ(texts.size(), 3u);
    EXPECT_EQ(texts[2], kEaSample + ":3: column 'SubscriptionId': subscription \"ed570627-0265-4620-bb42-bae06bcfa914\" "
                                    "is not in the subscription map (2 rows, cost 0.000051139); add it to the map or "
                                    "pass --skip-unmapped");
    EXPECT_EQ(read_file(out), "old content\n");
    EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"subscriptions.csv", "usage.csv"}));

    EXPECT_EQ(import_command({"--format", "azure-cost", kEaSample, "--map", map, "--out", out, "--skip-unmapped"}), kOk);
    EXPECT_EQ(read_file(out),
              "date,partner_id,subscription_id,category,amount\n"
              "2023-09-04,P1,1caaa5a3-2b66-438e-8ab4-bce37d518c5d,eligible,2.64\n"
              "2023-09-05,P1,1caaa5a3-2b66-438e-8ab4-bce37d518c5d,eligible,0.21268368\n"
              "2023-09-21,P1,1caaa5a3-2b66-438e-8ab4-bce37d518c5d,ineligible,3.25\n");
}

TEST(ImportCommand, SeveralFilesInOneRunAddUp) {
    TempDir dir;
    const std::string map = dir.write("subscriptions.csv", kEaMap);
    const std::string out = (dir.path() / "usage.csv").string();
    // The FOCUS sample's Microsoft rows, twice (two files): each day's sums double exactly.
    EXPECT_EQ(import_command({"--format", "focus", kFocusSample, "--map", map, "--out", out, "--skip-unmapped"}), kOk);
    const std::string once = read_file(out);
    EXPECT_EQ(import_command(
                  {"--format", "focus", kFocusSample, kFocusSample, "--map", map, "--out", out, "--skip-unmapped"}),
              kOk);
    const std::string twice = read_file(out);
    EXPECT_EQ(std::count(once.begin(), once.end(), '\n'), std::count(twice.begin(), twice.end(), '\n'));
    EXPECT_NE(once.find("2024-09-"), std::string::npos);
    EXPECT_NE(once, twice);
}

TEST(ImportCommand, BadArgumentsAreBadInput) {
    TempDir dir;
    const std::string map = dir.write("subscriptions.csv", kEaMap);
    const std::string out = (dir.path() / "usage.csv").string();
    EXPECT_EQ(import_problems({kEaSample, "--map", map, "--out", out}),
              std::vector<std::string>{"command line: expected --format azure-cost or --format focus (see creditsim "
                                       "import --help)"});
    EXPECT_EQ(import_problems({"--format", "csv", kEaSample, "--map", map, "--out", out}),
              std::vector<std::string>{"command line: expected --format azure-cost or --format focus; got \"csv\" (see "
                                       "creditsim import --help)"});
    EXPECT_EQ(import_problems({"--format", "focus", "--map", map, "--out", out}),
              std::vector<std::string>{"command line: expected one or more export files (see creditsim import --help)"});
    EXPECT_EQ(import_problems({"--format", "focus", kFocusSample, "--out", out}),
              std::vector<std::string>{"command line: expected --map subscriptions.csv (see creditsim import --help)"});
    EXPECT_EQ(import_problems({"--format", "focus", kFocusSample, "--map", map}),
              std::vector<std::string>{"command line: expected --out usage.csv (see creditsim import --help)"});
    EXPECT_FALSE(fs::exists(out));
}

TEST(ImportCommand, BadRowsAreAllReportedAndNothingIsWritten) {
    TempDir dir;
    const std::string map = dir.write("subscriptions.csv", "subscription_id,partner_id\ns1,P1\n");
    const std::string export_file = dir.write("export.csv",
                                              "date,subscriptionId,costInBillingCurrency\n"
                                              "2023-13-01,s1,1\n"
                                              "2023-09-01,s1,one\n");
    const std::string out = (dir.path() / "usage.csv").string();
    EXPECT_EQ(import_problems({"--format", "azure-cost", export_file, "--map", map, "--out", out}),
              (std::vector<std::string>{
                  export_file + ":2: column 'date': expected a date MM/DD/YYYY or YYYY-MM-DD; got \"2023-13-01\"",
                  export_file + ":3: column 'costInBillingCurrency': expected a decimal number (like 12.5, "
                                "-0.01, 0.000011139 or 1.1139E-05); got \"one\"",
              }));
    EXPECT_FALSE(fs::exists(out));
}

TEST(ImportCommand, HostileFilesAreBadInputAndNothingIsWritten) {
    // A folder for the map, an export cut off mid-row, and one whose costs are named twice.
    TempDir dir;
    fs::create_directory(dir.path() / "maps");
    const std::string folder = (dir.path() / "maps").string();
    const std::string cut = dir.write("cut.csv", "Date,SubscriptionId,Cost\r\n2023-09-01,s1,180.25\r\n2023-09-02,s1");
    const std::string twice = dir.write("twice.csv", "Date,SubscriptionId,Cost,COST\n2023-09-01,s1,1,100\n");
    const std::string map = dir.write("subscriptions.csv", "subscription_id,partner_id\ns1,P1\n");
    const std::string out = (dir.path() / "usage.csv").string();
    EXPECT_EQ(import_problems({"--format", "azure-cost", cut, "--map", folder, "--out", out}),
              (std::vector<std::string>{folder + ": is a directory; expected a CSV file"}));
    EXPECT_EQ(import_problems({"--format", "azure-cost", cut, twice, "--map", map, "--out", out}),
              (std::vector<std::string>{
                  cut + ":3: the last line is cut short: 2 of 3 fields (is the file complete?)",
                  twice + ":1: column 'COST': the header names this column twice (Cost and COST: names match "
                          "ignoring case); found Date, SubscriptionId, Cost, COST",
              }));
    EXPECT_FALSE(fs::exists(out));
}

TEST(ImportCommand, HeaderOnlyExportWritesAnEmptyUsageCsv) {
    TempDir dir;
    const std::string map = dir.write("subscriptions.csv", "subscription_id,partner_id\nsub-ea-1,P1\n");
    const std::string out = (dir.path() / "usage.csv").string();
    EXPECT_EQ(import_command({"--format", "azure-cost", kData + "azure-header-only.csv", "--map", map, "--out", out}),
              kOk);
    EXPECT_EQ(read_file(out), "date,partner_id,subscription_id,category,amount\n");
}

TEST(ImportCommand, MixedCurrenciesAreBadInputAndWriteNothing) {
    TempDir dir;
    const std::string map = dir.write("subscriptions.csv", "subscription_id,partner_id\nsub-ea-1,P1\n");
    const std::string out = (dir.path() / "usage.csv").string();
    const std::string file = kData + "azure-mixed-currency.csv";
    EXPECT_EQ(import_problems({"--format", "azure-cost", file, "--map", map, "--out", out}),
              std::vector<std::string>{file + ":4: column 'BillingCurrency': expected one billing currency in the whole "
                                              "import, USD as on line 2 of " + file +
                                       "; got \"EUR\" (import each currency separately)"});
    EXPECT_FALSE(fs::exists(out));
}

// The whole road a FinOps team takes: an amortized export with a 28-place cost is
// imported, then replayed. The replay rounds each (day, subscription, category)
// sum once: 1.245 + 0.0000000072922557592391990000 + 0.4 = 1.645000007... -> 1.65
// (1.645 alone would round to 1.64), and the demand of the run is every line of it.
TEST(ImportCommand, AnAmortizedExportReplaysToTheCent) {
    TempDir dir;
    const std::string map = dir.write("subscriptions.csv", "subscription_id,partner_id\nsub-ea-1,P1\nsub-ea-2,P1\n");
    const std::string usage = (dir.path() / "usage.csv").string();
    ASSERT_EQ(import_command({"--format", "azure-cost", kData + "azure-ea-amortized-cost.csv", "--map", map, "--out", usage}),
              kOk);
    dir.write("catalog.csv", "offer,credit,kind,amount,count,term_months,scope\nap,azure_monthly,monthly,100,1,,azure\n");
    dir.write("partners.csv", "partner_id,offer,joined\nP1,ap,2025-10-01\n");
    dir.write("users.csv", "partner_id,user_id,email\n");
    dir.write("actions.csv", "date,partner_id,action,credit_id,user_id\n");
    const std::string scenario = dir.write(
        "scenario.ini", "[run]\nstart = 2025-10-01\nmonths = 1\n[population]\nsource = files\n[catalog]\nfile = catalog.csv\n");
    const testing::CommandResult run =
        testing::run_creditsim("run '" + scenario + "' --no-html --out '" + (dir.path() / "out").string() + "'");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    // 1.65 eligible + 4.75 and 0.06 ineligible on sub-ea-1, 0.50 ineligible on sub-ea-2: all plain PAYG.
    EXPECT_EQ(read_file(dir.path() / "out" / "billing.csv"),
              "replication,partner_id,month,demand,credit_used,payg_overage,payg_ineligible,payg_other,unserved,"
              "disabled_days,currency\n0,P1,2025-10,6.96,0.00,0.00,0.00,6.96,0.00,0,USD\n");
}

}  // namespace
}  // namespace creditsim::cli
