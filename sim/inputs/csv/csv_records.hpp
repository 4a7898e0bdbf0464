#pragma once
// The one CSV reader of creditsim (RFC 4180), for the replay inputs, import's
// exports and subscription map, and the report files report.html is drawn from.
//
// A file is a header record and data records. A quoted field may hold commas,
// "" (one quote) and line breaks, so a record is not a line; lines end in LF or
// CRLF; a UTF-8 byte order mark is skipped; blank lines are skipped. The file
// must be UTF-8 text. Every data record must have the header's field count.
// Problems go to a ProblemList with the file, the line where the record starts
// and, where one field is at fault, its column; a record with a problem is
// skipped, and a problem that leaves the rest unreadable (not UTF-8, an
// unclosed quote at the end, a record over 16 MiB) ends the file there.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/errors.hpp"
#include "sim/support/sha256.hpp"

namespace creditsim::csv {

struct ReadOptions {
    /// Strips spaces and tabs around every field, quoted or not (inputs written by hand);
    /// the report files are read back exactly.
    bool trim_fields = true;
    /// Hashes the file's bytes (SHA-256, for manifest.csv) as they are read.
    bool hash_bytes = false;
    /// Above this many problems in the file the rest are only counted (see finish()); 0: no limit.
    int64_t max_problems = 0;
};

class CsvRecords {
public:
    /// Opens path and reads its header record; problems opening it are reported.
    CsvRecords(std::string path, ProblemList& problems, ReadOptions options = {});
    ~CsvRecords();
    CsvRecords(const CsvRecords&) = delete;
    CsvRecords& operator=(const CsvRecords&) = delete;

    const std::string& path() const { return path_; }
    /// Whether the file could be opened (so it has a hash).
    bool is_open() const { return file_ != nullptr; }
    /// Whether the file was read without a problem and holds no record at all: the caller
    /// says what header it expected.
    bool is_empty() const { return is_open() && !has_header_ && !has_stopped_on_problem_; }
    bool has_header() const { return has_header_; }
    /// The header's fields (unquoted, trimmed as the options say).
    const std::vector<std::string>& header() const { return header_; }
    /// The header record as written (without the line end and the surrounding blanks), for messages.
    const std::string& header_text() const { return header_text_; }
    int header_line() const { return header_line_; }

    /// Reads the next data record; records with a problem are reported and skipped.
    /// Returns false at the end of the file or where a problem ends it.
    bool next();
    /// Field i of the current record (i < header().size()); valid until the next call.
    std::string_view field(size_t i) const { return fields_[i]; }
    /// The 1-based line where the current record starts.
    int line() const { return record_line_; }
    /// The byte offset in the file where the current record starts.
    uint64_t offset() const { return record_offset_; }

    /// Adds a problem at line (0: none) in `where` ("column 'amount'" or empty).
    void report(int line, const std::string& where, std::string message);
    /// "column 'name'" for field i of the header, or "" when the header has no such field.
    std::string column(int field) const;
    /// Adds the "... and N more problems in this file" line when problems were only counted.
    void finish();
    /// Reads the rest of the file and returns the SHA-256 of all its bytes as 64 hex
    /// digits, as `sha256sum` prints it ("" when it could not be opened). Needs ReadOptions::hash_bytes.
    std::string finish_hash();

private:
    enum class Status { record, end, more, unclosed_quote };
    struct Span;

    void open();
    /// Reads another chunk after the unread bytes and checks that it is UTF-8.
    void fill();
    /// Reads up to kChunk bytes after buffer_size_ (growing the buffer); returns the count.
    size_t read_chunk();
    std::string_view buffered() const { return std::string_view(buffer_.get(), buffer_size_); }
    Status parse_record();
    /// The next record, blank or not, into fields_; false at the end or where a problem ends the file.
    bool read_record();
    void finish_fields();
    bool is_blank_record() const;
    void report_bad_quote();
    void report_field_count();
    void stop_on_bad_byte();
    /// Reports a problem that ends the file (field -1: none).
    void stop(int line, int field, std::string message);

    std::string path_;
    ProblemList& problems_;
    ReadOptions options_;
    std::FILE* file_ = nullptr;
    std::optional<Sha256> hash_;  ///< with ReadOptions::hash_bytes

    // The unread bytes (never zero-filled: a small file costs only what it holds).
    std::unique_ptr<char[]> buffer_;
    size_t buffer_size_ = 0, buffer_capacity_ = 0;
    size_t position_ = 0;       ///< first unread byte of buffer_
    size_t checked_end_ = 0;    ///< buffer_ is UTF-8 up to here: the parser reads no further
    uint64_t buffer_offset_ = 0;  ///< the file offset of buffer_[0]
    int position_line_ = 1;     ///< the line of position_
    bool is_at_end_ = false;    ///< the file has no bytes beyond buffer_
    bool is_first_fill_ = true;
    bool has_bad_byte_ = false;  ///< buffer_[checked_end_] is not UTF-8 text
    int read_error_ = 0;         ///< errno of a failed read
    bool has_stopped_ = false;   ///< no record is read any more
    bool has_stopped_on_problem_ = false;

    // The record being parsed: its fields as spans of buffer_, where they start and how it ends.
    std::vector<Span> spans_;
    std::vector<std::string_view> fields_;
    std::string_view record_text_;  ///< as written, before "" is undone
    int record_line_ = 0;
    uint64_t record_offset_ = 0;
    bool has_line_end_ = true;
    int bad_quote_field_ = -1;   ///< a field with text after its closing quote, or -1
    int open_quote_field_ = -1;  ///< the field whose quote the file ended in, or -1
    int open_quote_line_ = 0;

    bool has_header_ = false;
    std::vector<std::string> header_;
    std::string header_text_;
    int header_line_ = 0;
    int64_t reported_ = 0;
};

}  // namespace creditsim::csv
