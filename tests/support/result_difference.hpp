#pragma once
// Where two results of the same run differ, said in the records' own terms
// (credit ids, days, cents), for tests that compare two ways of running one
// world.

#include <string>

#include "model/population.hpp"
#include "model/records.hpp"

namespace creditsim::testing {

/// The first difference between two results of the same run, or "" when
/// they hold the same records (ledger, events, exhaustions, billing, summary).
/// `expected` and `actual` name the two sides in the message.
std::string first_difference(const Population& population, const ReplicationResult& expected,
                             const ReplicationResult& actual, const char* expected_name = "expected",
                             const char* actual_name = "actual");

}  // namespace creditsim::testing
