// The paths and hashes every manifest.csv shares (app/manifest_rows.cpp).
#include "app/manifest_rows.hpp"

#include <gtest/gtest.h>

#include "tests/cli/cli_support.hpp"

namespace creditsim::cli {
namespace {

namespace fs = std::filesystem;

TEST(ManifestRows, PathsAreWrittenRelativeToTheScenarioFolder) {
    struct Case {
        const char* folder;
        const char* path;
        const char* expected;
    };
    const Case cases[] = {
        {"/data/run", "/data/run/usage.csv", "usage.csv"},
        {"/data/run", "/data/catalog.csv", "../catalog.csv"},
        {"/data/run", "/data/run/in/users.csv", "in/users.csv"},
        {"/data/run", "/other/p.csv", "../../other/p.csv"},
        {"/data/run/", "/data/run/usage.csv", "usage.csv"},
    };
    for (const Case& c : cases) EXPECT_EQ(relative_path(c.folder, c.path), c.expected) << c.folder << " " << c.path;
}

TEST(ManifestRows, OnlyPathKeysAreMadeRelative) {
    testing::TempDir dir;
    Scenario scenario;
    scenario.file = dir.write("runs/scenario.ini", "");
    const std::string root = fs::weakly_canonical(dir.path()).string();
    scenario.resolved = {{"run.name", root + "/runs/name"},
                         {"catalog.file", root + "/catalog.csv"},
                         {"population.usage_file", root + "/runs/usage.csv"}};
    const ManifestRows expected = {{"run.name", root + "/runs/name"},  // a name, not a path: as it is
                                   {"catalog.file", "../catalog.csv"},
                                   {"population.usage_file", "usage.csv"}};
    EXPECT_EQ(portable_resolved(scenario), expected);
    EXPECT_EQ(scenario_folder(scenario), fs::path(root) / "runs");
}

TEST(ManifestRows, ScenarioHashIsSha256OfKeyValueLines) {
    // printf 'run.name=a/b\ncatalog.file=../catalog.csv\n' | sha256sum
    EXPECT_EQ(scenario_hash({{"run.name", "a/b"}, {"catalog.file", "../catalog.csv"}}),
              "f188c0fecbca39946ad182849548cbeea2aa475ffa400b4867e1774353311074");
}

}  // namespace
}  // namespace creditsim::cli
