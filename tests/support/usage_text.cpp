#include "tests/support/usage_text.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace creditsim::testing {

std::string usage_text(const std::vector<UsageAmount>& usage) {
    static std::atomic<int> next{0};
    const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                       ("creditsim-usage-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(next++) + ".csv");
    {
        CsvWriter out(path.string());
        write_usage_csv(out, usage);
        out.close();
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::filesystem::remove(path);
    return text.str();
}

}  // namespace creditsim::testing
