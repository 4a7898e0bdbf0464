#pragma once
// Headless Chromium driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: commands on fd 3, answers and events on fd 4, each
// message JSON ended by a NUL byte). Dependency-free on purpose: no node
// package to install, no port to find; the test reads the page's DOM, its
// console and its canvases, and takes screenshots.

#include <sys/types.h>

#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace creditsim::testing {

/// The Chromium to drive: $CREDITSIM_CHROMIUM, else chromium or chromium-browser on the
/// usual paths; none when there is none.
std::optional<std::string> find_chromium();

class DevtoolsBrowser {
public:
    /// Starts `executable` headless with a fresh profile; its own log goes to log_file.
    /// Throws std::runtime_error when it cannot start.
    DevtoolsBrowser(const std::string& executable, const std::filesystem::path& log_file);
    /// Closes the browser (Browser.close, then SIGKILL after a grace period) and removes the profile.
    ~DevtoolsBrowser();
    DevtoolsBrowser(const DevtoolsBrowser&) = delete;
    DevtoolsBrowser& operator=(const DevtoolsBrowser&) = delete;

    /// Opens url in a new tab of width x height CSS pixels and waits for its load event;
    /// returns the tab's session. Throws std::runtime_error on a timeout.
    std::string open(const std::string& url, int width, int height);

    /// The value of a JavaScript expression evaluated in the session's page, as a string
    /// (the expression should return one). Throws when it throws.
    std::string evaluate(const std::string& session, const std::string& expression);

    /// Writes a PNG of the whole page (beyond the viewport) to path.
    void screenshot(const std::string& session, const std::filesystem::path& path);

    /// Console errors and uncaught exceptions reported so far by the session's page.
    std::vector<std::string> console_errors(const std::string& session) const;

private:
    using Tree = boost::property_tree::ptree;
    /// Sends method(params_json) to the browser or a session; returns its "result".
    Tree call(const std::string& method, const std::string& params_json, const std::string& session = "");
    /// Reads one message (blocking up to the deadline); false on a timeout or a closed pipe.
    bool read_message(Tree& message, std::chrono::steady_clock::time_point deadline);
    void record_event(const Tree& message);
    bool has_event(const std::string& method, const std::string& session) const;

    pid_t pid_ = -1;
    int to_browser_ = -1, from_browser_ = -1;
    int next_id_ = 1;
    std::filesystem::path profile_;
    std::string pending_;  ///< bytes read after the last complete message
    std::vector<std::pair<std::string, std::string>> events_;  ///< (session, method) seen
    std::vector<std::pair<std::string, std::string>> errors_;  ///< (session, text)
};

}  // namespace creditsim::testing
