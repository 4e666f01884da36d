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
// The four charts of one key figure (html_charts.cpp).
void write_charts(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data);
void write_breakdown_section(HtmlBuilder& out, const ReportData& data);
// The compact form's body (html_compact.cpp): the flagged key figures, when flags were
// computed, then one short section per sub-goal in which each key figure appears once.
void write_compact_sections(HtmlBuilder& out, const ReportData& data);
// The coverage of the breakdown by sex per sub-goal (html_coverage.cpp).
void write_coverage_section(HtmlBuilder& out, const ReportData& data);
// A key figure's local notes (date, analysis, action); nothing when it has none.
void write_notes(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data);
// "2, 5"
std::string goals_list(const std::vector<int>& goals);
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
