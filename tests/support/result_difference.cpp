#include "tests/support/result_difference.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace creditsim::testing {
namespace {

template <typename T>
std::string text(const T& value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

std::string flows_text(const MoneyFlows& f) {
    return text(f.demand.cents()) + "=" + text(f.credit_used.cents()) + "+" + text(f.payg_overage.cents()) + "+" +
           text(f.payg_ineligible.cents()) + "+" + text(f.payg_other.cents()) + "+" + text(f.unserved.cents());
}

std::string ledger_text(const Population& population, const LedgerRow& r) {
    return population.credits[r.credit].id + " " + r.period_start.to_string() + ".." + r.period_last_day.to_string() +
           " " + text(r.opening.cents()) + " " + text(r.granted.cents()) + " " + text(r.used.cents()) + " " +
           text(r.lapsed.cents()) + " " + text(r.expired.cents()) + " " + text(r.closing.cents());
}

std::string event_text(const Event& e) {
    return e.day.to_string() + " partner " + text(e.partner) + " subject " + text(e.subject) + " " +
           to_string(e.kind) + " detail " + text(e.detail) + " phase " + text(int(e.phase));
}

std::string summary_text(const SummaryMonth& m) {
    std::string s = flows_text(m.flows) + " granted " + text(m.granted.cents()) + " lapsed " + text(m.lapsed.cents()) +
                    " expired " + text(m.expired.cents()) + " forfeited " + text(m.forfeited_value.cents()) +
                    " awarded " + text(m.awarded) + " assigned " + text(m.assigned) + " activated " +
                    text(m.activated) + " disables " + text(m.disables) + " conversions " + text(m.conversions) +
                    " deletions " + text(m.deletions) + " active " + text(m.active_partners) + " rejected";
    for (const int64_t r : m.rejected) s += " " + text(r);
    return s;
}

/// "" when both lists say the same, else the first place they differ.
struct Sides {
    const char* expected;
    const char* actual;
};

template <typename T, typename Text>
std::string compare(const char* what, const std::vector<T>& expected, const std::vector<T>& actual, Text text_of,
                    Sides sides) {
    for (size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
        const std::string e = i < expected.size() ? text_of(expected[i]) : "(none)";
        const std::string a = i < actual.size() ? text_of(actual[i]) : "(none)";
        if (e != a) return std::string(what) + " " + text(i) + ": " + sides.expected + " " + e + ", " + sides.actual + " " + a;
    }
    return "";
}

}  // namespace

std::string first_difference(const Population& population, const ReplicationResult& expected,
                             const ReplicationResult& actual, const char* expected_name, const char* actual_name) {
    const Sides sides{expected_name, actual_name};
    if (expected.first_month_key != actual.first_month_key || expected.month_count != actual.month_count)
        return "the runs cover other months";
    auto ledger = [&](const LedgerRow& r) { return ledger_text(population, r); };
    auto exhaustion = [&](const Exhaustion& x) { return population.credits[x.credit].id + " " + x.day.to_string(); };
    auto billing = [](const BillingMonth& b) { return flows_text(b.flows) + " disabled " + text(b.disabled_days); };
    for (const std::string& difference :
         {compare("ledger row", expected.ledger, actual.ledger, ledger, sides),
          compare("event", expected.events, actual.events, event_text, sides),
          compare("exhaustion", expected.exhaustions, actual.exhaustions, exhaustion, sides),
          compare("billing month", expected.billing, actual.billing, billing, sides),
          compare("summary month", expected.summary, actual.summary, summary_text, sides)})
        if (!difference.empty()) return difference;
    return "";
}

}  // namespace creditsim::testing
