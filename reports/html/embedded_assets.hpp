#pragma once
// Files inlined into report.html, compiled into the program (cmake/embed_text.cmake)
// so that creditsim renders reports without the Debian package at run time.

#include <string_view>

namespace creditsim::html::assets {

/// Chart.js (the UMD build from Debian's libjs-chart.js, its licence comment included).
extern const std::string_view kChartJs;
/// The chart code of the report (reports/html/report.js).
extern const std::string_view kReportJs;
/// The page's style sheet (reports/html/report.css).
extern const std::string_view kReportCss;

}  // namespace creditsim::html::assets
