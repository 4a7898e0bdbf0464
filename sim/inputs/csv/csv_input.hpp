#pragma once
// One input CSV file of SPEC 6 (docs/INPUTS.md), read with the one CSV reader
// (csv_records.hpp): its named columns are found in the header by exact name,
// in any order, extra columns ignored; fields are trimmed. Every problem (a
// missing file, a missing column, a row with the wrong number of fields, an
// unclosed quote, bytes that are not UTF-8) becomes a Problem with the file and
// line; the reader then goes on with the next row. The file's bytes are hashed
// as they are read.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/errors.hpp"
#include "sim/inputs/csv/csv_records.hpp"
#include "sim/inputs/csv/field_checks.hpp"

namespace creditsim::detail {

/// The parts of a CSV input that do not depend on its column count.
class CsvSource {
public:
    /// Opens path and reads its header; problems are reported.
    CsvSource(std::string path, ProblemList& problems);

    const std::string& path() const { return records_.path(); }
    bool is_open() const { return records_.is_open(); }
    /// Reads what is left of the file and returns its SHA-256 hex digest ("" when it was not opened).
    std::string finish_hash() { return records_.finish_hash(); }
    /// When the file was opened: reads what is left of it and appends (path, hash) to hashes.
    void append_hash(std::vector<std::pair<std::string, std::string>>& hashes);

    /// Adds a problem at line (0: none) with where = "column 'name'" (or empty when column is null).
    void report(int line, const char* column, std::string message);

protected:
    /// Finds the named columns in the header: column_index[i] is the header field of names[i],
    /// and present[i] whether there is one. Reports a column named twice, and each missing one
    /// that is not in optional_columns (bit i for column i). Returns whether rows can be read.
    bool find_columns(const char* const* names, size_t count, uint32_t optional_columns, size_t* column_index,
                      bool* present);

    csv::CsvRecords records_;
};

/// A CSV input with N named columns; columns in optional_columns (bit i for column i)
/// may be absent from the header and then read as empty fields.
template <unsigned N>
class CsvInput : public CsvSource {
public:
    CsvInput(std::string path, const std::array<const char*, N>& names, ProblemList& problems,
             uint32_t optional_columns = 0)
        : CsvSource(std::move(path), problems), names_(names) {
        has_rows_ = find_columns(names_.data(), N, optional_columns, column_index_.data(), present_.data());
    }

    /// Whether the header was understood, so rows can be read.
    bool has_rows() const { return has_rows_; }

    /// Reads the next row; rows with the wrong field count or broken quoting are reported
    /// and skipped. Returns false at the end of the file.
    bool next_row() {
        if (!has_rows_) return false;
        if (records_.next()) return true;
        has_rows_ = false;
        return false;
    }

    /// The trimmed field of column i in the current row (empty when the column is absent).
    std::string_view field(unsigned column) const {
        return present_[column] ? records_.field(column_index_[column]) : std::string_view();
    }
    /// Whether the header has column i.
    bool has_column(unsigned column) const { return present_[column]; }
    /// The file line where the current row starts (1-based).
    int line() const { return records_.line(); }
    /// Reports a problem in column i of the current row.
    void report_field(unsigned column, std::string message) { report(line(), names_[column], std::move(message)); }

private:
    std::array<const char*, N> names_;
    std::array<size_t, N> column_index_{};
    std::array<bool, N> present_{};
    bool has_rows_ = false;
};

}  // namespace creditsim::detail
