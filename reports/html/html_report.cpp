#include "reports/html/html_report.hpp"

#include "model/errors.hpp"

#include "reports/atomic_files.hpp"
#include "reports/csv_writer.hpp"
#include "reports/html/embedded_assets.hpp"
#include "reports/html/html_escape.hpp"
#include "reports/html/report_data.hpp"

namespace creditsim::html {

std::string render_html_report(const FolderFiles& files, const CsvRowReader& read_rows) {
    CREDITSIM_ASSERT(read_rows, "report.html is rendered without a CSV reader");
    const ReportData data = collect_report_data(files, read_rows);
    std::string page;
    page.reserve(assets::kChartJs.size() + data.json.size() + 64 * 1024);
    page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    page += "<meta name=\"generator\" content=\"creditsim\">\n";
    page += "<title>" + escape_html(data.title) + "</title>\n<style>\n";
    page += assets::kReportCss;
    page += "</style>\n</head>\n<body data-report-kind=\"" + std::string(to_string(data.kind)) + "\">\n";
    page += "<header><h1>" + escape_html(data.title) + "</h1></header>\n";
    page += "<section id=\"headline\"><h2>Headline</h2>\n<table class=\"headline\"><tbody>\n";
    for (const auto& [label, value] : data.headline)
        page += "<tr><th scope=\"row\">" + escape_html(label) + "</th><td>" + escape_html(value) + "</td></tr>\n";
    page += "</tbody></table></section>\n";
    page += "<main id=\"charts\"></main>\n";
    page += "<noscript><p>The charts need JavaScript; the data is in the CSV files next to this report.</p></noscript>\n";
    page += "<footer>Amounts in " + escape_html(data.currency) +
            ". Rendered by creditsim from the CSV files of this folder; charts by Chart.js (MIT License).</footer>\n";
    // Data as JSON in a non-executed script element: json_string escapes '<', so no cell
    // can close the element, and the page reads it with JSON.parse (never eval).
    page += "<script type=\"application/json\" id=\"creditsim-data\">" + data.json + "</script>\n";
    page += "<script>\n";
    page += assets::kChartJs;
    page += "\n</script>\n<script>\n";
    page += assets::kReportJs;
    page += "\n</script>\n</body>\n</html>\n";
    return page;
}

void stage_html_report(StagedFolder& folder, const CsvRowReader& read_rows) {
    FolderFiles files;
    for (const auto& [name, path] : folder.staged_files())
        if (name.ends_with(".csv")) files[name] = path;
    const std::string page = render_html_report(files, read_rows);
    CsvWriter out(folder.stage(kReportFileName));
    out.raw(page);
    out.close();
}

std::vector<std::string> publish_with_html_report(StagedFolder& folder, bool with_html, const CsvRowReader& read_rows,
                                                  std::vector<std::string> obsolete) {
    if (with_html)
        stage_html_report(folder, read_rows);
    else
        obsolete.push_back(kReportFileName);
    return folder.publish(obsolete);
}

std::string write_html_report(const std::string& dir, const CsvRowReader& read_rows) {
    const std::string page = render_html_report(files_in_folder(dir), read_rows);
    StagedFolder folder(dir);
    CsvWriter out(folder.stage(kReportFileName));
    out.raw(page);
    out.close();
    return folder.publish().front();
}

}  // namespace creditsim::html
