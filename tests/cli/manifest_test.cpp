// manifest.csv as a user checks it: every hash is what `sha256sum` prints, every
// path is relative to the scenario's folder whatever the working directory, and
// the build that ran is named.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

using Rows = std::vector<std::pair<std::string, std::string>>;

Rows manifest_of(const fs::path& out) {
    const auto csv = read_csv(out / "manifest.csv");
    EXPECT_FALSE(csv.empty()) << out;
    Rows rows;
    for (size_t i = 1; i < csv.size(); ++i) rows.emplace_back(csv[i].at(0), csv[i].at(1));
    return rows;
}

/// What `sha256sum FILE` prints for FILE, run from dir: the 64 hex digits before the name.
std::string sha256sum(const fs::path& dir, const std::string& file) {
    TempDir capture;
    const fs::path out = capture.path() / "sum";
    const std::string command = "cd '" + dir.string() + "' && sha256sum '" + file + "' >'" + out.string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return read_file(out).substr(0, 64);
}

struct HashCase {
    const char* command;
    std::string args;
    fs::path scenario_folder;  ///< what the input paths are relative to (the base scenario's)
    std::vector<std::string> inputs;
};

TEST(Manifest, EveryInputHashIsWhatSha256sumPrints) {
    TempDir dir;
    const fs::path source = CREDITSIM_SOURCE_DIR;
    const std::vector<std::string> replay_inputs = {"../catalog.csv", "partners.csv", "users.csv", "actions.csv",
                                                    "usage.csv"};
    const std::string small = " --set population.partners=50 --set run.months=3 --replications 1";
    const std::vector<HashCase> cases = {
        {"run", "run scenarios/replay/scenario.ini", source / "scenarios/replay", replay_inputs},
        {"run", "run scenarios/baseline.ini --set population.partners=50 --set run.months=3",
         source / "scenarios", {"catalog.csv"}},
        {"compare", "compare scenarios/baseline.ini scenarios/replay/scenario.ini" + small, source / "scenarios",
         {"catalog.csv", "replay/partners.csv", "replay/users.csv", "replay/actions.csv", "replay/usage.csv"}},
        {"sweep", "sweep scenarios/replay/scenario.ini --vary policy.validity_months=6,12 --replications 1",
         source / "scenarios/replay", replay_inputs},
        {"forecast", "forecast scenarios/forecast/scenario.ini --as-of 2026-11-25 --horizon 2 --replications 5",
         source / "scenarios/forecast",
         {"../catalog.csv", "partners.csv", "users.csv", "actions.csv", "usage.csv"}},
    };
    int case_number = 0;
    for (const HashCase& c : cases) {
        SCOPED_TRACE(c.args);
        const fs::path out = dir.path() / std::to_string(case_number++);
        const CommandResult r = run_creditsim(c.args + " --no-html --out '" + out.string() + "'");
        ASSERT_EQ(r.exit_code, 0) << r.err;
        std::vector<std::string> inputs;
        for (const auto& [key, value] : manifest_of(out)) {
            if (key.rfind("input:", 0) != 0) continue;
            inputs.push_back(key.substr(6));
            EXPECT_EQ(value, sha256sum(c.scenario_folder, inputs.back())) << key;
        }
        EXPECT_EQ(inputs, c.inputs);
    }
}

TEST(Manifest, ScenarioHashesAreSha256AndTheSameForTheSameScenarioInEveryCommand) {
    TempDir dir;
    const std::regex sha256("[0-9a-f]{64}");
    const std::string small = " --set population.partners=50 --no-html --out '";
    ASSERT_EQ(run_creditsim("run scenarios/baseline.ini" + small + (dir.path() / "run").string() + "'").exit_code, 0);
    ASSERT_EQ(run_creditsim("compare scenarios/baseline.ini scenarios/whatif/validity-12.ini --replications 1" + small +
                            (dir.path() / "compare").string() + "'")
                  .exit_code, 0);
    std::map<std::string, std::string> run, compare;
    for (const auto& [key, value] : manifest_of(dir.path() / "run")) run[key] = value;
    for (const auto& [key, value] : manifest_of(dir.path() / "compare")) compare[key] = value;
    EXPECT_TRUE(std::regex_match(run["scenario_hash"], sha256)) << run["scenario_hash"];
    EXPECT_EQ(compare["scenario_hash:baseline"], run["scenario_hash"]) << "hashed as `creditsim run` hashes it";
    EXPECT_TRUE(std::regex_match(compare["scenario_hash:validity-12"], sha256));
    EXPECT_NE(compare["scenario_hash:validity-12"], run["scenario_hash"]);
}

// The rows that name files, and resolved.ini: the same from every working directory,
// through an absolute or a relative scenario path.
TEST(Manifest, PathsAreRelativeToTheScenarioFromAnyWorkingDirectory) {
    TempDir dir;
    write_valid_replay(dir);
    const std::string folder = dir.path().filename().string();
    struct Way {
        fs::path cwd;
        std::string scenario;
    };
    const std::vector<Way> ways = {{CREDITSIM_SOURCE_DIR, (dir.path() / "scenario.ini").string()},
                                   {dir.path(), "scenario.ini"},
                                   {dir.path(), "./../" + folder + "/scenario.ini"},
                                   {dir.path().parent_path(), folder + "/scenario.ini"}};
    std::vector<Rows> path_rows;
    std::vector<std::string> resolved;
    for (size_t w = 0; w < ways.size(); ++w) {
        SCOPED_TRACE(ways[w].scenario + " from " + ways[w].cwd.string());
        const fs::path out = dir.path() / ("out" + std::to_string(w));
        const CommandResult r =
            run_creditsim_in(ways[w].cwd, "run '" + ways[w].scenario + "' --no-html --out '" + out.string() + "'");
        ASSERT_EQ(r.exit_code, 0) << r.err;
        Rows rows;
        for (const auto& row : manifest_of(out))
            if (row.first == "scenario" || row.first == "scenario_hash" || row.first.rfind("input:", 0) == 0)
                rows.push_back(row);
        path_rows.push_back(rows);
        resolved.push_back(read_file(out / "resolved.ini"));
        EXPECT_EQ(resolved.back().find(dir.path().string()), std::string::npos) << resolved.back();
    }
    ASSERT_EQ(path_rows[0].size(), 7u);
    EXPECT_EQ(path_rows[0][0], (std::pair<std::string, std::string>{"scenario", "scenario.ini"}));
    const std::vector<std::string> inputs = {"catalog.csv", "partners.csv", "users.csv", "actions.csv", "usage.csv"};
    for (size_t i = 0; i < inputs.size(); ++i) EXPECT_EQ(path_rows[0][2 + i].first, "input:" + inputs[i]);
    for (size_t w = 1; w < ways.size(); ++w) {
        EXPECT_EQ(path_rows[w], path_rows[0]) << "way " << w;
        EXPECT_EQ(resolved[w], resolved[0]) << "way " << w;
    }
    for (const char* line : {"file = catalog.csv\n", "partners_file = partners.csv\n", "usage_file = usage.csv\n"})
        EXPECT_NE(resolved[0].find(line), std::string::npos) << line << " in\n" << resolved[0];
}

TEST(Manifest, NamesTheBuildThatRan) {
    TempDir dir;
    ASSERT_EQ(run_creditsim("run scenarios/replay/scenario.ini --no-html --out '" + dir.path().string() + "'").exit_code,
              0);
    const Rows rows = manifest_of(dir.path());
    ASSERT_GE(rows.size(), 9u);
    const std::vector<std::string> head = {"version",  "git_commit", "compiler",     "build_type", "scenario",
                                           "name",     "seed",       "replications", "scenario_hash"};
    for (size_t i = 0; i < head.size(); ++i) EXPECT_EQ(rows[i].first, head[i]) << "row " << i;
    EXPECT_TRUE(std::regex_match(rows[0].second, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+"))) << rows[0].second;
    EXPECT_TRUE(std::regex_match(rows[1].second, std::regex("[0-9a-f]{40}(-dirty)?|unknown"))) << rows[1].second;
    EXPECT_TRUE(std::regex_match(rows[2].second, std::regex("(GNU|Clang|AppleClang|IntelLLVM) [0-9]+(\\.[0-9]+)+")))
        << rows[2].second;
    EXPECT_TRUE(std::regex_match(rows[3].second, std::regex("Release|Debug|RelWithDebInfo|MinSizeRel|Sanitize")))
        << rows[3].second;
}

/// Runs cmake/build_info.cmake as the build does, writing into header.
void write_build_info(const fs::path& source_dir, const fs::path& header, const std::string& compiler) {
    const std::string command = "'" CREDITSIM_CMAKE_COMMAND "' -DOUTPUT='" + header.string() + "' -DSOURCE_DIR='" +
                                source_dir.string() + "' '-DCOMPILER=" + compiler +
                                "' -DBUILD_TYPE=Release -P '" CREDITSIM_SOURCE_DIR "/cmake/build_info.cmake'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

void git(const fs::path& dir, const std::string& args) {
    const std::string command =
        "git -C '" + dir.string() + "' -c user.name=test -c user.email=test@example.com " + args + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

std::string commit_in(const fs::path& header) {
    static const std::regex define("#define CREDITSIM_GIT_COMMIT \"([^\"]*)\"");
    const std::string text = read_file(header);
    std::smatch match;
    return std::regex_search(text, match, define) ? match[1].str() : "no define in: " + text;
}

TEST(BuildInfo, CommitIsHeadDirtyOrUnknown) {
    TempDir dir;
    const fs::path checkout = dir.path() / "checkout", header = dir.path() / "build_info.hpp";
    fs::create_directories(checkout);
    write_build_info(checkout, header, "GNU 12.2.0");
    EXPECT_EQ(commit_in(header), "unknown") << "not a checkout";
    git(checkout, "init -q");
    dir.write("checkout/a.txt", "one\n");
    git(checkout, "add a.txt");
    git(checkout, "commit -q -m one");
    write_build_info(checkout, header, "GNU 12.2.0");
    const std::string head = commit_in(header);
    EXPECT_TRUE(std::regex_match(head, std::regex("[0-9a-f]{40}"))) << head;
    dir.write("checkout/untracked.txt", "not part of the build\n");
    write_build_info(checkout, header, "GNU 12.2.0");
    EXPECT_EQ(commit_in(header), head) << "untracked files do not count (as git describe --dirty)";
    dir.write("checkout/a.txt", "two\n");
    write_build_info(checkout, header, "GNU 12.2.0");
    EXPECT_EQ(commit_in(header), head + "-dirty");
    fs::create_directories(checkout / "unpacked");
    write_build_info(checkout / "unpacked", header, "GNU 12.2.0");
    EXPECT_EQ(commit_in(header), "unknown") << "sources inside another checkout are not its commit";
    EXPECT_NE(read_file(header).find("#define CREDITSIM_COMPILER \"GNU 12.2.0\"\n"), std::string::npos);
    EXPECT_NE(read_file(header).find("#define CREDITSIM_BUILD_TYPE \"Release\"\n"), std::string::npos);
}

// A build without a new commit recompiles nothing: the header keeps its time stamp.
TEST(BuildInfo, HeaderIsRewrittenOnlyWhenAValueChanges) {
    TempDir dir;
    const fs::path header = dir.path() / "build_info.hpp";
    write_build_info(dir.path(), header, "GNU 12.2.0");
    const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(24);
    fs::last_write_time(header, old_time);
    write_build_info(dir.path(), header, "GNU 12.2.0");
    EXPECT_EQ(fs::last_write_time(header), old_time);
    write_build_info(dir.path(), header, "Clang 16.0.6");
    EXPECT_NE(fs::last_write_time(header), old_time);
    EXPECT_NE(read_file(header).find("\"Clang 16.0.6\""), std::string::npos);
}

}  // namespace
}  // namespace creditsim::testing
