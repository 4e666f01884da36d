// The search page: the catalogue's full-text search (`kolcat search`) over key figures and key
// figure groups, each hit a link to its key figure.

#include "catalogue/catalogue.hpp"
#include "report/strings.hpp"
#include "serve/pages/pages.hpp"

namespace kolcat::serve {

std::string search_page(const PageContext& context, const PageQuery& query) {
    query.accept_only({"lang", "region", "q"});
    catalogue::Catalogue& catalogue = *context.catalogue;
    const PageStrings& strings = context.strings();
    const auto text = query.value("q");
    const auto hits = text ? catalogue.search(*text, 50) : std::vector<catalogue::SearchHit>{};
    const std::string title =
        text ? report::fill(strings.search_title, {*text}) : std::string(strings.nav_search);
    return render_page(context, title, [&](report::HtmlBuilder& out) {
        out.element("h1", {}, title).newline();
        out.open("form", {{"class", "search"}, {"method", "get"}, {"action", "/search"}});
        out.open("label")
            .text(std::string(strings.search_label) + " ")
            .empty("input", {{"type", "search"},
                             {"name", "q"},
                             {"maxlength", "200"},
                             {"value", text.value_or("")}})
            .close("label");
        carry_fields(out, context);
        out.text(" ").element("button", {{"type", "submit"}}, strings.search_button);
        out.close("form").newline();
        if (!text) {
            out.element("p", {{"class", "note"}}, strings.search_prompt).newline();
            return;
        }
        if (hits.empty()) {
            out.element("p", {{"class", "note"}}, strings.search_none).newline();
            return;
        }
        out.open("ol", {{"class", "search-hits"}}).newline();
        for (const auto& hit : hits) {
            out.open("li", {{"data-kpi", hit.kpi}});
            if (hit.kind == catalogue::SearchHitKind::kpi) {
                out.element("a", {{"href", page_link(context, "/kpi/" + url_encode(hit.kpi))}},
                            hit.title.empty() ? hit.kpi : hit.title);
            } else {
                out.text(hit.title).text(" (" + std::string(strings.kpi_group) + ")");
            }
            out.text(" ").element("span", {{"class", "kpi-id"}}, hit.kpi);
            out.close("li").newline();
        }
        out.close("ol").newline();
    });
}

}  // namespace kolcat::serve
