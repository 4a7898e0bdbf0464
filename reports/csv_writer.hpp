#pragma once
// A buffered writer for report files: fields are formatted straight into a
// large buffer (integers with std::to_chars, Money::format_to, Date::format_to)
// and the buffer goes to the file in big writes. Millions of rows are normal.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "model/date.hpp"
#include "model/money.hpp"

namespace creditsim {

/// Writes one file: CSV fields separated by commas, rows ended by '\n' (no CR),
/// text fields quoted per RFC 4180 only when they contain a comma, a quote, CR or LF.
/// Errors throw Error naming the path and the OS reason.
class CsvWriter {
public:
    static constexpr size_t kBufferBytes = size_t(1) << 20;

    /// Creates (or truncates) the file at path for writing.
    explicit CsvWriter(std::string path);
    /// Writes into memory instead: the bytes are appended to *memory as the
    /// buffer fills and at flush() (events.csv's rows wait there to be sorted).
    explicit CsvWriter(std::string* memory);
    /// Closes the file without flushing when close() was not called (an exception is unwinding).
    ~CsvWriter();
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;

    /// Writes bytes as they are: no separator, no quoting (header lines, INI text).
    CsvWriter& raw(std::string_view bytes);
    /// Writes a text field, quoted when it must be.
    CsvWriter& text(std::string_view field);
    /// Writes an empty field.
    CsvWriter& empty() {
        pos_ = separator(room(1));
        return *this;
    }
    /// Writes a decimal integer field.
    CsvWriter& integer(int64_t value) {
        char* out = separator(room(kMaxNumberChars));
        pos_ = std::to_chars(out, out + 21, value).ptr;
        return *this;
    }
    /// Writes money as a plain decimal with two places ("1234.50", "-0.05").
    CsvWriter& money(Money amount) {
        pos_ = amount.format_to(separator(room(kMaxNumberChars)));
        return *this;
    }
    /// Writes a day as YYYY-MM-DD.
    CsvWriter& date(Date day) {
        pos_ = day.format_to(separator(room(kMaxNumberChars)));
        return *this;
    }
    /// Writes a calendar month (a month_key) as YYYY-MM.
    CsvWriter& month(int month_key);
    /// Ends the current row with '\n'.
    CsvWriter& end_row() {
        *room(1) = '\n';
        ++pos_;
        at_row_start_ = true;
        return *this;
    }

    /// Flushes, syncs to disk and closes the file; throws Error when any of that fails.
    void close();
    /// Hands the buffered bytes on (to the file or the memory).
    void flush() { flush_buffer(); }
    /// Bytes written so far, buffered ones included.
    uint64_t bytes_written() const { return flushed_bytes_ + uint64_t(pos_ - buffer_.get()); }
    const std::string& path() const { return path_; }

private:
    static constexpr size_t kMaxNumberChars = 32;  // a separator and any int64, Money or Date

    /// At least `bytes` free bytes at pos_ (bytes <= kBufferBytes); returns pos_.
    char* room(size_t bytes) {
        if (size_t(end_ - pos_) < bytes) flush_buffer();
        return pos_;
    }
    /// Writes the comma unless the row is starting; returns where the field goes.
    char* separator(char* out) {
        if (!at_row_start_) *out++ = ',';
        at_row_start_ = false;
        return out;
    }
    void flush_buffer();
    void write_all(const char* data, size_t size);
    [[noreturn]] void fail(const char* what, int error_number) const;

    std::string path_;
    int fd_ = -1;
    std::string* memory_ = nullptr;
    uint64_t flushed_bytes_ = 0;
    std::unique_ptr<char[]> buffer_;
    char* pos_ = nullptr;
    char* end_ = nullptr;
    bool at_row_start_ = true;
};

/// Whether an RFC 4180 field needs quotes: it contains a comma, a double quote, CR or LF.
bool csv_needs_quotes(std::string_view field);

/// The field quoted per RFC 4180 when it needs it ("a,b" -> "\"a,b\"", quotes doubled), else as is.
std::string csv_quote(std::string_view field);

}  // namespace creditsim
