// `creditsim import` of the exports FinOps teams have (sim/import/cost_export.hpp):
// amortized EA and MCA cost details with every row class, each class in its
// documented category and on its own reconciliation line, totals exact to the
// 28th place; RFC 4180 fields with line breaks; a header-only export; mixed
// currencies. Fixtures: tests/data (hand-written, see its README).
#include "sim/import/cost_export.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "tests/support/usage_text.hpp"

namespace creditsim {

inline void PrintTo(const Decimal& value, std::ostream* out) { *out << value.to_string(); }

namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(CREDITSIM_SOURCE_DIR) + "/tests/data/";

Decimal dec(const char* text) {
    const bool is_negative = text[0] == '-';
    DecimalError error;
    const std::optional<Decimal> value = parse_plain_decimal(text + (is_negative ? 1 : 0), error);
    EXPECT_TRUE(value) << text;
    return is_negative ? -value.value_or(Decimal()) : value.value_or(Decimal());
}

class ImportClassesTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("creditsim-classes-" + std::to_string(::getpid()) + "-" + info->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    SubscriptionMap map(const std::string& lines) const {
        const std::string path = (dir_ / "map.csv").string();
        std::ofstream(path, std::ios::binary) << "subscription_id,partner_id\n" << lines;
        return load_subscription_map(path);
    }
    static ImportResult import(const std::string& file, const SubscriptionMap& subscriptions) {
        ImportOptions options;
        options.export_files = {file};
        return import_cost_exports(options, subscriptions);
    }
    static std::string usage_text(const ImportResult& result) { return testing::usage_text(result.usage); }

    fs::path dir_;
};

/// The tally of one class of a category, or a failure when there is none.
CostTally class_tally(const ImportReconciliation& r, const std::string& category, const std::string& why) {
    const auto classes = r.used_by_class.find(category);
    if (classes == r.used_by_class.end() || !classes->second.count(why)) {
        ADD_FAILURE() << "no class \"" << why << "\" in category " << category;
        return {};
    }
    return classes->second.at(why);
}

TEST_F(ImportClassesTest, AmortizedEaExportPutsEachClassInItsCategoryAndReconcilesExactly) {
    const ImportResult result =
        import(kData + "azure-ea-amortized-cost.csv", map("sub-ea-1,P1\nsub-ea-2,P2\n"));
    const ImportReconciliation& r = result.reconciliation;
    // By hand (and by Python's decimal) from the Cost column.
    EXPECT_EQ(r.input.rows, 11);
    EXPECT_EQ(r.input.cost, dec("6.8550000072922557592391990001"));
    EXPECT_EQ(r.currency, "USD");
    struct Case {
        const char* category;
        const char* why;
        const char* cost;
    } cases[] = {
        {"eligible", "OnDemand usage, IsAzureCreditEligible True", "1.2450000072922557592391990000"},
        {"eligible", "Spot usage, IsAzureCreditEligible True", "0.40"},
        {"ineligible", "reservation usage (PricingModel Reservation): prepaid", "2.5"},
        {"ineligible", "savings plan usage (PricingModel SavingsPlan): prepaid", "1.75"},
        {"ineligible", "unused reservation (ChargeType UnusedReservation): prepaid", "0.3"},
        {"ineligible", "unused savings plan (ChargeType UnusedSavingsPlan): prepaid", "0.2"},
        {"ineligible", "OnDemand usage, IsAzureCreditEligible False", "0.5000000000000000000000000001"},
        {"ineligible", "usage, Marketplace (no IsAzureCreditEligible)", "0.05"},
        {"ineligible", "ChargeType RoundingAdjustment: not usage", "0.01"},
    };
    for (const Case& c : cases) EXPECT_EQ(class_tally(r, c.category, c.why).cost, dec(c.cost)) << c.why;
    EXPECT_EQ(r.used_by_class.at("eligible").size(), 2u);
    EXPECT_EQ(r.used_by_class.at("ineligible").size(), 7u);
    EXPECT_EQ(r.used_by_category.at("eligible").cost, dec("1.645000007292255759239199"));
    EXPECT_EQ(r.used_by_category.at("ineligible").cost, dec("5.3100000000000000000000000001"));
    EXPECT_EQ(r.not_demand.cost, dec("-0.10"));
    // The multi-line Tags and AdditionalInfo of line 9 are one record: the next record is on line 15.
    EXPECT_EQ(usage_text(result),
              "date,partner_id,subscription_id,category,amount\n"
              "2025-10-01,P1,sub-ea-1,eligible,1.645000007292255759239199\n"
              "2025-10-01,P1,sub-ea-1,ineligible,4.75\n"
              "2025-10-02,P1,sub-ea-1,ineligible,0.06\n"
              "2025-10-02,P2,sub-ea-2,ineligible,0.5000000000000000000000000001\n");
    // 1.645 alone rounds half-even to 1.64; the exact sum, a hair above, to 1.65.
    EXPECT_EQ(result.usage[0].amount.round_to_cents().cents(), 165);
    const std::string text = format_reconciliation(r);
    EXPECT_NE(text.find("      Spot usage, IsAzureCreditEligible True"), std::string::npos) << text;
    EXPECT_NE(text.find("= 6.8550000072922557592391990001 = input total 6.8550000072922557592391990001: reconciled"),
              std::string::npos)
        << text;
}

TEST_F(ImportClassesTest, McaCostDetailsImportLikeEaOnesWithTheirCurrency) {
    const ImportResult result = import(kData + "azure-mca-cost-details.csv", map("mca-1,P1\nmca-2,P2\n"));
    const ImportReconciliation& r = result.reconciliation;
    EXPECT_EQ(r.currency, "EUR");
    EXPECT_EQ(r.input.rows, 10);
    EXPECT_EQ(r.input.cost, dec("11.389092607292255759239199"));
    EXPECT_EQ(class_tally(r, "eligible", "OnDemand usage, IsAzureCreditEligible True").cost,
              dec("3.141592607292255759239199"));
    EXPECT_EQ(class_tally(r, "eligible", "Spot usage, IsAzureCreditEligible True").cost, dec("0.25"));
    EXPECT_EQ(class_tally(r, "github_enterprise", "by product name").cost, dec("0.96"));
    EXPECT_EQ(class_tally(r, "ineligible", "reservation usage (PricingModel Reservation): prepaid").cost, dec("1.75"));
    EXPECT_EQ(class_tally(r, "ineligible", "savings plan usage (PricingModel SavingsPlan): prepaid").cost, dec("0.6"));
    EXPECT_EQ(class_tally(r, "ineligible", "unused reservation (ChargeType UnusedReservation): prepaid").cost,
              dec("0.125"));
    EXPECT_EQ(class_tally(r, "ineligible", "unused savings plan (ChargeType UnusedSavingsPlan): prepaid").cost,
              dec("0.0625"));
    EXPECT_EQ(class_tally(r, "ineligible", "OnDemand usage, IsAzureCreditEligible False").cost, dec("5"));
    EXPECT_EQ(r.not_demand_by_reason.at("refund (ChargeType Refund)").cost, dec("-0.50"));
    EXPECT_EQ(usage_text(result),
              "date,partner_id,subscription_id,category,amount\n"
              "2025-11-03,P1,mca-1,eligible,3.3915926\n"
              "2025-11-03,P1,mca-1,github_enterprise,0.96\n"
              "2025-11-03,P1,mca-1,ineligible,2.5375\n"
              "2025-11-04,P2,mca-2,eligible,0.000000007292255759239199\n"
              "2025-11-04,P2,mca-2,ineligible,5\n");
    EXPECT_NE(format_reconciliation(r).find("(amounts in EUR)"), std::string::npos);
}

TEST_F(ImportClassesTest, SharedMcaSampleImportsAndReconciles) {
    const ImportResult result = import(kData + "azure-mca-actual-cost-sample.csv",
                                       map("5a1e2d3c-4b5a-4697-8a1b-2c3d4e5f6a71,P1\n6b2f3e4d-5c6b-47a8-9b2c-3d4e5f6a7b82,P2\n"));
    const ImportReconciliation& r = result.reconciliation;
    // 3.1415926 + 0.42 + 1.75 + 5.00 + 0.96 - 0.50, from its costInBillingCurrency column.
    EXPECT_EQ(r.input.rows, 6);
    EXPECT_EQ(r.input.cost, dec("10.7715926"));
    EXPECT_EQ(r.currency, "USD");
    EXPECT_EQ(class_tally(r, "eligible", "OnDemand usage, IsAzureCreditEligible True").cost, dec("3.5615926"));
    EXPECT_EQ(class_tally(r, "ineligible", "reservation usage (PricingModel Reservation): prepaid").cost, dec("1.75"));
    EXPECT_EQ(class_tally(r, "ineligible", "OnDemand usage, IsAzureCreditEligible False").cost, dec("5.00"));
    EXPECT_EQ(class_tally(r, "github_enterprise", "by product name").cost, dec("0.96"));
    EXPECT_EQ(r.not_demand.cost, dec("-0.50"));
    EXPECT_NE(format_reconciliation(r).find(": reconciled"), std::string::npos);
}

TEST_F(ImportClassesTest, HeaderOnlyExportImportsAsEmptyWithAWarning) {
    const std::string file = kData + "azure-header-only.csv";
    const ImportResult result = import(file, map("sub-ea-1,P1\n"));
    EXPECT_TRUE(result.usage.empty());
    EXPECT_EQ(result.reconciliation.input.rows, 0);
    EXPECT_EQ(result.warnings, std::vector<std::string>{file + ": the export has a header and no rows; imported as empty"});
    EXPECT_EQ(usage_text(result), "date,partner_id,subscription_id,category,amount\n");
}

TEST_F(ImportClassesTest, MixedCurrenciesAreAnErrorNamingFileLineAndColumn) {
    const std::string file = kData + "azure-mixed-currency.csv";
    try {
        import(file, map("sub-ea-1,P1\n"));
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.problems().size(), 1u);  // once per other currency, not per row
        EXPECT_EQ(error.problems()[0].to_string(),
                  file + ":4: column 'BillingCurrency': expected one billing currency in the whole import, USD as on "
                         "line 2 of " + file + "; got \"EUR\" (import each currency separately)");
    }
}

TEST_F(ImportClassesTest, QuotedFieldsMayHoldLineBreaksAndQuotes) {
    const std::string file = (dir_ / "export.csv").string();
    std::ofstream(file, std::ios::binary)
        << "Date,SubscriptionId,Cost,Tags\r\n"
           "2025-10-01,s1,1,\"{\r\n\"\"a\"\"\r\n: \"\"b,\r\nc\"\"}\"\r\n"
           "2025-10-01,s1,2,\"x\"\"\"\r\n"
           "2025-10-01,s1,x,\r\n"
           "2025-10-01,s1,4,\"x\"y\r\n"
           "2025-10-01,s1,5,\"never closed\r\n";
    try {
        import(file, map("s1,P1\n"));
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        std::vector<std::string> texts;
        for (const auto& problem : error.problems()) texts.push_back(problem.to_string());
        EXPECT_EQ(texts, (std::vector<std::string>{
                             file + ":7: column 'Cost': expected a decimal number (like 12.5, -0.01, 0.000011139 or "
                                    "1.1139E-05); got \"x\"",
                             file + ":8: column 'Tags': expected ',' or the end of the record after the closing '\"' "
                                    "of a quoted field (a quote inside a quoted field is written \"\")",
                             file + ":9: column 'Tags': expected a closing '\"' for the quoted field that starts on "
                                    "this line; the file ended first",
                         }));
    }
}

TEST_F(ImportClassesTest, PricingModelSpellingsAndAnUnknownValue) {
    const std::string file = (dir_ / "export.csv").string();
    std::ofstream(file, std::ios::binary) << "Date,SubscriptionId,Cost,ChargeType,PricingModel,IsAzureCreditEligible\n"
                                             "2025-10-01,s1,1,Usage,On Demand,True\n"   // the field list's spelling
                                             "2025-10-01,s1,2,Usage,savingsplan,True\n"  // any case
                                             "2025-10-01,s1,4,Purchase,SavingsPlan,True\n";
    const ImportResult result = import(file, map("s1,P1\n"));
    EXPECT_EQ(class_tally(result.reconciliation, "eligible", "OnDemand usage, IsAzureCreditEligible True").cost, dec("1"));
    EXPECT_EQ(class_tally(result.reconciliation, "ineligible", "savings plan usage (PricingModel SavingsPlan): prepaid").cost,
              dec("2"));
    EXPECT_EQ(class_tally(result.reconciliation, "ineligible", "ChargeType Purchase, PricingModel SavingsPlan: not usage").cost,
              dec("4"));

    std::ofstream(file, std::ios::binary) << "Date,SubscriptionId,Cost,PricingModel\n2025-10-01,s1,1,Prepaid\n";
    try {
        import(file, map("s1,P1\n"));
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.problems().size(), 1u);
        EXPECT_EQ(error.problems()[0].to_string(),
                  file + ":2: column 'PricingModel': expected OnDemand, Spot, Reservation, SavingsPlan, Marketplace or "
                         "an empty field; got \"Prepaid\"");
    }
}

}  // namespace
}  // namespace creditsim
