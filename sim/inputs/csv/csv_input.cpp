#include "sim/inputs/csv/csv_input.hpp"

#include "model/hash.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace creditsim::detail {

FileHasher::~FileHasher() {
    if (file_) std::fclose(file_);
}

size_t FileHasher::read(char* buffer, size_t size) {
    const size_t count = std::fread(buffer, 1, size, file_);
    hash_ = fnv1a64(hash_, std::string_view(buffer, count));
    return count;
}

std::string FileHasher::finish() {
    std::vector<char> buffer(1 << 16);
    while (read(buffer.data(), buffer.size()) > 0) {
    }
    return to_hex16(hash_);
}

CsvSource::CsvSource(std::string path, ProblemList& problems) : path_(std::move(path)), problems_(problems) {
    if (path_.empty()) {
        report(0, nullptr, "no file is named for this input");
        return;
    }
    errno = 0;
    std::FILE* file = std::fopen(path_.c_str(), "rb");
    if (!file) {
        const int error = errno;
        report(0, nullptr, std::string("cannot open the file: ") + (error ? std::strerror(error) : "unknown error"));
        return;
    }
    // fast-cpp-csv-parser reads in large blocks itself.
    std::setvbuf(file, nullptr, _IONBF, 0);
    hasher_ = std::make_unique<FileHasher>(file);
}

CsvSource::~CsvSource() = default;

std::string CsvSource::finish_hash() { return hasher_ ? hasher_->finish() : std::string(); }

void CsvSource::append_hash(std::vector<std::pair<std::string, std::string>>& hashes) {
    if (is_open()) hashes.emplace_back(path_, finish_hash());
}

void CsvSource::report(int line, const char* column, std::string message) {
    std::string where;
    if (column) where = std::string("column '") + column + "'";
    problems_.add(path_, line, where, std::move(message));
}

std::string CsvSource::header_as_found() const {
    std::ifstream in(path_, std::ios::binary);
    std::string line;
    bool is_first = true;
    while (std::getline(in, line)) {
        if (is_first && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
        is_first = false;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string_view trimmed = trim_field(line);
        if (!trimmed.empty()) return std::string(trimmed);
    }
    return std::string();
}

size_t CsvSource::header_field_count() const {
    if (header_field_count_) return *header_field_count_;
    std::string header = header_as_found();
    size_t count = 0;
    char* rest = header.data();
    try {
        while (rest) {
            char *begin, *end;
            io::detail::chop_next_column<io::double_quote_escape<',', '"'>>(rest, begin, end);
            ++count;
        }
    } catch (const io::error::base&) {
        // An unclosed quote in the header: count what was found so far.
    }
    header_field_count_ = count;
    return count;
}

std::string CsvSource::expected_header(const char* const* names, size_t count, uint32_t optional_columns) {
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

std::string CsvSource::row_error_message(const std::exception& error) const {
    if (dynamic_cast<const io::error::too_few_columns*>(&error))
        return "expected " + std::to_string(header_field_count()) + " fields as in the header; got fewer";
    if (dynamic_cast<const io::error::too_many_columns*>(&error))
        return "expected " + std::to_string(header_field_count()) +
               " fields as in the header; got more (quote a field that contains a comma)";
    if (dynamic_cast<const io::error::escaped_string_not_closed*>(&error))
        return "expected a closing '\"' for a quoted field on this line (a field cannot span lines)";
    if (dynamic_cast<const io::error::line_length_limit_exceeded*>(&error))
        return "expected lines shorter than 16 MiB; got a longer one (the rest of the file is not read)";
    return std::string("cannot read this line: ") + error.what();
}

}  // namespace creditsim::detail
