// `creditsim import` core (sim/import/cost_export.hpp): the two real sample exports in
// tests/data import and reconcile to the last decimal; header, date and amount
// variants; what is not demand; unmapped subscriptions; products; messages;
// and an output the replay reader accepts.
#include "sim/import/cost_export.hpp"
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

#include "tests/support/problem_texts.hpp"
#include "tests/support/replay_scenario.hpp"
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "tests/support/usage_text.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"

namespace creditsim {

/// gtest shows Decimal values as decimals.
inline void PrintTo(const Decimal& value, std::ostream* out) { *out << value.to_string(); }

namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(CREDITSIM_SOURCE_DIR) + "/tests/data/";
const std::string kEaSample = kData + "azure-ea-actual-cost-small.csv";
const std::string kFocusSample = kData + "focus-1.0-sample.csv";

Decimal dec(const char* text) {
    DecimalError error;
    const std::optional<Decimal> value = parse_plain_decimal(text, error);
    EXPECT_TRUE(value) << text;
    return value.value_or(Decimal());
}

Decimal neg(const char* text) { return -dec(text); }

/// A fresh folder per test, removed afterwards.
class CostExportTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("creditsim-import-" + std::to_string(::getpid()) + "-" +
                                            info->test_suite_name() + "-" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path(name), std::ios::binary) << text;
        return path(name);
    }

    /// The four subscriptions of the EA sample (the first one onto a credit's subscription).
    SubscriptionMap ea_map() const {
        return load_subscription_map(write("subscriptions.csv",
                                           "subscription_id,partner_id,credit_id\n"
                                           "1caaa5a3-2b66-438e-8ab4-bce37d518c5d,P1,P1/1/azure_monthly\n"
                                           "ED570627-0265-4620-BB42-BAE06BCFA914,P2,\n"  // case differs from the export
                                           "9ec51cfd-5ca7-4d76-8101-dd0a4abc5674,P2,\n"
                                           "64e355d7-997c-491d-b0c1-8414dccfcf42,P1,\n"));
    }

    ImportResult import(ExportFormat format, std::vector<std::string> files, const SubscriptionMap& map,
                        bool skip_unmapped = false) const {
        ImportOptions options;
        options.format = format;
        options.export_files = std::move(files);
        options.skip_unmapped = skip_unmapped;
        return import_cost_exports(options, map);
    }

    /// Every problem text of the InputError the import throws, with the folder shown as {dir}.
    std::vector<std::string> problems(ExportFormat format, std::vector<std::string> files, const SubscriptionMap& map,
                                      bool skip_unmapped = false) const {
        try {
            import(format, std::move(files), map, skip_unmapped);
        } catch (const InputError& error) {
            return testing::problem_texts(error, dir_);
        }
        ADD_FAILURE() << "expected an InputError";
        return {};
    }

    fs::path dir_;
};

std::string usage_text(const ImportResult& result) { return testing::usage_text(result.usage); }

// --- The shared EA sample ------------------------------------------------------------------

TEST_F(CostExportTest, EaSampleImportsAndReconcilesExactly) {
    const ImportResult result = import(ExportFormat::azure_cost, {kEaSample}, ea_map());
    const ImportReconciliation& r = result.reconciliation;
    // By hand from the file's Cost column: 3.25 + 0.00004 + 0.000011139 + 2.64 + 0 + 0 + 0.000002
    // + 0.21268368 + 0 + 1.9584 + 0.4838709677419368.
    EXPECT_EQ(r.input.rows, 11);
    EXPECT_EQ(r.input.cost, dec("8.5450077867419368"));
    EXPECT_EQ(r.used.rows, 11);
    EXPECT_EQ(r.used.cost, dec("8.5450077867419368"));
    EXPECT_EQ(r.not_demand.rows, 0);
    EXPECT_EQ(r.skipped.rows, 0);
    EXPECT_EQ(r.currency, "USD");
    ASSERT_EQ(r.used_by_category.size(), 2u);
    // The reservation purchase (ChargeType Purchase, IsAzureCreditEligible True) is ineligible.
    EXPECT_EQ(r.used_by_category.at("ineligible").rows, 1);
    EXPECT_EQ(r.used_by_category.at("ineligible").cost, dec("3.25"));
    EXPECT_EQ(r.used_by_category.at("eligible").rows, 10);
    EXPECT_EQ(r.used_by_category.at("eligible").cost, dec("5.2950077867419368"));
    // Sub-cent rows kept with every digit: 0.00004 + 0.000011139 on 2023-09-04 for ed570627.
    EXPECT_EQ(usage_text(result),
              "date,partner_id,subscription_id,category,amount\n"
              "2023-09-04,P1,64e355d7-997c-491d-b0c1-8414dccfcf42,eligible,2.4422729677419368\n"
              "2023-09-04,P1,P1/1/azure_monthly,eligible,2.64\n"
              "2023-09-04,P2,9ec51cfd-5ca7-4d76-8101-dd0a4abc5674,eligible,0\n"
              "2023-09-04,P2,ED570627-0265-4620-BB42-BAE06BCFA914,eligible,0.000051139\n"
              "2023-09-05,P1,P1/1/azure_monthly,eligible,0.21268368\n"
              "2023-09-21,P1,P1/1/azure_monthly,ineligible,3.25\n");
    EXPECT_EQ(r.usage_lines, 6);
    const std::string text = format_reconciliation(r);
    EXPECT_NE(text.find("8.5450077867419368"), std::string::npos) << text;
    EXPECT_NE(text.find(": reconciled"), std::string::npos) << text;
}

TEST_F(CostExportTest, SubCentRowAloneKeepsItsNineDecimals) {
    // Only the sub-cent row's subscription mapped; the rest skipped and counted.
    const SubscriptionMap map = load_subscription_map(
        write("map.csv", "subscription_id,partner_id\ned570627-0265-4620-bb42-bae06bcfa914,P2\n"));
    const std::string one_row = write("one.csv",
                                      "Date,SubscriptionId,Cost,ChargeType,IsAzureCreditEligible\n"
                                      "09/04/2023,ed570627-0265-4620-bb42-bae06bcfa914,0.000011139,Usage,True\n");
    const ImportResult result = import(ExportFormat::azure_cost, {one_row}, map);
    ASSERT_EQ(result.usage.size(), 1u);
    EXPECT_EQ(result.usage[0].amount.to_string(), "0.000011139");
    EXPECT_EQ(result.usage[0].amount, dec("0.000011139"));
}

// --- The shared FOCUS sample ---------------------------------------------------------------


/// The FOCUS sample's rows as column name -> value.
std::vector<std::map<std::string, std::string>> focus_rows() {
    const std::vector<std::vector<std::string>> table = testing::read_csv(kFocusSample);
    std::vector<std::map<std::string, std::string>> rows;
    for (size_t r = 1; r < table.size(); ++r) {
        auto& row = rows.emplace_back();
        for (size_t i = 0; i < table[0].size(); ++i) row[table[0][i]] = table[r][i];
    }
    return rows;
}

Decimal signed_dec(const std::string& text) {
    return text[0] == '-' ? neg(text.c_str() + 1) : dec(text.c_str());
}

TEST_F(CostExportTest, FocusSampleImportsWithNullsAndJsonTagsAndReconcilesExactly) {
    const auto rows = focus_rows();
    ASSERT_EQ(rows.size(), 1000u);
    // Expected totals summed here from the BilledCost column, independently of the importer.
    Decimal total, not_demand, used;
    int64_t not_demand_rows = 0;
    std::string map_text = "subscription_id,partner_id\n";
    std::map<std::string, bool> mapped;
    int json_tags = 0;
    for (const auto& row : rows) {
        const Decimal cost = signed_dec(row.at("BilledCost"));
        total += cost;
        if (row.at("ChargeCategory") == "Credit" || cost.is_negative()) not_demand += cost, ++not_demand_rows;
        else used += cost;
        if (!mapped[row.at("SubAccountId")]) map_text += row.at("SubAccountId") + ",P" + std::to_string(mapped.size()) + "\n";
        mapped[row.at("SubAccountId")] = true;
        json_tags += row.at("Tags").find("{\"") == 0;
    }
    ASSERT_GT(json_tags, 100);  // the quoting of JSON tags must hold for the row counts to match
    EXPECT_EQ(total, dec("20.52022672899"));  // and by a second, independent tool (Python's decimal)

    const ImportResult result = import(ExportFormat::focus, {kFocusSample}, load_subscription_map(write("m.csv", map_text)));
    const ImportReconciliation& r = result.reconciliation;
    EXPECT_EQ(r.input.rows, 1000);
    EXPECT_EQ(r.input.cost, total);
    EXPECT_EQ(r.used.cost, used);
    EXPECT_EQ(r.not_demand.cost, not_demand);
    EXPECT_EQ(r.not_demand.rows, not_demand_rows);
    EXPECT_EQ(r.not_demand_by_reason.at("credit (ChargeCategory Credit)").cost, neg("2.6137"));
    EXPECT_EQ(r.skipped.rows, 0);
    // Two positive Oracle adjustments and one Red Hat (marketplace) row on AWS are ineligible.
    EXPECT_EQ(r.used_by_category.at("ineligible").rows, 3);
    Decimal written;
    for (const auto& line : result.usage) written += line.amount;
    EXPECT_EQ(written, used);
}

TEST_F(CostExportTest, FocusSampleWithOnlyMicrosoftSubscriptionsMappedSkipsTheRest) {
    const auto rows = focus_rows();
    Decimal microsoft_used, microsoft_negative, others;
    std::map<std::string, Decimal> skipped_by_id;
    for (const auto& row : rows) {
        const Decimal cost = signed_dec(row.at("BilledCost"));
        if (row.at("ProviderName") != "Microsoft") others += cost, skipped_by_id[row.at("SubAccountId")] += cost;
        else if (cost.is_negative()) microsoft_negative += cost;  // Microsoft's negative Usage rows: corrections
        else microsoft_used += cost;
    }
    // The EA sample's map: FOCUS names subscriptions "/subscriptions/<id>"; 73c0021f is not in it.
    SubscriptionMap map = ea_map();
    map.add({"73c0021f-a37d-433f-8baa-7450cb54eea6", "P3", "73c0021f-a37d-433f-8baa-7450cb54eea6"});
    const ImportResult result = import(ExportFormat::focus, {kFocusSample}, map, true);
    const ImportReconciliation& r = result.reconciliation;
    EXPECT_EQ(r.used.cost, microsoft_used);
    EXPECT_EQ(r.not_demand.cost, microsoft_negative);
    EXPECT_EQ(r.not_demand_by_reason.at("negative cost on a ChargeCategory Usage row (a correction)").cost,
              microsoft_negative);
    EXPECT_EQ(r.skipped.cost, others);
    EXPECT_EQ(r.input.cost, dec("20.52022672899"));
    EXPECT_EQ(r.skipped_by_subscription.size(), skipped_by_id.size());
    for (const auto& [id, cost] : skipped_by_id) EXPECT_EQ(r.skipped_by_subscription.at(id).cost, cost) << id;
    for (const auto& line : result.usage) {
        EXPECT_EQ(line.date.to_string().substr(0, 8), "2024-09-") << line.subscription_id;
        EXPECT_EQ(line.category, "eligible");
    }
}

// --- Variants of headers, dates, amounts -----------------------------------------------------

TEST_F(CostExportTest, HeaderCaseVariantsAndBothDateFormatsReadTheSame) {
    const SubscriptionMap map =
        load_subscription_map(write("map.csv", "subscription_id,partner_id\nsub-a,P1\n"));
    struct Case {
        const char* reason;
        const char* text;
    } cases[] = {
        {"EA: capitalised, MM/DD/YYYY, Cost",
         "Date,SubscriptionId,Cost,ChargeType,IsAzureCreditEligible\n"
         "09/04/2023,sub-a,1.5,Usage,True\n9/5/2023,sub-a,0.25,Usage,False\n"},
        {"MCA: camelCase, ISO dates, CostInBillingCurrency beside a Cost in another currency",
         "date,subscriptionId,costInUsd,costInBillingCurrency,chargeType,isAzureCreditEligible\n"
         "2023-09-04,sub-a,99,1.5,Usage,true\n2023-09-05T00:00:00Z,sub-a,99,0.25,Usage,false\n"},
        {"upper case, quoted header names, a BOM, CRLF",
         "\xEF\xBB\xBF\"DATE\",\"SUBSCRIPTIONID\",\"COST\",\"CHARGETYPE\",\"ISAZURECREDITELIGIBLE\"\r\n"
         "2023-09-04,SUB-A,1.5E0,USAGE,TRUE\r\n09/05/2023,sub-a,2.5e-1,usage,FALSE\r\n"},
    };
    for (const Case& c : cases) {
        const ImportResult result = import(ExportFormat::azure_cost, {write("export.csv", c.text)}, map);
        EXPECT_EQ(usage_text(result),
                  "date,partner_id,subscription_id,category,amount\n"
                  "2023-09-04,P1,sub-a,eligible,1.5\n"
                  "2023-09-05,P1,sub-a,ineligible,0.25\n")
            << c.reason;
    }
}

TEST_F(CostExportTest, AmountsParseExactlyAndPrintWithTheDigitsNeeded) {
    struct Case {
        const char* reason;
        const char* text;
        const char* printed;  // nullptr: refused
    } cases[] = {
        {"plain", "12.5", "12.5"},
        {"sub-cent", "0.000011139", "0.000011139"},
        {"trailing zeros dropped", "0.00000080000", "0.0000008"},
        {"negative", "-2.61370000000", "-2.6137"},
        {"16 decimals", "0.4838709677419368", "0.4838709677419368"},
        {"exponent", "1.1139E-05", "0.000011139"},
        {"positive exponent", "2.5e+2", "250"},
        {"18 decimals", "0.000000000000000001", "0.000000000000000001"},
        {"19 decimals", "0.0000000000000000001", "0.0000000000000000001"},
        {"28 decimals, as amortized exports write them", "0.0000000072922557592391990000",
         "0.000000007292255759239199"},
        {"a negative 28-place cost", "-0.0000000072922557592391990001", "-0.0000000072922557592391990001"},
        {"an exponent pushing past 18 decimals", "7.2922557592391990000E-09", "0.000000007292255759239199"},
        {"1E-19", "1E-19", "0.0000000000000000001"},
        {"a second point", "1.2.3", nullptr},
        {"an exponent without digits", "1E", nullptr},
        {"a thousands separator", "1,000.5", nullptr},
        {"text", "abc", nullptr},
        {"a lone sign", "-", nullptr},
        {"empty", "", nullptr},
    };
    for (const Case& c : cases) {
        const auto value = parse_export_amount(c.text);
        if (!c.printed) {
            EXPECT_FALSE(value) << c.reason;
            continue;
        }
        ASSERT_TRUE(value) << c.reason;
        EXPECT_EQ(value->to_string(), c.printed) << c.reason;
    }
}

TEST_F(CostExportTest, DatesInBothExportFormats) {
    struct Case {
        const char* reason;
        const char* text;
        const char* day;  // nullptr: refused
    } cases[] = {
        {"US month/day/year", "09/21/2023", "2023-09-21"},
        {"one-digit month and day", "9/1/2023", "2023-09-01"},
        {"ISO", "2023-09-21", "2023-09-21"},
        {"FOCUS timestamp: the date part", "2024-09-18 22:00:00", "2024-09-18"},
        {"ISO with T", "2024-09-30T23:00:00Z", "2024-09-30"},
        {"day 31 of a 30-day month", "09/31/2023", nullptr},
        {"day/month order is not guessed", "21/09/2023", nullptr},
        {"two-digit year", "09/21/23", nullptr},
        {"junk after the date", "2023-09-21x", nullptr},
    };
    for (const Case& c : cases) {
        const auto day = parse_export_date(c.text);
        if (!c.day) {
            EXPECT_FALSE(day) << c.reason;
            continue;
        }
        ASSERT_TRUE(day) << c.reason;
        EXPECT_EQ(day->to_string(), c.day) << c.reason;
    }
}

// --- What is demand ---------------------------------------------------------------------

TEST_F(CostExportTest, AzureRefundsAndNegativeRowsAreCountedNotWritten) {
    const SubscriptionMap map = load_subscription_map(write("map.csv", "subscription_id,partner_id\ns1,P1\n"));
    const std::string file = write("export.csv",
                                   "Date,SubscriptionId,Cost,ChargeType,IsAzureCreditEligible,PublisherType\n"
                                   "2023-09-01,s1,10,Usage,True,Azure\n"
                                   "2023-09-01,s1,-4,Refund,True,Azure\n"     // a refund: not demand
                                   "2023-09-01,s1,3,Refund,True,Azure\n"      // a refund's reversal: still not demand
                                   "2023-09-01,s1,-0.5,Usage,True,Azure\n"    // a negative correction
                                   "2023-09-01,s1,2,Usage,,Marketplace\n"     // no flag: marketplace -> ineligible
                                   "2023-09-01,s1,1,Usage,,Azure\n"           // no flag: first party -> eligible
                                   "2023-09-01,s1,7,Usage,False,Azure\n"      // the flag decides
                                   "2023-09-01,s1,5,Purchase,True,Azure\n");  // purchases are ineligible
    const ImportResult result = import(ExportFormat::azure_cost, {file}, map);
    const ImportReconciliation& r = result.reconciliation;
    EXPECT_EQ(r.input.cost, dec("23.5"));
    EXPECT_EQ(r.not_demand.rows, 3);
    EXPECT_EQ(r.not_demand.cost, neg("1.5"));
    EXPECT_EQ(r.not_demand_by_reason.at("refund (ChargeType Refund)").cost, neg("1"));
    EXPECT_EQ(r.not_demand_by_reason.at("negative cost on a ChargeType Usage row (a correction)").cost, neg("0.5"));
    EXPECT_EQ(usage_text(result),
              "date,partner_id,subscription_id,category,amount\n"
              "2023-09-01,P1,s1,eligible,11\n"
              "2023-09-01,P1,s1,ineligible,14\n");
}

TEST_F(CostExportTest, FocusCreditsAndNegativeAdjustmentsAreCountedNotWritten) {
    const SubscriptionMap map = load_subscription_map(write("map.csv", "subscription_id,partner_id\nacct,P1\n"));
    const std::string file = write(
        "focus.csv",
        "BilledCost,ChargeCategory,ChargePeriodStart,ProviderName,PublisherName,InvoiceIssuerName,ServiceName,"
        "SubAccountId,Tags\n"
        "10,Usage,2024-09-18 22:00:00,Microsoft,Microsoft,Contoso CSP,Virtual Machines,acct,NULL\n"
        "-3,Credit,2024-09-18 00:00:00,Microsoft,Microsoft,Microsoft,NULL,acct,NULL\n"
        "-1.25,Adjustment,2024-09-18 00:00:00,Microsoft,Microsoft,Microsoft,NULL,acct,NULL\n"
        "0.75,Adjustment,2024-09-18 00:00:00,Microsoft,Microsoft,Microsoft,NULL,acct,NULL\n"
        "2,Tax,2024-09-18 00:00:00,Microsoft,Microsoft,Microsoft,NULL,acct,NULL\n"
        "4,Purchase,2024-09-18 00:00:00,Microsoft,Microsoft,Microsoft,NULL,acct,NULL\n"
        "6,Usage,2024-09-18 01:00:00,Microsoft,Datadog,Microsoft,Datadog,acct,\"{\"\"a,b\"\": \"\"c\"\"}\"\n");
    const ImportResult result = import(ExportFormat::focus, {file}, map);
    const ImportReconciliation& r = result.reconciliation;
    EXPECT_EQ(r.input.cost, dec("18.5"));
    EXPECT_EQ(r.not_demand.cost, neg("4.25"));
    EXPECT_EQ(r.not_demand_by_reason.at("credit (ChargeCategory Credit)").cost, neg("3"));
    EXPECT_EQ(r.not_demand_by_reason.at("negative adjustment (ChargeCategory Adjustment)").cost, neg("1.25"));
    EXPECT_EQ(usage_text(result),
              "date,partner_id,subscription_id,category,amount\n"
              "2024-09-18,P1,acct,eligible,10\n"
              "2024-09-18,P1,acct,ineligible,12.75\n");
}

TEST_F(CostExportTest, ProductNamesMapToProductCategories) {
    struct Case {
        const char* name;
        const char* product;
    } cases[] = {
        {"Microsoft Copilot for Security", "copilot_for_security"},
        {"Security Copilot", "copilot_for_security"},
        {"GitHub Copilot Enterprise", "github_copilot_enterprise"},
        {"github copilot business", "github_copilot_enterprise"},
        {"GitHub Enterprise", "github_enterprise"},
        {"GitHub Actions", "github_enterprise"},
        {"Virtual Machines", ""},
        {"Copilot Studio", ""},
    };
    for (const Case& c : cases) EXPECT_EQ(product_for_name(c.name), c.product) << c.name;

    const SubscriptionMap map = load_subscription_map(write("map.csv", "subscription_id,partner_id\ns1,P1\n"));
    const std::string file = write("export.csv",
                                   "date,subscriptionId,costInBillingCurrency,chargeType,isAzureCreditEligible,"
                                   "meterCategory,consumedService,productName\n"
                                   "2024-05-01,s1,4,Usage,False,Security Copilot,Microsoft.SecurityCopilot,SCU\n"
                                   "2024-05-01,s1,19,Usage,True,GitHub,Microsoft.GitHub,GitHub Copilot Business\n"
                                   "2024-05-01,s1,21,Usage,True,GitHub,Microsoft.GitHub,GitHub Actions - Linux\n"
                                   "2024-05-01,s1,1,Usage,True,Storage,Microsoft.Storage,Blob\n");
    EXPECT_EQ(usage_text(import(ExportFormat::azure_cost, {file}, map)),
              "date,partner_id,subscription_id,category,amount\n"
              "2024-05-01,P1,s1,copilot_for_security,4\n"
              "2024-05-01,P1,s1,eligible,1\n"
              "2024-05-01,P1,s1,github_copilot_enterprise,19\n"
              "2024-05-01,P1,s1,github_enterprise,21\n");
}

// --- Unmapped subscriptions ---------------------------------------------------------------

TEST_F(CostExportTest, UnmappedSubscriptionsAreAnErrorListingThem) {
    const SubscriptionMap map = load_subscription_map(
        write("map.csv", "subscription_id,partner_id\n1caaa5a3-2b66-438e-8ab4-bce37d518c5d,P1\n"));
    const auto texts = problems(ExportFormat::azure_cost, {kEaSample}, map);
    ASSERT_EQ(texts.size(), 3u);
    EXPECT_EQ(texts[0], kEaSample + ":8: column 'SubscriptionId': subscription "
                                    "\"64e355d7-997c-491d-b0c1-8414dccfcf42\" is not in the subscription map (3 rows, "
                                    "cost 2.4422729677419368); add it to the map or pass --skip-unmapped");
    EXPECT_EQ(texts[1], kEaSample + ":7: column 'SubscriptionId': subscription "
                                    "\"9ec51cfd-5ca7-4d76-8101-dd0a4abc5674\" is not in the subscription map (1 row, "
                                    "cost 0); add it to the map or pass --skip-unmapped");
    EXPECT_EQ(texts[2], kEaSample + ":3: column 'SubscriptionId': subscription "
                                    "\"ed570627-0265-4620-bb42-bae06bcfa914\" is not in the subscription map (2 rows, "
                                    "cost 0.000051139); add it to the map or pass --skip-unmapped");
}

TEST_F(CostExportTest, SkipUnmappedSkipsAndCountsThem) {
    const SubscriptionMap map = load_subscription_map(
        write("map.csv", "subscription_id,partner_id\n1caaa5a3-2b66-438e-8ab4-bce37d518c5d,P1\n"));
    const ImportResult result = import(ExportFormat::azure_cost, {kEaSample}, map, true);
    const ImportReconciliation& r = result.reconciliation;
    EXPECT_EQ(r.used.rows, 5);
    EXPECT_EQ(r.used.cost, dec("6.10268368"));  // 3.25 + 2.64 + 0 + 0.21268368 + 0
    EXPECT_EQ(r.skipped.rows, 6);
    EXPECT_EQ(r.skipped.cost, dec("2.4423241067419368"));
    EXPECT_EQ(r.skipped_by_subscription.at("ed570627-0265-4620-bb42-bae06bcfa914").cost, dec("0.000051139"));
    EXPECT_EQ(r.input.cost, dec("8.5450077867419368"));
    EXPECT_NE(format_reconciliation(r).find("skipped: subscription not in the map"), std::string::npos);
}

// --- Messages ---------------------------------------------------------------------------

TEST_F(CostExportTest, BadDatesAndNumbersNameFileLineAndColumn) {
    const SubscriptionMap map = load_subscription_map(write("map.csv", "subscription_id,partner_id\ns1,P1\n"));
    const std::string file = write("export.csv",
                                   "Date,SubscriptionId,Cost,IsAzureCreditEligible\n"
                                   "2023-09-01,s1,1,True\n"
                                   "31/12/2023,s1,1,True\n"
                                   "\n"
                                   "2023-09-02,s1,1.2.3,True\n"
                                   "2023-09-02,,0.1,yes\n"
                                   "2023-09-02,s1,0.1\n");
    EXPECT_EQ(problems(ExportFormat::azure_cost, {file}, map),
              (std::vector<std::string>{
                  "{dir}/export.csv:3: column 'Date': expected a date MM/DD/YYYY or YYYY-MM-DD; got \"31/12/2023\"",
                  "{dir}/export.csv:5: column 'Cost': expected a decimal number (like 12.5, -0.01, "
                  "0.000011139 or 1.1139E-05); got \"1.2.3\"",
                  "{dir}/export.csv:6: column 'SubscriptionId': expected a subscription id; got an empty field",
                  "{dir}/export.csv:7: expected 4 fields as in the header; got 3",
              }));
    const std::string focus = write("focus.csv",
                                    "ChargePeriodStart,SubAccountId,BilledCost,ChargeCategory\n"
                                    "2024-09-18 22:00:00,s1,NULL,Usage\n"
                                    "NULL,s1,1,Refund\n");
    EXPECT_EQ(problems(ExportFormat::focus, {focus}, map),
              (std::vector<std::string>{
                  "{dir}/focus.csv:2: column 'BilledCost': expected a decimal number (like 12.5, -0.01, "
                  "0.000011139 or 1.1139E-05); got an empty field",
                  "{dir}/focus.csv:3: column 'ChargePeriodStart': expected a date YYYY-MM-DD or YYYY-MM-DD hh:mm:ss; "
                  "got an empty field",
              }));
}

TEST_F(CostExportTest, AnInvalidCreditFlagAndChargeCategoryAreReported) {
    const SubscriptionMap map = load_subscription_map(write("map.csv", "subscription_id,partner_id\ns1,P1\n"));
    EXPECT_EQ(problems(ExportFormat::azure_cost,
                       {write("a.csv", "Date,SubscriptionId,Cost,IsAzureCreditEligible\n2023-09-01,s1,1,yes\n")}, map),
              (std::vector<std::string>{"{dir}/a.csv:2: column 'IsAzureCreditEligible': expected True or False; got \"yes\""}));
    EXPECT_EQ(problems(ExportFormat::focus,
                       {write("f.csv", "ChargePeriodStart,SubAccountId,BilledCost,ChargeCategory\n2024-09-01,s1,1,Refund\n")},
                       map),
              (std::vector<std::string>{"{dir}/f.csv:2: column 'ChargeCategory': expected Usage, Purchase, Tax, Credit or "
                                        "Adjustment; got \"Refund\""}));
}

TEST_F(CostExportTest, AMissingColumnListsWhatWasFound) {
    const SubscriptionMap map = load_subscription_map(write("map.csv", "subscription_id,partner_id\ns1,P1\n"));
    EXPECT_EQ(problems(ExportFormat::azure_cost, {write("a.csv", "Date,SubscriptionName,Cost\n2023-09-01,x,1\n"),
                                                  path("missing.csv")},
                       map),
              (std::vector<std::string>{
                  "{dir}/a.csv:1: missing from the header: expected a column SubscriptionId or SubscriptionGuid (any "
                  "case) for the azure-cost format; found Date, SubscriptionName, Cost",
                  "{dir}/missing.csv: cannot open the file: No such file or directory",
              }));
    // The EA sample read as FOCUS: every FOCUS column is missing.
    const auto texts = problems(ExportFormat::focus, {kEaSample}, map);
    ASSERT_EQ(texts.size(), 4u);
    EXPECT_NE(texts[0].find(":1: missing from the header: expected a column ChargePeriodStart (any case) for the "
                            "focus format; found BillingAccountId, BillingAccountName,"),
              std::string::npos)
        << texts[0];
}

TEST_F(CostExportTest, AColumnNamedTwiceIgnoringCaseIsAnError) {
    // Cost and COST both match the cost column: which one is meant cannot be told.
    const SubscriptionMap map = load_subscription_map(write("map.csv", "subscription_id,partner_id\ns1,P1\n"));
    EXPECT_EQ(problems(ExportFormat::azure_cost,
                       {write("a.csv", "Date,SubscriptionId,Cost,COST\n2023-09-01,s1,1,100\n")}, map),
              (std::vector<std::string>{"{dir}/a.csv:1: column 'COST': the header names this column twice (Cost and "
                                        "COST: names match ignoring case); found Date, SubscriptionId, Cost, COST"}));
    EXPECT_EQ(problems(ExportFormat::azure_cost,
                       {write("b.csv", "Date,SubscriptionId,Cost,ChargeType,chargetype\n2023-09-01,s1,1,Usage,Refund\n")},
                       map),
              (std::vector<std::string>{"{dir}/b.csv:1: column 'chargetype': the header names this column twice "
                                        "(ChargeType and chargetype: names match ignoring case); found Date, "
                                        "SubscriptionId, Cost, ChargeType, chargetype"}))
        << "an optional column too";
}

TEST_F(CostExportTest, HostileFilesAreNamedForWhatTheyAre) {
    const SubscriptionMap map = load_subscription_map(write("map.csv", "subscription_id,partner_id\ns1,P1\n"));
    std::filesystem::create_directory(path("folder.csv"));
    const std::string header = "Date,SubscriptionId,Cost\n";
    std::string utf16 = "\xFF\xFE";
    for (char c : header) utf16 += std::string{c, '\0'};
    EXPECT_EQ(problems(ExportFormat::azure_cost,
                       {path("folder.csv"), write("cut.csv", header + "2023-09-01,s1,180.25\n2023-09-02,s1"),
                        write("latin1.csv", header + "2023-09-01,s1,1\n2023-09-02,caf\xE9,1\n"),
                        write("utf16.csv", utf16)},
                       map),
              (std::vector<std::string>{
                  "{dir}/folder.csv: is a directory; expected a CSV file",
                  "{dir}/cut.csv:3: the last line is cut short: 2 of 3 fields (is the file complete?)",
                  "{dir}/latin1.csv:3: expected UTF-8 text; got the byte 0xE9 at byte offset 55, which is not UTF-8 "
                  "(save the file as UTF-8); the rest of the file is not read",
                  "{dir}/utf16.csv: the file looks like UTF-16; save it as UTF-8",
              }));
}

TEST_F(CostExportTest, SubscriptionMapProblems) {
    const std::string file = write("map.csv",
                                   "subscription_id,partner_id,credit_id\n"
                                   "s1,P1,\n"
                                   "S1,P2,\n"
                                   ",P3,\n"
                                   "s4,\"P,4\",\n");
    try {
        load_subscription_map(file);
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.problems().size(), 3u);
        EXPECT_EQ(error.problems()[0].to_string(),
                  file + ":3: column 'subscription_id': subscription \"S1\" is already mapped on line 2 (ids match "
                         "ignoring case and a /subscriptions/ prefix)");
        EXPECT_EQ(error.problems()[1].to_string(), file + ":4: column 'subscription_id': expected a non-empty id; got an empty field");
        EXPECT_EQ(error.problems()[2].to_string(),
                  file + ":5: column 'partner_id': expected an id without commas, quotes or line breaks; got \"P,4\"");
    }
    EXPECT_THROW(load_subscription_map(write("bad.csv", "subscription,partner_id\ns1,P1\n")), InputError);
}

// --- The output is a usage.csv the replay reader accepts ---------------------------------------

TEST_F(CostExportTest, EaOutputLoadsAsReplayUsage) {
    const ImportResult result = import(ExportFormat::azure_cost, {kEaSample}, ea_map());
    std::ofstream(path("usage.csv"), std::ios::binary) << usage_text(result);
    write("catalog.csv", "offer,credit,kind,amount,count,term_months,scope\nap,azure_monthly,monthly,100,,,azure\n");
    write("partners.csv", "partner_id,offer,joined\nP1,ap,2023-09-01\nP2,ap,2023-09-01\n");
    write("users.csv", "partner_id,user_id,email\n");
    write("actions.csv", "date,partner_id,action,credit_id,user_id\n");
    const Scenario s = testing::replay_scenario_in(dir_, "import-test", *parse_date("2023-09-01"), 1);
    const ReplayInputs inputs = load_replay_inputs(s);

    // Rounded once, half-even, per line: 2.4422729677419368 -> 2.44, 2.64, 0, 0.000051139 -> 0,
    // 0.21268368 -> 0.21, 3.25.
    std::map<std::string, int64_t> cents_by_subscription;
    int64_t total_cents = 0;
    for (const auto& demand : inputs.history.demand) {
        cents_by_subscription[inputs.population.subscriptions[demand.subscription].id] += demand.amount.cents();
        total_cents += demand.amount.cents();
    }
    EXPECT_EQ(inputs.history.demand.size(), 6u);
    EXPECT_EQ(total_cents, 244 + 264 + 0 + 0 + 21 + 325);
    EXPECT_EQ(cents_by_subscription.at("P1/1/azure_monthly"), 264 + 21 + 325);
    EXPECT_EQ(cents_by_subscription.at("64e355d7-997c-491d-b0c1-8414dccfcf42"), 244);
    // The first subscription is the credit's: usage landed on it.
    const auto& subscriptions = inputs.population.subscriptions;
    const auto credit_subscription = std::find_if(subscriptions.begin(), subscriptions.end(),
                                                  [](const auto& sub) { return sub.id == "P1/1/azure_monthly"; });
    ASSERT_NE(credit_subscription, subscriptions.end());
    EXPECT_NE(credit_subscription->credit, kNone);
}

}  // namespace
}  // namespace creditsim
