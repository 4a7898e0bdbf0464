#pragma once
// report.html's CSV reader: the program's one CSV reader (sim/inputs/csv/csv_records.hpp),
// handed to reports/html, which may not include sim/ (docs/ARCHITECTURE.md).

#include "reports/html/csv_table.hpp"

namespace creditsim::cli {

/// Reads a report file's fields exactly as written (nothing trimmed); a malformed file is
/// an InputError naming it, the line and what was expected.
const html::CsvRowReader& report_rows_reader();

}  // namespace creditsim::cli
