#pragma once
// Reads the report CSV files back (RFC 4180: quoted fields, doubled quotes) for
// the HTML report, which is rendered from an output folder's files alone.

#include <functional>
#include <string>
#include <vector>

namespace creditsim::html {

/// A CSV file held in memory: its header and every row, as text.
struct CsvTable {
    std::string name;  ///< the file's name in the folder, for messages ("summary.csv")
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    /// The index of the column `column`; throws Error naming the file when it is missing.
    size_t column(const std::string& column) const;
};

/// Calls visit(fields) for every row after the header of the CSV file at path, with the
/// header's columns first in `columns`. Throws Error naming `name` when the file cannot
/// be read or a row has another number of fields than the header.
void for_each_csv_row(const std::string& path, const std::string& name, std::vector<std::string>& columns,
                      const std::function<void(const std::vector<std::string>&)>& visit);

/// The whole CSV file at path (see for_each_csv_row).
CsvTable read_csv_table(const std::string& path, const std::string& name);

}  // namespace creditsim::html
