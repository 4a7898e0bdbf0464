#pragma once
// report.html: one self-contained page (data, Chart.js and the chart code
// inlined; it opens offline, from a file or an e-mail attachment) rendered from
// the report files of an output folder. Commands render it from their staged
// files so it is published with them, all or nothing; `creditsim report DIR`
// renders it again from a folder's files.

#include <string>
#include <vector>

#include "reports/html/csv_table.hpp"
#include "reports/html/report_folder.hpp"

namespace creditsim {
class StagedFolder;
}

namespace creditsim::html {

/// The name of the page in an output folder.
inline constexpr const char* kReportFileName = "report.html";

/// The page for the report files, read with read_rows. The same files give the same bytes
/// (no clock, no path, no thread count in it). Throws Error when a file is missing or malformed.
std::string render_html_report(const FolderFiles& files, const CsvRowReader& read_rows);

/// Renders report.html from the CSV files staged in folder so far and stages it too.
void stage_html_report(StagedFolder& folder, const CsvRowReader& read_rows);

/// Publishes folder with report.html rendered from its staged CSV files when with_html;
/// without it an earlier report.html is removed with the other obsolete names, so that
/// the folder never shows an older run's page. Returns the paths written.
std::vector<std::string> publish_with_html_report(StagedFolder& folder, bool with_html, const CsvRowReader& read_rows,
                                                  std::vector<std::string> obsolete = {});

/// Renders report.html from the CSV files in dir and publishes it there (all or
/// nothing); returns its path. Throws Error when dir holds no report.
std::string write_html_report(const std::string& dir, const CsvRowReader& read_rows);

}  // namespace creditsim::html
