#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "model/errors.hpp"
#include "sim/inputs/csv/csv_records.hpp"

namespace creditsim::testing {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_valid_replay(const TempDir& dir) {
    dir.write("scenario.ini", "[run]\nstart = 2026-01-01\nmonths = 2\n[population]\nsource = files\n");
    dir.write("catalog.csv", "offer,credit,kind,amount,count,term_months,scope\nap,azure_monthly,monthly,100,1,,azure\n");
    dir.write("partners.csv", "partner_id,offer,joined\nP1,ap,2026-01-01\n");
    dir.write("users.csv", "partner_id,user_id,email\nP1,u1,a@contoso.com\n");
    dir.write("actions.csv", "date,partner_id,action,credit_id,user_id\n2026-01-02,P1,assign,P1/1/azure_monthly,u1\n"
                             "2026-01-03,P1,redeem,P1/1/azure_monthly,\n");
    dir.write("usage.csv", "date,partner_id,subscription_id,category,amount\n2026-01-04,P1,P1/1/azure_monthly,eligible,12.345\n");
}

std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path) {
    ProblemList problems;
    csv::CsvRecords records(path.string(), problems, csv::ReadOptions{.trim_fields = false});
    std::vector<std::vector<std::string>> rows;
    if (records.has_header()) rows.push_back(records.header());
    while (records.next()) {
        auto& row = rows.emplace_back();
        for (size_t i = 0; i < records.header().size(); ++i) row.emplace_back(records.field(i));
    }
    for (const Problem& problem : problems.problems()) ADD_FAILURE() << problem.to_string();
    return rows;
}

void expect_bad_input(const std::string& args, const std::string& message, const std::filesystem::path& out) {
    const CommandResult r = run_creditsim(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << args;
}

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("creditsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
    const auto full = path_ / name;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << text;
    return full.string();
}

namespace {

CommandResult run_launched_in(const std::filesystem::path& dir, const std::string& launcher, const std::string& args) {
    TempDir capture;
    const auto out = capture.path() / "stdout";
    const auto err = capture.path() / "stderr";
    const std::string command = "cd '" + dir.string() + "' && " + launcher + " '" CREDITSIM_BINARY "' " + args +
                                " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
    const int status = std::system(command.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(out);
    result.err = read_file(err);
    return result;
}

}  // namespace

CommandResult run_creditsim(const std::string& args) { return run_creditsim_in(CREDITSIM_SOURCE_DIR, args); }

CommandResult run_creditsim_in(const std::filesystem::path& dir, const std::string& args) {
    return run_launched_in(dir, "", args);
}

CommandResult run_creditsim_under(const std::string& launcher, const std::string& args) {
    return run_launched_in(CREDITSIM_SOURCE_DIR, launcher, args);
}

}  // namespace creditsim::testing
