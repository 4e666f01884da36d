#include "report/html_parts.hpp"

namespace kolcat::report {

// Written by the program, never from data (HtmlBuilder::trusted refuses '<' and '&').
std::string_view report_style_sheet() {
    return R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Liberation Sans", "DejaVu Sans", sans-serif;
  color: #1a1a1a; background: #ffffff; margin: 0 auto; padding: 24px 32px;
  max-width: 1240px; line-height: 1.45; font-size: 15px;
}
h1 { font-size: 1.7em; margin: 0 0 0.3em; line-height: 1.2; }
h2 { font-size: 1.35em; border-bottom: 2px solid #1a1a1a; padding-bottom: 0.2em; margin: 2em 0 0.5em; }
h3 { font-size: 1.1em; margin: 1.8em 0 0.3em; }
p { margin: 0.3em 0 0.6em; max-width: 60em; }
.kpi-id, code { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.85em; }
.kpi-id { font-weight: normal; color: #555555; margin-left: 0.4em; }
.meta { color: #333333; margin: 0.15em 0; }
.kpi-meta { color: #333333; margin: 0.2em 0 0.6em; font-size: 0.92em; }
.kpi-meta span { white-space: nowrap; margin-right: 1.2em; }
.standing-better::before { content: "▲ "; }
.standing-worse::before { content: "▼ "; }
.demo-warning { border: 3px solid #000000; background: #fff1a8; padding: 0.6em 1em; font-weight: bold; }
nav.contents ol { margin: 0.2em 0 0; padding-left: 1.4em; columns: 2; }
table { border-collapse: collapse; margin: 0.4em 0 0.4em; font-size: 0.9em; }
th, td { padding: 3px 8px; border-bottom: 1px solid #cccccc; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #1a1a1a; font-weight: 600; vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.missing { color: #666666; }
tr.focus td { font-weight: bold; background: #eef1f5; }
tr.focus td:first-child::before { content: "▶ "; }
tr.national td { font-style: italic; border-top: 2px solid #1a1a1a; }
tr.median td { color: #333333; }
table.summary-table th.num { white-space: normal; max-width: 9em; }
table.summary-table td:first-child { min-width: 16em; }
tr.total td { font-weight: bold; border-top: 2px solid #1a1a1a; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr)); gap: 8px 28px; align-items: start; }
figure { margin: 0 0 0.8em; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; font-size: 0.9em; margin-bottom: 2px; }
figure svg { width: 100%; max-width: 640px; height: auto; display: block; }
.tables { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
.note { font-size: 0.85em; color: #444444; margin: 0 0 0.4em; }
article.kpi { border-top: 1px solid #bbbbbb; margin-top: 1.6em; }
section.breakdown h3 { font-size: 1.02em; }
table.verdicts, table.publication { width: 100%; }
footer { margin-top: 3em; border-top: 2px solid #1a1a1a; padding-top: 0.5em; font-size: 0.9em; }
.source { font-weight: bold; }
p.download { font-size: 0.85em; margin: 0 0 0.8em; }
.notes { border-left: 3px solid #1a1a1a; padding: 0.1em 0 0.1em 0.8em; margin: 0.3em 0 0.8em; font-size: 0.92em; }
.notes ul { margin: 0.2em 0; padding-left: 1.2em; }
.notes-heading { font-weight: 600; margin: 0; }
.note-date { font-variant-numeric: tabular-nums; color: #444444; }
table.compact-kpis, table.flagged-kpis, table.coverage-table { width: 100%; }
table.compact-kpis td.kpi-title { min-width: 14em; }
table.compact-kpis td.goals { white-space: nowrap; }
td.standing { white-space: nowrap; }
td.flags { font-weight: 600; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  .charts { display: block; }
  nav.contents, p.download { display: none; }
  section.goal, section.breakdown, footer { break-before: page; page-break-before: always; }
  h2, h3, .kpi-meta { break-after: avoid; page-break-after: avoid; }
  figure, svg, table.trend, tr { break-inside: avoid; page-break-inside: avoid; }
  tr.focus td, .demo-warning { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";
}

}  // namespace kolcat::report
