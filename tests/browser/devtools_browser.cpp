#include "tests/browser/devtools_browser.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/property_tree/json_parser.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace creditsim::testing {
namespace {

constexpr auto kCallTimeout = std::chrono::seconds(30);

/// A JSON string literal for a text we put in a command (a URL, an expression).
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
            out += buffer;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string decode_base64(const std::string& text) {
    std::string out;
    int bits = 0, value = 0;
    for (const char c : text) {
        int digit;
        if (c >= 'A' && c <= 'Z') digit = c - 'A';
        else if (c >= 'a' && c <= 'z') digit = c - 'a' + 26;
        else if (c >= '0' && c <= '9') digit = c - '0' + 52;
        else if (c == '+') digit = 62;
        else if (c == '/') digit = 63;
        else continue;  // '=' padding, line breaks
        value = (value << 6) | digit;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((value >> bits) & 0xFF);
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> find_chromium() {
    if (const char* chosen = std::getenv("CREDITSIM_CHROMIUM"); chosen && *chosen) return std::string(chosen);
    for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"})
        if (::access(path, X_OK) == 0) return std::string(path);
    return std::nullopt;
}

DevtoolsBrowser::DevtoolsBrowser(const std::string& executable, const std::filesystem::path& log_file) {
    char profile_template[] = "/tmp/creditsim-chromium-XXXXXX";
    if (!::mkdtemp(profile_template)) throw std::runtime_error("cannot create a browser profile folder");
    profile_ = profile_template;
    int commands[2], answers[2];
    if (::pipe2(commands, O_CLOEXEC) != 0 || ::pipe2(answers, O_CLOEXEC) != 0)
        throw std::runtime_error("cannot create the DevTools pipes");
    const std::vector<std::string> args = {
        executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe",
        "--user-data-dir=" + profile_.string(), "about:blank"};
    // A browser that dies makes a write fail with EPIPE (reported) instead of killing the test.
    ::signal(SIGPIPE, SIG_IGN);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("cannot fork the browser");
    if (pid_ == 0) {
        // The protocol's fixed descriptors: the browser reads fd 3 and writes fd 4. The
        // pipes are first moved above them, since they may be fds 3 and 4 already
        // (and dup2 onto itself would keep close-on-exec).
        const int read_end = ::fcntl(commands[0], F_DUPFD, 10), write_end = ::fcntl(answers[1], F_DUPFD, 10);
        ::dup2(read_end, 3);
        ::dup2(write_end, 4);
        const int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (log >= 0) {
            ::dup2(log, 1);
            ::dup2(log, 2);
        }
        std::vector<char*> argv;
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(executable.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(commands[0]);
    ::close(answers[1]);
    to_browser_ = commands[1];
    from_browser_ = answers[0];
}

DevtoolsBrowser::~DevtoolsBrowser() {
    if (pid_ > 0) {
        const std::string close = "{\"id\":" + std::to_string(next_id_++) + ",\"method\":\"Browser.close\"}";
        (void)!::write(to_browser_, close.c_str(), close.size() + 1);  // with its NUL
        int status = 0;
        bool exited = false;
        for (int i = 0; i < 50 && !exited; ++i) {
            exited = ::waitpid(pid_, &status, WNOHANG) == pid_;
            if (!exited) ::usleep(100 * 1000);
        }
        if (!exited) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
        }
    }
    if (to_browser_ >= 0) ::close(to_browser_);
    if (from_browser_ >= 0) ::close(from_browser_);
    std::error_code ignored;
    if (!profile_.empty()) std::filesystem::remove_all(profile_, ignored);
}

bool DevtoolsBrowser::read_message(Tree& message, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        const size_t end = pending_.find('\0');
        if (end != std::string::npos) {
            std::istringstream text(pending_.substr(0, end));
            pending_.erase(0, end + 1);
            message.clear();
            boost::property_tree::read_json(text, message);
            return true;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd ready{from_browser_, POLLIN, 0};
        if (::poll(&ready, 1, int(left.count())) <= 0) continue;
        char buffer[1 << 16];
        const ssize_t got = ::read(from_browser_, buffer, sizeof buffer);
        if (got <= 0) return false;
        pending_.append(buffer, size_t(got));
    }
}

void DevtoolsBrowser::record_event(const Tree& message) {
    const std::string method = message.get<std::string>("method", "");
    const std::string session = message.get<std::string>("sessionId", "");
    events_.emplace_back(session, method);
    const Tree empty;
    const Tree& params = message.get_child("params", empty);
    if (method == "Runtime.consoleAPICalled") {
        const std::string type = params.get<std::string>("type", "");
        if (type != "error" && type != "assert") return;
        std::string text = "console." + type + ":";
        for (const auto& arg : params.get_child("args", empty))
            text += " " + arg.second.get<std::string>("value", arg.second.get<std::string>("description", ""));
        errors_.emplace_back(session, text);
    } else if (method == "Runtime.exceptionThrown") {
        const Tree& details = params.get_child("exceptionDetails", empty);
        errors_.emplace_back(session, "uncaught: " + details.get<std::string>("exception.description",
                                                                               details.get<std::string>("text", "")) +
                                          " (line " + details.get<std::string>("lineNumber", "?") + ")");
    } else if (method == "Log.entryAdded" && params.get<std::string>("entry.level", "") == "error") {
        errors_.emplace_back(session, "log: " + params.get<std::string>("entry.text", ""));
    }
}

bool DevtoolsBrowser::has_event(const std::string& method, const std::string& session) const {
    for (const auto& [s, m] : events_)
        if (s == session && m == method) return true;
    return false;
}

DevtoolsBrowser::Tree DevtoolsBrowser::call(const std::string& method, const std::string& params_json,
                                            const std::string& session) {
    const int id = next_id_++;
    std::string command = "{\"id\":" + std::to_string(id) + ",\"method\":" + quoted(method) +
                          ",\"params\":" + (params_json.empty() ? "{}" : params_json);
    if (!session.empty()) command += ",\"sessionId\":" + quoted(session);
    command += "}";
    command.push_back('\0');
    for (size_t sent = 0; sent < command.size();) {
        const ssize_t n = ::write(to_browser_, command.data() + sent, command.size() - sent);
        if (n <= 0) throw std::runtime_error("the browser closed its DevTools pipe during " + method);
        sent += size_t(n);
    }
    const auto deadline = std::chrono::steady_clock::now() + kCallTimeout;
    Tree message;
    while (read_message(message, deadline)) {
        if (message.get<int>("id", -1) != id) {
            record_event(message);
            continue;
        }
        if (message.count("error"))
            throw std::runtime_error(method + " failed: " + message.get<std::string>("error.message", "?"));
        return message.get_child("result", Tree());
    }
    throw std::runtime_error("no answer from the browser to " + method);
}

std::string DevtoolsBrowser::open(const std::string& url, int width, int height) {
    const std::string target = call("Target.createTarget", "{\"url\":\"about:blank\"}").get<std::string>("targetId");
    const std::string session =
        call("Target.attachToTarget", "{\"targetId\":" + quoted(target) + ",\"flatten\":true}").get<std::string>("sessionId");
    call("Runtime.enable", "", session);
    call("Log.enable", "", session);
    call("Page.enable", "", session);
    call("Emulation.setDeviceMetricsOverride",
         "{\"width\":" + std::to_string(width) + ",\"height\":" + std::to_string(height) +
             ",\"deviceScaleFactor\":1,\"mobile\":false}",
         session);
    call("Page.navigate", "{\"url\":" + quoted(url) + "}", session);
    const auto deadline = std::chrono::steady_clock::now() + kCallTimeout;
    Tree message;
    while (!has_event("Page.loadEventFired", session)) {
        if (!read_message(message, deadline)) throw std::runtime_error("the page did not load: " + url);
        record_event(message);
    }
    return session;
}

std::string DevtoolsBrowser::evaluate(const std::string& session, const std::string& expression) {
    const Tree result =
        call("Runtime.evaluate", "{\"expression\":" + quoted(expression) + ",\"returnByValue\":true}", session);
    if (result.count("exceptionDetails"))
        throw std::runtime_error("the expression threw: " +
                                 result.get<std::string>("exceptionDetails.exception.description", "?"));
    return result.get<std::string>("result.value", "");
}

void DevtoolsBrowser::screenshot(const std::string& session, const std::filesystem::path& path) {
    const Tree metrics = call("Page.getLayoutMetrics", "", session);
    const std::string width = metrics.get<std::string>("cssContentSize.width", "1280");
    const std::string height = metrics.get<std::string>("cssContentSize.height", "900");
    const Tree shot = call("Page.captureScreenshot",
                           "{\"format\":\"png\",\"captureBeyondViewport\":true,\"clip\":{\"x\":0,\"y\":0,\"width\":" +
                               width + ",\"height\":" + height + ",\"scale\":1}}",
                           session);
    std::ofstream out(path, std::ios::binary);
    out << decode_base64(shot.get<std::string>("data"));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::vector<std::string> DevtoolsBrowser::console_errors(const std::string& session) const {
    std::vector<std::string> texts;
    for (const auto& [s, text] : errors_)
        if (s == session) texts.push_back(text);
    return texts;
}

}  // namespace creditsim::testing
