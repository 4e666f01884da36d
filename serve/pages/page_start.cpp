// The start page: the search box, the focus region, the six sub-goals with their curated key
// figures, and (in the footer, as on every page) the data's age.

#include "catalogue/catalogue.hpp"
#include "catalogue/unit_mapping.hpp"
#include "curated/indicators_store.hpp"
#include "report/strings.hpp"
#include "serve/pages/pages.hpp"

namespace kolcat::serve {
namespace {

void write_search_form(report::HtmlBuilder& out, const PageContext& context) {
    const PageStrings& strings = context.strings();
    out.open("form", {{"class", "search"}, {"method", "get"}, {"action", "/search"}}).newline();
    out.open("label")
        .text(std::string(strings.search_label) + " ")
        .empty("input", {{"type", "search"}, {"name", "q"}, {"maxlength", "200"}})
        .close("label");
    carry_fields(out, context);
    out.text(" ").element("button", {{"type", "submit"}}, strings.search_button);
    out.close("form").newline();
}

void write_region_form(report::HtmlBuilder& out, const PageContext& context,
                       const catalogue::Catalogue& catalogue, const std::string& focus_title) {
    const PageStrings& strings = context.strings();
    out.open("form", {{"class", "choices"}, {"method", "get"}, {"action", "/"}}).newline();
    out.open("label").element("span", {}, strings.focus_region);
    out.open("select", {{"name", "region"}});
    bool listed = false;
    for (const catalogue::County& county : catalogue::counties()) {
        const std::string region(county.region);
        report::Attributes attributes{{"value", region}};
        if (region == context.region) {
            attributes.emplace_back("selected", "selected");
            listed = true;
        }
        out.element("option", attributes,
                    catalogue.unit_title(region).value_or(std::string(county.name)));
    }
    if (!listed) {  // a municipality or group named in the URL
        out.element("option", {{"value", context.region}, {"selected", "selected"}}, focus_title);
    }
    out.close("select").close("label");
    carry_fields(out, context, {"region"});
    out.element("button", {{"type", "submit"}}, strings.change_region);
    out.close("form").newline();
}

}  // namespace

std::string start_page(const PageContext& context, const PageQuery& query) {
    query.accept_only({"lang", "region"});
    catalogue::Catalogue& catalogue = *context.catalogue;
    const PageStrings& strings = context.strings();
    const bool sv = context.language == report::ReportLanguage::sv;
    const std::string focus_title = catalogue.unit_title(context.region).value_or(context.region);
    const auto goals = curated::sub_goal_summaries(catalogue);
    return render_page(context, std::string(strings.start_title), [&](report::HtmlBuilder& out) {
        out.element("h1", {}, strings.site_name).newline();
        out.element("p", {}, strings.start_intro).newline();
        out.open("p", {{"class", "meta"}})
            .element("strong", {},
                     std::string(report::report_strings(context.language).data_synced) + ": ")
            .element("span", {{"class", "data-age"}}, data_age(context))
            .close("p")
            .newline();
        write_search_form(out, context);
        out.open("p", {{"class", "focus"}})
            .open("strong")
            .text(std::string(strings.focus_region) + ": ")
            .close("strong")
            .element("a", {{"href", page_link(context, "/unit/" + url_encode(context.region))}},
                     focus_title + " (" + context.region + ")")
            .close("p")
            .newline();
        write_region_form(out, context, catalogue, focus_title);
        out.element("h2", {}, strings.goals_list).newline();
        if (goals.empty()) {
            out.element("p", {{"class", "note"}}, strings.no_curated).newline();
        }
        out.open("ul", {{"class", "goals"}}).newline();
        for (const auto& goal : goals) {
            const std::string name = sv || goal.name_en.empty() ? goal.name_sv : goal.name_en;
            out.open("li", {{"class", "goal"}, {"data-goal", std::to_string(goal.number)}});
            out.open("h3")
                .element("a",
                         {{"href", page_link(context, "/goal/" + std::to_string(goal.number))}},
                         std::to_string(goal.number) + ". " + name)
                .close("h3");
            out.element("p", {{"class", "note"}},
                        report::fill(strings.goal_kpis, {std::to_string(goal.kpis.size())}));
            out.open("ul");
            for (const auto& kpi : goal.kpis) {
                out.open("li")
                    .element("a", {{"href", page_link(context, "/kpi/" + url_encode(kpi.kpi))}},
                             kpi.title.empty() ? kpi.kpi : kpi.title)
                    .text(" ")
                    .element("span", {{"class", "kpi-id"}}, kpi.kpi)
                    .close("li");
            }
            out.close("ul").close("li").newline();
        }
        out.close("ul").newline();
    });
}

}  // namespace kolcat::serve
