// The report's sex-breakdown section: the `kolcat gaps` check of the curated key figures as
// tables, one per verdict, in the verdicts' order.

#include "report/csv_download.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"
#include "text/number_format.hpp"

namespace kolcat::report {
namespace {

std::string missing_text(const std::vector<std::string>& missing) {
    std::string text;
    for (const auto& item : missing) {
        text += (text.empty() ? "" : "; ") + item;
    }
    return text;
}

}  // namespace

void write_breakdown_section(HtmlBuilder& out, const ReportData& data) {
    const ReportStrings& strings = report_strings(data.language);
    out.open("section", {{"class", "breakdown"}, {"id", "sex-breakdown"}}).newline();
    out.element("h2", {}, strings.breakdown_heading).newline();
    out.element("p", {}, strings.breakdown_intro).newline();
    if (data.gaps.empty()) {
        out.element("p", {{"class", "note"}}, strings.no_gaps).newline();
    }
    for (const analysis::Verdict verdict : analysis::all_verdicts()) {
        std::vector<const analysis::GapsEntry*> entries;
        for (const auto& entry : data.gaps) {
            if (entry.verdict == verdict) {
                entries.push_back(&entry);
            }
        }
        if (entries.empty()) {
            continue;
        }
        const std::string code(to_string(verdict));
        out.open("div", {{"class", "verdict-group"}, {"data-verdict", code}}).newline();
        out.open("h3")
            .text(std::string(verdict_label(verdict, data.language)) + " (" +
                  std::to_string(entries.size()) + ") ")
            .element("code", {}, code)
            .close("h3")
            .newline();
        out.open("table", {{"class", "verdicts"}}).open("thead").open("tr");
        out.element("th", {}, strings.col_kpi)
            .element("th", {}, strings.col_title)
            .element("th", {}, strings.col_flag)
            .element("th", {{"class", "num"}}, strings.col_coverage)
            .element("th", {}, strings.col_goals)
            .element("th", {}, strings.col_missing);
        out.close("tr").close("thead").newline().open("tbody").newline();
        for (const analysis::GapsEntry* entry : entries) {
            out.open("tr", {{"data-kpi", entry->kpi}});
            out.open("td");
            if (data.kpi_href) {
                out.open("a", {{"href", data.kpi_href(entry->kpi)}})
                    .element("code", {}, entry->kpi)
                    .close("a");
            } else {
                out.element("code", {}, entry->kpi);
            }
            out.close("td");
            out.element("td", {}, entry->title.empty() ? entry->kpi : entry->title);
            out.element("td", {}, entry->flag ? strings.yes : strings.no);
            if (entry->coverage) {
                out.element("td",
                            {{"class", "num"},
                             {"data-value", text::format_full_precision(*entry->coverage)}},
                            percent_text(*entry->coverage, data.language));
            } else {
                out.element("td", {{"class", "num missing"}}, "–");
            }
            out.element("td", {}, goals_list(entry->goals));
            out.element("td", {{"class", "missing-cells"}}, missing_text(entry->missing));
            out.close("tr").newline();
        }
        out.close("tbody").close("table").newline();
        CsvTable csv;
        csv.header = {"kpi", "title", "verdict", "flag", "coverage", "goals", "missing"};
        for (const analysis::GapsEntry* entry : entries) {
            csv.rows.push_back({entry->kpi, entry->title, code, entry->flag ? "true" : "false",
                                csv_number(entry->coverage), goals_list(entry->goals),
                                missing_text(entry->missing)});
        }
        if (data.csv_downloads) {
            write_download_link(out, csv, "breakdown-" + code + ".csv", strings.download_csv);
        }
        out.close("div").newline();
    }
    out.close("section").newline();
}

}  // namespace kolcat::report
