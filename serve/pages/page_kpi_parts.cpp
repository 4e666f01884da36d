#include "serve/pages/page_kpi_parts.hpp"

#include "analysis/gaps.hpp"
#include "catalogue/catalogue.hpp"
#include "report/collect.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"

namespace kolcat::serve {
namespace {

void write_change_table(report::HtmlBuilder& out, const PageContext& context,
                        const analysis::KpiComparison& comparison,
                        const analysis::CompareRequest& request, int decimals) {
    const auto& strings = report::report_strings(context.language);
    const PageStrings& page = context.strings();
    const auto language = context.language;
    out.open("table", {{"class", "changes"}, {"data-kpi", comparison.kpi}})
        .open("thead")
        .open("tr");
    out.element("th", {}, strings.col_unit);
    if (request.within) {
        out.element("th", {{"class", "num"}}, page.col_diff_county);
    }
    if (request.trend_years) {
        out.element("th", {{"class", "num"}}, page.col_trend_from);
        for (const auto heading :
             {strings.col_total, strings.col_women, strings.col_men, strings.col_gap}) {
            out.element("th", {{"class", "num"}},
                        std::string(page.col_trend) + " " + std::string(heading));
        }
    }
    out.close("tr").close("thead").newline().open("tbody").newline();
    const auto row = [&](const std::string& title, bool focus,
                         const std::optional<double>& diff_county,
                         const std::optional<analysis::Change>& trend) {
        out.open("tr", {{"class", focus ? "focus" : "unit"}});
        out.element("td", {}, title);
        if (request.within) {
            report::number_cell(out, analysis::tidy_number(diff_county), decimals, language, true);
        }
        if (request.trend_years) {
            const auto change = analysis::tidy_change(trend);
            if (change) {
                out.element("td", {{"class", "num"}}, std::to_string(change->from_period));
            } else {
                out.element("td", {{"class", "num missing"}}, "–");
            }
            for (const auto& value :
                 {change ? change->t : std::nullopt, change ? change->k : std::nullopt,
                  change ? change->m : std::nullopt, change ? change->gap : std::nullopt}) {
                report::number_cell(out, value, decimals, language, true);
            }
        }
        out.close("tr").newline();
    };
    for (const auto& unit : comparison.units) {
        row(unit.title.empty() ? unit.id : unit.title, unit.is_focus,
            unit.difference_from_reference, unit.trend);
    }
    row(comparison.national.title, false, std::nullopt, comparison.national.trend);
    out.close("tbody").close("table").newline();
}

}  // namespace

std::function<std::string(const std::string&)> kpi_href(const PageContext& context,
                                                        LinkParams params) {
    return [&context, params = std::move(params)](const std::string& kpi) {
        return page_link(context, "/kpi/" + url_encode(kpi), params);
    };
}

std::vector<analysis::KpiComparison> compare_kpis(catalogue::Catalogue& catalogue,
                                                  const analysis::CompareRequest& request) {
    return analysis::compare(catalogue, request);
}

std::map<std::string, analysis::GapsEntry> breakdown_entries(catalogue::Catalogue& catalogue,
                                                             const std::vector<PageKpi>& kpis,
                                                             const std::string& region) {
    analysis::GapsRequest request;
    request.region = region;
    for (const auto& kpi : kpis) {
        request.curated.push_back(
            {kpi.entry.id, kpi.entry.breakdown, kpi.entry.partner, kpi.entry.goals});
    }
    std::map<std::string, analysis::GapsEntry> entries;
    for (auto& entry : analysis::check_sex_breakdown(catalogue, request)) {
        entries.emplace(entry.kpi, std::move(entry));
    }
    return entries;
}

void write_compared_kpi(report::HtmlBuilder& out, catalogue::Catalogue& catalogue,
                        const PageContext& context, const PageKpi& kpi,
                        const analysis::KpiComparison& comparison,
                        const analysis::CompareRequest& request,
                        const std::map<std::string, analysis::GapsEntry>& verdicts, int goal,
                        const LinkParams& links) {
    report::ReportRequest report_request;
    report_request.region = request.focus;
    report_request.language = context.language;
    std::map<std::string, analysis::Verdict> verdict_of;
    for (const auto& [id, entry] : verdicts) {
        verdict_of.emplace(id, entry.verdict);
    }
    report::ReportKpi shown =
        report::report_kpi(catalogue, kpi.entry, comparison, verdict_of, report_request);
    if (!kpi.curated) {
        shown.design.reset();  // the design is a curated fact: not known for this one
    }
    report::ReportData data;
    data.language = context.language;
    data.focus_id = request.focus;
    data.focus_title = catalogue.unit_title(request.focus).value_or(request.focus);
    data.kpi_href = kpi_href(context, links);
    data.csv_downloads = false;  // the page links compare's own CSV downloads
    report::ReportSection section;
    section.goal = goal;
    report::write_kpi_article(out, shown, section, data);
    if (request.trend_years || request.within) {
        write_change_table(out, context, comparison, request, shown.decimals);
    }
}

}  // namespace kolcat::serve
