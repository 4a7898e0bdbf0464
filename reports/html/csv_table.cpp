#include "reports/html/csv_table.hpp"

#include "model/errors.hpp"

namespace creditsim::html {

size_t CsvTable::column(const std::string& wanted) const {
    for (size_t c = 0; c < columns.size(); ++c)
        if (columns[c] == wanted) return c;
    throw Error(name + ": expected a column '" + wanted + "'");
}

CsvTable read_csv_table(const CsvRowReader& read_rows, const std::string& path, const std::string& name) {
    CsvTable table;
    table.name = name;
    read_rows(path, name, table.columns, [&](const std::vector<std::string>& row) { table.rows.push_back(row); });
    return table;
}

}  // namespace creditsim::html
