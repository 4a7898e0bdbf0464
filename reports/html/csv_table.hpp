#pragma once
// The report CSV files, read back for the HTML report (rendered from an output
// folder's files alone). The program's one CSV reader lives in sim/inputs/csv/,
// which reports/ may not include: app hands it in as a CsvRowReader
// (app/report_tables.hpp), so the same RFC 4180 rules read every CSV file.

#include <functional>
#include <string>
#include <vector>

namespace creditsim::html {

/// Calls visit(fields) for every row after the header of the CSV file at path, with the
/// header's fields first in `columns`. Throws Error naming `name` when the file cannot be
/// read or a row has another number of fields than the header.
using CsvRowReader =
    std::function<void(const std::string& path, const std::string& name, std::vector<std::string>& columns,
                       const std::function<void(const std::vector<std::string>&)>& visit)>;

/// A CSV file held in memory: its header and every row, as text.
struct CsvTable {
    std::string name;  ///< the file's name in the folder, for messages ("summary.csv")
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    /// The index of the column `column`; throws Error naming the file when it is missing.
    size_t column(const std::string& column) const;
};

/// The whole CSV file at path, read with read_rows.
CsvTable read_csv_table(const CsvRowReader& read_rows, const std::string& path, const std::string& name);

}  // namespace creditsim::html
