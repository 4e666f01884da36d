// The sub-goal, Agenda 2030 goal and target pages: `compare --goal N`, `--sdg N` and
// `--target ID` as a page, every curated key figure of the tag drawn as the report draws it.

#include "catalogue/catalogue.hpp"
#include "curated/indicators_store.hpp"
#include "report/strings.hpp"
#include "serve/pages/page_kpi_parts.hpp"
#include "serve/pages/pages.hpp"

namespace kolcat::serve {
namespace {

std::string tag_title(catalogue::Catalogue& catalogue, const PageContext& context, TagKind kind,
                      const std::string& tag) {
    const PageStrings& strings = context.strings();
    const bool sv = context.language == report::ReportLanguage::sv;
    switch (kind) {
        case TagKind::goal:
            for (const auto& goal : curated::sub_goals(catalogue)) {
                if (std::to_string(goal.number) == tag) {
                    return report::fill(
                        strings.goal_title,
                        {tag, sv || goal.name_en.empty() ? goal.name_sv : goal.name_en});
                }
            }
            break;
        case TagKind::sdg:
            for (const auto& goal : curated::sdg_goals(catalogue)) {
                if (std::to_string(goal.number) == tag) {
                    return report::fill(
                        strings.sdg_title,
                        {tag, sv || goal.name_en.empty() ? goal.name_sv : goal.name_en});
                }
            }
            break;
        case TagKind::target:
            for (const auto& target : curated::sdg_targets(catalogue)) {
                if (target.id == tag) {
                    const std::string text =
                        sv && target.text_sv ? *target.text_sv : target.text_en;
                    return report::fill(strings.target_title, {tag}) + ": " + text;
                }
            }
            break;
    }
    throw PageError(404, "no such goal or target: " + tag.substr(0, 40));
}

void write_goal_links(report::HtmlBuilder& out, catalogue::Catalogue& catalogue,
                      const PageContext& context, const LinkParams& choices) {
    const bool sv = context.language == report::ReportLanguage::sv;
    out.open("nav",
             {{"class", "contents"}, {"aria-label", std::string(context.strings().goals_list)}});
    out.open("ol");
    for (const auto& goal : curated::sub_goals(catalogue)) {
        out.open("li")
            .element(
                "a",
                {{"href", page_link(context, "/goal/" + std::to_string(goal.number), choices)}},
                std::to_string(goal.number) + ". " +
                    (sv || goal.name_en.empty() ? goal.name_sv : goal.name_en))
            .close("li");
    }
    out.close("ol").close("nav").newline();
}

}  // namespace

std::string tag_page(const PageContext& context, const PageQuery& query, TagKind kind,
                     const std::string& tag) {
    query.accept_only(compare_parameters());
    catalogue::Catalogue& catalogue = *context.catalogue;
    const std::string title = tag_title(catalogue, context, kind, tag);
    curated::CuratedKpiFilter filter;
    switch (kind) {
        case TagKind::goal:
            filter.sub_goal = std::stoi(tag);
            break;
        case TagKind::sdg:
            filter.sdg_goal = std::stoi(tag);
            break;
        case TagKind::target:
            filter.target = tag;
            break;
    }
    std::vector<PageKpi> kpis;
    std::vector<analysis::CompareKpi> compared;
    for (auto& entry : curated::curated_kpis(catalogue, filter)) {
        compared.push_back({entry.id, entry.direction, true});
        kpis.push_back({std::move(entry), true});
    }
    const CompareChoices choices = read_compare_choices(query);
    const analysis::CompareRequest request = compare_request(catalogue, context, choices, compared);
    const auto comparisons = compare_kpis(catalogue, request);
    const auto verdicts = breakdown_entries(catalogue, kpis, context.region);
    const int goal = kind == TagKind::goal ? std::stoi(tag) : 0;
    const std::string path = context.path;
    return render_page(context, title, [&](report::HtmlBuilder& out) {
        out.element("h1", {}, title).newline();
        if (kind == TagKind::goal) {
            write_goal_links(out, catalogue, context, choice_params(choices));
        }
        write_compare_form(out, catalogue, context, choices, path);
        if (kpis.empty()) {
            out.element("p", {{"class", "note"}},
                        report::report_strings(context.language).no_kpis_in_goal)
                .newline();
        }
        for (std::size_t i = 0; i < kpis.size() && i < comparisons.size(); ++i) {
            write_compared_kpi(out, catalogue, context, kpis[i], comparisons[i], request, verdicts,
                               goal, choice_params(choices));
        }
    });
}

}  // namespace kolcat::serve
