#include "reports/html/report_folder.hpp"

#include <filesystem>
#include <system_error>

#include "model/errors.hpp"

namespace creditsim::html {

const char* to_string(ReportKind kind) {
    switch (kind) {
        case ReportKind::run: return "run";
        case ReportKind::compare: return "compare";
        case ReportKind::sweep: return "sweep";
        case ReportKind::sensitivity: return "sensitivity";
        case ReportKind::forecast: return "forecast";
        case ReportKind::backtest: return "backtest";
    }
    return "run";
}

std::optional<ReportKind> detect_kind(const FolderFiles& files) {
    // Each command's own file; summary.csv last: no other command writes it today,
    // but a folder holding a forecast is a forecast whatever else lies there.
    const std::pair<const char*, ReportKind> main_files[] = {
        {"backtest.csv", ReportKind::backtest}, {"forecast.csv", ReportKind::forecast},
        {"compare.csv", ReportKind::compare},   {"sweep.csv", ReportKind::sweep},
        {"sensitivity.csv", ReportKind::sensitivity}, {"summary.csv", ReportKind::run},
    };
    for (const auto& [name, kind] : main_files)
        if (files.count(name)) return kind;
    return std::nullopt;
}

FolderFiles files_in_folder(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::is_directory(dir, error)) throw Error("cannot render a report from '" + dir + "': not a folder");
    FolderFiles files;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.size() > 4 && name.front() != '.' && name.ends_with(".csv"))
            files[name] = entry.path().string();
    }
    if (error) throw Error("cannot list '" + dir + "': " + error.message());
    return files;
}

}  // namespace creditsim::html
