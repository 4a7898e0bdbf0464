#pragma once
// One input CSV file of SPEC 6, read with fast-cpp-csv-parser: a header row
// is required (a UTF-8 BOM is accepted, blank lines are skipped), fields are
// RFC 4180 quoted and trimmed, extra columns are ignored. Every problem (a
// missing file, a missing column, a row with the wrong number of fields, an
// unclosed quote) becomes a Problem with the file and line; the reader then
// goes on with the next row. The file's bytes are hashed as they are read.

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <libfccp/csv.h>

#include "model/errors.hpp"
#include "model/hash.hpp"
#include "sim/inputs/csv/field_checks.hpp"

namespace creditsim::detail {

/// FNV-1a 64 of a file's bytes, fed by whoever reads the file.
class FileHasher {
public:
    /// Takes ownership of file (closed on destruction).
    explicit FileHasher(std::FILE* file) : file_(file) {}
    ~FileHasher();
    FileHasher(const FileHasher&) = delete;
    FileHasher& operator=(const FileHasher&) = delete;

    /// Reads up to size bytes into buffer and hashes them; returns the count read (0 at the end).
    size_t read(char* buffer, size_t size);
    /// Reads and hashes the rest of the file; returns the hash as 16 lower-case hex digits.
    std::string finish();

private:
    std::FILE* file_;
    uint64_t hash_ = kFnv1aOffsetBasis;
};

/// The parts of a CSV input that do not depend on its column count.
class CsvSource {
public:
    /// Opens path; reports a problem when it cannot be opened (is_open() is then false).
    CsvSource(std::string path, ProblemList& problems);
    virtual ~CsvSource();

    const std::string& path() const { return path_; }
    bool is_open() const { return hasher_ != nullptr; }
    /// Reads what is left of the file and returns its FNV-1a 64 hex hash ("" when it was not opened).
    std::string finish_hash();
    /// When the file was opened: reads what is left of it and appends (path, hash) to hashes.
    void append_hash(std::vector<std::pair<std::string, std::string>>& hashes);

    /// Adds a problem at line (0: none) with where = "column 'name'" (or empty when column is null).
    void report(int line, const char* column, std::string message);

protected:
    /// The first non-blank line of the file, trimmed, without BOM or CR: the header as found.
    std::string header_as_found() const;
    /// How many fields the header row has (extra columns included); the file is read for it once.
    size_t header_field_count() const;
    /// "a,b,c[,d]": the expected columns, optional ones in brackets.
    static std::string expected_header(const char* const* names, size_t count, uint32_t optional_columns);
    /// The message for a row fast-cpp-csv-parser refused.
    std::string row_error_message(const std::exception& error) const;

    std::string path_;
    ProblemList& problems_;
    std::unique_ptr<FileHasher> hasher_;

private:
    mutable std::optional<size_t> header_field_count_;  ///< cached: asked for on every row of the wrong width
};

/// Feeds fast-cpp-csv-parser from a FileHasher, so the bytes are hashed in the same pass.
class HashingByteSource : public io::ByteSourceBase {
public:
    explicit HashingByteSource(FileHasher& hasher) : hasher_(hasher) {}
    int read(char* buffer, int size) override { return int(hasher_.read(buffer, size_t(size))); }

private:
    FileHasher& hasher_;
};

/// A CSV input with N named columns; columns in optional_columns (bit i for column i)
/// may be absent from the header and then read as empty fields.
template <unsigned N>
class CsvInput : public CsvSource {
public:
    using Reader = io::CSVReader<N, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>,
                                 io::throw_on_overflow, io::empty_line_comment>;

    CsvInput(std::string path, const std::array<const char*, N>& names, ProblemList& problems,
             uint32_t optional_columns = 0)
        : CsvSource(std::move(path), problems), names_(names) {
        if (!is_open()) return;
        reader_ = std::make_unique<Reader>(path_, std::unique_ptr<io::ByteSourceBase>(new HashingByteSource(*hasher_)));
        if (!read_header(optional_columns)) reader_.reset();
    }

    /// Whether the header was understood, so rows can be read.
    bool has_rows() const { return reader_ != nullptr; }

    /// Reads the next row into fields(); rows fast-cpp-csv-parser refuses are
    /// reported and skipped. Returns false at the end of the file.
    bool next_row() {
        while (reader_) {
            raw_.fill(nullptr);
            try {
                const bool has_row = std::apply([this](auto&... columns) { return reader_->read_row(columns...); }, raw_);
                if (!has_row) break;
            } catch (const io::error::line_length_limit_exceeded& error) {
                report(line(), nullptr, row_error_message(error));
                break;  // the reader cannot get past such a line
            } catch (const io::error::base& error) {
                report(line(), nullptr, row_error_message(error));
                continue;
            }
            for (unsigned i = 0; i < N; ++i) fields_[i] = raw_[i] ? trim_field(std::string_view(raw_[i])) : std::string_view();
            return true;
        }
        reader_.reset();
        return false;
    }

    /// The trimmed field of column i in the current row (empty when the column is absent).
    std::string_view field(unsigned column) const { return fields_[column]; }
    /// Whether the header has column i.
    bool has_column(unsigned column) const { return present_[column]; }
    /// The file line of the current row (1-based).
    int line() const { return reader_ ? int(reader_->get_file_line()) : 0; }
    /// Reports a problem in column i of the current row.
    void report_field(unsigned column, std::string message) { report(line(), names_[column], std::move(message)); }

private:
    bool read_header(uint32_t optional_columns) {
        try {
            std::apply([this](auto... names) { reader_->read_header(io::ignore_extra_column | io::ignore_missing_column, names...); },
                       names_);
        } catch (const io::error::header_missing&) {
            report(0, nullptr, "the file is empty; expected a header row " + expected_header(names_.data(), N, optional_columns));
            return false;
        } catch (const io::error::duplicated_column_in_header& error) {
            report(line(), error.column_name,
                   "the header names this column twice; found " + in_quotes(header_as_found()));
            return false;
        } catch (const io::error::base& error) {
            report(line(), nullptr, row_error_message(error));
            return false;
        }
        bool is_complete = true;
        for (unsigned i = 0; i < N; ++i) {
            present_[i] = reader_->has_column(names_[i]);
            if (present_[i] || (optional_columns >> i & 1u)) continue;
            report(line(), names_[i],
                   "missing from the header: expected columns " + expected_header(names_.data(), N, optional_columns) +
                       "; found " + in_quotes(header_as_found()));
            is_complete = false;
        }
        return is_complete;
    }

    std::array<const char*, N> names_;
    std::unique_ptr<Reader> reader_;  // after hasher_ (in the base): destroyed first
    std::array<char*, N> raw_{};
    std::array<std::string_view, N> fields_{};
    std::array<bool, N> present_{};
};

}  // namespace creditsim::detail
