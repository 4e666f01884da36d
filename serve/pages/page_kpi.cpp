// The key-figure page: its metadata, the comparison with the page's choices (the report's charts
// and tables), the sex-breakdown verdict and the downloads; and the downloads themselves.

#include "analysis/gaps.hpp"
#include "catalogue/catalogue.hpp"
#include "curated/indicators_store.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"
#include "serve/pages/page_kpi_parts.hpp"
#include "serve/pages/pages.hpp"

namespace kolcat::serve {
namespace {

// The key figure, curated or not; PageError 404 when the catalogue does not know it.
PageKpi find_kpi(catalogue::Catalogue& catalogue, const std::string& id) {
    if (!plausible_id(id) || (catalogue.has_metadata() && !catalogue.kpi(id))) {
        throw PageError(404, "key figure " + id + " is not in the catalogue");
    }
    PageKpi kpi;
    if (auto curated = curated::curated_kpi(catalogue, id)) {
        kpi.entry = std::move(*curated);
        kpi.curated = true;
    } else {
        kpi.entry.id = id;
    }
    return kpi;
}

analysis::CompareKpi compare_kpi(const PageKpi& kpi) {
    return kpi.curated ? analysis::CompareKpi{kpi.entry.id, kpi.entry.direction, true}
                       : analysis::CompareKpi{kpi.entry.id, curated::Direction::neutral, false};
}

void definition(report::HtmlBuilder& out, std::string_view term, const std::string& value) {
    out.element("dt", {}, term).element("dd", {}, value).newline();
}

void write_metadata(report::HtmlBuilder& out, catalogue::Catalogue& catalogue,
                    const PageContext& context, const PageKpi& kpi) {
    const PageStrings& strings = context.strings();
    const auto& report_strings = report::report_strings(context.language);
    const auto metadata = catalogue.kpi(kpi.entry.id);
    out.element("h2", {}, strings.metadata).newline();
    out.open("dl", {{"class", "kpi-metadata"}}).newline();
    if (metadata) {
        definition(out, strings.description, metadata->description);
        definition(out, strings.municipality_type, metadata->municipality_type);
        definition(out, strings.operating_area, metadata->operating_area.value_or(""));
        definition(
            out, strings.divided_by_gender,
            std::string(metadata->is_divided_by_gender ? report_strings.yes : report_strings.no));
        definition(out, strings.publication,
                   metadata->publication_date.value_or(std::string(report_strings.unknown_date)));
    }
    if (kpi.curated) {
        out.element("dt", {}, strings.curated_goals).open("dd");
        for (const int goal : kpi.entry.goals) {
            out.element("a", {{"href", page_link(context, "/goal/" + std::to_string(goal))}},
                        std::to_string(goal))
                .text(" ");
        }
        out.close("dd").newline();
        definition(out, report_strings.direction_label,
                   std::string(report::direction_label(kpi.entry.direction, context.language)));
    }
    out.close("dl").newline();
    if (!kpi.curated) {
        out.element("p", {{"class", "note"}}, strings.not_curated).newline();
    }
}

void write_verdict(report::HtmlBuilder& out, const PageContext& context,
                   const analysis::GapsEntry& entry) {
    const PageStrings& strings = context.strings();
    out.open("section",
             {{"class", "verdict"}, {"data-verdict", std::string(to_string(entry.verdict))}})
        .newline();
    out.element("h2", {}, strings.verdict_heading).newline();
    out.open("p")
        .element("strong", {}, report::verdict_label(entry.verdict, context.language))
        .text(" ")
        .element("code", {}, to_string(entry.verdict))
        .close("p")
        .newline();
    if (entry.coverage) {
        out.element("p", {},
                    report::fill(strings.verdict_coverage,
                                 {report::percent_text(*entry.coverage, context.language)}))
            .newline();
    }
    if (!entry.missing.empty()) {
        out.open("ul", {{"class", "missing-cells"}});
        for (const auto& missing : entry.missing) {
            out.element("li", {}, missing);
        }
        out.close("ul").newline();
    }
    out.close("section").newline();
}

}  // namespace

std::string kpi_page(const PageContext& context, const PageQuery& query, const std::string& id) {
    query.accept_only(compare_parameters());
    catalogue::Catalogue& catalogue = *context.catalogue;
    const PageKpi kpi = find_kpi(catalogue, id);
    const CompareChoices choices = read_compare_choices(query);
    const analysis::CompareRequest request =
        compare_request(catalogue, context, choices, {compare_kpi(kpi)});
    const auto comparisons = compare_kpis(catalogue, request);
    const auto verdicts = breakdown_entries(catalogue, {kpi}, context.region);
    const auto metadata = catalogue.kpi(id);
    const std::string title = metadata && !metadata->title.empty() ? metadata->title : id;
    const PageStrings& strings = context.strings();
    const std::string path = "/kpi/" + url_encode(id);
    return render_page(context, title, [&](report::HtmlBuilder& out) {
        out.open("h1").text(title).text(" ").element("span", {{"class", "kpi-id"}}, id).close("h1");
        out.newline();
        write_metadata(out, catalogue, context, kpi);
        out.element("h2", {}, strings.comparison_heading).newline();
        write_compare_form(out, catalogue, context, choices, path);
        out.open("p", {{"class", "downloads"}})
            .element("strong", {}, std::string(strings.downloads) + ": ")
            .element("a", {{"href", page_link(context, path + ".csv", choice_params(choices))}},
                     strings.download_csv)
            .element("a",
                     {{"href", page_link(context, path + ".excel-sv.csv", choice_params(choices))}},
                     strings.download_excel)
            .close("p")
            .newline();
        if (request.within) {
            out.element(
                   "p", {{"class", "note"}},
                   report::fill(strings.focus_county,
                                {catalogue.unit_title(*request.within).value_or(*request.within)}))
                .newline();
        }
        for (const auto& comparison : comparisons) {
            write_compared_kpi(out, catalogue, context, kpi, comparison, request, verdicts, 0,
                               choice_params(choices));
        }
        if (const auto found = verdicts.find(id); found != verdicts.end()) {
            write_verdict(out, context, found->second);
        }
    });
}

PageAnswer kpi_download(const PageContext& context, const PageQuery& query, const std::string& id,
                        CsvFlavour flavour, const CompareCsvWriter& write_csv) {
    query.accept_only(compare_parameters());
    if (!write_csv) {
        throw PageError(404, "downloads are not available from this server");
    }
    catalogue::Catalogue& catalogue = *context.catalogue;
    const PageKpi kpi = find_kpi(catalogue, id);
    const analysis::CompareRequest request =
        compare_request(catalogue, context, read_compare_choices(query), {compare_kpi(kpi)});
    PageAnswer answer;
    answer.body = write_csv(compare_kpis(catalogue, request), request, flavour);
    answer.content_type = "text/csv; charset=utf-8";
    answer.filename = id + (flavour == CsvFlavour::excel_sv ? ".excel-sv.csv" : ".csv");
    return answer;
}

}  // namespace kolcat::serve
