#pragma once
// Runs the creditsim binary as a user would, capturing exit code and output.

#include <filesystem>
#include <string>
#include <vector>

// CREDITSIM_UNDER_ASAN: this build runs under AddressSanitizer (GCC or clang), whose
// shadow memory and reserved address space are not the program's.
#if defined(__SANITIZE_ADDRESS__)
#define CREDITSIM_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CREDITSIM_UNDER_ASAN 1
#endif
#endif

namespace creditsim::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out;  ///< stdout
    std::string err;  ///< stderr
};

/// Runs `creditsim ARGS` (ARGS already shell-quoted) from the source tree's root.
CommandResult run_creditsim(const std::string& args);
/// Runs `creditsim ARGS` from dir.
CommandResult run_creditsim_in(const std::filesystem::path& dir, const std::string& args);
/// Runs `LAUNCHER creditsim ARGS` from the source tree's root (a launcher such as
/// `mpirun -np 2`, shell-quoted like ARGS).
CommandResult run_creditsim_under(const std::string& launcher, const std::string& args);

/// A fresh empty directory under the system temp dir, removed by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    /// Writes text to path()/name and returns the full path.
    std::string write(const std::string& name, const std::string& text) const;

private:
    std::filesystem::path path_;
};

/// Writes a minimal valid replay into dir: scenario.ini (2 months from 2026-01-01), one
/// partner P1 with one monthly credit P1/1/azure_monthly redeemed on 2026-01-03, and a
/// usage.csv of one row (12.345 on 2026-01-04).
void write_valid_replay(const TempDir& dir);

/// The whole content of a file ("" if missing).
std::string read_file(const std::filesystem::path& path);

/// A CSV file's header and rows, read exactly (nothing trimmed) with the program's one CSV
/// reader; a problem in the file fails the test.
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path);

/// Runs `creditsim ARGS` and expects bad input: exit code 2, `message` on
/// stderr, and nothing written at `out`.
void expect_bad_input(const std::string& args, const std::string& message, const std::filesystem::path& out);

}  // namespace creditsim::testing
