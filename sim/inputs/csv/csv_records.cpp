#include "sim/inputs/csv/csv_records.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "sim/inputs/csv/field_checks.hpp"
#include "sim/inputs/csv/utf8_check.hpp"

namespace creditsim::csv {
namespace {

constexpr size_t kChunk = size_t(1) << 20;       ///< read 1 MiB at a time
constexpr size_t kMaxRecord = size_t(16) << 20;  ///< a longer record is an unclosed quote, in practice

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string byte_text(unsigned char byte) {
    static const char kHex[] = "0123456789ABCDEF";
    return std::string("0x") + kHex[byte >> 4] + kHex[byte & 0xF];
}

}  // namespace

/// A field of the record being parsed: buffer_[begin, end), quotes taken off.
struct CsvRecords::Span {
    size_t begin = 0, end = 0;
    bool is_quoted = false;
    bool has_doubled_quotes = false;  ///< "" inside: undone in place once the record is whole
};

CsvRecords::CsvRecords(std::string path, ProblemList& problems, ReadOptions options)
    : path_(std::move(path)), problems_(problems), options_(options) {
    if (options_.hash_bytes) hash_.emplace();
    open();
    while (read_record()) {
        if (is_blank_record()) continue;
        has_header_ = true;
        header_line_ = record_line_;
        header_.assign(fields_.begin(), fields_.end());
        if (bad_quote_field_ >= 0) report_bad_quote();
        return;
    }
}

CsvRecords::~CsvRecords() {
    if (file_) std::fclose(file_);
}

void CsvRecords::open() {
    if (path_.empty()) {
        report(0, "", "no file is named for this input");
        return;
    }
    std::error_code ignored;
    if (std::filesystem::is_directory(path_, ignored)) {
        report(0, "", "is a directory; expected a CSV file");
        return;
    }
    errno = 0;
    file_ = std::fopen(path_.c_str(), "rb");
    if (!file_) {
        const int error = errno;
        report(0, "", std::string("cannot open the file: ") + (error ? std::strerror(error) : "unknown error"));
        return;
    }
    std::setvbuf(file_, nullptr, _IONBF, 0);  // read in large blocks here
    fill();
    if (looks_like_utf16(buffered().substr(0, 4))) stop(0, -1, "the file looks like UTF-16; save it as UTF-8");
}

size_t CsvRecords::read_chunk() {
    if (buffer_capacity_ - buffer_size_ < kChunk) {
        buffer_capacity_ = std::max(2 * buffer_capacity_, buffer_size_ + kChunk);
        auto grown = std::make_unique_for_overwrite<char[]>(buffer_capacity_);
        if (buffer_size_ > 0) std::memcpy(grown.get(), buffer_.get(), buffer_size_);
        buffer_ = std::move(grown);
    }
    const size_t got = std::fread(buffer_.get() + buffer_size_, 1, kChunk, file_);
    buffer_size_ += got;
    return got;
}

void CsvRecords::fill() {
    if (position_ > 0) {  // keep only the unread bytes: at most one record
        std::memmove(buffer_.get(), buffer_.get() + position_, buffer_size_ - position_);
        buffer_size_ -= position_;
        buffer_offset_ += position_;
        checked_end_ -= position_;
        position_ = 0;
    }
    const size_t old_size = buffer_size_;
    const size_t got = read_chunk();
    if (hash_) hash_->update(buffered().substr(old_size));
    if (got < kChunk) {
        is_at_end_ = true;
        if (std::ferror(file_)) read_error_ = errno ? errno : EIO;
    }
    if (is_first_fill_) {
        is_first_fill_ = false;
        if (buffered().starts_with("\xEF\xBB\xBF")) position_ = checked_end_ = 3;  // a UTF-8 byte order mark
    }
    const Utf8Check check = check_utf8(buffered().substr(checked_end_), is_at_end_);
    checked_end_ += check.valid;
    has_bad_byte_ = check.is_bad;
}

// One record from position_, in one pass. When the checked bytes end inside it, more
// is read and the record is parsed again from its start (only at buffer boundaries).
CsvRecords::Status CsvRecords::parse_record() {
    const char* data = buffer_.get();
    const size_t end = checked_end_;
    const bool is_final = is_at_end_ && !has_bad_byte_;  // no byte beyond end will come
    size_t p = position_;
    int lines = 0;
    spans_.clear();
    bad_quote_field_ = -1;
    if (p == end) return is_final ? Status::end : Status::more;
    for (;;) {
        size_t q = p;
        if (options_.trim_fields)
            while (q < end && is_blank(data[q])) ++q;
        Span span{p, p};
        if (q < end && data[q] == '"') {
            span.is_quoted = true;
            span.begin = ++q;
            open_quote_field_ = int(spans_.size());
            open_quote_line_ = position_line_ + lines;
            for (;;) {
                const void* found = std::memchr(data + q, '"', end - q);
                if (!found) return is_final ? Status::unclosed_quote : Status::more;
                const size_t quote = size_t(static_cast<const char*>(found) - data);
                lines += int(std::count(data + q, data + quote, '\n'));
                q = quote + 1;
                if (q == end && !is_final) return Status::more;  // "" or the closing quote: not known yet
                if (q < end && data[q] == '"') {
                    span.has_doubled_quotes = true;
                    ++q;
                    continue;
                }
                span.end = quote;
                break;
            }
            open_quote_field_ = -1;
            while (q < end && (is_blank(data[q]) || data[q] == '\r')) ++q;
            // Text after the closing quote breaks RFC 4180: the record is reported.
            if (q < end && data[q] != ',' && data[q] != '\n' && bad_quote_field_ < 0) bad_quote_field_ = int(spans_.size());
        }
        while (q < end && data[q] != ',' && data[q] != '\n') ++q;
        if (q == end && !is_final) return Status::more;
        if (!span.is_quoted) {
            span.end = q;
            if (span.end > span.begin && data[span.end - 1] == '\r' && (q == end || data[q] == '\n')) --span.end;
        }
        spans_.push_back(span);
        if (q < end && data[q] == ',') {
            p = q + 1;
            continue;
        }
        has_line_end_ = q < end;
        record_text_ = std::string_view(data + position_, q - position_);
        if (has_line_end_) ++q, ++lines;
        p = q;
        break;
    }
    record_line_ = position_line_;
    record_offset_ = buffer_offset_ + position_;
    position_line_ += lines;
    position_ = p;
    return Status::record;
}

bool CsvRecords::read_record() {
    while (file_ && !has_stopped_) {
        const Status status = parse_record();
        if (status == Status::record) {
            if (!has_header_) header_text_ = detail::trim_field(record_text_.substr(0, record_text_.find_last_not_of('\r') + 1));
            finish_fields();
            return true;
        }
        if (status == Status::end) {
            if (read_error_) report(0, "", std::string("cannot read the file to its end: ") + std::strerror(read_error_));
            has_stopped_ = true;
        } else if (status == Status::unclosed_quote) {
            stop(open_quote_line_, open_quote_field_,
                 "expected a closing '\"' for the quoted field that starts on this line; the file ended first");
        } else if (has_bad_byte_) {
            stop_on_bad_byte();
        } else if (buffer_size_ - position_ > kMaxRecord) {
            stop(position_line_, -1,
                 "expected a record shorter than 16 MiB; got a longer one (is a closing '\"' missing?); the rest of "
                 "the file is not read");
        } else {
            fill();
        }
    }
    return false;
}

void CsvRecords::finish_fields() {
    fields_.clear();
    char* data = buffer_.get();
    for (const Span& span : spans_) {
        size_t end = span.end;
        if (span.has_doubled_quotes) {  // "" -> " in place: the record is whole, never parsed again
            size_t out = span.begin;
            for (size_t in = span.begin; in < span.end; ++in, ++out) {
                data[out] = data[in];
                if (data[in] == '"') ++in;  // the pair's second quote
            }
            end = out;
        }
        const std::string_view text(data + span.begin, end - span.begin);
        fields_.push_back(options_.trim_fields ? detail::trim_field(text) : text);
    }
}

bool CsvRecords::is_blank_record() const {
    return spans_.size() == 1 && !spans_[0].is_quoted && detail::trim_field(fields_[0]).empty();
}

bool CsvRecords::next() {
    while (read_record()) {
        if (is_blank_record()) continue;
        if (bad_quote_field_ >= 0) {
            report_bad_quote();
            continue;
        }
        if (fields_.size() != header_.size()) {
            report_field_count();
            continue;
        }
        return true;
    }
    return false;
}

void CsvRecords::report_bad_quote() {
    report(record_line_, column(bad_quote_field_),
           "expected ',' or the end of the record after the closing '\"' of a quoted field (a quote inside a "
           "quoted field is written \"\")");
}

void CsvRecords::report_field_count() {
    const std::string got = std::to_string(fields_.size()), expected = std::to_string(header_.size());
    if (!has_line_end_ && fields_.size() < header_.size())
        report(record_line_, "", "the last line is cut short: " + got + " of " + expected + " fields (is the file complete?)");
    else
        report(record_line_, "", "expected " + expected + " fields as in the header; got " + got +
                                     (fields_.size() > header_.size() ? " (quote a field that contains a comma)" : ""));
}

void CsvRecords::stop_on_bad_byte() {
    const auto* data = reinterpret_cast<const unsigned char*>(buffer_.get());
    const int line = position_line_ + int(std::count(buffer_.get() + position_, buffer_.get() + checked_end_, '\n'));
    const unsigned char byte = data[checked_end_];
    const std::string offset = std::to_string(buffer_offset_ + checked_end_);
    stop(line, -1, byte == 0 ? "expected UTF-8 text; got a NUL byte at byte offset " + offset +
                                   " (save the file as UTF-8); the rest of the file is not read"
                             : "expected UTF-8 text; got the byte " + byte_text(byte) + " at byte offset " + offset +
                                   ", which is not UTF-8 (save the file as UTF-8); the rest of the file is not read");
}

void CsvRecords::stop(int line, int field, std::string message) {
    report(line, column(field), std::move(message));
    has_stopped_ = true;
    has_stopped_on_problem_ = true;
}

void CsvRecords::report(int line, const std::string& where, std::string message) {
    if (options_.max_problems > 0 && ++reported_ > options_.max_problems) return;
    problems_.add(path_, line, where, std::move(message));
}

std::string CsvRecords::column(int field) const {
    if (field < 0 || size_t(field) >= header_.size()) return "";
    return "column '" + header_[size_t(field)] + "'";
}

void CsvRecords::finish() {
    if (options_.max_problems > 0 && reported_ > options_.max_problems)
        problems_.add(path_, 0, "",
                      "... and " + std::to_string(reported_ - options_.max_problems) + " more problems in this file");
}

std::string CsvRecords::finish_hash() {
    CREDITSIM_ASSERT(hash_, "finish_hash without ReadOptions::hash_bytes: " << path_);
    if (!file_) return "";
    while (!is_at_end_) {  // the rest, hashed chunk by chunk in the buffer
        buffer_size_ = 0;
        const size_t got = read_chunk();
        hash_->update(buffered());
        is_at_end_ = got < kChunk;
    }
    buffer_size_ = position_ = checked_end_ = 0;
    has_stopped_ = true;  // the rest was hashed, not parsed
    return hash_->hex_digest();
}

}  // namespace creditsim::csv
