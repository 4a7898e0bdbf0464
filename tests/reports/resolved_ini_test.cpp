#include "reports/resolved_ini.hpp"

#include <gtest/gtest.h>

#include "model/errors.hpp"
#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

const char* const kIniHeader =
    "# Resolved scenario written by creditsim: every key with its final value.\n"
    "# Paths are relative to the scenario's folder: to run it again, copy this file\n"
    "# there and run the copy (creditsim run FOLDER/resolved.ini).\n";

std::string resolved_ini_of(std::vector<std::pair<std::string, std::string>> resolved) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 1, 2)};
    ReportInputs inputs = inputs_for(population, replications, day(2026, 1, 1), day(2026, 2, 1));
    inputs.resolved = std::move(resolved);
    TempFolder folder;
    write_reports(folder.path(), inputs, {});
    return read_text(folder / "resolved.ini");
}

TEST(ReportResolvedIni, GroupsKeysIntoSectionsInFirstAppearanceOrder) {
    EXPECT_EQ(resolved_ini_of({{"run.name", "baseline"},
                               {"policy.flow", "legacy"},
                               {"run.start", "2026-01-01"},
                               {"catalog.file", "/data/catalog.csv"},
                               {"policy.period", "anniversary"},
                               {"policy.free_hosted_domains", "gmail.com, outlook.com"},
                               {"behavior.usage.sigma", "1.5"},
                               {"run.base", ""}}),
              std::string(kIniHeader) +
                  "\n"
                  "[run]\n"
                  "name = baseline\n"
                  "start = 2026-01-01\n"
                  "base =\n"
                  "\n"
                  "[policy]\n"
                  "flow = legacy\n"
                  "period = anniversary\n"
                  "free_hosted_domains = gmail.com, outlook.com\n"
                  "\n"
                  "[catalog]\n"
                  "file = /data/catalog.csv\n"
                  "\n"
                  "[behavior]\n"
                  "usage.sigma = 1.5\n");
}

TEST(ReportResolvedIni, KeysOutsideAnySectionComeFirst) {
    EXPECT_EQ(resolved_ini_of({{"run.months", "12"}, {"verbose", "true"}}), std::string(kIniHeader) +
                                                                                "\n"
                                                                                "verbose = true\n"
                                                                                "\n"
                                                                                "[run]\n"
                                                                                "months = 12\n");
}

TEST(ReportResolvedIni, NoKeysIsTheHeaderAlone) { EXPECT_EQ(resolved_ini_of({}), kIniHeader); }

TEST(ReportResolvedIni, ALineBreakInAValueCannotBeWritten) {
    const Population population = tiny_population();
    const std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 1, 2)};
    ReportInputs inputs = inputs_for(population, replications, day(2026, 1, 1), day(2026, 2, 1));
    inputs.resolved = {{"run.name", "two\nlines"}};
    TempFolder folder;
    try {
        write_reports(folder.path(), inputs, {});
        FAIL() << "expected an Error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot write resolved.ini: the value of 'run.name' contains a line break");
    }
    EXPECT_EQ(folder_entries(folder.path()), std::vector<std::string>{});
}

}  // namespace
}  // namespace creditsim
