#pragma once
// The benchmarking report as one self-contained HTML file: inline CSS (a system font stack,
// print rules for A4), inline SVG charts, no scripts, no external fonts, images or requests.
// Every text from the data is escaped (HtmlBuilder), and the markup is XHTML-compatible.

#include <string>

#include "report/data.hpp"

namespace kolcat::report {

std::string render_report_html(const ReportData& data);

}  // namespace kolcat::report
