// Replay inputs (SPEC 6): exact tables from small CSV files, CSV details
// (BOM, quotes, extra columns, CRLF), and the full text of every kind of
// input-error message.
#include "sim/inputs/replay/replay_inputs.hpp"
#include "sim/support/sha256.hpp"

#include <gtest/gtest.h>

#include "tests/support/problem_texts.hpp"
#include "tests/support/replay_scenario.hpp"
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "model/errors.hpp"

namespace creditsim {
namespace {

namespace fs = std::filesystem;

Date day(const char* text) { return *parse_date(text); }
Money usd(int64_t cents) { return Money::from_cents(cents); }

const char* const kCatalog =
    "offer,credit,kind,amount,count,term_months,scope\n"
    "ap,azure_monthly,monthly,100,,,azure\n"
    "core,azure_monthly,monthly,150.50,1,,azure\n"
    "core,azure_bulk,bulk,6000,,,azure\n"
    "core,copilot,bulk,1200,2,6,copilot_security\n";

const char* const kPartners =
    "partner_id,offer,joined,renewals\n"
    "P2,ap,2026-02-01,\n"
    "P10,core,2026-01-15,1\n"
    "P1,ap,2026-01-01,0\n";

const char* const kUsers =
    "partner_id,user_id,email\n"
    "P10,zed,zed@contoso.com\n"
    "P1,bob,bob@Gmail.COM\n"
    "P10,amy,amy@fabrikam.com\n"
    "P1,al,al@contoso.com\n"
    "P2,odd,\"a@b@ outlook.com\"\n";

const char* const kActions =
    "date,partner_id,action,credit_id,user_id\n"
    "2026-01-05,P1,redeem,P1/1/azure_monthly,\n"         // 2
    "2026-01-05,P1,assign,P1/1/azure_monthly,al\n"       // 3
    "2026-01-05,P1,remove,P1/1/azure_monthly,al\n"       // 4
    "2026-01-05,P1,limit_off,P1/1/azure_monthly,\n"      // 5
    "2026-01-05,P1,convert,P1/1/azure_monthly,\n"        // 6
    "2026-01-05,P10,assign,P10/1/azure_bulk,nobody\n"    // 7: unknown user, not an error
    "2026-01-03,P10,assign,P10/1/copilot#2,amy\n"        // 8
    "2026-01-05,P1,assign,P1/1/azure_monthly,bob\n"      // 9
    "2025-12-31,P1,redeem,P1/1/azure_monthly,\n"         // 10: before the run
    "2027-01-01,P1,redeem,P1/1/azure_monthly,\n"         // 11: the run's end day
    "2027-02-01,P10,redeem,P10/2/azure_bulk,\n"          // 12: renewal credit, after the run
    "2026-01-05,P10,assign,P10/1/azure_bulk,\n"          // 13: no user
    "2026-01-05,P10,limit_on,P10/1/azure_bulk,amy\n";    // 14: user ignored

const char* const kUsage =
    "date,partner_id,subscription_id,category,amount\n"
    "2026-01-02,P1,P1/1/azure_monthly,eligible,0.004\n"
    "2026-01-02,P1,P1/1/azure_monthly,eligible,0.004\n"
    "2026-01-02,P1,P1/1/azure_monthly,eligible,0.002\n"
    "2026-01-02,P1,sub-a,eligible,0.005\n"
    "2026-01-02,P1,sub-a,ineligible,0.015\n"
    "2026-01-01,P10,sub-a,copilot_security,0.000011139\n"
    "2026-01-01,P10,P10/1/copilot#1,copilot_security,12.345\n"
    "2025-12-31,P1,sub-a,eligible,1\n"
    "2026-01-01,P2,sub-z,eligible,3.10\n"
    "2027-01-01,P2,sub-late,eligible,5\n";

/// A fresh directory with a valid set of replay inputs; tests overwrite or delete files.
class ReplayFixture : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("creditsim-replay-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "-" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        write("catalog.csv", kCatalog);
        write("partners.csv", kPartners);
        write("users.csv", kUsers);
        write("actions.csv", kActions);
        write("usage.csv", kUsage);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    void write(const std::string& name, const std::string& content) const {
        std::ofstream out(path(name), std::ios::binary);
        out << content;
    }

    /// A replay scenario over the files of dir_: 12 months from 2026-01-01.
    Scenario scenario() const {
        return testing::replay_scenario_in(dir_, "replay-test", day("2026-01-01"), 12);
    }

    /// Every problem load_replay_inputs reports, as text, with the directory shown as {dir}.
    std::vector<std::string> problems() const {
        try {
            load_replay_inputs(scenario());
        } catch (const InputError& error) {
            return testing::problem_texts(error, dir_);
        }
        return {};
    }

    fs::path dir_;
};

using ReplayInputsTables = ReplayFixture;

std::vector<std::string> partner_ids(const Population& population) {
    std::vector<std::string> ids;
    for (const auto& p : population.partners) ids.push_back(p.id);
    return ids;
}

TEST_F(ReplayInputsTables, PartnersAreSortedByIdAndAwardedEveryMembershipYear) {
    const ReplayInputs inputs = load_replay_inputs(scenario());
    const Population& population = inputs.population;
    EXPECT_EQ(partner_ids(population), (std::vector<std::string>{"P1", "P10", "P2"}));  // byte order

    const Partner& p10 = population.partners[1];
    EXPECT_EQ(population.catalog.offers()[p10.offer], "core");
    EXPECT_EQ(p10.joined, day("2026-01-15"));
    EXPECT_EQ(p10.renewals, 1);
    EXPECT_EQ(population.partners[0].renewals, 0);  // "0"
    EXPECT_EQ(population.partners[2].renewals, 0);  // blank

    std::vector<std::string> credit_ids;
    for (const auto& c : population.credits) credit_ids.push_back(c.id);
    EXPECT_EQ(credit_ids, (std::vector<std::string>{
                              "P1/1/azure_monthly",
                              "P10/1/azure_bulk", "P10/1/azure_monthly", "P10/1/copilot#1", "P10/1/copilot#2",
                              "P10/2/azure_bulk", "P10/2/azure_monthly", "P10/2/copilot#1", "P10/2/copilot#2",
                              "P2/1/azure_monthly"}));
    EXPECT_EQ(population.credits[5].award_day, day("2027-01-15"));  // renewal: joined + 12 months
    EXPECT_EQ(population.credits[5].partner, 1u);
    EXPECT_EQ(p10.credit_count, 8u);
}

TEST_F(ReplayInputsTables, UsersAreGroupedByPartnerAndFlaggedFreeHosted) {
    const Population population = load_replay_inputs(scenario()).population;
    std::vector<std::string> users;
    for (const auto& u : population.users)
        users.push_back(population.partners[u.partner].id + ":" + u.id + (u.is_free_hosted ? ":free" : ""));
    // bob@Gmail.COM: case-insensitive; "a@b@ outlook.com": the trimmed domain after the last '@'.
    EXPECT_EQ(users, (std::vector<std::string>{"P1:al", "P1:bob:free", "P10:amy", "P10:zed", "P2:odd:free"}));
    EXPECT_EQ(population.partners[0].first_user, 0u);
    EXPECT_EQ(population.partners[0].user_count, 2u);
    EXPECT_EQ(population.partners[1].first_user, 2u);
    EXPECT_EQ(population.partners[1].user_count, 2u);
    EXPECT_EQ(population.partners[2].first_user, 4u);
    EXPECT_EQ(population.partners[2].user_count, 1u);
    EXPECT_EQ(population.find_user(1, "zed"), 3u);
}

TEST_F(ReplayInputsTables, ActionsAreOrderedByDayRankCreditAndLine) {
    const ReplayInputs inputs = load_replay_inputs(scenario());
    const Population& population = inputs.population;
    std::vector<std::string> actions;
    for (const auto& a : inputs.history.actions) {
        std::string user = a.user == kUnknownUser ? "?" : population.users[a.user].id;
        actions.push_back(a.day.to_string() + " " + to_string(a.kind) + " " + population.credits[a.credit].id + " " +
                          user + " line " + std::to_string(a.line));
    }
    EXPECT_EQ(actions, (std::vector<std::string>{
                           "2026-01-03 assign P10/1/copilot#2 amy line 8",
                           "2026-01-05 remove P1/1/azure_monthly ? line 4",
                           "2026-01-05 assign P1/1/azure_monthly al line 3",
                           "2026-01-05 assign P1/1/azure_monthly bob line 9",
                           "2026-01-05 assign P10/1/azure_bulk ? line 7",
                           "2026-01-05 assign P10/1/azure_bulk ? line 13",
                           "2026-01-05 redeem P1/1/azure_monthly ? line 2",
                           "2026-01-05 limit_off P1/1/azure_monthly ? line 5",
                           "2026-01-05 limit_on P10/1/azure_bulk ? line 14",
                           "2026-01-05 convert P1/1/azure_monthly ? line 6",
                       }));
    EXPECT_EQ(inputs.notes.actions_outside_run, 3);
}

TEST_F(ReplayInputsTables, DemandIsSummedExactlyThenRoundedHalfEvenOnce) {
    const ReplayInputs inputs = load_replay_inputs(scenario());
    const Population& population = inputs.population;
    std::vector<std::string> subscriptions;
    for (const auto& s : population.subscriptions)
        subscriptions.push_back(s.id + "@" + population.partners[s.partner].id +
                                (s.credit == kNone ? "" : " credit " + population.credits[s.credit].id));
    // Ascending (id, partner); sub-late only has usage after the run.
    EXPECT_EQ(subscriptions, (std::vector<std::string>{"P1/1/azure_monthly@P1 credit P1/1/azure_monthly",
                                                       "P10/1/copilot#1@P10 credit P10/1/copilot#1", "sub-a@P1",
                                                       "sub-a@P10", "sub-z@P2"}));
    struct Row {
        const char* day;
        uint32_t subscription;
        Category category;
        int64_t cents;
        const char* reason;
    };
    const Row expected[] = {
        {"2026-01-01", 1, kFirstProduct, 1234, "12.345 rounds half-even down to 12.34"},
        {"2026-01-01", 3, kFirstProduct, 0, "0.000011139: a sub-cent row stays, as 0.00"},
        {"2026-01-01", 4, kEligible, 310, "3.10"},
        {"2026-01-02", 0, kEligible, 1, "0.004 + 0.004 + 0.002 summed exactly: 0.01"},
        {"2026-01-02", 2, kEligible, 0, "0.005 rounds half-even to 0.00"},
        {"2026-01-02", 2, kIneligible, 2, "0.015 rounds half-even to 0.02"},
    };
    ASSERT_EQ(inputs.history.demand.size(), std::size(expected));
    for (size_t i = 0; i < std::size(expected); ++i) {
        const Demand& d = inputs.history.demand[i];
        EXPECT_EQ(d.day, day(expected[i].day)) << expected[i].reason;
        EXPECT_EQ(d.subscription, expected[i].subscription) << expected[i].reason;
        EXPECT_EQ(d.category, expected[i].category) << expected[i].reason;
        EXPECT_EQ(d.amount, usd(expected[i].cents)) << expected[i].reason;
    }
    EXPECT_EQ(inputs.notes.usage_outside_run, 2);
}

TEST_F(ReplayInputsTables, HashesEveryFileInReadOrder) {
    const ReplayInputs inputs = load_replay_inputs(scenario());
    const std::vector<std::string> names = {"catalog.csv", "partners.csv", "users.csv", "actions.csv", "usage.csv"};
    ASSERT_EQ(inputs.input_hashes.size(), names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(inputs.input_hashes[i].first, path(names[i]));
        EXPECT_EQ(inputs.input_hashes[i].second, sha256_file(path(names[i])));
    }
}

using ReplayInputsCsv = ReplayFixture;

TEST_F(ReplayInputsCsv, AcceptsBomCrlfQuotesExtraColumnsAndBlankLines) {
    write("catalog.csv",
          "\xEF\xBB\xBF"
          "offer,credit,kind,amount,count,term_months,scope\r\n"
          "ap,azure_monthly,monthly,100,,,azure\r\n"
          "\r\n"
          "core,\"azure_bulk\",bulk,\" 6000.00 \",,,azure\r\n");
    write("partners.csv",
          "note,joined, partner_id ,offer\n"  // reordered, extra column, no renewals column
          "\"hello, world\",2026-02-01,P2,ap\n"
          "x,2026-01-01,\"P,1\",core\n");
    write("users.csv", "partner_id,user_id,email,extra\n\"P,1\",\"u \"\"one\"\"\",one@contoso.com,ignored\n");
    write("actions.csv", "date,partner_id,action,credit_id,user_id\n");
    write("usage.csv",
          "date,partner_id,subscription_id,category,amount,comment\n"
          "2026-01-02, P2 ,\"sub,1\",eligible,1.50,\"a, b\"\n");
    const ReplayInputs inputs = load_replay_inputs(scenario());
    const Population& population = inputs.population;
    EXPECT_EQ(partner_ids(population), (std::vector<std::string>{"P,1", "P2"}));
    EXPECT_EQ(population.partners[1].joined, day("2026-02-01"));
    EXPECT_EQ(population.partners[1].renewals, 0);
    ASSERT_EQ(population.catalog.lines().size(), 2u);
    EXPECT_EQ(population.catalog.lines()[1].credit, "azure_bulk");
    EXPECT_EQ(population.catalog.lines()[1].amount, usd(600000));
    EXPECT_EQ(population.catalog.lines()[1].term_months, 12);
    ASSERT_EQ(population.users.size(), 1u);
    EXPECT_EQ(population.users[0].id, "u \"one\"");
    ASSERT_EQ(population.subscriptions.size(), 1u);
    EXPECT_EQ(population.subscriptions[0].id, "sub,1");
    ASSERT_EQ(inputs.history.demand.size(), 1u);
    EXPECT_EQ(inputs.history.demand[0].amount, usd(150));
}

// ---------------------------------------------------------------------------
// Every kind of bad input, with the full text of what is reported.

struct BadInput {
    const char* reason;
    const char* file;     ///< the file replaced (a null content deletes it)
    const char* content;
    std::vector<std::string> expected;
};

class ReplayInputsErrors : public ReplayFixture, public ::testing::WithParamInterface<BadInput> {};

TEST_P(ReplayInputsErrors, ReportsExactlyTheseProblems) {
    const BadInput& bad = GetParam();
    if (bad.content)
        write(bad.file, bad.content);
    else
        fs::remove(path(bad.file));
    EXPECT_EQ(problems(), bad.expected) << bad.reason;
}

const char* const kUsageHeader = "date,partner_id,subscription_id,category,amount\n";
const char* const kActionsHeader = "date,partner_id,action,credit_id,user_id\n";
const char* const kCatalogHeader = "offer,credit,kind,amount,count,term_months,scope\n";

std::string with_row(const char* header, const char* row) { return std::string(header) + row; }

// Contents must outlive the parameters: keep them in static strings.
const std::string kBadDate = with_row(kActionsHeader, "2026-13-01,P1,redeem,P1/1/azure_monthly,\n");
const std::string kShortRow = with_row(kUsageHeader, "2026-01-02,P1,sub-a,eligible,1\n2026-01-02,P1,sub-a,eligible\n");
const std::string kLongRow = with_row(kUsageHeader, "2026-01-02,P1,sub-a,eligible,1,234.50\n");
const std::string kNegative = with_row(kUsageHeader, "2026-01-02,P1,sub-a,eligible,-5\n");
const std::string kMalformed = with_row(kUsageHeader, "2026-01-02,P1,sub-a,eligible,1e3\n");
const std::string kEmptyCategory = with_row(kUsageHeader, "2026-01-02,P1,sub-a,,1\n");
const std::string kOtherPartnersCredit = with_row(kUsageHeader,
                                                  "2026-01-02,P1,P2/1/azure_monthly,eligible,1\n"
                                                  "2026-01-03,P1,P2/1/azure_monthly,eligible,2\n");
const std::string kBadRowOutsideRun = with_row(kUsageHeader, "2030-01-02,P1,sub-a,eligible,abc\n");
const std::string kUnknownPartnerUsage = with_row(kUsageHeader, "2026-01-02,P9,sub-a,eligible,1\n");
const std::string kEmptySubscription = with_row(kUsageHeader, "2026-01-02,P1,,eligible,1\n");
const std::string kUnknownAction = with_row(kActionsHeader, "2026-01-05,P1,asign,P1/1/azure_monthly,al\n");
const std::string kNeverAwarded = with_row(kActionsHeader,
                                           "2026-01-05,P1,assign,P1/1/gold#2,al\n"
                                           "2026-01-05,P10,redeem,P10/3/azure_bulk,\n");
const std::string kOtherPartnersAction = with_row(kActionsHeader, "2026-01-05,P1,redeem,P2/1/azure_monthly,\n");
const std::string kUnclosedQuote = with_row(kActionsHeader, "2026-01-05,P1,redeem,\"P1/1/azure_monthly,\n");
const std::string kEmptyCredit = with_row(kActionsHeader, "2026-01-05,P1,redeem,,\n");
/// kCatalog with one text replaced.
std::string catalog_with(const std::string& from, const std::string& to) {
    std::string text = kCatalog;
    text.replace(text.find(from), from.size(), to);
    return text;
}
const std::string kTooManyDecimals = catalog_with("monthly,100,", "monthly,100.123,");
const std::string kZeroAmount = catalog_with("monthly,150.50,", "monthly,0,");
const std::string kDuplicateLine = std::string(kCatalog) + "ap,azure_monthly,bulk,200,,,azure\n";
const std::string kTermOnMonthly = catalog_with("monthly,100,,,", "monthly,100,,12,");
const std::string kBadCatalogFields = with_row(kCatalogHeader,
                                               "ap,azure_monthly,monthly,100,,,azure\n"
                                               "core,azure/monthly,Monthly,150,0,x,Copilot\n"
                                               "core,,bulk,150,1001,0,eligible\n");
/// kCatalog with a currency column: code[i] on line i + 2.
std::string catalog_in(const std::vector<const char*>& codes) {
    std::string text = "offer,credit,kind,amount,count,term_months,scope,currency\n";
    const std::string lines = std::string(kCatalog).substr(std::string(kCatalog).find('\n') + 1);
    size_t start = 0;
    for (const char* code : codes) {
        const size_t end = lines.find('\n', start);
        text += lines.substr(start, end - start) + "," + code + "\n";
        start = end + 1;
    }
    return text;
}
const std::string kTwoCurrencies = catalog_in({"USD", "USD", "EUR", "USD"});
const std::string kOtherCurrency = catalog_in({"EUR", "EUR", "EUR", "EUR"});
const std::string kBadCurrency = catalog_in({"USD", "usd", "", "US"});
const std::string kUnknownOffer = std::string(kPartners) + "P3,gold,2026-01-01,\n";
const std::string kJoinedBeforeStart = std::string(kPartners) + "P3,ap,2025-12-31,\n";
const std::string kBadPartnerFields = std::string(kPartners) +
                                      "P1,ap,2026-01-01,\n"
                                      "P/4,ap,2026-01-01,\n"
                                      ",ap,2026-01-01,\n"
                                      "P5,ap,2026-01-01,-1\n";
const std::string kBadUsers = std::string(kUsers) +
                              "P9,x,x@contoso.com\n"
                              "P1,al,al2@contoso.com\n"
                              "P1,,nobody@contoso.com\n"
                              "P1,carl,carl.contoso.com\n"
                              "P1,dave,dave@ \n";

const std::vector<BadInput> kBadInputs = {
    {"missing file", "users.csv", nullptr, {"{dir}/users.csv: cannot open the file: No such file or directory"}},
    {"a missing partners file does not make every partner unknown elsewhere", "partners.csv", nullptr,
     {"{dir}/partners.csv: cannot open the file: No such file or directory"}},
    {"empty file", "actions.csv", "",
     {"{dir}/actions.csv: the file is empty; expected a header row date,partner_id,action,credit_id,user_id"}},
    {"misspelt header", "usage.csv", "date,partner,subscription_id,category,amount\n2026-01-02,P1,s,eligible,1\n",
     {"{dir}/usage.csv:1: column 'partner_id': missing from the header: expected columns "
      "date,partner_id,subscription_id,category,amount; found \"date,partner,subscription_id,category,amount\""}},
    {"misspelt catalog header: partners are not all reported as having unknown offers", "catalog.csv",
     "offer,credit,kind,amnt,count,term_months,scope\nap,azure_monthly,monthly,100,,,azure\n",
     {"{dir}/catalog.csv:1: column 'amount': missing from the header: expected columns "
      "offer,credit,kind,amount,count,term_months,scope[,currency]; found "
      "\"offer,credit,kind,amnt,count,term_months,scope\""}},
    {"missing column of a header with an optional one", "partners.csv", "partner_id,offer\nP1,ap\n",
     {"{dir}/partners.csv:1: column 'joined': missing from the header: expected columns "
      "partner_id,offer,joined[,renewals]; found \"partner_id,offer\""}},
    {"column named twice", "users.csv", "partner_id,user_id,email,user_id\n",
     {"{dir}/users.csv:1: column 'user_id': the header names this column twice; found "
      "\"partner_id,user_id,email,user_id\""}},
    {"short row", "usage.csv", kShortRow.c_str(), {"{dir}/usage.csv:3: expected 5 fields as in the header; got 4"}},
    {"long row: an unquoted comma", "usage.csv", kLongRow.c_str(),
     {"{dir}/usage.csv:2: expected 5 fields as in the header; got 6 (quote a field that contains a comma)"}},
    {"unclosed quote", "actions.csv", kUnclosedQuote.c_str(),
     {"{dir}/actions.csv:2: column 'credit_id': expected a closing '\"' for the quoted field that starts on this "
      "line; the file ended first"}},
    {"bad date", "actions.csv", kBadDate.c_str(),
     {"{dir}/actions.csv:2: column 'date': expected a date YYYY-MM-DD; got \"2026-13-01\""}},
    {"negative amount", "usage.csv", kNegative.c_str(),
     {"{dir}/usage.csv:2: column 'amount': expected a non-negative plain decimal, any number of places "
      "(like 12.5 or 0.0000000072922557592391990000); got \"-5\""}},
    {"malformed amount", "usage.csv", kMalformed.c_str(),
     {"{dir}/usage.csv:2: column 'amount': expected a non-negative plain decimal, any number of places "
      "(like 12.5 or 0.0000000072922557592391990000); got \"1e3\""}},
    {"a bad row outside the run is still reported", "usage.csv", kBadRowOutsideRun.c_str(),
     {"{dir}/usage.csv:2: column 'amount': expected a non-negative plain decimal, any number of places "
      "(like 12.5 or 0.0000000072922557592391990000); got \"abc\""}},
    {"empty category", "usage.csv", kEmptyCategory.c_str(),
     {"{dir}/usage.csv:2: column 'category': expected eligible, ineligible or a product name; got an empty field"}},
    {"credit of another partner used as a subscription, every row", "usage.csv", kOtherPartnersCredit.c_str(),
     {"{dir}/usage.csv:2: column 'subscription_id': subscription \"P2/1/azure_monthly\" is the id of a credit of "
      "partner P2, not of P1",
      "{dir}/usage.csv:3: column 'subscription_id': subscription \"P2/1/azure_monthly\" is the id of a credit of "
      "partner P2, not of P1"}},
    {"unknown partner in usage", "usage.csv", kUnknownPartnerUsage.c_str(),
     {"{dir}/usage.csv:2: column 'partner_id': unknown partner \"P9\""}},
    {"empty subscription", "usage.csv", kEmptySubscription.c_str(),
     {"{dir}/usage.csv:2: column 'subscription_id': expected a non-empty subscription id; got an empty field"}},
    {"unknown action", "actions.csv", kUnknownAction.c_str(),
     {"{dir}/actions.csv:2: column 'action': expected one of assign, remove, redeem, limit_off, "
      "limit_period_off, limit_on, convert; got \"asign\""}},
    {"credit id never awarded: unknown credit, or a year after the last renewal", "actions.csv",
     kNeverAwarded.c_str(),
     {"{dir}/actions.csv:2: column 'credit_id': credit \"P1/1/gold#2\" is not awarded by partner P1's membership "
      "(offer ap awards: azure_monthly; membership year 1 only)",
      "{dir}/actions.csv:3: column 'credit_id': credit \"P10/3/azure_bulk\" is not awarded by partner P10's "
      "membership (offer core awards: azure_bulk, azure_monthly, copilot#1..#2; membership years 1 to 2)"}},
    {"credit of another partner in an action", "actions.csv", kOtherPartnersAction.c_str(),
     {"{dir}/actions.csv:2: column 'credit_id': credit \"P2/1/azure_monthly\" belongs to partner P2, not to P1"}},
    {"empty credit id", "actions.csv", kEmptyCredit.c_str(),
     {"{dir}/actions.csv:2: column 'credit_id': expected a credit id like P1/1/azure_monthly; got an empty field"}},
    {"too many decimals in the catalog; partners of that offer are not reported again", "catalog.csv",
     kTooManyDecimals.c_str(),
     {"{dir}/catalog.csv:2: column 'amount': expected an amount > 0 with at most 2 decimal places (like 100.00); "
      "got \"100.123\""}},
    {"zero catalog amount", "catalog.csv", kZeroAmount.c_str(),
     {"{dir}/catalog.csv:3: column 'amount': expected an amount > 0 with at most 2 decimal places (like 100.00); "
      "got \"0\""}},
    {"duplicate catalog line names both lines", "catalog.csv", kDuplicateLine.c_str(),
     {"{dir}/catalog.csv:6: column 'credit': offer \"ap\" already has credit \"azure_monthly\" on line 2"}},
    {"term_months on a monthly line", "catalog.csv", kTermOnMonthly.c_str(),
     {"{dir}/catalog.csv:2: column 'term_months': expected a blank field on a monthly line (a monthly credit is "
      "valid for the policy's validity_months); got \"12\""}},
    {"every bad field of catalog lines", "catalog.csv", kBadCatalogFields.c_str(),
     {"{dir}/catalog.csv:3: column 'credit': expected a name without '/', '#' or ','; got \"azure/monthly\"",
      "{dir}/catalog.csv:3: column 'kind': expected monthly or bulk; got \"Monthly\"",
      "{dir}/catalog.csv:3: column 'count': expected a whole number of credits from 1 to 1000 (blank: 1); got \"0\"",
      "{dir}/catalog.csv:3: column 'term_months': expected a whole number of months from 1 to 1200 (blank: 12); "
      "got \"x\"",
      "{dir}/catalog.csv:3: column 'scope': expected azure or a product name (lower-case letters, digits and '_'; "
      "not eligible or ineligible); got \"Copilot\"",
      "{dir}/catalog.csv:4: column 'credit': expected a non-empty name; got an empty field",
      "{dir}/catalog.csv:4: column 'count': expected a whole number of credits from 1 to 1000 (blank: 1); got "
      "\"1001\"",
      "{dir}/catalog.csv:4: column 'term_months': expected a whole number of months from 1 to 1200 (blank: 12); "
      "got \"0\"",
      "{dir}/catalog.csv:4: column 'scope': expected azure or a product name (lower-case letters, digits and '_'; "
      "not eligible or ineligible); got \"eligible\""}},
    {"two currencies in one catalog: the line that differs", "catalog.csv", kTwoCurrencies.c_str(),
     {"{dir}/catalog.csv:4: column 'currency': expected USD as on line 2 (every line names the same currency; "
      "amounts never convert); got \"EUR\""}},
    {"a catalog currency other than [run] currency names both", "catalog.csv", kOtherCurrency.c_str(),
     {"{dir}/catalog.csv:2: column 'currency': the catalog names currency EUR but [run] currency is USD: set [run] "
      "currency = EUR (amounts never convert)"}},
    {"currency codes are three upper-case letters", "catalog.csv", kBadCurrency.c_str(),
     {"{dir}/catalog.csv:3: column 'currency': expected a currency code of three upper-case letters (ISO 4217, like "
      "EUR); got \"usd\"",
      "{dir}/catalog.csv:4: column 'currency': expected a currency code of three upper-case letters (ISO 4217, like "
      "EUR); got an empty field",
      "{dir}/catalog.csv:5: column 'currency': expected a currency code of three upper-case letters (ISO 4217, like "
      "EUR); got \"US\""}},
    {"unknown offer lists the known ones", "partners.csv", kUnknownOffer.c_str(),
     {"{dir}/partners.csv:5: column 'offer': unknown offer \"gold\"; the catalog has: ap, core"}},
    {"joined before the run's start", "partners.csv", kJoinedBeforeStart.c_str(),
     {"{dir}/partners.csv:5: column 'joined': partner joined on 2025-12-31, before the run's start 2026-01-01: "
      "start the run at or before the earliest join"}},
    {"bad partner ids and renewals", "partners.csv", kBadPartnerFields.c_str(),
     {"{dir}/partners.csv:5: column 'partner_id': partner \"P1\" is already on line 4",
      "{dir}/partners.csv:6: column 'partner_id': expected a partner id without '/'; got \"P/4\"",
      "{dir}/partners.csv:7: column 'partner_id': expected a non-empty partner id; got an empty field",
      "{dir}/partners.csv:8: column 'renewals': expected a whole number of renewals from 0 to 100 (blank: never); "
      "got \"-1\""}},
    {"bad users", "users.csv", kBadUsers.c_str(),
     {"{dir}/users.csv:7: column 'partner_id': unknown partner \"P9\"",
      "{dir}/users.csv:8: column 'user_id': user \"al\" of partner P1 is already on line 5",
      "{dir}/users.csv:9: column 'user_id': expected a non-empty user id; got an empty field",
      "{dir}/users.csv:10: column 'email': expected an e-mail address with a domain after the last '@'; got "
      "\"carl.contoso.com\"",
      "{dir}/users.csv:11: column 'email': expected an e-mail address with a domain after the last '@'; got "
      "\"dave@\""}},
};

void PrintTo(const BadInput& bad, std::ostream* out) { *out << bad.reason; }

std::string test_name(const ::testing::TestParamInfo<BadInput>& info) {
    std::string name = std::to_string(info.index) + "_";
    for (const char* c = info.param.reason; *c && name.size() < 48; ++c)
        name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(ReplayInputs, ReplayInputsErrors, ::testing::ValuesIn(kBadInputs), test_name);

TEST_F(ReplayInputsTables, ProblemsOfSeveralFilesAreReportedTogether) {
    write("catalog.csv", with_row(kCatalogHeader,
                                  "ap,azure_monthly,monthly,100,,,azure\n"
                                  "core,azure_monthly,monthly,150,,,azure\n"
                                  "core,azure_bulk,bulk,6000,,,azure\n"
                                  "core,copilot,bulk,12.999,2,6,copilot_security\n"));
    write("users.csv", std::string(kUsers) + "P7,x,x@contoso.com\n");
    write("actions.csv", with_row(kActionsHeader,
                                  "2026-01-05,P1,redeem,P1/1/azure_monthly,\n"
                                  "2026-01-05,P10,redeem,P10/1/copilot#1,\n"  // refused catalog line: not again
                                  "2026-01-05,P1,redeem,P1/1/copilot#1,\n"));
    write("usage.csv", with_row(kUsageHeader, "2026-01-02,P1,sub-a,copilot_security,1\n2026-1-2,P1,sub-a,eligible,1\n"));
    EXPECT_EQ(problems(),
              (std::vector<std::string>{
                  "{dir}/catalog.csv:5: column 'amount': expected an amount > 0 with at most 2 decimal places (like "
                  "100.00); got \"12.999\"",
                  "{dir}/users.csv:7: column 'partner_id': unknown partner \"P7\"",
                  "{dir}/actions.csv:4: column 'credit_id': credit \"P1/1/copilot#1\" is not awarded by partner P1's "
                  "membership (offer ap awards: azure_monthly; membership year 1 only)",
                  "{dir}/usage.csv:3: column 'date': expected a date YYYY-MM-DD; got \"2026-1-2\""}));
}

// ---------------------------------------------------------------------------
// Hostile files (issue 14): cut short, not UTF-8, UTF-16, a folder for a file.

using ReplayInputsHostile = ReplayFixture;

TEST_F(ReplayInputsHostile, QuotedLineBreaksAreOneFieldAndLinesStillCount) {
    write("users.csv", std::string(kUsers) + "P1,\"cy\nnthia\",cy@contoso.com\nP9,x,x@contoso.com\n");
    EXPECT_EQ(problems(), (std::vector<std::string>{"{dir}/users.csv:9: column 'partner_id': unknown partner \"P9\""}))
        << "the record of lines 7-8 is one user; the next starts on line 9";
    write("users.csv", std::string(kUsers) + "P1,\"cy\nnthia\",cy@contoso.com\n");
    const ReplayInputs inputs = load_replay_inputs(scenario());
    const auto& users = inputs.population.users;
    EXPECT_TRUE(std::any_of(users.begin(), users.end(), [](const User& u) { return u.id == "cy\nnthia"; }));
}

TEST_F(ReplayInputsHostile, ALastLineWithoutItsLineEndIsReadWhenItIsComplete) {
    write("usage.csv", "date,partner_id,subscription_id,category,amount\r\n2026-01-02,P1,sub-a,eligible,180.25");
    const ReplayInputs inputs = load_replay_inputs(scenario());
    ASSERT_EQ(inputs.history.demand.size(), 1u);
    EXPECT_EQ(inputs.history.demand[0].amount, usd(18025));
}

TEST_F(ReplayInputsHostile, ALastLineCutShortNamesTheFileLineAndFieldCount) {
    // A copy cut off in the middle of its last row: today's row must not pass as a shorter one.
    write("usage.csv", "date,partner_id,subscription_id,category,amount\n2026-01-02,P1,sub-a,eligible,1\n2026-01-03,P1,su");
    EXPECT_EQ(problems(), (std::vector<std::string>{
                              "{dir}/usage.csv:3: the last line is cut short: 3 of 5 fields (is the file complete?)"}));
    write("usage.csv", "date,partner_id,subscription_id,category,amount\n2026-01-02,P1,\"sub-a,eligi");
    EXPECT_EQ(problems(), (std::vector<std::string>{
                              "{dir}/usage.csv:2: column 'subscription_id': expected a closing '\"' for the quoted "
                              "field that starts on this line; the file ended first"}));
}

TEST_F(ReplayInputsHostile, BytesThatAreNotUtf8AreRefusedWithTheirOffset) {
    const std::string latin1 = std::string(kUsers) + "P1,jos\xE9,jose@contoso.com\nP9,x,x@contoso.com\n";
    write("users.csv", latin1);
    const size_t offset = std::string(kUsers).size() + std::string("P1,jos").size();
    EXPECT_EQ(problems(), (std::vector<std::string>{"{dir}/users.csv:7: expected UTF-8 text; got the byte 0xE9 at byte "
                                                    "offset " + std::to_string(offset) +
                                                    ", which is not UTF-8 (save the file as UTF-8); the rest of the "
                                                    "file is not read"}));
    // Overlong forms and surrogates are not UTF-8 either; a NUL byte is no text.
    for (const std::string& bad : {std::string("\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"),
                                  std::string(1, '\0')}) {
        write("users.csv", std::string(kUsers) + "P1,x" + bad + ",x@contoso.com\n");
        const std::vector<std::string> found = problems();
        ASSERT_EQ(found.size(), 1u) << bad;
        EXPECT_NE(found[0].find("{dir}/users.csv:7: expected UTF-8 text; got "), std::string::npos) << found[0];
    }
    write("users.csv", std::string(kUsers) + "P1,zoë,zoe@contoso.com\nP1,\xF0\x9F\x98\x80,emoji@contoso.com\n");
    EXPECT_EQ(problems(), std::vector<std::string>{}) << "UTF-8 of 2 and 4 bytes is fine";
}

TEST_F(ReplayInputsHostile, Utf16IsToldApart) {
    const std::string header = "partner_id,user_id,email\n";
    std::string little_endian = "\xFF\xFE", no_mark;
    for (char c : header) little_endian += std::string{c, '\0'}, no_mark += std::string{c, '\0'};
    for (const std::string& text : {little_endian, no_mark}) {
        write("users.csv", text);
        EXPECT_EQ(problems(), (std::vector<std::string>{"{dir}/users.csv: the file looks like UTF-16; save it as UTF-8"}));
    }
}

TEST_F(ReplayInputsHostile, AFolderGivenAsAFileIsCalledOne) {
    fs::remove(path("users.csv"));
    fs::create_directory(path("users.csv"));
    EXPECT_EQ(problems(), (std::vector<std::string>{"{dir}/users.csv: is a directory; expected a CSV file"}));
}

TEST_F(ReplayInputsHostile, TextAfterAClosingQuoteIsRefused) {
    write("users.csv", std::string(kUsers) + "P1,\"x\"y,x@contoso.com\n");
    EXPECT_EQ(problems(), (std::vector<std::string>{
                              "{dir}/users.csv:7: column 'user_id': expected ',' or the end of the record after the "
                              "closing '\"' of a quoted field (a quote inside a quoted field is written \"\")"}));
}

// ---------------------------------------------------------------------------
// load_catalog on its own.

using CatalogCsv = ReplayFixture;

TEST_F(CatalogCsv, ReadsLinesOffersAndProductScopes) {
    write("catalog.csv", with_row(kCatalogHeader,
                                  "core,zeta,bulk,10.5,3,24,github_enterprise\n"
                                  "ap,azure_monthly,monthly,100.00,,,azure\n"
                                  "core,copilot,bulk,1200,,,copilot_security\n"));
    const Catalog catalog = load_catalog(path("catalog.csv"), "USD");
    EXPECT_EQ(catalog.offers(), (std::vector<std::string>{"ap", "core"}));
    EXPECT_EQ(catalog.products(), (std::vector<std::string>{"copilot_security", "github_enterprise"}));
    ASSERT_EQ(catalog.lines().size(), 3u);
    const CatalogLine& zeta = catalog.lines()[0];
    EXPECT_EQ(zeta.kind, CreditKind::bulk);
    EXPECT_EQ(zeta.amount, usd(1050));
    EXPECT_EQ(zeta.count, 3);
    EXPECT_EQ(zeta.term_months, 24);
    EXPECT_EQ(zeta.scope, Category(kFirstProduct + 1));
    const CatalogLine& monthly = catalog.lines()[1];
    EXPECT_EQ(monthly.kind, CreditKind::monthly);
    EXPECT_EQ(monthly.count, 1);
    EXPECT_EQ(monthly.scope, kAzureScope);
    EXPECT_EQ(catalog.lines()[2].term_months, 12);
    EXPECT_EQ(catalog.lines()[2].scope, kFirstProduct);
}

TEST_F(CatalogCsv, ACurrencyColumnAgreeingWithTheRunIsRead) {
    write("catalog.csv", catalog_in({"EUR", "EUR", "EUR", "EUR"}));
    EXPECT_EQ(load_catalog(path("catalog.csv"), "EUR").lines().size(), 4u);
    EXPECT_THROW(load_catalog(path("catalog.csv"), "USD"), InputError);
}

TEST_F(CatalogCsv, ThrowsEveryProblemOfTheFile) {
    write("catalog.csv", with_row(kCatalogHeader,
                                  "ap,azure_monthly,monthly,-100,,,azure\n"
                                  "ap,azure_monthly,daily,100,,,azure\n"));
    try {
        load_catalog(path("catalog.csv"), "USD");
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        const std::string file = path("catalog.csv");
        EXPECT_EQ(std::string(error.what()),
                  file + ":2: column 'amount': expected an amount > 0 with at most 2 decimal places (like 100.00); "
                         "got \"-100\"\n" +
                      file + ":3: column 'credit': offer \"ap\" already has credit \"azure_monthly\" on line 2\n" +
                      file + ":3: column 'kind': expected monthly or bulk; got \"daily\"");
    }
}

TEST_F(CatalogCsv, MissingFileNamesIt) {
    try {
        load_catalog(path("nope.csv"), "USD");
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_EQ(std::string(error.what()), path("nope.csv") + ": cannot open the file: No such file or directory");
    }
}

}  // namespace
}  // namespace creditsim
