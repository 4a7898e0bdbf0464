#pragma once
// Regression gates of `creditsim compare --fail-if RULE`: a rule is
// `METRIC OP VALUE`; it is violated when its comparison is true for a
// non-base scenario. See docs/GATES.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace creditsim::cli {

enum class GateOp { greater, greater_equal, less, less_equal, equal, not_equal };

/// "<", ">=", ...
const char* to_string(GateOp op);

/// One parsed rule.
struct Gate {
    std::string rule;    ///< the rule as written (trimmed)
    std::string metric;  ///< a name from metric_definitions()
    GateOp op = GateOp::greater;
    double value = 0;          ///< the number, sign applied, without the '%'
    bool is_relative = false;  ///< VALUE ended in '%': compared with rel_change × 100 of period `all`
};

/// Parses `METRIC OP VALUE` (spaces optional around OP): METRIC a known metric, OP one of
/// > >= < <= == !=, VALUE a decimal number with an optional sign and an optional trailing %.
/// Throws InputError (where: "option '--fail-if'") saying what was expected.
Gate parse_gate(std::string_view rule);

/// The number a gate compares for one scenario: with '%', delta × 100 / base_mean
/// (+inf or -inf when base_mean is 0 and delta is not, 0 when both are 0); else the
/// delta in the metric's printed unit (dollars for money metrics, whose delta is in cents).
double gate_observed_value(const Gate& gate, double delta, double base_mean, bool is_money);

/// Whether `observed OP gate.value` is true (the gate is violated).
bool gate_is_violated(const Gate& gate, double observed);

}  // namespace creditsim::cli
