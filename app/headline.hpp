#pragma once
// The few numbers a run prints at the end, summed over months (mean over replications).

#include <string>
#include <string_view>
#include <vector>

#include "model/records.hpp"

namespace creditsim::cli {

/// The headline for stderr: granted = used + lapsed + expired + closing balance, one
/// term a line, then forfeited value (never granted), PAYG billed and unserved, each amount
/// labelled with the run's currency (an ISO 4217 code). Over several replications each
/// is the mean to the cent (half to even), but the closing balance is what the other
/// means leave, so that the identity holds to the cent as printed.
std::string format_headline(const std::vector<ReplicationResult>& replications, std::string_view currency);

}  // namespace creditsim::cli
