#include "serve/pages/page_compare.hpp"

#include "catalogue/catalogue.hpp"
#include "catalogue/unit_mapping.hpp"
#include "catalogue/year_set.hpp"
#include "curated/indicators_store.hpp"
#include "curated/region_sets.hpp"

namespace kolcat::serve {
namespace {

constexpr const char* kDefaultSet = "all-regions";

bool unit_known(const catalogue::Catalogue& catalogue, const std::string& id) {
    // A catalogue without unit metadata cannot tell; compare then shows the unit as missing.
    return catalogue.all_municipalities().empty() || catalogue.unit_title(id).has_value();
}

void open_label(report::HtmlBuilder& out, std::string_view text) {
    out.open("label").element("span", {}, text);
}

}  // namespace

const std::vector<std::string>& compare_parameters() {
    static const std::vector<std::string> names{"lang", "region", "set", "year", "trend", "within"};
    return names;
}

CompareChoices read_compare_choices(const PageQuery& query) {
    CompareChoices choices;
    choices.set = query.value("set");
    choices.year = query.value("year");
    choices.trend = query.int_value("trend", 1, 100);
    choices.within = query.id_value("within");
    return choices;
}

analysis::CompareRequest compare_request(catalogue::Catalogue& catalogue,
                                         const PageContext& context, const CompareChoices& choices,
                                         std::vector<analysis::CompareKpi> kpis) {
    analysis::CompareRequest request;
    request.kpis = std::move(kpis);
    if (choices.year && *choices.year == "common") {
        request.common_year = true;
    } else if (choices.year && *choices.year != "latest") {
        try {
            request.years = catalogue::parse_year_set(*choices.year);
        } catch (const std::exception& error) {
            throw PageError(400, std::string("parameter 'year': ") + error.what());
        }
    }
    request.trend_years = choices.trend;
    request.focus = context.region;
    if (request.focus == catalogue::kRiketId) {
        throw PageError(400,
                        "the focus region cannot be Riket (0000): it is always the national "
                        "row");
    }
    if (!unit_known(catalogue, request.focus)) {
        throw PageError(404, "unit " + request.focus + " (region) is not in the catalogue");
    }
    if (choices.within) {
        if (choices.set) {
            throw PageError(400, "'within' compares a county's municipalities: it takes no 'set'");
        }
        if (!catalogue::county_of_region(*choices.within)) {
            throw PageError(400, "'within' takes a region id, e.g. 0025 for Norrbotten");
        }
        request.within = *choices.within;
        request.focus = *choices.within;
        if (analysis::municipalities_of_county(catalogue, *choices.within).empty()) {
            throw PageError(404,
                            "the catalogue lists no municipalities of region " + *choices.within);
        }
        return request;
    }
    if (choices.set) {
        try {
            request.against = curated::resolve_against(catalogue, *choices.set).units;
        } catch (const curated::UnitListError& error) {
            throw PageError(400, std::string("parameter 'set': ") + error.what());
        }
    } else {
        for (const catalogue::County& county : catalogue::counties()) {
            request.against.emplace_back(county.region);
        }
    }
    return request;
}

LinkParams choice_params(const CompareChoices& choices) {
    LinkParams params;
    params.emplace_back("set", choices.set.value_or(""));
    params.emplace_back("year", choices.year.value_or(""));
    params.emplace_back("trend", choices.trend ? std::to_string(*choices.trend) : "");
    params.emplace_back("within", choices.within.value_or(""));
    return params;
}

void write_compare_form(report::HtmlBuilder& out, catalogue::Catalogue& catalogue,
                        const PageContext& context, const CompareChoices& choices,
                        const std::string& action, bool with_trend_and_within) {
    const PageStrings& strings = context.strings();
    const bool sv = context.language == report::ReportLanguage::sv;
    out.open("form", {{"class", "choices"}, {"method", "get"}, {"action", action}}).newline();
    out.element("strong", {}, strings.choices);

    open_label(out, strings.region_set);
    out.open("select", {{"name", "set"}});
    write_option(out, "", std::string(strings.none_choice), !choices.set);
    bool listed = !choices.set;
    for (const curated::RegionSet& set : curated::region_sets(catalogue)) {
        const std::string& title = sv && !set.title_sv.empty() ? set.title_sv : set.title;
        const bool selected = choices.set && *choices.set == set.name;
        listed = listed || selected;
        write_option(out, set.name, title + " (" + set.name + ")", selected);
    }
    if (!listed) {
        write_option(out, *choices.set, *choices.set, true);  // ids typed into the URL
    }
    out.close("select").close("label").newline();

    open_label(out, strings.year_choice);
    out.empty(
        "input",
        {{"type", "text"}, {"name", "year"}, {"size", "10"}, {"value", choices.year.value_or("")}});
    out.close("label").newline();
    if (!with_trend_and_within) {
        carry_fields(out, context);
        out.element("button", {{"type", "submit"}}, strings.show_button).newline();
        out.close("form").newline();
        return;
    }

    open_label(out, strings.trend_choice);
    out.empty("input", {{"type", "number"},
                        {"name", "trend"},
                        {"min", "1"},
                        {"max", "100"},
                        {"value", choices.trend ? std::to_string(*choices.trend) : ""}});
    out.close("label").newline();

    open_label(out, strings.within_choice);
    out.open("select", {{"name", "within"}});
    write_option(out, "", std::string(strings.none_choice), !choices.within);
    for (const catalogue::County& county : catalogue::counties()) {
        const std::string region(county.region);
        write_option(out, region, catalogue.unit_title(region).value_or(std::string(county.name)),
                     choices.within && *choices.within == region);
    }
    out.close("select").close("label").newline();

    carry_fields(out, context);
    out.element("button", {{"type", "submit"}}, strings.show_button).newline();
    out.close("form").newline();
}

std::string against_title(catalogue::Catalogue& catalogue, const PageContext& context,
                          const CompareChoices& choices) {
    const std::string name = choices.set.value_or(kDefaultSet);
    if (const auto set = curated::region_set(catalogue, name)) {
        const bool sv = context.language == report::ReportLanguage::sv;
        return sv && !set->title_sv.empty() ? set->title_sv : set->title;
    }
    return name;
}

}  // namespace kolcat::serve
