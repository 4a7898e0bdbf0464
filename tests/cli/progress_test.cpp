// Progress on stderr off a terminal (CI logs, nohup): a plain line at each 10%
// of a generated run, a compare, a sweep and a forecast, none with --quiet, stdout
// untouched; and the headline's balance identity.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <string>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

// Runs creditsim with stderr into a pipe (stdout discarded) and returns what came through it.
std::string stderr_through_pipe(const std::string& args) {
    const std::string command = "cd '" CREDITSIM_SOURCE_DIR "' && '" CREDITSIM_BINARY "' " + args +
                                " 2>&1 >/dev/null </dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return "";
    std::string text;
    std::array<char, 4096> buffer;
    for (size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) text.append(buffer.data(), n);
    ::pclose(pipe);
    return text;
}

// 20,000 partners = 10 blocks of 2,048: one replication shows every 10% step, in about a second.
const std::string kRun = " --set population.partners=20000 --set run.replications=1 --no-html";

TEST(Progress, OffATerminalAPlainLineAtEveryTenPercent) {
    TempDir dir;
    const std::string err = stderr_through_pipe("run scenarios/baseline.ini --out '" + (dir.path() / "out").string() + "'" + kRun);
    ASSERT_NE(err.find("headline (USD):"), std::string::npos) << err;
    EXPECT_EQ(err.find('\r'), std::string::npos) << "no carriage returns in a log:\n" << err;
    const std::regex line(R"(progress: (\d+)% \(replication 1/1, 20000 partners through 2028-12\), [0-9.]+ s elapsed(, about \d+ s left)?\n)");
    std::vector<int> percents;
    for (auto it = std::sregex_iterator(err.begin(), err.end(), line); it != std::sregex_iterator(); ++it) {
        percents.push_back(std::stoi((*it)[1]));
        EXPECT_EQ((*it)[2].matched, percents.back() < 100) << "a time left until the end: " << it->str();
    }
    EXPECT_EQ(percents, (std::vector<int>{10, 20, 30, 40, 50, 60, 70, 80, 90, 100})) << err;
}

TEST(Progress, QuietRemovesTheProgressLines) {
    TempDir dir;
    const std::string err =
        stderr_through_pipe("run scenarios/baseline.ini --quiet --out '" + (dir.path() / "out").string() + "'" + kRun);
    ASSERT_NE(err.find("headline (USD):"), std::string::npos) << err;
    EXPECT_EQ(err.find("progress:"), std::string::npos) << err;
    EXPECT_EQ(err.find('\r'), std::string::npos) << err;
}

/// The percents of the plain progress lines in err whose parenthesis matches `where` (a regex
/// without capturing groups);
/// each line but the last says the time left. Fails on a carriage return (no rewriting in a log).
std::vector<int> plain_percents(const std::string& err, const std::string& where) {
    EXPECT_EQ(err.find('\r'), std::string::npos) << "no carriage returns in a log:\n" << err;
    const std::regex line("progress: (\\d+)% \\(" + where + "\\), [0-9.]+ s elapsed(, about \\d+ s left)?\n");
    std::vector<int> percents;
    for (auto it = std::sregex_iterator(err.begin(), err.end(), line); it != std::sregex_iterator(); ++it) {
        percents.push_back(std::stoi((*it)[1]));
        EXPECT_EQ((*it)[2].matched, percents.back() < 100) << "a time left until the end: " << it->str();
    }
    return percents;
}

/// Runs a command twice, off a terminal and with --quiet: the first shows progress lines in
/// 10% steps up to 100% whose parenthesis matches `where`, the second none, and stdout is the
/// same byte for byte (progress goes to stderr only).
void expect_progress_off_a_terminal(const std::string& command, const std::string& where,
                                    const std::vector<int>& expected_percents) {
    TempDir dir;
    const CommandResult shown = run_creditsim(command + " --out '" + (dir.path() / "a").string() + "'");
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    const std::vector<int> percents = plain_percents(shown.err, where);
    EXPECT_EQ(percents, expected_percents) << shown.err;
    const CommandResult quiet = run_creditsim(command + " --quiet --out '" + (dir.path() / "a").string() + "'");
    ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
    EXPECT_EQ(quiet.err.find("progress:"), std::string::npos) << quiet.err;
    EXPECT_EQ(quiet.err.find('\r'), std::string::npos) << quiet.err;
    EXPECT_EQ(shown.out, quiet.out);
    EXPECT_EQ(shown.out.find("progress"), std::string::npos) << shown.out;
}

const std::vector<int> kEveryTenth = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

// Issue 15: two scenarios of one replication of 10 blocks each: every 10% step of the whole
// compare, half of them in each scenario.
TEST(Progress, CompareOffATerminalAPlainLineAtEveryTenPercent) {
    expect_progress_off_a_terminal(
        "compare scenarios/baseline.ini scenarios/whatif/validity-12.ini --set population.partners=20000 "
        "--replications 1 --no-html",
        R"(scenario [12]/2 \((?:baseline|validity-12)\), replication 1/1)", kEveryTenth);
}

TEST(Progress, SweepOffATerminalAPlainLineAtEveryTenPercent) {
    expect_progress_off_a_terminal(
        "sweep scenarios/baseline.ini --vary policy.validity_months=12,13 --set population.partners=20000 "
        "--replications 1 --no-html",
        R"(point [12]/2, replication 1/1)", kEveryTenth);
}

// A forecast's progress is its replications: 20 of them, a line at every second one.
TEST(Progress, ForecastOffATerminalAPlainLineAtEveryTenPercent) {
    expect_progress_off_a_terminal(
        "forecast scenarios/forecast/scenario.ini --as-of 2026-11-25 --horizon 6 --replications 20 --no-html",
        R"(forecast replication \d+/20)", kEveryTenth);
}

TEST(Progress, ForecastLinesCountItsReplications) {
    TempDir dir;
    const CommandResult r = run_creditsim(
        "forecast scenarios/forecast/scenario.ini --as-of 2026-11-25 --horizon 6 --replications 20 --no-html --out '" +
        (dir.path() / "f").string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (int tenth = 1; tenth <= 10; ++tenth)
        EXPECT_NE(r.err.find("progress: " + std::to_string(tenth * 10) + "% (forecast replication " +
                             std::to_string(tenth * 2) + "/20)"),
                  std::string::npos)
            << r.err;
}

// The headline's numbers satisfy granted = used + lapsed + expired + closing balance.
TEST(Progress, HeadlineBalances) {
    TempDir dir;
    const CommandResult r = run_creditsim("run scenarios/replay/scenario.ini --quiet --no-html --out '" +
                                          (dir.path() / "out").string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, long long> cents;
    const std::regex line(R"(\n {2,4}([a-zA-Z ]+?) +(-?\d+)\.(\d\d) USD)");
    for (auto it = std::sregex_iterator(r.err.begin(), r.err.end(), line); it != std::sregex_iterator(); ++it) {
        const long long whole = std::stoll((*it)[2]);
        cents[(*it)[1]] = whole * 100 + (whole < 0 ? -1 : 1) * std::stoll((*it)[3]);
    }
    for (const char* label : {"credit granted", "used", "lapsed", "expired", "closing balance", "forfeited value"})
        ASSERT_TRUE(cents.count(label)) << label << " in\n" << r.err;
    EXPECT_GT(cents["credit granted"], 0);
    EXPECT_EQ(cents["credit granted"], cents["used"] + cents["lapsed"] + cents["expired"] + cents["closing balance"]);
    EXPECT_GT(cents["forfeited value"], 0) << "the replay forfeits a credit: shown apart, never granted";
}

// The shipped catalog's GitHub credits, used by scenarios/whatif/github-credits.ini:
// bulk credits scoped to the products `creditsim import` writes.
TEST(ShippedCatalog, GithubCreditsWhatIfAwardsAndUsesThem) {
    TempDir dir;
    const auto out = dir.path() / "out";
    const CommandResult r = run_creditsim("run scenarios/whatif/github-credits.ini --quiet --no-html --set "
                                          "population.partners=600 --set run.replications=1 --out '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, long long> used_by_scope;
    for (const auto& row : read_csv(out / "ledger.csv")) {
        if (row.size() < 13 || row[0] == "replication") continue;
        if (row[2].find("/github_") == std::string::npos) continue;
        EXPECT_EQ(row[3], "bulk") << row[2];
        used_by_scope[row[4]] += std::llround(std::stod(row[9]) * 100);
    }
    EXPECT_GT(used_by_scope["github_copilot_enterprise"], 0);
    EXPECT_GT(used_by_scope["github_enterprise"], 0);
}

}  // namespace
}  // namespace creditsim::testing
