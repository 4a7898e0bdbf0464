#include "reports/html/csv_table.hpp"

#include <fstream>

#include "model/errors.hpp"

namespace creditsim::html {
namespace {

/// Splits the record starting in `line` into fields; reads more lines from `in` while a
/// quoted field spans line ends. Returns false on an unterminated quote.
bool split_record(std::string line, std::istream& in, std::vector<std::string>& fields) {
    fields.clear();
    std::string field;
    bool is_quoted = false;
    for (size_t i = 0;; ++i) {
        if (i == line.size()) {
            if (!is_quoted) break;
            std::string next;
            if (!std::getline(in, next)) return false;
            field += '\n';
            line = std::move(next);
            i = size_t(-1);
            continue;
        }
        const char c = line[i];
        if (is_quoted) {
            if (c != '"') {
                field += c;
            } else if (i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else {
                is_quoted = false;
            }
        } else if (c == '"') {
            is_quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    fields.push_back(std::move(field));
    return true;
}

}  // namespace

size_t CsvTable::column(const std::string& wanted) const {
    for (size_t c = 0; c < columns.size(); ++c)
        if (columns[c] == wanted) return c;
    throw Error(name + ": expected a column '" + wanted + "'");
}

void for_each_csv_row(const std::string& path, const std::string& name, std::vector<std::string>& columns,
                      const std::function<void(const std::vector<std::string>&)>& visit) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read '" + path + "' for the HTML report");
    std::string line;
    if (!std::getline(in, line) || !split_record(line, in, columns))
        throw Error(name + ": expected a header line");
    std::vector<std::string> fields;
    for (int line_number = 2; std::getline(in, line); ++line_number) {
        if (!split_record(line, in, fields)) throw Error(name + " line " + std::to_string(line_number) + ": unterminated quote");
        if (fields.size() != columns.size())
            throw Error(name + " line " + std::to_string(line_number) + ": expected " + std::to_string(columns.size()) +
                        " fields; got " + std::to_string(fields.size()));
        visit(fields);
    }
}

CsvTable read_csv_table(const std::string& path, const std::string& name) {
    CsvTable table;
    table.name = name;
    for_each_csv_row(path, name, table.columns, [&](const std::vector<std::string>& row) { table.rows.push_back(row); });
    return table;
}

}  // namespace creditsim::html
