#pragma once
// Issue 14 for the commands that run for a while (compare, sweep, forecast): a second run
// into the folder a first one is still writing fails at once, and the first is unharmed.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {

/// Runs `creditsim ARGUMENTS` in the background (from the source tree, stderr to a file under
/// dir), waits until it holds the lock of out, then runs the same command again. Expects the
/// second to exit 2 at once (well before its own simulation would end: the arguments should take
/// seconds), naming out and the first's pid, while the first is still running; then the first to
/// exit 0. Returns the first's stderr.
inline std::string expect_second_run_refused(const std::vector<std::string>& first, const std::filesystem::path& dir,
                                             const std::filesystem::path& out) {
    const std::filesystem::path first_err = dir / "first.err";
    const pid_t child = ::fork();
    if (child == 0) {
        if (::chdir(CREDITSIM_SOURCE_DIR) != 0) ::_exit(126);
        const int null_fd = ::open("/dev/null", O_RDWR);
        const int err_fd = ::open(first_err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        ::dup2(null_fd, 0);
        ::dup2(null_fd, 1);
        ::dup2(err_fd, 2);
        std::vector<std::string> arguments{CREDITSIM_BINARY};
        arguments.insert(arguments.end(), first.begin(), first.end());
        std::vector<char*> argv;
        for (auto& argument : arguments) argv.push_back(argument.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    const std::filesystem::path lock = out.string() + ".lock";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!std::filesystem::exists(lock) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_TRUE(std::filesystem::exists(lock)) << "the first run never took the lock: " << read_file(first_err);

    std::string second_args;
    for (const std::string& argument : first) second_args += " '" + argument + "'";
    const auto started = std::chrono::steady_clock::now();
    const CommandResult second = run_creditsim(second_args);
    const double second_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    int status = 0;
    const bool first_still_running = ::waitpid(child, &status, WNOHANG) == 0;
    EXPECT_TRUE(first_still_running) << "the first run ended before the second was refused: lengthen it";
    EXPECT_EQ(second.exit_code, 2) << second.err;
    EXPECT_NE(second.err.find("creditsim: another creditsim run is writing " + out.string() + " (pid " +
                              std::to_string(child) + "); wait for it to finish or choose another --out"),
              std::string::npos)
        << second.err;
    EXPECT_LT(second_seconds, 1.5) << "refused at once, before any simulation";
    EXPECT_EQ(second.out, "") << "nothing printed on stdout";

    if (first_still_running) ::waitpid(child, &status, 0);
    const std::string err = read_file(first_err);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << err;
    EXPECT_FALSE(std::filesystem::exists(lock)) << "the first run released its lock";
    return err;
}

}  // namespace creditsim::testing
