#pragma once
// The report's parts, each written into the page's HtmlBuilder by its own file:
// report_html.cpp (page, header, summary, footer), report_html_kpi.cpp (one key figure: charts
// and tables), report_html_breakdown.cpp (the sex-breakdown section), report_style.cpp (CSS).

#include <optional>
#include <string>
#include <string_view>

#include "report/data.hpp"
#include "report/html_builder.hpp"
#include "report/svg/format.hpp"

namespace kolcat::report {

void write_kpi_article(HtmlBuilder& out, const ReportKpi& kpi, const ReportSection& section,
                       const ReportData& data);
void write_breakdown_section(HtmlBuilder& out, const ReportData& data);
std::string_view report_style_sheet();

text::NumberStyle number_style(ReportLanguage language);
// A table cell with a number: its display text, and the full-precision value in data-value
// so that readers (and tests) can get the stored number back. Missing: "–", class "missing".
void number_cell(HtmlBuilder& out, const std::optional<double>& value, int decimals,
                 ReportLanguage language, bool with_sign = false);
// "87 %" (sv) or "87%" (en).
std::string percent_text(double share, ReportLanguage language);
// A stored timestamp as the report shows it: "2026-11-26T13:38:54Z" -> "2026-11-26 13:38 UTC".
std::string date_of(const std::string& timestamp);
// The id an element gets for a sub-goal's section: "goal-3".
std::string goal_anchor(int goal);

}  // namespace kolcat::report
