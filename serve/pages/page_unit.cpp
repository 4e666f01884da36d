// The unit page: one region or municipality, every curated key figure with its value, its rank
// among the compared units and its gap between women and men.

#include "catalogue/catalogue.hpp"
#include "catalogue/unit_mapping.hpp"
#include "curated/indicators_store.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"
#include "serve/pages/page_compare.hpp"
#include "serve/pages/pages.hpp"
#include "text/number_format.hpp"

namespace kolcat::serve {

std::string unit_page(const PageContext& context, const PageQuery& query, const std::string& id) {
    query.accept_only({"lang", "region", "set", "year"});
    catalogue::Catalogue& catalogue = *context.catalogue;
    if (!plausible_id(id) || id == catalogue::kRiketId ||
        (!catalogue.all_municipalities().empty() && !catalogue.unit_title(id))) {
        throw PageError(404, "unit " + id + " is not in the catalogue (or is Riket)");
    }
    const auto curated = curated::curated_kpis(catalogue);
    std::vector<analysis::CompareKpi> kpis;
    for (const auto& kpi : curated) {
        kpis.push_back({kpi.id, kpi.direction, true});
    }
    const CompareChoices choices = read_compare_choices(query);
    PageContext unit_context = context;
    unit_context.region = id;  // the unit is the focus of every comparison on the page
    const analysis::CompareRequest request =
        compare_request(catalogue, unit_context, choices, kpis);
    const auto comparisons = analysis::compare(catalogue, request);
    const std::string title = catalogue.unit_title(id).value_or(id);
    const PageStrings& strings = context.strings();
    const auto& report_strings = report::report_strings(context.language);
    const auto language = context.language;
    LinkParams link_params{{"region", id}};
    for (auto& param : choice_params(choices)) {
        link_params.push_back(std::move(param));
    }
    return render_page(context, title, [&](report::HtmlBuilder& out) {
        out.open("h1").text(title).text(" ").element("span", {{"class", "kpi-id"}}, id).close("h1");
        out.newline();
        out.element("p", {},
                    report::fill(strings.unit_intro, {against_title(catalogue, context, choices)}))
            .newline();
        write_compare_form(out, catalogue, context, choices, "/unit/" + url_encode(id), false);
        out.open("table", {{"class", "unit-kpis"}}).open("thead").open("tr");
        out.element("th", {}, report_strings.col_kpi)
            .element("th", {}, report_strings.col_title)
            .element("th", {}, report_strings.col_goals)
            .element("th", {{"class", "num"}}, strings.col_period)
            .element("th", {{"class", "num"}}, report_strings.col_total)
            .element("th", {{"class", "num"}}, report_strings.col_women)
            .element("th", {{"class", "num"}}, report_strings.col_men)
            .element("th", {{"class", "num"}}, report_strings.col_gap)
            .element("th", {{"class", "num"}}, strings.col_rank_of);
        out.close("tr").close("thead").newline().open("tbody").newline();
        for (std::size_t i = 0; i < curated.size() && i < comparisons.size(); ++i) {
            const auto& comparison = comparisons[i];
            const analysis::UnitComparison* focus = nullptr;
            for (const auto& unit : comparison.units) {
                if (unit.is_focus) {
                    focus = &unit;
                }
            }
            std::vector<double> numbers;
            if (focus != nullptr) {
                for (const auto& value : {focus->values.t, focus->values.k, focus->values.m}) {
                    if (value) {
                        numbers.push_back(*value);
                    }
                }
            }
            const int decimals = text::choose_decimals(numbers);
            std::string goals;
            for (const int goal : curated[i].goals) {
                goals += (goals.empty() ? "" : ", ") + std::to_string(goal);
            }
            out.open("tr", {{"data-kpi", comparison.kpi}});
            out.open("td")
                .element("a",
                         {{"href",
                           page_link(context, "/kpi/" + url_encode(comparison.kpi), link_params)}},
                         comparison.kpi)
                .close("td");
            out.element("td", {}, comparison.title.empty() ? comparison.kpi : comparison.title);
            out.element("td", {}, goals);
            if (comparison.period.period) {
                out.element("td", {{"class", "num"}}, std::to_string(*comparison.period.period));
            } else {
                out.element("td", {{"class", "num missing"}}, "–");
            }
            const analysis::GenderValues none;
            const auto& values = focus != nullptr ? focus->values : none;
            report::number_cell(out, values.t, decimals, language);
            report::number_cell(out, values.k, decimals, language);
            report::number_cell(out, values.m, decimals, language);
            report::number_cell(out,
                                focus != nullptr ? analysis::tidy_number(focus->gap) : std::nullopt,
                                decimals, language, true);
            if (focus != nullptr && focus->rank) {
                out.element(
                    "td", {{"class", "num rank"}, {"data-rank", std::to_string(*focus->rank)}},
                    std::to_string(*focus->rank) + " / " + std::to_string(comparison.units_ranked));
            } else {
                out.element("td", {{"class", "num missing"}}, "–");
            }
            out.close("tr").newline();
        }
        out.close("tbody").close("table").newline();
        out.element("p", {{"class", "note"}}, report_strings.missing_legend).newline();
    });
}

}  // namespace kolcat::serve
