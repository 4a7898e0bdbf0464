// Absurd sizes as a user meets them: refused at load time naming the key, the value
// and the bound (exit 2, nothing written), never a wrapped count or a crash.
#include <gtest/gtest.h>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

const std::string kBaseline = "scenarios/baseline.ini";

struct AbsurdCase {
    const char* set;       // the --set override
    const char* expected;  // the message
    const char* reason;
};

TEST(Limits, AbsurdCountsAreBadInputNamingKeyValueAndBound) {
    const AbsurdCase cases[] = {
        {"behavior.users_mean=1e12",
         "expected a real number from 1 to 10000; got \"1e12\"",
         "used to wrap to 0 users and exit 0"},
        {"behavior.users_mean=3e9",
         "expected a real number from 1 to 10000; got \"3e9\"",
         "used to overflow the 32-bit user index: exit 3"},
        {"policy.activation_window_days=2147483647",
         "expected a whole number from 0 to 36500; got \"2147483647\"",
         "used to overflow the day and forfeit every credit"},
        {"behavior.reassignments_per_year=1e9",
         "expected a real number from 0 to 365; got \"1e9\"",
         "used to plan a billion actions per credit"},
        {"behavior.usage_intensity_median=1e300",
         "expected a real number from 0 to 1000; got \"1e300\"",
         "used to overflow the day's demand into a negative amount"},
        {"population.partners=99999999999999999999",
         "expected a whole number from 1 to 9999999; got \"99999999999999999999\"",
         "beyond int64"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.reason);
        TempDir dir;
        const auto out = dir.path() / "out";
        expect_bad_input("run " + kBaseline + " --quiet --set '" + c.set + "' --out '" + out.string() + "'",
                         std::string("--set '") + c.set + "': " + c.expected, out);
    }
}

}  // namespace
}  // namespace creditsim::testing
