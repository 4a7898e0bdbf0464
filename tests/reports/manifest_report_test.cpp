#include "reports/manifest_report.hpp"

#include <gtest/gtest.h>

#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

TEST(ReportManifest, PairsInOrderQuotedPerRfc4180) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 1, 2)};
    ReportInputs inputs = inputs_for(population, replications, day(2026, 1, 1), day(2026, 2, 1));
    inputs.manifest = {
        {"version", "0.1.0"},
        {"seed", "20261126"},
        {"input:../a,b/usage.csv", "0123456789abcdef"},
        {"notes", "2 actions outside the run, 3 usage rows outside the run"},
        {"quote", "say \"hi\""},
        {"multiline", "one\ntwo"},
        {"empty", ""},
        {"wall_time_seconds", "1.250"},
    };
    TempFolder folder;
    write_reports(folder.path(), inputs, {});
    EXPECT_EQ(read_text(folder / "manifest.csv"),
              "key,value\n"
              "version,0.1.0\n"
              "seed,20261126\n"
              "\"input:../a,b/usage.csv\",0123456789abcdef\n"
              "notes,\"2 actions outside the run, 3 usage rows outside the run\"\n"
              "quote,\"say \"\"hi\"\"\"\n"
              "multiline,\"one\ntwo\"\n"
              "empty,\n"
              "wall_time_seconds,1.250\n");
}

TEST(ReportManifest, NoPairsIsTheHeaderAlone) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 1, 2)};
    ReportInputs inputs = inputs_for(population, replications, day(2026, 1, 1), day(2026, 2, 1));
    inputs.manifest.clear();
    TempFolder folder;
    write_reports(folder.path(), inputs, {});
    EXPECT_EQ(read_text(folder / "manifest.csv"), "key,value\n");
}

}  // namespace
}  // namespace creditsim
