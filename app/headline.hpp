#pragma once
// The few numbers a run prints at the end, summed over months (mean over replications).

#include <string>
#include <vector>

#include "model/records.hpp"

namespace creditsim::cli {

/// The headline for stderr: granted = used + lapsed + expired + closing balance, one
/// term a line, then forfeited value (never granted), PAYG billed and unserved, in USD.
std::string format_headline(const std::vector<ReplicationResult>& replications);

}  // namespace creditsim::cli
