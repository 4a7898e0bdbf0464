// Absurd sizes as a user meets them: refused at load time naming the key, the value
// and the bound (exit 2, nothing written), never a wrapped count or a crash.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <regex>

#include "reports/events_report.hpp"
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
         "expected a whole number from 1 to 999999999; got \"99999999999999999999\"",
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

// `creditsim ARGS` run from the source tree under `ulimit -v kilobytes`.
CommandResult run_creditsim_limited(int kilobytes, const std::string& args) {
    TempDir capture;
    const auto out = capture.path() / "stdout";
    const auto err = capture.path() / "stderr";
    const std::string command = "ulimit -v " + std::to_string(kilobytes) + " && cd '" CREDITSIM_SOURCE_DIR "' && '"
                                CREDITSIM_BINARY "' " + args + " >'" + out.string() + "' 2>'" + err.string() +
                                "' </dev/null";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

// AddressSanitizer reserves terabytes of address space: no run of it fits under ulimit -v.
#ifdef CREDITSIM_UNDER_ASAN
#define SKIP_UNDER_ASAN() GTEST_SKIP() << "ulimit -v and AddressSanitizer do not mix"
#else
#define SKIP_UNDER_ASAN() (void)0
#endif

TEST(Limits, ARunAboveTheAvailableMemoryIsRefusedBeforeItStarts) {
    SKIP_UNDER_ASAN();
    TempDir dir;
    const auto out = dir.path() / "out";
    // Each worker thread holds two blocks of 2,048 partners with their kept records:
    // 16 threads' blocks with every per-partner report need gigabytes; 400 MB are allowed.
    const CommandResult r = run_creditsim_limited(
        400000, "run " + kBaseline + " --quiet -j16 --set population.partners=1000000 --set run.replications=1 "
                "--set output.ledger=true --set output.billing=true --set output.events=true --out '" +
                    out.string() + "'");
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(kBaseline + ": keys population.partners=1000000, run.months=36"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("the run needs about "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("MiB of memory (16 worker threads' blocks"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("MiB available (RLIMIT_AS (ulimit -v)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("use fewer threads (--threads)"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(out.string() + ".lock"));
}

TEST(Limits, EveryPerPartnerReportFitsInFlatMemory) {
    SKIP_UNDER_ASAN();
    TempDir dir;
    const auto out = dir.path() / "out";
    // 120,000 partners' events.csv is about 200 MB: past the rows kept in memory, they
    // wait sorted in files in the staging folder, and are merged in order at the end.
    const CommandResult r = run_creditsim_limited(
        400000, "run " + kBaseline + " --quiet -j2 --no-html --set population.partners=120000 "
                "--set run.replications=1 --set output.ledger=true --set output.billing=true "
                "--set output.events=true --out '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_GT(fs::file_size(out / "events.csv"), uint64_t(kEventRowsInMemoryBytes) * 2) << "runs were written";
    std::ifstream events(out / "events.csv");
    std::string line, last_date;
    int64_t rows = 0;
    std::getline(events, line);  // the header
    while (std::getline(events, line)) {
        const size_t comma = line.find(',');
        const std::string date = line.substr(comma + 1, 10);
        ASSERT_LE(last_date, date) << "row " << rows << " out of day order";
        last_date = date;
        ++rows;
    }
    EXPECT_GT(rows, 1000000);
    for (const auto& entry : fs::directory_iterator(out))
        EXPECT_EQ(entry.path().filename().string().find("scratch"), std::string::npos) << entry.path();
}

TEST(Limits, APopulationBeyondTheBoundIsBadInput) {
    TempDir dir;
    const auto out = dir.path() / "out";
    expect_bad_input("run " + kBaseline + " --quiet --set population.partners=1000000000 --out '" + out.string() + "'",
                     "population.partners", out);
}

// monthly_growth = 1 over 100 years is 2^1199: infinite as a double. Without usage it stays 0
// demand (it was 0 x infinity, cast to int64: undefined); with usage the sums overflow: exit 2.
TEST(Limits, DemandBeyondADoubleIsNeitherUndefinedNorWrapped) {
    TempDir dir;
    const std::string run = "run " + kBaseline + " --quiet -j1 --set population.partners=3 --set run.replications=1 "
                            "--set run.months=1200 --set policy.validity_months=1200 --set behavior.monthly_growth=1 ";
    const CommandResult idle = run_creditsim(run + "--set behavior.usage_intensity_median=0 "
                                                   "--set behavior.idle_intensity=0 --out '" + (dir.path() / "idle").string() + "'");
    EXPECT_EQ(idle.exit_code, 0) << idle.err;
    EXPECT_TRUE(std::regex_search(idle.err, std::regex("\n +used +0\\.00 USD\n"))) << idle.err;
    const auto out = dir.path() / "busy";
    const CommandResult busy = run_creditsim(run + "--out '" + out.string() + "'");
    EXPECT_EQ(busy.exit_code, 2) << busy.err;
    EXPECT_NE(busy.err.find("exceeds the largest amount creditsim can represent"), std::string::npos) << busy.err;
    EXPECT_EQ(busy.err.find("-"), std::string::npos) << "no negative amount: " << busy.err;
    EXPECT_FALSE(fs::exists(out));
}

// One partner renewing 100 times, 100 catalog lines of 1000 credits: 10 million credits from
// files of a few kilobytes. A replay is not estimated: the allocation itself fails.
void write_huge_replay(const TempDir& dir) {
    std::string catalog = "offer,credit,kind,amount,count,term_months,scope\n";
    for (int line = 0; line < 100; ++line) catalog += "ap,c" + std::to_string(1000 + line) + ",monthly,100,1000,,azure\n";
    dir.write("scenario.ini", "[run]\nstart = 2026-01-01\nmonths = 2\n[population]\nsource = files\n");
    dir.write("catalog.csv", catalog);
    dir.write("partners.csv", "partner_id,offer,joined,renewals\nP1,ap,2026-01-01,100\n");
    dir.write("users.csv", "partner_id,user_id,email\nP1,u1,a@contoso.com\n");
    dir.write("actions.csv", "date,partner_id,action,credit_id,user_id\n");
    dir.write("usage.csv", "date,partner_id,subscription_id,category,amount\n");
}

TEST(Limits, OutOfMemoryExitsThreeSaysSoAndLeavesNothing) {
    SKIP_UNDER_ASAN();
    TempDir dir;
    write_huge_replay(dir);
    const auto top = dir.path() / "a";
    const CommandResult r = run_creditsim_limited(
        300000, "run '" + (dir.path() / "scenario.ini").string() + "' --quiet --out '" + (top / "b" / "c").string() + "'");
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(r.err.rfind("creditsim: out of memory: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(top)) << "the folders made for --out are removed";
}

TEST(Limits, AFailedRunRemovesTheParentFoldersItCreated) {
    TempDir dir;
    write_valid_replay(dir);
    dir.write("usage.csv", "date,partner_id,subscription_id,category,amount\n2026-01-04,P1,S1,eligible,-5\n");
    fs::create_directories(dir.path() / "kept");
    for (const fs::path& out : {dir.path() / "a" / "b" / "c", dir.path() / "kept" / "b" / "c"}) {
        expect_bad_input("run '" + (dir.path() / "scenario.ini").string() + "' --quiet --out '" + out.string() + "'",
                         "usage.csv:2: column 'amount'", out);
        EXPECT_FALSE(fs::exists(out.parent_path())) << out;
    }
    EXPECT_FALSE(fs::exists(dir.path() / "a")) << "a/b/c: no a/ is left";
    EXPECT_TRUE(fs::exists(dir.path() / "kept")) << "a folder that was there before stays";
    // A successful run keeps them, of course.
    const auto out = dir.path() / "x" / "y" / "z";
    write_valid_replay(dir);
    const CommandResult ok = run_creditsim("run '" + (dir.path() / "scenario.ini").string() + "' --quiet --out '" + out.string() + "'");
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_TRUE(fs::exists(out / "summary.csv"));
    EXPECT_FALSE(fs::exists(out.string() + ".lock"));
}

}  // namespace
}  // namespace creditsim::testing
