// detail::ExportTable: an export CSV with whatever columns it has, matched by
// name ignoring case (Azure writes `Date` in EA exports and `date` in MCA ones).
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sim/import/cost_export.hpp"

namespace creditsim::detail {
namespace {

constexpr int64_t kMaxProblemsPerFile = 50;
constexpr size_t kChunk = size_t(1) << 20;           ///< read 1 MiB at a time
constexpr size_t kMaxRecord = size_t(16) << 20;      ///< a longer record is an unclosed quote, in practice

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

// RFC 4180 records: a quoted field may hold commas, "" (one quote) and line
// breaks (Azure's Tags and AdditionalInfo JSON do), so a record is not a line.
// A record is parsed from the buffer in one pass; when the buffer ends inside
// it, more is read and the record is parsed again from its start (only at
// buffer boundaries, so the cost is nil).
struct ExportTable::Reader {
    enum class Status { record, end, more, unclosed_quote, too_long };

    explicit Reader(std::FILE* opened) : file(opened) {}
    ~Reader() { std::fclose(file); }

    /// Reads the next record into fields (views into record_, valid until the next call).
    Status next(std::vector<std::string_view>& fields) {
        for (;;) {
            const Status status = parse(fields);
            if (status != Status::more) return status;
            if (buffer.size() - position > kMaxRecord) return Status::too_long;
            fill();
        }
    }

    /// Reads another chunk after the unread bytes; sets is_at_end at the end of the file.
    void fill() {
        buffer.erase(0, position);
        position = 0;
        const size_t old_size = buffer.size();
        buffer.resize(old_size + kChunk);
        const size_t got = std::fread(buffer.data() + old_size, 1, kChunk, file);
        buffer.resize(old_size + got);
        if (got < kChunk) {
            is_at_end = true;
            has_read_error = std::ferror(file) != 0;
        }
        if (is_first_chunk) {
            is_first_chunk = false;
            if (buffer.compare(0, 3, "\xEF\xBB\xBF") == 0) position = 3;  // a UTF-8 BOM
        }
    }

    Status parse(std::vector<std::string_view>& fields) {
        const char* data = buffer.data();
        const size_t size = buffer.size();
        size_t p = position;
        int lines = 0;
        record.clear();
        spans.clear();
        bad_quote_field = -1;
        open_quote_field = -1;
        if (p == size) return is_at_end ? Status::end : Status::more;
        for (;;) {
            while (p < size && is_blank(data[p])) ++p;
            const size_t start = record.size();
            if (p < size && data[p] == '"') {
                open_quote_field = int(spans.size());
                for (++p;;) {
                    const void* found = std::memchr(data + p, '"', size - p);
                    if (!found) return is_at_end ? Status::unclosed_quote : Status::more;
                    const size_t quote = size_t(static_cast<const char*>(found) - data);
                    for (size_t k = p; k < quote; ++k) lines += data[k] == '\n';
                    record.append(data + p, quote - p);
                    p = quote + 1;
                    if (p == size && !is_at_end) return Status::more;  // "" or the closing quote: not known yet
                    if (p < size && data[p] == '"') {
                        record.push_back('"');
                        ++p;
                        continue;
                    }
                    break;
                }
                open_quote_field = -1;
                while (p < size && (is_blank(data[p]) || data[p] == '\r')) ++p;
                // Text after the closing quote breaks RFC 4180: kept as text, and the record reported.
                if (p < size && data[p] != ',' && data[p] != '\n' && bad_quote_field < 0)
                    bad_quote_field = int(spans.size());
            }
            size_t q = p;
            while (q < size && data[q] != ',' && data[q] != '\n') ++q;
            if (q == size && !is_at_end) return Status::more;
            size_t text_end = q;
            if (q < size && data[q] == '\n' && text_end > p && data[text_end - 1] == '\r') --text_end;
            record.append(data + p, text_end - p);
            spans.emplace_back(start, record.size() - start);
            p = q;
            if (p < size && data[p] == ',') {
                ++p;
                continue;
            }
            if (p < size) {  // '\n'
                ++p;
                ++lines;
            }
            break;
        }
        fields.clear();
        for (const auto& [offset, length] : spans) fields.push_back(trim_field(std::string_view(record).substr(offset, length)));
        position = p;
        start_line = line;
        line += lines;
        return Status::record;
    }

    std::FILE* file;
    std::string buffer;
    size_t position = 0;     ///< first unread byte of buffer
    bool is_at_end = false;  ///< the file has no more bytes than buffer
    bool is_first_chunk = true;
    bool has_read_error = false;
    int line = 1;            ///< the physical line of position
    int start_line = 1;      ///< the physical line where the last record starts
    int bad_quote_field = -1;   ///< a field with text after its closing quote, or -1
    int open_quote_field = -1;  ///< the field whose quote the file ended in, or -1
    std::string record;      ///< the unquoted fields back to back
    std::vector<std::pair<size_t, size_t>> spans;  ///< (offset, length) of each field in record
};

ExportTable::ExportTable(std::string path, ProblemList& problems) : path_(std::move(path)), problems_(problems) {
    errno = 0;
    std::FILE* file = std::fopen(path_.c_str(), "rb");
    if (!file) {
        const int error = errno;
        report(-1, std::string("cannot open the file: ") + (error ? std::strerror(error) : "unknown error"));
        return;
    }
    reader_ = std::make_unique<Reader>(file);
    std::vector<std::string_view> names;
    while (read_record(names)) {
        if (names.size() == 1 && names[0].empty()) continue;  // a blank line
        for (std::string_view name : names) header_.emplace_back(name);
        return;
    }
    if (reader_) report(-1, "the file is empty; expected a header row");
    reader_.reset();
}

bool ExportTable::read_record(std::vector<std::string_view>& fields) {
    if (!reader_) return false;
    const Reader::Status status = reader_->next(fields);
    line_ = reader_->start_line;
    if (status == Reader::Status::record) return true;
    if (status == Reader::Status::unclosed_quote) {
        line_ = reader_->line;
        report(reader_->open_quote_field < int(header_.size()) ? reader_->open_quote_field : -1,
               "expected a closing '\"' for the quoted field that starts on this line; the file ended first");
    } else if (status == Reader::Status::too_long) {
        line_ = reader_->line;
        report(-1, "expected a record shorter than 16 MiB; got a longer one (is a closing '\"' missing?); the rest of "
                   "the file is not read");
    }
    if (reader_->has_read_error) report(-1, "cannot read the file to its end: " + std::string(std::strerror(EIO)));
    reader_.reset();
    return false;
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
    while (read_record(fields_)) {
        if (fields_.size() == 1 && fields_[0].empty()) continue;  // a blank line
        if (reader_->bad_quote_field >= 0) {
            report(reader_->bad_quote_field < int(header_.size()) ? reader_->bad_quote_field : -1,
                   "expected ',' or the end of the record after the closing '\"' of a quoted field (a quote inside a "
                   "quoted field is written \"\")");
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
