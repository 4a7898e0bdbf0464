// Issue 14: the real binary under faults. SIGINT, SIGTERM and SIGKILL at random
// points of a run (simulation, writing, publication) and two or three runs into
// one folder at once: afterwards the folder holds exactly one complete output set
// or nothing, and (after a signal creditsim can catch, or after the next run) no
// stray staging folder or lock file. Seeds are fixed and printed; about 15 s.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

/// A generated run of ~0.3 s that writes ~20 MB: a random delay lands in any phase.
std::vector<std::string> run_arguments(const fs::path& out, int seed) {
    return {CREDITSIM_BINARY,
            "run",
            CREDITSIM_SOURCE_DIR "/scenarios/baseline.ini",
            "--set",
            "population.partners=1500",
            "--set",
            "run.replications=2",
            "--set",
            "run.seed=" + std::to_string(seed),
            "--threads",
            "1",
            "--out",
            out.string()};
}

/// Starts creditsim with stdout to /dev/null and stderr to err_file.
pid_t spawn(const std::vector<std::string>& arguments, const fs::path& err_file) {
    const pid_t child = ::fork();
    if (child == 0) {
        const int null_fd = ::open("/dev/null", O_RDWR);
        const int err_fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        ::dup2(null_fd, 0);
        ::dup2(null_fd, 1);
        ::dup2(err_fd, 2);
        std::vector<char*> argv;
        for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return child;
}

int wait_for(pid_t child) {
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

/// The reports of one run, by name: manifest.csv and report.html differ between two runs of
/// one seed (wall time), so they are checked for completeness, the others byte for byte.
using OutputSet = std::map<std::string, std::string>;

OutputSet read_set(const fs::path& folder) {
    OutputSet files;
    for (const auto& entry : fs::directory_iterator(folder)) files[entry.path().filename().string()] = read_file(entry.path());
    return files;
}

const std::vector<int> kSeeds = {11, 22, 33};

class Fault : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        references_ = new std::map<int, OutputSet>;
        for (int seed : kSeeds) {
            const fs::path out = reference_dir_.path() / std::to_string(seed);
            const int status = wait_for(spawn(run_arguments(out, seed), reference_dir_.path() / "err"));
            ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(reference_dir_.path() / "err");
            (*references_)[seed] = read_set(out);
        }
    }
    static void TearDownTestSuite() { delete references_; }

    /// Which seed's complete set the folder holds; 0 when it does not exist; -1 (with a
    /// failure) when it holds anything else: a torn, mixed or partial set.
    static int complete_set_in(const fs::path& folder, const std::string& context) {
        if (!fs::exists(folder)) return 0;
        const OutputSet actual = read_set(folder);
        for (const auto& [seed, expected] : *references_) {
            bool is_same = actual.size() == expected.size();
            for (const auto& [name, bytes] : expected) {
                if (!is_same) break;
                const auto found = actual.find(name);
                if (found == actual.end()) is_same = false;
                else if (name == "manifest.csv")
                    is_same = found->second.find("\nseed," + std::to_string(seed) + "\n") != std::string::npos &&
                              found->second.find("\nwall_time_seconds,") != std::string::npos &&
                              found->second.ends_with("\n");
                else if (name == "report.html")
                    is_same = found->second.ends_with("</html>\n");
                else
                    is_same = found->second == bytes;
            }
            if (is_same) return seed;
        }
        std::string names;
        for (const auto& [name, bytes] : actual) names += " " + name + "(" + std::to_string(bytes.size()) + ")";
        ADD_FAILURE() << context << ": " << folder << " holds neither nothing nor one complete set:" << names;
        return -1;
    }

    /// Entries beside the output folder other than the folder itself: staging folders, lock files.
    static std::vector<std::string> strays(const fs::path& parent) {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(parent))
            if (entry.path().filename() != "out" && entry.path().filename() != "err") names.push_back(entry.path().filename());
        std::sort(names.begin(), names.end());
        return names;
    }

    static TempDir reference_dir_;
    static std::map<int, OutputSet>* references_;
};

TempDir Fault::reference_dir_;
std::map<int, OutputSet>* Fault::references_ = nullptr;

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += " " + name;
    return text;
}

// Items 1 and 2: signals at random points, into a fresh folder and over an earlier set.
TEST_F(Fault, SignalsAtRandomPointsLeaveOneCompleteSetOrNothing) {
    const unsigned seed = 20261203;
    std::mt19937 random(seed);
    SCOPED_TRACE("random seed " + std::to_string(seed));
    TempDir dir;
    const fs::path out = dir.path() / "out";
    const int signals[] = {SIGINT, SIGTERM, SIGKILL};
    int previous = 0;  // the set the folder holds: 0 nothing yet
    int caught = 0, completed = 0;
    for (int trial = 0; trial < 30; ++trial) {
        const int signal_number = signals[trial % 3];
        const int run_seed = kSeeds[trial % 2];  // 11 and 22 alternate: a new set differs from the old one
        const auto delay = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 400000)(random));
        const std::string context = "trial " + std::to_string(trial) + ": signal " + std::to_string(signal_number) +
                                    " after " + std::to_string(delay.count()) + " us, seed " + std::to_string(run_seed);
        const pid_t child = spawn(run_arguments(out, run_seed), dir.path() / "err");
        std::this_thread::sleep_for(delay);
        ::kill(child, signal_number);
        const int status = wait_for(child);
        const int now = complete_set_in(out, context);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            ++completed;
            EXPECT_EQ(now, run_seed) << context << ": the run completed before the signal";
        } else if (WIFEXITED(status)) {
            ++caught;
            EXPECT_EQ(WEXITSTATUS(status), 128 + signal_number) << context << "\n" << read_file(dir.path() / "err");
            EXPECT_TRUE(now == previous || now == run_seed) << context << ": holds " << now;
        } else {
            ASSERT_TRUE(WIFSIGNALED(status)) << context;
            EXPECT_EQ(WTERMSIG(status), signal_number) << context;
            EXPECT_TRUE(now == previous || now == run_seed) << context << ": holds " << now;
        }
        if (signal_number != SIGKILL) {
            EXPECT_EQ(strays(dir.path()), std::vector<std::string>{}) << context << ":" << joined(strays(dir.path()));
        }
        previous = now;
    }
    // A later run cleans the leftovers of killed ones.
    const int status = wait_for(spawn(run_arguments(out, 33), dir.path() / "err"));
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(dir.path() / "err");
    EXPECT_EQ(complete_set_in(out, "final run"), 33);
    EXPECT_EQ(strays(dir.path()), std::vector<std::string>{}) << joined(strays(dir.path()));
    std::cerr << "signal trials: " << caught << " interrupted and cleaned up, " << completed << " completed first\n";
}

// Item 1: two and three runs into one folder at once.
TEST_F(Fault, ConcurrentRunsIntoOneFolderNeverTearIt) {
    TempDir dir;
    const fs::path out = dir.path() / "out";
    for (int runs : {2, 3, 2, 3}) {
        std::vector<pid_t> children;
        for (int i = 0; i < runs; ++i)
            children.push_back(spawn(run_arguments(out, kSeeds[size_t(i)]), dir.path() / ("err" + std::to_string(i))));
        std::set<int> winners;
        for (int i = 0; i < runs; ++i) {
            const int status = wait_for(children[size_t(i)]);
            const std::string err = read_file(dir.path() / ("err" + std::to_string(i)));
            ASSERT_TRUE(WIFEXITED(status)) << err;
            if (WEXITSTATUS(status) == 0) {
                winners.insert(kSeeds[size_t(i)]);
                continue;
            }
            EXPECT_EQ(WEXITSTATUS(status), 2) << err;
            EXPECT_NE(err.find("creditsim: another creditsim run is writing " + out.string() + " (pid "),
                      std::string::npos)
                << err;
        }
        ASSERT_FALSE(winners.empty()) << runs << " runs: none succeeded";
        const int now = complete_set_in(out, std::to_string(runs) + " concurrent runs");
        EXPECT_TRUE(winners.count(now)) << "the folder holds the set of seed " << now;
        for (int i = 0; i < runs; ++i) fs::remove(dir.path() / ("err" + std::to_string(i)));
        EXPECT_EQ(strays(dir.path()), std::vector<std::string>{}) << joined(strays(dir.path()));
    }
}

// Item 3: totals too large for int64 cents are bad input, not a wrapped negative demand.
TEST(FaultOverflow, UsageTotalsBeyondInt64CentsExitTwo) {
    TempDir dir;
    write_valid_replay(dir);
    // Each amount is within the reader's bound (INT64_MAX / 2 cents); their sum is not.
    std::string usage = "date,partner_id,subscription_id,category,amount\n";
    for (int day = 4; day <= 6; ++day)
        usage += "2026-01-0" + std::to_string(day) + ",P1,P1/1/azure_monthly,eligible,46116860000000000.00\n";
    dir.write("usage.csv", usage);
    const auto out = dir.path() / "out";
    const CommandResult r = run_creditsim("run '" + (dir.path() / "scenario.ini").string() + "' --out '" + out.string() + "'");
    EXPECT_EQ(r.exit_code, 2) << r.err;
    // Found while reading, so the message names the file, the column and where the total passed the bound.
    EXPECT_NE(r.err.find("usage.csv: column 'amount': the usage inside the run adds up to more than creditsim can "
                         "hold (23058430092136939.51) by 2026-01-04, at subscription \"P1/1/azure_monthly\" of "
                         "partner P1"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace creditsim::testing
