#include "app/report_tables.hpp"

#include "model/errors.hpp"
#include "sim/inputs/csv/csv_records.hpp"

namespace creditsim::cli {
namespace {

void read_report_rows(const std::string& path, const std::string& name, std::vector<std::string>& columns,
                      const std::function<void(const std::vector<std::string>&)>& visit) {
    ProblemList problems;
    csv::CsvRecords records(path, problems, csv::ReadOptions{.trim_fields = false});
    if (records.is_empty()) records.report(0, "", "the file is empty; expected the header row of " + name);
    columns = records.header();
    std::vector<std::string> row;
    while (records.next()) {
        row.clear();
        for (size_t i = 0; i < columns.size(); ++i) row.emplace_back(records.field(i));
        visit(row);
    }
    problems.throw_if_any();
}

}  // namespace

const html::CsvRowReader& report_rows_reader() {
    static const html::CsvRowReader kReader = read_report_rows;
    return kReader;
}

}  // namespace creditsim::cli
