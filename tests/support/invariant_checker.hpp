#pragma once
// Reads one replay run's records back and lists every broken invariant of
// SPEC 3, 4, 8 and 9: ledger rows balance and chain, money is conserved,
// billing splits exactly and holds every day of demand, events follow the
// daily order and tell the same story as the ledger and the billing.
//
// Three oracles: SPEC 4 decided again for every assign action, a per-credit
// replay of the events (states, limits, term ends, deletions, forfeits,
// disabled days), and a per-day replay of the demand against those states
// and the ledger's grants (legacy split; billing-profile burn order). None
// calls the engine's own helpers for the rules it checks.

#include <sstream>
#include <string>
#include <vector>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "sim/engine/engine.hpp"

namespace creditsim::testing {

inline std::ostream& operator<<(std::ostream& out, Date d) { return out << d.to_string(); }
inline std::ostream& operator<<(std::ostream& out, Money m) { return out << m.to_string(); }

/// Its arguments streamed into one string, for failure messages.
template <typename... Args>
std::string cat(const Args&... args) {
    std::ostringstream out;
    (out << ... << args);
    return out.str();
}

/// The broken invariants of one run (at most a dozen, then a count of the rest); empty when none.
std::vector<std::string> invariant_problems(const Population& population, const History& history, const Policy& policy,
                                            Date start, Date end_day, const ReplicationResult& result,
                                            const EngineNotes& notes);

}  // namespace creditsim::testing
