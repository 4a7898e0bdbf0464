// The compare metric table (reports/metrics.cpp) and the --fail-if gates
// (app/gates.cpp). app/ is not a library (only the executable links it), so
// this one test file compiles the two sources it tests.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "app/gates.hpp"
#include "reports/metrics.hpp"
#include "model/errors.hpp"
#include "reports/summary_report.hpp"

namespace creditsim::cli {
namespace {

Money usd(int64_t cents) { return Money::from_cents(cents); }

// Two months, two partners; every field distinct so a swapped field shows.
ReplicationResult hand_built_replication(bool with_billing) {
    ReplicationResult r;
    r.month_count = 2;
    r.first_month_key = month_key(Date::from_ymd(2026, 1, 1));
    r.summary.resize(2);
    SummaryMonth& jan = r.summary[0];
    jan.flows.demand = usd(100000);
    jan.flows.credit_used = usd(60000);
    jan.flows.payg_overage = usd(10000);
    jan.flows.payg_ineligible = usd(5000);
    jan.flows.payg_other = usd(2000);
    jan.flows.unserved = usd(23000);
    jan.granted = usd(80000);
    jan.lapsed = usd(4000);
    jan.expired = usd(1000);
    jan.forfeited_value = usd(3000);
    jan.awarded = 7;
    jan.assigned = 5;
    jan.activated = 4;
    jan.rejected = {1, 2, 3, 4, 5, 6};
    jan.disables = 2;
    jan.conversions = 1;
    jan.deletions = 0;
    jan.active_partners = 10;
    SummaryMonth& feb = r.summary[1];
    feb.flows.demand = usd(50000);
    feb.flows.credit_used = usd(40000);
    feb.flows.payg_overage = usd(1);
    feb.flows.unserved = usd(9999);
    feb.granted = usd(0);
    feb.lapsed = usd(20000);
    feb.rejected = {0, 0, 0, 0, 0, 10};
    feb.deletions = 3;
    feb.active_partners = 13;
    jan.disabled_days = 3 + 11;  // partners 0 and 1
    feb.disabled_days = 5;
    return r;
}

struct MetricCase {
    const char* metric;
    double all;  // months [0, 2)
    double jan;  // month 0
    double feb;  // month 1
};

TEST(MetricTable, ValuesOnAHandBuiltReplication) {
    const ReplicationResult r = hand_built_replication(true);
    const MetricCase cases[] = {
        {"demand", 150000, 100000, 50000},
        {"granted", 80000, 80000, 0},
        {"credit_used", 100000, 60000, 40000},
        {"lapsed", 24000, 4000, 20000},
        {"expired", 1000, 1000, 0},
        {"forfeited_value", 3000, 3000, 0},
        {"breakage", 28000, 8000, 20000},                   // lapsed + expired + forfeited
        {"breakage_rate", 28000.0 / 80000, 0.1, 0},         // over the period; 0 when nothing granted
        {"payg_billed", 17001, 17000, 1},                   // overage + ineligible + other
        {"payg_overage", 10001, 10000, 1},
        {"payg_ineligible", 5000, 5000, 0},
        {"payg_other", 2000, 2000, 0},
        {"unserved", 32999, 23000, 9999},
        {"disabled_days", 19, 14, 5},                       // summed over partners
        {"awarded", 7, 7, 0},
        {"assigned", 5, 5, 0},
        {"activated", 4, 4, 0},
        {"rejected", 31, 21, 10},
        {"rejected_unknown_user", 1, 1, 0},
        {"rejected_free_hosted_domain", 2, 2, 0},
        {"rejected_credit_not_assignable", 3, 3, 0},
        {"rejected_bulk_not_reassignable", 4, 4, 0},
        {"rejected_reassignment_cap", 5, 5, 0},
        {"rejected_bulk_limit", 16, 6, 10},
        {"disables", 2, 2, 0},
        {"conversions", 1, 1, 0},
        {"deletions", 3, 0, 3},
        {"active_partners", 11.5, 10, 13},                  // mean over months
    };
    EXPECT_EQ(std::size(cases), metric_definitions().size()) << "a metric without a test row";
    for (const MetricCase& c : cases) {
        SCOPED_TRACE(c.metric);
        const MetricDefinition* metric = find_metric(c.metric);
        ASSERT_NE(metric, nullptr);
        EXPECT_DOUBLE_EQ(metric->value(r, 0, 2), c.all);
        EXPECT_DOUBLE_EQ(metric->value(r, 0, 1), c.jan);
        EXPECT_DOUBLE_EQ(metric->value(r, 1, 2), c.feb);
    }
}

TEST(MetricTable, EverySummaryColumnIsAMetricWithItsUnit) {
    for (const SummaryColumn& column : summary_columns()) {
        SCOPED_TRACE(column.name);
        const MetricDefinition* metric = find_metric(column.name);
        ASSERT_NE(metric, nullptr);
        EXPECT_EQ(metric->unit == MetricUnit::money, column.is_money());
    }
    EXPECT_EQ(find_metric("no_such_metric"), nullptr);
    EXPECT_EQ(metric_names().substr(0, 27), "demand, granted, credit_use");
}

// --- gate parsing ---------------------------------------------------------------

struct ValidRule {
    const char* reason;
    const char* rule;
    const char* metric;
    GateOp op;
    double value;
    bool is_relative;
};

TEST(GateParse, ValidRules) {
    const ValidRule cases[] = {
        {"relative with a plus sign", "breakage_rate > +2%", "breakage_rate", GateOp::greater, 2, true},
        {"relative negative", "payg_billed < -5%", "payg_billed", GateOp::less, -5, true},
        {"absolute zero", "unserved != 0", "unserved", GateOp::not_equal, 0, false},
        {"no spaces", "lapsed>=1.5", "lapsed", GateOp::greater_equal, 1.5, false},
        {"outer and inner spaces", "  granted   <=   -100%  ", "granted", GateOp::less_equal, -100, true},
        {"equality", "deletions == 3", "deletions", GateOp::equal, 3, false},
        {"leading point", "breakage_rate < .25", "breakage_rate", GateOp::less, 0.25, false},
        {"trailing point", "conversions > 7.", "conversions", GateOp::greater, 7, false},
        {"tab separated", "expired\t>\t-0.5%", "expired", GateOp::greater, -0.5, true},
    };
    for (const ValidRule& c : cases) {
        SCOPED_TRACE(c.reason);
        const Gate gate = parse_gate(c.rule);
        EXPECT_EQ(gate.metric, c.metric);
        EXPECT_EQ(gate.op, c.op);
        EXPECT_EQ(gate.value, c.value);
        EXPECT_EQ(gate.is_relative, c.is_relative);
    }
    EXPECT_EQ(parse_gate("  unserved != 0 ").rule, "unserved != 0");
}

struct InvalidRule {
    const char* reason;
    const char* rule;
    std::string message;  // the whole message
};

TEST(GateParse, InvalidRulesSayWhatIsExpected) {
    const std::string value_expected = "', optionally signed and ending in % (e.g. 5, -2.5, +2%); got ";
    const InvalidRule cases[] = {
        {"empty", "   ",
         "option '--fail-if': rule '': expected METRIC OP VALUE, e.g. 'breakage_rate > +2%' or 'unserved != 0'; got an "
         "empty rule"},
        {"no metric", "> 5",
         "option '--fail-if': rule '> 5': expected METRIC OP VALUE, e.g. 'breakage_rate > +2%' or 'unserved != 0'; it "
         "must start with a metric name"},
        {"unknown metric", "breakage_rat > 2%",
         "option '--fail-if': rule 'breakage_rat > 2%': unknown metric 'breakage_rat'; known metrics: " + metric_names()},
        {"single equals", "unserved = 0",
         "option '--fail-if': rule 'unserved = 0': expected an operator (>, >=, <, <=, == or !=) after 'unserved'; got "
         "'= 0'"},
        {"no operator", "unserved",
         "option '--fail-if': rule 'unserved': expected an operator (>, >=, <, <=, == or !=) after 'unserved'; got "
         "nothing"},
        {"arrow", "unserved => 0",
         "option '--fail-if': rule 'unserved => 0': expected an operator (>, >=, <, <=, == or !=) after 'unserved'; "
         "got '=> 0'"},
        {"no value", "lapsed >", "option '--fail-if': rule 'lapsed >': expected a number after '>" + value_expected + "nothing"},
        {"word value", "lapsed > lots",
         "option '--fail-if': rule 'lapsed > lots': expected a number after '>" + value_expected + "'lots'"},
        {"two signs", "lapsed >= +-2",
         "option '--fail-if': rule 'lapsed >= +-2': expected a number after '>=" + value_expected + "'+-2'"},
        {"exponent", "lapsed < 1e3",
         "option '--fail-if': rule 'lapsed < 1e3': expected a number after '<" + value_expected + "'1e3'"},
        {"percent alone", "lapsed != %",
         "option '--fail-if': rule 'lapsed != %': expected a number after '!=" + value_expected + "'%'"},
        {"sign after space", "lapsed > - 2",
         "option '--fail-if': rule 'lapsed > - 2': expected a number after '>" + value_expected + "'- 2'"},
        {"two points", "lapsed > 1.2.3",
         "option '--fail-if': rule 'lapsed > 1.2.3': expected a number after '>" + value_expected + "'1.2.3'"},
        {"trailing words", "lapsed > 2% or more",
         "option '--fail-if': rule 'lapsed > 2% or more': expected a number after '>" + value_expected + "'2% or more'"},
    };
    for (const InvalidRule& c : cases) {
        SCOPED_TRACE(c.reason);
        try {
            parse_gate(c.rule);
            ADD_FAILURE() << "accepted '" << c.rule << "'";
        } catch (const InputError& e) {
            ASSERT_EQ(e.problems().size(), 1u);
            EXPECT_EQ(e.problems()[0].to_string(), c.message);
        }
    }
}

// --- gate evaluation ------------------------------------------------------------

TEST(GateEvaluate, EachOperatorAtAndAroundItsBoundary) {
    struct Row {
        const char* rule;
        double below, at, above;  // violated for observed = value - 1, value, value + 1
    };
    const Row rows[] = {
        {"lapsed > 10", false, false, true},  {"lapsed >= 10", false, true, true}, {"lapsed < 10", true, false, false},
        {"lapsed <= 10", true, true, false},  {"lapsed == 10", false, true, false}, {"lapsed != 10", true, false, true},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.rule);
        const Gate gate = parse_gate(row.rule);
        EXPECT_EQ(gate_is_violated(gate, 9), row.below);
        EXPECT_EQ(gate_is_violated(gate, 10), row.at);
        EXPECT_EQ(gate_is_violated(gate, 11), row.above);
    }
}

TEST(GateEvaluate, AbsoluteGatesCompareTheDeltaInDollarsOrUnits) {
    const Gate money = parse_gate("payg_billed > 2.51");
    EXPECT_DOUBLE_EQ(gate_observed_value(money, 251, 1000, true), 2.51);  // cents -> dollars
    EXPECT_FALSE(gate_is_violated(money, gate_observed_value(money, 251, 1000, true)));  // boundary: equal
    EXPECT_TRUE(gate_is_violated(money, gate_observed_value(money, 252, 1000, true)));
    const Gate count = parse_gate("deletions >= 3");
    EXPECT_EQ(gate_observed_value(count, 3, 100, false), 3);
    EXPECT_TRUE(gate_is_violated(count, gate_observed_value(count, 3, 100, false)));
    EXPECT_FALSE(gate_is_violated(count, gate_observed_value(count, 2.5, 100, false)));
    const Gate zero = parse_gate("unserved != 0");
    EXPECT_FALSE(gate_is_violated(zero, gate_observed_value(zero, 0, 0, true)));
    EXPECT_TRUE(gate_is_violated(zero, gate_observed_value(zero, -1, 0, true)));
}

TEST(GateEvaluate, RelativeGatesComparePercentOfTheBaseMean) {
    const Gate up = parse_gate("breakage_rate > +2%");
    EXPECT_EQ(gate_observed_value(up, 2, 100, false), 2.0);
    EXPECT_FALSE(gate_is_violated(up, gate_observed_value(up, 2, 100, false)));  // exactly +2 %: not above
    EXPECT_TRUE(gate_is_violated(up, gate_observed_value(up, 2.01, 100, false)));
    const Gate down = parse_gate("payg_billed <= -5%");
    EXPECT_EQ(gate_observed_value(down, -500, 10000, true), -5.0);  // relative: money units cancel
    EXPECT_TRUE(gate_is_violated(down, gate_observed_value(down, -500, 10000, true)));
    EXPECT_FALSE(gate_is_violated(down, gate_observed_value(down, -499, 10000, true)));
    EXPECT_TRUE(gate_is_violated(down, gate_observed_value(down, 100, -1000, true)));  // negative base mean
    // From a base mean of 0: any increase is +inf %, any decrease -inf %, none 0 %.
    EXPECT_EQ(gate_observed_value(up, 1, 0, false), std::numeric_limits<double>::infinity());
    EXPECT_EQ(gate_observed_value(up, -1, 0, false), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(gate_observed_value(up, 0, 0, false), 0.0);
    EXPECT_TRUE(gate_is_violated(up, gate_observed_value(up, 1, 0, false)));
    EXPECT_TRUE(gate_is_violated(parse_gate("granted > -100%"), gate_observed_value(up, 0, 5, true)));
}

}  // namespace
}  // namespace creditsim::cli
