// detail::ExportTable: an export CSV with whatever columns it has, matched by
// name ignoring case (Azure writes `Date` in EA exports and `date` in MCA ones).
#include <cerrno>
#include <cstring>

#include <libfccp/csv.h>

#include "sim/cost_export.hpp"

namespace creditsim::detail {
namespace {

constexpr int64_t kMaxProblemsPerFile = 50;

using Quote = io::double_quote_escape<',', '"'>;
using Trim = io::trim_chars<' ', '\t'>;

// Splits one CSV line in place (RFC 4180 quotes), handing each trimmed,
// unquoted field to add; the views point into the line.
template <typename Add>
void split_line(char* text, Add add) {
    char* rest = text;
    while (rest) {
        char *begin, *end;
        io::detail::chop_next_column<Quote>(rest, begin, end);
        Trim::trim(begin, end);
        Quote::unescape(begin, end);
        add(trim_field(std::string_view(begin, size_t(end - begin))));
    }
}

}  // namespace

struct ExportTable::Reader {
    explicit Reader(const std::string& path, std::FILE* file) : lines(path, file) {}
    io::LineReader lines;
};

ExportTable::ExportTable(std::string path, ProblemList& problems) : path_(std::move(path)), problems_(problems) {
    errno = 0;
    std::FILE* file = std::fopen(path_.c_str(), "rb");
    if (!file) {
        const int error = errno;
        report(-1, std::string("cannot open the file: ") + (error ? std::strerror(error) : "unknown error"));
        return;
    }
    reader_ = std::make_unique<Reader>(path_, file);
    try {
        while (char* text = reader_->lines.next_line()) {
            line_ = int(reader_->lines.get_file_line());
            if (trim_field(text).empty()) continue;
            split_line(text, [&](std::string_view field) { header_.emplace_back(field); });
            return;
        }
        report(-1, "the file is empty; expected a header row");
    } catch (const io::error::escaped_string_not_closed&) {
        header_.clear();
        report(-1, "expected a closing '\"' for a quoted column name in the header");
    } catch (const io::error::base& error) {
        header_.clear();
        report(-1, std::string("cannot read the header: ") + error.what());
    }
    reader_.reset();
}

ExportTable::~ExportTable() = default;

int ExportTable::find_column(std::initializer_list<std::string_view> names) const {
    for (std::string_view name : names)
        for (size_t i = 0; i < header_.size(); ++i)
            if (equals_ignoring_case(header_[i], name)) return int(i);
    return -1;
}

std::string ExportTable::header_names() const {
    std::string text;
    for (const auto& name : header_) text += (text.empty() ? "" : ", ") + name;
    return text;
}

bool ExportTable::next_row() {
    while (reader_) {
        char* text = nullptr;
        try {
            text = reader_->lines.next_line();
        } catch (const io::error::base&) {
            ++line_;
            report(-1, "expected lines shorter than 16 MiB; got a longer one (the rest of the file is not read)");
            break;
        }
        if (!text) break;
        line_ = int(reader_->lines.get_file_line());
        if (trim_field(text).empty()) continue;
        fields_.clear();
        try {
            split_line(text, [&](std::string_view field) { fields_.push_back(field); });
        } catch (const io::error::escaped_string_not_closed&) {
            report(-1, "expected a closing '\"' for a quoted field on this line (a field cannot span lines)");
            continue;
        }
        if (fields_.size() != header_.size()) {
            report(-1, "expected " + std::to_string(header_.size()) + " fields as in the header; got " +
                           std::to_string(fields_.size()) +
                           (fields_.size() > header_.size() ? " (quote a field that contains a comma)" : ""));
            continue;
        }
        return true;
    }
    reader_.reset();
    return false;
}

std::string_view ExportTable::field(int column) const {
    if (column < 0 || size_t(column) >= fields_.size()) return {};
    const std::string_view text = fields_[size_t(column)];
    return text == "NULL" ? std::string_view() : text;
}

void ExportTable::report(int column, std::string message) {
    if (++reported_ > kMaxProblemsPerFile) return;
    std::string where;
    if (column >= 0) where = "column '" + header_[size_t(column)] + "'";
    problems_.add(path_, line_, where, std::move(message));
}

void ExportTable::finish() {
    if (reported_ > kMaxProblemsPerFile)
        problems_.add(path_, 0, "",
                      "... and " + std::to_string(reported_ - kMaxProblemsPerFile) + " more problems in this file");
}

}  // namespace creditsim::detail
