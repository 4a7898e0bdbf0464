#include "sim/inputs/csv/csv_input.hpp"

namespace creditsim::detail {
namespace {

/// "a,b,c[,d]": the expected columns, optional ones in brackets.
std::string expected_header(const char* const* names, size_t count, uint32_t optional_columns) {
    std::string text;
    for (size_t i = 0; i < count; ++i) {
        const bool is_optional = optional_columns >> i & 1u;
        if (is_optional) text += "[";
        if (i > 0) text += ",";
        text += names[i];
        if (is_optional) text += "]";
    }
    return text;
}

}  // namespace

CsvSource::CsvSource(std::string path, ProblemList& problems)
    : records_(std::move(path), problems, csv::ReadOptions{.trim_fields = true, .hash_bytes = true}) {}

void CsvSource::append_hash(std::vector<std::pair<std::string, std::string>>& hashes) {
    if (is_open()) hashes.emplace_back(path(), finish_hash());
}

void CsvSource::report(int line, const char* column, std::string message) {
    records_.report(line, column ? std::string("column '") + column + "'" : std::string(), std::move(message));
}

bool CsvSource::find_columns(const char* const* names, size_t count, uint32_t optional_columns, size_t* column_index,
                             bool* present) {
    if (records_.is_empty())
        report(0, nullptr, "the file is empty; expected a header row " + expected_header(names, count, optional_columns));
    if (!records_.has_header()) return false;
    const std::vector<std::string>& header = records_.header();
    const int line = records_.header_line();
    bool is_complete = true;
    for (size_t i = 0; i < count; ++i) {
        present[i] = false;
        for (size_t k = 0; k < header.size(); ++k) {
            if (header[k] != names[i]) continue;
            if (present[i]) {
                report(line, names[i], "the header names this column twice; found " + in_quotes(records_.header_text()));
                return false;
            }
            present[i] = true;
            column_index[i] = k;
        }
    }
    for (size_t i = 0; i < count; ++i) {
        if (present[i] || (optional_columns >> i & 1u)) continue;
        report(line, names[i],
               "missing from the header: expected columns " + expected_header(names, count, optional_columns) +
                   "; found " + in_quotes(records_.header_text()));
        is_complete = false;
    }
    return is_complete;
}

}  // namespace creditsim::detail
