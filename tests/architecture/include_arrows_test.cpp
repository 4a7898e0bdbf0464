// The house's arrows (docs/ARCHITECTURE.md): every file's quoted includes
// point only into its own folder or the folders it may depend on. The build
// lets any target see the whole tree, so without this test a wrong include
// would still compile.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Room {
    std::string folder;                 ///< path prefix, without the trailing slash
    std::vector<std::string> may_use;   ///< folders (prefixes) its files may include from
};

// Longest prefix first, so that sim/inputs/csv is found before sim/inputs.
const std::vector<Room>& rooms() {
    static const std::vector<Room> kRooms = {
        {"model", {"model"}},
        {"sim/support", {"model", "sim/support"}},
        {"sim/engine", {"model", "sim/support", "sim/engine"}},
        {"sim/inputs", {"model", "sim/support", "sim/inputs"}},
        {"sim/generate", {"model", "sim/support", "sim/engine", "sim/inputs", "sim/generate"}},
        {"sim/forecast", {"model", "sim/support", "sim/engine", "sim/forecast"}},
        {"sim/import", {"model", "sim/inputs/csv", "reports", "sim/import"}},
        {"reports", {"model", "reports"}},
        {"app", {"model", "sim", "reports", "app"}},
    };
    return kRooms;
}

bool has_prefix(const std::string& path, const std::string& folder) {
    return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 && path[folder.size()] == '/';
}

const Room* room_of(const std::string& path) {
    const Room* best = nullptr;
    for (const Room& room : rooms())
        if (has_prefix(path, room.folder) && (!best || room.folder.size() > best->folder.size())) best = &room;
    return best;
}

/// Empty when `file` (a path from the repository root) may include `header`; else why not.
std::string arrow_problem(const std::string& file, const std::string& header) {
    const Room* room = room_of(file);
    if (!room) return "";
    if (!room_of(header) && header.find('/') == std::string::npos) return "";  // a file beside it
    for (const std::string& folder : room->may_use)
        if (has_prefix(header, folder)) return "";
    return file + " includes " + header + ": " + room->folder + " may not depend on it";
}

TEST(IncludeArrows, TheCheckRefusesAWrongArrow) {
    EXPECT_EQ(arrow_problem("sim/engine/engine.cpp", "model/money.hpp"), "");
    EXPECT_EQ(arrow_problem("sim/inputs/replay/read_usage.cpp", "sim/inputs/csv/csv_input.hpp"), "");
    EXPECT_EQ(arrow_problem("sim/import/cost_export.cpp", "reports/csv_writer.hpp"), "");
    EXPECT_NE(arrow_problem("sim/engine/engine.cpp", "sim/generate/generated_demand.hpp"), "");
    EXPECT_NE(arrow_problem("model/money.cpp", "sim/engine/engine.hpp"), "");
    EXPECT_NE(arrow_problem("reports/ledger_report.cpp", "sim/inputs/scenario.hpp"), "");
    EXPECT_NE(arrow_problem("sim/import/cost_export.cpp", "sim/inputs/scenario.hpp"), "");
    EXPECT_NE(arrow_problem("sim/inputs/scenario.cpp", "sim/generate/behavior_model.hpp"), "");
    EXPECT_NE(arrow_problem("sim/forecast/forecast_run.cpp", "sim/generate/generated_run.hpp"), "");
    EXPECT_NE(arrow_problem("sim/engine/engine.cpp", "app/jobs.hpp"), "");
}

TEST(IncludeArrows, EverySourceFileKeepsToItsArrows) {
    const fs::path root = CREDITSIM_SOURCE_DIR;
    const std::regex include_line(R"(^\s*#\s*include\s*"([^"]+)\")");
    int files = 0;
    std::vector<std::string> problems;
    for (const char* top : {"model", "sim", "reports", "app"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
            const std::string ext = entry.path().extension().string();
            if (!entry.is_regular_file() || (ext != ".hpp" && ext != ".cpp")) continue;
            ++files;
            const std::string file = fs::relative(entry.path(), root).generic_string();
            std::ifstream in(entry.path());
            std::string line;
            std::smatch match;
            while (std::getline(in, line))
                if (std::regex_search(line, match, include_line))
                    if (std::string problem = arrow_problem(file, match[1]); !problem.empty()) problems.push_back(problem);
        }
    }
    EXPECT_GT(files, 100);
    for (const std::string& problem : problems) ADD_FAILURE() << problem;
}

TEST(IncludeArrows, NoFileIsOutsideARoom) {
    const fs::path root = CREDITSIM_SOURCE_DIR;
    for (const auto& entry : fs::directory_iterator(root / "sim"))
        EXPECT_TRUE(entry.is_directory()) << entry.path() << ": sim/ holds rooms only (docs/ARCHITECTURE.md)";
}

}  // namespace
