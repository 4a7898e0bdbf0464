#pragma once
// Runs the creditsim binary as a user would, capturing exit code and output.

#include <filesystem>
#include <string>

namespace creditsim::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out;  ///< stdout
    std::string err;  ///< stderr
};

/// Runs `creditsim ARGS` (ARGS already shell-quoted) from the source tree's root.
CommandResult run_creditsim(const std::string& args);

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

/// The whole content of a file ("" if missing).
std::string read_file(const std::filesystem::path& path);

}  // namespace creditsim::testing
