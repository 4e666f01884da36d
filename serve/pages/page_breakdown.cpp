// The breakdown page: `kolcat gaps` as a page, its filters (goal, verdict, operating-area,
// region, all: the flags' names) as a GET form, the verdicts as the report's sex-breakdown
// section.

#include <algorithm>

#include "analysis/gaps.hpp"
#include "catalogue/catalogue.hpp"
#include "curated/indicators_store.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"
#include "serve/pages/page_kpi_parts.hpp"
#include "serve/pages/pages.hpp"

namespace kolcat::serve {
namespace {

bool all_flag(const PageQuery& query) {
    const auto value = query.value("all");
    if (!value) {
        return false;
    }
    if (*value == "1" || *value == "true" || *value == "on") {
        return true;
    }
    if (*value == "0" || *value == "false") {
        return false;
    }
    throw PageError(400, "parameter 'all' must be 1 or 0");
}

void write_filters(report::HtmlBuilder& out, catalogue::Catalogue& catalogue,
                   const PageContext& context, const analysis::GapsRequest& request) {
    const PageStrings& strings = context.strings();
    const bool sv = context.language == report::ReportLanguage::sv;
    out.open("form", {{"class", "choices"}, {"method", "get"}, {"action", "/breakdown"}}).newline();
    out.open("label").element("span", {}, strings.filter_goal).open("select", {{"name", "goal"}});
    write_option(out, "", std::string(strings.any_choice), !request.goal);
    for (const auto& goal : curated::sub_goals(catalogue)) {
        write_option(out, std::to_string(goal.number),
                     std::to_string(goal.number) + ". " +
                         (sv || goal.name_en.empty() ? goal.name_sv : goal.name_en),
                     request.goal == goal.number);
    }
    out.close("select").close("label").newline();
    out.open("label")
        .element("span", {}, strings.filter_verdict)
        .open("select", {{"name", "verdict"}});
    write_option(out, "", std::string(strings.any_choice), !request.verdict);
    for (const analysis::Verdict verdict : analysis::all_verdicts()) {
        write_option(out, std::string(to_string(verdict)),
                     std::string(report::verdict_label(verdict, context.language)),
                     request.verdict == verdict);
    }
    out.close("select").close("label").newline();
    out.open("label").element("span", {}, strings.filter_area);
    out.empty("input", {{"type", "text"},
                        {"name", "operating-area"},
                        {"value", request.operating_area.value_or("")}});
    out.close("label").newline();
    report::Attributes all{{"type", "checkbox"}, {"name", "all"}, {"value", "1"}};
    if (request.all) {
        all.emplace_back("checked", "checked");
    }
    out.open("label").element("span", {}, strings.filter_all).empty("input", all).close("label");
    carry_fields(out, context);
    out.element("button", {{"type", "submit"}}, strings.show_button).newline();
    out.close("form").newline();
}

}  // namespace

std::string breakdown_page(const PageContext& context, const PageQuery& query) {
    query.accept_only({"lang", "region", "goal", "verdict", "operating-area", "all"});
    catalogue::Catalogue& catalogue = *context.catalogue;
    analysis::GapsRequest request;
    request.all = all_flag(query);
    request.goal = query.int_value("goal", 1, 6);
    request.operating_area = query.value("operating-area");
    if (const auto verdict = query.value("verdict")) {
        request.verdict = analysis::parse_verdict(*verdict);
        if (!request.verdict) {
            throw PageError(400, "unknown verdict: use " + analysis::verdict_choices());
        }
    }
    request.region = context.region;
    if (!catalogue.all_municipalities().empty() && !catalogue.unit_title(request.region)) {
        throw PageError(404, "unit " + request.region + " (region) is not in the catalogue");
    }
    for (const curated::CuratedKpi& kpi : curated::curated_kpis(catalogue)) {
        request.curated.push_back({kpi.id, kpi.breakdown, kpi.partner, kpi.goals});
    }
    report::ReportData data;
    data.language = context.language;
    data.gaps = analysis::check_sex_breakdown(catalogue, request);
    data.kpi_href = kpi_href(context, {});
    data.csv_downloads = false;  // the page's links stay on the server
    const std::string title(context.strings().breakdown_title);
    return render_page(context, title, [&](report::HtmlBuilder& out) {
        out.element("h1", {}, title).newline();
        write_filters(out, catalogue, context, request);
        report::write_breakdown_section(out, data);
    });
}

}  // namespace kolcat::serve
