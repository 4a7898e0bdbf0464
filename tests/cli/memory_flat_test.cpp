// A generated run streams its partners in blocks: its peak memory does not grow
// with the population. Memory, unlike time, is stable enough on any machine to
// be a test; the speed targets are benchmarks (scripts/bench, docs/PERFORMANCE.md).
#include <sys/resource.h>

#include <gtest/gtest.h>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

/// The largest peak RSS of the children this process has waited for, in MiB.
double children_peak_mib() {
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return double(usage.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

TEST(MemoryFlat, TwoHundredThousandPartnersStayUnderTheFlatBound) {
#ifdef CREDITSIM_UNDER_ASAN
    GTEST_SKIP() << "AddressSanitizer's shadow memory is not the program's";
#endif
    // The population-sized design this replaced peaked at about 160 MiB here
    // (750 MiB at a million partners); the stream at about 20 MiB, at any size.
    constexpr double kFlatBoundMib = 96;
    TempDir dir;
    const CommandResult run = run_creditsim("run scenarios/bench-1m.ini --set population.partners=200000 "
                                            "--threads 2 --quiet --no-html --out " +
                                            (dir.path() / "out").string());
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const double peak = children_peak_mib();
    EXPECT_GT(peak, 1) << "the child's peak RSS was not measured";
    EXPECT_LT(peak, kFlatBoundMib) << "a run of 200,000 partners peaked at " << peak << " MiB";
    EXPECT_NE(read_file(dir.path() / "out" / "summary.csv").find("2028-12"), std::string::npos);
}

}  // namespace
}  // namespace creditsim::testing
