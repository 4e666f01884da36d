#pragma once
// The benchmarking report as one self-contained HTML file: inline CSS (a system font stack,
// print rules for A4), inline SVG charts, no scripts, no external fonts, images or requests.
// Every text from the data is escaped (HtmlBuilder), and the markup is XHTML-compatible.

#include <string>

#include "cli/report_data.hpp"

namespace kolcat::cli {

std::string render_report_html(const ReportData& data);

}  // namespace kolcat::cli
