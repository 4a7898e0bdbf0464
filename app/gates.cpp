#include "app/gates.hpp"

#include <cctype>
#include <charconv>
#include <limits>

#include "reports/metrics.hpp"
#include "model/errors.hpp"

namespace creditsim::cli {
namespace {

constexpr const char* kGrammar = "expected METRIC OP VALUE, e.g. 'breakage_rate > +2%' or 'unserved != 0'";

[[noreturn]] void reject(std::string_view rule, const std::string& message) {
    throw InputError({Problem{"", 0, "option '--fail-if'", "rule '" + std::string(rule) + "': " + message}});
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// A plain decimal: digits with an optional fraction (".5" and "5." too); no exponent.
bool is_plain_decimal(std::string_view text) {
    size_t digits = 0, points = 0;
    for (char c : text) {
        if (c >= '0' && c <= '9')
            ++digits;
        else if (c == '.')
            ++points;
        else
            return false;
    }
    return digits > 0 && points <= 1;
}

}  // namespace

const char* to_string(GateOp op) {
    switch (op) {
        case GateOp::greater: return ">";
        case GateOp::greater_equal: return ">=";
        case GateOp::less: return "<";
        case GateOp::less_equal: return "<=";
        case GateOp::equal: return "==";
        case GateOp::not_equal: return "!=";
    }
    return "?";
}

Gate parse_gate(std::string_view raw_rule) {
    const std::string_view rule = trim(raw_rule);
    if (rule.empty()) reject(rule, std::string(kGrammar) + "; got an empty rule");

    size_t pos = 0;
    while (pos < rule.size() && is_name_char(rule[pos])) ++pos;
    const std::string metric(rule.substr(0, pos));
    if (metric.empty()) reject(rule, std::string(kGrammar) + "; it must start with a metric name");
    if (find_metric(metric) == nullptr)
        reject(rule, "unknown metric '" + metric + "'; known metrics: " + metric_names());

    std::string_view rest = trim(rule.substr(pos));
    static constexpr std::pair<const char*, GateOp> kOps[] = {
        {">=", GateOp::greater_equal}, {"<=", GateOp::less_equal}, {"==", GateOp::equal},
        {"!=", GateOp::not_equal},     {">", GateOp::greater},     {"<", GateOp::less}};
    std::optional<GateOp> op;
    for (const auto& [symbol, candidate] : kOps) {
        if (rest.substr(0, std::char_traits<char>::length(symbol)) == symbol) {
            op = candidate;
            rest.remove_prefix(std::char_traits<char>::length(symbol));
            break;
        }
    }
    if (!op)
        reject(rule, "expected an operator (>, >=, <, <=, == or !=) after '" + metric + "'; got " +
                         (rest.empty() ? std::string("nothing") : "'" + std::string(rest) + "'"));

    const std::string_view value_text = trim(rest);
    const std::string expected_value = std::string("expected a number after '") + to_string(*op) +
                                       "', optionally signed and ending in % (e.g. 5, -2.5, +2%); got ";
    if (value_text.empty()) reject(rule, expected_value + "nothing");
    std::string_view number = value_text;
    Gate gate;
    gate.rule = std::string(rule);
    gate.metric = metric;
    gate.op = *op;
    if (number.back() == '%') {
        gate.is_relative = true;
        number.remove_suffix(1);
    }
    bool negative = false;
    if (!number.empty() && (number.front() == '+' || number.front() == '-')) {
        negative = number.front() == '-';
        number.remove_prefix(1);
    }
    double magnitude = 0;
    if (!is_plain_decimal(number) ||
        std::from_chars(number.data(), number.data() + number.size(), magnitude).ptr != number.data() + number.size())
        reject(rule, expected_value + "'" + std::string(value_text) + "'");
    gate.value = negative ? -magnitude : magnitude;
    return gate;
}

double gate_observed_value(const Gate& gate, double delta, double base_mean, bool is_money) {
    if (!gate.is_relative) return is_money ? delta / 100.0 : delta;
    if (base_mean == 0) {
        if (delta == 0) return 0;
        return delta > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    }
    return delta * 100.0 / base_mean;
}

bool gate_is_violated(const Gate& gate, double observed) {
    switch (gate.op) {
        case GateOp::greater: return observed > gate.value;
        case GateOp::greater_equal: return observed >= gate.value;
        case GateOp::less: return observed < gate.value;
        case GateOp::less_equal: return observed <= gate.value;
        case GateOp::equal: return observed == gate.value;
        case GateOp::not_equal: return observed != gate.value;
    }
    return false;
}

}  // namespace creditsim::cli
