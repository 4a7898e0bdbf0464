// detail::ExportTable: an export CSV with whatever columns it has, matched by
// name ignoring case (Azure writes `Date` in EA exports and `date` in MCA ones).
#include "sim/import/cost_export.hpp"

#include <algorithm>

namespace creditsim::detail {
namespace {

constexpr int64_t kMaxProblemsPerFile = 50;

}  // namespace

ExportTable::ExportTable(std::string path, ProblemList& problems)
    : records_(std::move(path), problems, csv::ReadOptions{.trim_fields = true, .max_problems = kMaxProblemsPerFile}) {
    if (records_.is_empty()) records_.report(0, "", "the file is empty; expected a header row");
}

int ExportTable::find_column(std::initializer_list<std::string_view> names) {
    const std::vector<std::string>& header = records_.header();
    for (std::string_view name : names) {
        int found = -1;
        for (size_t i = 0; i < header.size(); ++i) {
            if (!equals_ignoring_case(header[i], name)) continue;
            if (found < 0) {
                found = int(i);
                continue;
            }
            // Cost and COST: which one is meant cannot be told.
            const std::string lower = lower_case(name);
            if (std::find(reported_twice_.begin(), reported_twice_.end(), lower) == reported_twice_.end()) {
                reported_twice_.push_back(lower);
                records_.report(records_.header_line(), "column '" + header[i] + "'",
                                "the header names this column twice (" + header[size_t(found)] + " and " + header[i] +
                                    ": names match ignoring case); found " + header_names());
            }
            return -2;
        }
        if (found >= 0) return found;
    }
    return -1;
}

std::string ExportTable::header_names() const {
    std::string text;
    for (const auto& name : records_.header()) text += (text.empty() ? "" : ", ") + name;
    return text;
}

std::string_view ExportTable::field(int column) const {
    if (column < 0) return {};
    const std::string_view text = records_.field(size_t(column));
    return text == "NULL" ? std::string_view() : text;
}

}  // namespace creditsim::detail
