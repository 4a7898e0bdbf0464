// The headline states granted = used + lapsed + expired + closing balance:
// it must hold to the cent as printed, also when each mean over replications
// is rounded on its own.
#include "app/headline.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <sstream>

namespace creditsim::cli {
namespace {

ReplicationResult replication(int64_t granted, int64_t used, int64_t lapsed, int64_t expired) {
    ReplicationResult r;
    r.month_count = 1;
    r.summary.resize(1);
    r.summary[0].granted = Money::from_cents(granted);
    r.summary[0].flows.credit_used = r.summary[0].flows.demand = Money::from_cents(used);
    r.summary[0].lapsed = Money::from_cents(lapsed);
    r.summary[0].expired = Money::from_cents(expired);
    return r;
}

/// The headline's amounts in cents by label ("credit granted", "used", ...).
std::map<std::string, int64_t> amounts(const std::string& headline) {
    std::map<std::string, int64_t> cents;
    std::istringstream lines(headline);
    for (std::string line; std::getline(lines, line);) {
        const size_t usd = line.find(" USD");
        if (usd == std::string::npos || line.rfind("headline", 0) == 0) continue;
        const size_t number = line.rfind(' ', usd - 1) + 1;
        std::string value = line.substr(number, usd - number);
        const bool negative = value[0] == '-';
        if (negative) value.erase(0, 1);
        const size_t dot = value.find('.');
        const int64_t amount = std::stoll(value.substr(0, dot)) * 100 + std::stoll(value.substr(dot + 1));
        std::string name = line.substr(0, number);  // the label, in spaces
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        cents[name] = negative ? -amount : amount;
    }
    return cents;
}

TEST(Headline, TheBalanceIdentityHoldsToTheCentAsPrinted) {
    // Two replications of odd cents: each mean is x.5 cents, rounded half to even on its
    // own; the closing balance is what the others leave.
    const std::string two = format_headline({replication(3, 1, 1, 0), replication(0, 0, 0, 0)}, "USD");
    auto c = amounts(two);
    EXPECT_EQ(c["credit granted"], 2) << two;  // 1.5 -> 2
    EXPECT_EQ(c["used"], 0) << two;            // 0.5 -> 0
    EXPECT_EQ(c["lapsed"], 0) << two;
    EXPECT_EQ(c["closing balance"], 2) << two << "the rest, not round(1 / 2) = 0";
    std::mt19937_64 random(7);
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<ReplicationResult> runs;
        const int count = 1 + int(random() % 7);
        for (int r = 0; r < count; ++r) {
            const int64_t used = int64_t(random() % 1000), lapsed = int64_t(random() % 1000),
                          expired = int64_t(random() % 1000), closing = int64_t(random() % 1000);
            runs.push_back(replication(used + lapsed + expired + closing, used, lapsed, expired));
        }
        const std::string text = format_headline(runs, "USD");
        c = amounts(text);
        ASSERT_EQ(c["credit granted"], c["used"] + c["lapsed"] + c["expired"] + c["closing balance"]) << text;
    }
}

TEST(Headline, OneReplicationShowsItsExactTotals) {
    const std::string text = format_headline({replication(123456, 100000, 20000, 3000)}, "EUR");
    EXPECT_NE(text.find("headline (EUR):"), std::string::npos) << text;
    EXPECT_NE(text.find("1234.56 EUR"), std::string::npos) << text;
    EXPECT_NE(text.find("4.56 EUR  (still on credits"), std::string::npos) << text;
}

}  // namespace
}  // namespace creditsim::cli
