#pragma once
// usage.csv as import writes it, as text, for tests that compare it.

#include <string>
#include <vector>

#include "reports/usage_report.hpp"

namespace creditsim::testing {

/// The bytes write_usage_csv writes for these lines (through a temporary file).
std::string usage_text(const std::vector<UsageAmount>& usage);

}  // namespace creditsim::testing
