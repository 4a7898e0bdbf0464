#include "reports/atomic_files.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <system_error>

#include "model/errors.hpp"
#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

/// Every regular file of a folder with its bytes.
std::map<std::string, std::string> snapshot(const std::string& folder) {
    std::map<std::string, std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.is_regular_file()) files[entry.path().filename().string()] = read_text(entry.path().string());
    return files;
}

std::string reason(int error_number) { return std::generic_category().message(error_number); }

/// Two runs that write different bytes: one replication, and three with quantiles.
struct TwoRuns {
    Population population = tiny_population();
    std::vector<ReplicationResult> first, second;
    TwoRuns() {
        first = {empty_result(0, day(2026, 1, 1), 2, 2)};
        first[0].summary[0].awarded = 6;
        first[0].events = {Event{day(2026, 1, 1), 0, 0, EventKind::award, 0}};
        for (int r = 0; r < 3; ++r) second.push_back(empty_result(r, day(2026, 1, 1), 2, 2));
        second[2].summary[1].flows.demand = usd(12345);
    }
    ReportInputs first_inputs() const { return inputs_for(population, first, day(2026, 1, 1), day(2026, 3, 1)); }
    ReportInputs second_inputs() const {
        ReportInputs inputs = inputs_for(population, second, day(2026, 1, 1), day(2026, 3, 1));
        inputs.manifest.push_back({"run", "second"});
        return inputs;
    }
};

const std::vector<std::string> kFirstRunFiles = {"billing.csv",  "events.csv",   "ledger.csv",
                                                 "manifest.csv", "resolved.ini", "summary.csv"};

TEST(ReportAtomic, TheOutputFolderIsARegularFile) {
    TwoRuns runs;
    TempFolder folder;
    const std::string out = folder / "out";
    write_text(out, "not a folder");
    try {
        write_reports(out, runs.first_inputs(), {});
        FAIL() << "expected an Error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot write reports into '" + out + "': " + reason(ENOTDIR));
    }
    EXPECT_EQ(read_text(out), "not a folder");
    EXPECT_EQ(folder_entries(folder.path()), std::vector<std::string>{"out"});
}

TEST(ReportAtomic, AFailureWhileWritingLeavesThePreviousReportsUntouched) {
    TwoRuns runs;
    TempFolder folder;
    const std::string out = folder / "out";
    write_reports(out, runs.first_inputs(), {});
    const auto before = snapshot(out);
    ASSERT_EQ(before.size(), kFirstRunFiles.size());

    // The ledger fails after nothing else: the staging folder beside "out" is removed.
    LedgerRow bad_row;
    bad_row.credit = uint32_t(runs.population.credits.size());  // no such credit
    runs.second[0].ledger = {bad_row};
    EXPECT_THROW(write_reports(out, runs.second_inputs(), {}), InvariantError);
    EXPECT_EQ(snapshot(out), before);
    EXPECT_EQ(folder_entries(out), kFirstRunFiles);
    EXPECT_EQ(folder_entries(folder.path()), std::vector<std::string>{"out/"}) << "no staging folder, no lock file";
}

// Issue 14 item 1: the set replaces the folder in one rename; other plain files are kept.
TEST(ReportAtomic, TheNewSetReplacesTheFolderAndKeepsUnrelatedFiles) {
    TwoRuns runs;
    TempFolder folder;
    const std::string out = folder / "out";
    write_reports(out, runs.second_inputs(), {});
    write_text(out + "/notes.txt", "mine");
    write_text(out + "/.ledger.csv.tmp", "a leftover of the old in-place publication");
    write_reports(out, runs.first_inputs(), {});
    std::vector<std::string> expected = kFirstRunFiles;
    expected.push_back("notes.txt");
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(folder_entries(out), expected) << "quantiles.csv of the second run is gone";
    EXPECT_EQ(read_text(out + "/notes.txt"), "mine");
    EXPECT_EQ(folder_entries(folder.path()), std::vector<std::string>{"out/"});
}

// Issue 14 items 1 and 2: leftovers of a killed run beside the folder are removed under the lock.
TEST(ReportAtomic, StagingFoldersOfKilledRunsAreRemoved) {
    TwoRuns runs;
    TempFolder folder;
    const std::string out = folder / "out";
    std::filesystem::create_directories(out + ".staging-999999-deadbeef");
    write_text(out + ".staging-999999-deadbeef/ledger.csv", "half a ledger");
    write_text(out + ".lock", "999999");
    write_reports(out, runs.first_inputs(), {});
    EXPECT_EQ(folder_entries(folder.path()), std::vector<std::string>{"out/"});
    EXPECT_EQ(folder_entries(out), kFirstRunFiles);
}

// Issue 14 item 1: a second writer of the same folder fails with a clear message.
TEST(ReportAtomic, ASecondWriterOfTheSameFolderIsRefused) {
    TempFolder folder;
    const std::string out = folder / "out";
    const int fd = ::open((out + ".lock").c_str(), O_RDWR | O_CREAT, 0666);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "4242", 4), 4);
    const pid_t child = ::fork();
    if (child == 0) {  // another process holds the lock
        ::flock(fd, LOCK_EX);
        ::sleep(30);
        ::_exit(0);
    }
    ::close(fd);
    for (int i = 0; i < 200; ++i) {  // until the child holds it
        const int probe = ::open((out + ".lock").c_str(), O_RDWR);
        const bool is_held = ::flock(probe, LOCK_EX | LOCK_NB) != 0;
        ::close(probe);
        if (is_held) break;
        ::usleep(10000);
    }
    TwoRuns runs;
    try {
        write_reports(out, runs.first_inputs(), {});
        ADD_FAILURE() << "expected an Error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "another creditsim run is writing " + out +
                                             " (pid 4242); wait for it to finish or choose another --out");
    }
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(ReportAtomic, AFailureWhilePublishingPutsBackEveryReplacedReport) {
    TwoRuns runs;
    TempFolder folder;
    write_reports(folder.path(), runs.first_inputs(), {});
    // manifest.csv is renamed last: by then the other six are in place and must be undone.
    std::filesystem::remove(folder / "manifest.csv");
    std::filesystem::create_directory(folder / "manifest.csv");
    const auto before = snapshot(folder.path());
    try {
        write_reports(folder.path(), runs.second_inputs(), {});
        FAIL() << "expected an Error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot write '" + (folder / "manifest.csv") + "': " + reason(EISDIR));
    }
    EXPECT_EQ(snapshot(folder.path()), before) << "the first run's reports, byte for byte";
    EXPECT_EQ(folder_entries(folder.path()), (std::vector<std::string>{"billing.csv", "events.csv", "ledger.csv",
                                                                       "manifest.csv/", "resolved.ini", "summary.csv"}))
        << "no quantiles.csv, no temporary, no backup";
}

TEST(ReportAtomic, AFailureInAFreshFolderLeavesNoReport) {
    TwoRuns runs;
    TempFolder folder;
    std::filesystem::create_directory(folder / "resolved.ini");
    EXPECT_THROW(write_reports(folder.path(), runs.second_inputs(), {}), Error);
    EXPECT_EQ(folder_entries(folder.path()), std::vector<std::string>{"resolved.ini/"});
}

TEST(ReportAtomic, AFolderCreatedForTheReportsIsRemovedWhenTheyFail) {
    TwoRuns runs;
    LedgerRow bad_row;
    bad_row.credit = uint32_t(runs.population.credits.size());  // no such credit
    runs.first[0].ledger = {bad_row};
    TempFolder folder;
    EXPECT_THROW(write_reports(folder / "new", runs.first_inputs(), {}), InvariantError);
    EXPECT_FALSE(std::filesystem::exists(folder / "new"));
}

TEST(ReportAtomic, LeftoversOfAnInterruptedRunAreReplaced) {
    TwoRuns runs;
    TempFolder folder;
    write_text(folder / ".ledger.csv.tmp", "half a ledger");
    write_text(folder / ".summary.csv.bak", "an old backup");
    write_text(folder / "summary.csv", "an old summary");
    write_reports(folder.path(), runs.first_inputs(), {});
    EXPECT_EQ(folder_entries(folder.path()), kFirstRunFiles);
    EXPECT_NE(read_text(folder / "summary.csv"), "an old summary");
}

TEST(ReportStagedFolder, UnpublishedFilesAreRemoved) {
    TempFolder folder;
    std::string temporary;
    {
        StagedFolder staged(folder.path());
        temporary = staged.stage("a.csv");
        EXPECT_EQ(std::filesystem::path(temporary).filename(), "a.csv");
        EXPECT_TRUE(std::filesystem::path(temporary).parent_path().filename().string().starts_with(
            ".creditsim-staging-" + std::to_string(::getpid()) + "-"))
            << temporary << ": a staging folder of its own, unique to the run";
        write_text(temporary, "a");
        EXPECT_TRUE(std::filesystem::exists(temporary));
    }
    EXPECT_EQ(folder_entries(folder.path()), std::vector<std::string>{});
}

TEST(ReportStagedFolder, PublishRenamesInStagingOrderAndRemovesObsoleteFiles) {
    TempFolder folder;
    write_text(folder / "b.csv", "old b");
    write_text(folder / "old.csv", "obsolete");
    StagedFolder staged(folder.path());
    write_text(staged.stage("b.csv"), "new b");
    write_text(staged.stage("a.csv"), "new a");
    EXPECT_EQ(staged.publish({"old.csv", "a.csv", "never.csv"}),
              (std::vector<std::string>{folder / "b.csv", folder / "a.csv"}));
    EXPECT_EQ(folder_entries(folder.path()), (std::vector<std::string>{"a.csv", "b.csv"}));
    EXPECT_EQ(read_text(folder / "a.csv"), "new a");
    EXPECT_EQ(read_text(folder / "b.csv"), "new b");
}

}  // namespace
}  // namespace creditsim
