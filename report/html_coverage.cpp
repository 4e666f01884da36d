// The coverage section: per sub-goal, how much of what Kolada holds for the focus region is
// broken down by sex (`kolcat coverage`), as evidence beside the SKR checklist's 1–3 score.

#include "report/csv_download.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"
#include "text/number_format.hpp"

namespace kolcat::report {
namespace {

void share_cell(HtmlBuilder& out, const std::optional<double>& share, ReportLanguage language) {
    if (!share) {
        out.element("td", {{"class", "num missing"}}, "–");
        return;
    }
    out.element("td", {{"class", "num"}, {"data-value", text::format_full_precision(*share)}},
                percent_text(*share, language));
}

std::string lacking_text(const ReportCoverageGroup& group, ReportLanguage language) {
    std::string text;
    for (const auto& gap : group.lacking) {
        text += (text.empty() ? "" : "; ") + gap.kpi + " (" +
                std::string(verdict_label(gap.verdict, language)) + ")";
    }
    return text;
}

}  // namespace

void write_coverage_section(HtmlBuilder& out, const ReportData& data) {
    const ReportStrings& strings = report_strings(data.language);
    const ReportCoverage& coverage = *data.coverage;
    out.open("section", {{"class", "coverage"}, {"id", "coverage"}}).newline();
    out.element("h2", {}, strings.coverage_heading).newline();
    out.element("p", {},
                fill(strings.coverage_intro,
                     {data.focus_title, std::to_string(coverage.recent_year_count)}))
        .newline();
    if (coverage.groups.empty()) {
        out.element("p", {{"class", "note"}}, strings.no_coverage_groups).newline();
        out.close("section").newline();
        return;
    }
    out.open("table", {{"class", "coverage-table"}}).open("thead").open("tr");
    out.element("th", {}, strings.col_goal);
    for (const auto heading : {strings.col_with_totals, strings.col_with_sexes, strings.col_share,
                               strings.col_median_share}) {
        out.element("th", {{"class", "num"}}, heading);
    }
    out.element("th", {}, strings.col_lacking_list);
    out.close("tr").close("thead").newline().open("tbody").newline();
    CsvTable csv;
    csv.header = {"group", "kpis_with_totals",    "kpis_with_sexes",
                  "share", "median_region_share", "lacking"};
    for (const auto& group : coverage.groups) {
        out.open("tr", {{"class", "coverage-row"}});
        out.element("td", {}, group.name);
        out.element("td", {{"class", "num"}}, std::to_string(group.kpis_with_totals));
        out.element("td", {{"class", "num"}}, std::to_string(group.kpis_with_sexes));
        share_cell(out, group.share, data.language);
        share_cell(out, group.median_region_share, data.language);
        out.element("td", {{"class", "lacking"}}, lacking_text(group, data.language));
        out.close("tr").newline();
        std::string codes;
        for (const auto& gap : group.lacking) {
            codes += (codes.empty() ? "" : "; ") + gap.kpi + " " +
                     std::string(analysis::to_string(gap.verdict));
        }
        csv.rows.push_back({group.name, std::to_string(group.kpis_with_totals),
                            std::to_string(group.kpis_with_sexes), csv_number(group.share),
                            csv_number(group.median_region_share), codes});
    }
    out.close("tbody").close("table").newline();
    if (data.csv_downloads) {
        write_download_link(out, csv, "coverage.csv", strings.download_csv);
    }
    out.close("section").newline();
}

}  // namespace kolcat::report
