// kolcat compare: Norrbotten (or another focus region) against other regions, key figure by key
// figure: T, K, M, the sex gap and ratio, a direction-aware rank and the national value.

#include "analysis/compare.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "analysis/compare_order.hpp"
#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "catalogue/unit_mapping.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/commands/compare_output.hpp"
#include "cli/exit_codes.hpp"
#include "cli/focus_region.hpp"
#include "cli/not_synced_warning.hpp"
#include "curated/indicators_store.hpp"
#include "curated/region_sets.hpp"

namespace kolcat::cli {
namespace {

using nlohmann::ordered_json;

constexpr const char* kDefaultRegion = "0025";

// --- choosing what to compare ---

std::vector<analysis::CompareKpi> chosen_kpis(catalogue::Catalogue& catalogue,
                                              const CommandLine& command_line) {
    const auto ids = command_line.positional_ids();
    curated::CuratedKpiFilter filter;
    filter.sub_goal = command_line.int_value("goal", 1, 6);
    filter.sdg_goal = command_line.int_value("sdg", 1, 17);
    filter.target = command_line.value("target");
    const bool by_tag = filter.sub_goal || filter.sdg_goal || filter.target;
    if (ids.empty() == !by_tag) {
        throw UsageError(ids.empty()
                             ? "name key figures (e.g. 'kolcat compare N00957') or choose them "
                               "with --goal, --sdg or --target"
                             : "name key figures or use --goal/--sdg/--target, not both");
    }
    std::vector<analysis::CompareKpi> kpis;
    if (by_tag) {
        for (const curated::CuratedKpi& curated : curated::curated_kpis(catalogue, filter)) {
            kpis.push_back({curated.id, curated.direction, true});
        }
        if (kpis.empty()) {
            throw NotFoundError("no curated key figure matches the given --goal/--sdg/--target");
        }
        return kpis;
    }
    const bool check_metadata = catalogue.has_metadata();
    for (const auto& id : ids) {
        if (check_metadata && !catalogue.kpi(id)) {
            throw NotFoundError("key figure " + id +
                                " is not in the catalogue (try 'kolcat search')");
        }
        if (std::any_of(kpis.begin(), kpis.end(),
                        [&](const analysis::CompareKpi& k) { return k.id == id; })) {
            continue;
        }
        const auto curated = curated::curated_kpi(catalogue, id);
        kpis.push_back(curated ? analysis::CompareKpi{id, curated->direction, true}
                               : analysis::CompareKpi{id, curated::Direction::neutral, false});
    }
    return kpis;
}

void require_unit(const catalogue::Catalogue& catalogue, const std::string& id,
                  const char* option) {
    if (!unit_may_exist(catalogue, id)) {
        throw NotFoundError("unit " + id + " (" + option +
                            ") is not in the catalogue: not a municipality, region, Riket or "
                            "municipality group");
    }
}

analysis::UnitOrder chosen_order(const CommandLine& command_line) {
    const auto text = command_line.value("sort");
    if (!text) {
        return analysis::UnitOrder::rank;
    }
    const auto order = analysis::parse_unit_order(*text);
    if (!order) {
        throw UsageError("unknown --sort '" + text->substr(0, 60) + "': use " +
                         analysis::unit_order_choices());
    }
    return *order;
}

analysis::CompareRequest build_request(catalogue::Catalogue& catalogue,
                                       const CommandLine& command_line) {
    analysis::CompareRequest request;
    request.kpis = chosen_kpis(catalogue, command_line);
    const auto period_years = command_line.period_years("year");
    request.years = period_years.years;
    request.common_year = period_years.common;
    request.trend_years = command_line.int_value("trend", 1, 100);
    request.focus = command_line.id_value("region").value_or(kDefaultRegion);
    require_focus_not_riket(request.focus);
    require_unit(catalogue, request.focus, "--region");

    if (const auto within = command_line.id_value("within")) {
        if (command_line.value("against")) {
            throw UsageError("--within compares a county's municipalities: it takes no --against");
        }
        if (!catalogue::county_of_region(*within)) {
            throw UsageError("--within takes a region id, e.g. 0025 for Norrbotten");
        }
        request.within = *within;
        request.focus = *within;
        if (analysis::municipalities_of_county(catalogue, *within).empty()) {
            throw NotFoundError("the catalogue lists no municipalities of region " + *within +
                                ": sync the metadata first");
        }
        return request;
    }
    if (const auto against = command_line.value("against")) {
        try {
            request.against = curated::resolve_against(catalogue, *against).units;
        } catch (const curated::UnitListError& error) {
            throw_against_error(error);
        }
    } else {
        for (const catalogue::County& county : catalogue::counties()) {
            request.against.emplace_back(county.region);
        }
    }
    return request;
}

}  // namespace

int run_compare_command(const QStringList& arguments) {
    CommandLine command_line(
        "compare",
        "Compares a focus region (default 0025, Norrbotten) with other units, key figure by key "
        "figure: T (total), K (women), M (men), the sex gap K−M and ratio K/M, the rank among "
        "the compared units (1 is best, following the curated direction), Riket's value and "
        "the difference from it.\n"
        "The period is the latest year with data for the focus region, per key figure, unless "
        "--year is given; a warning says when fewer than half of the compared units have a T "
        "value in it. The compared units are the ranked ones: the focus and the --against units "
        "(with --within the county's municipalities), each counted once; Riket and the --within "
        "county are not among them. K-type key figures (municipalities only) compare regions "
        "through their county groups, the unweighted mean of the county's municipalities. A "
        "missing value shows as missing (– in tables, empty in CSV, null in JSON), never as 0. "
        "A value Kolada does not publish (e.g. withheld for confidentiality) shows as Kolada's "
        "status text in tables, and as \"status\" in JSON. A unit the catalogue never synced for "
        "the key figure shows as 'not synced' (JSON \"synced\": false, CSV column synced), with "
        "the 'kolcat sync' command that fetches it.\n"
        "--sort orders the units of each key figure: rank (the default: by rank, then by title), "
        "value (T, highest first), gap (K−M, highest first: women furthest above men first) or "
        "ratio (K/M, highest first). Units missing that number come last; ties keep the rank "
        "order; the --within county stays first.",
        {"kolcat compare N00957", "kolcat compare --goal 5 --against model-regions",
         "kolcat compare --target 5.5 --year 2022", "kolcat compare N00209 --trend 5",
         "kolcat compare --goal 5 --year common", "kolcat compare --goal 2 --within 0025",
         "kolcat compare --goal 5 --sort gap",
         "kolcat compare --sdg 5 --format csv --csv-dialect excel-sv > compare.csv"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    command_line.add_positional("kpi", "Key figure ids, e.g. N00957 N00209.", "[KPI...]");
    command_line.add_value_option("goal", "The curated key figures of a sub-goal (1-6).", "N");
    command_line.add_value_option("sdg", "The curated key figures of an Agenda 2030 goal (1-17).",
                                  "N");
    command_line.add_value_option("target", "The curated key figures of a target, e.g. 5.5.", "T");
    command_line.add_value_option("region", "The focus region (default 0025).", "ID");
    command_line.add_value_option(
        "against",
        "Units to compare with: region-set names (model-regions, north, all-regions, "
        "similar-regions, county-groups, ...) and/or unit ids, comma-separated (default: all 21 "
        "regions; Riket is always the national row).",
        "SET|IDS");
    command_line.add_year_option(
        {"year", "years"},
        "The year to compare: 'latest' (the default: the latest year with a value for the "
        "focus), 'common' (the latest year in which at least half of the compared units have a "
        "T value), one year (2022), or a set (2010-2023, 2010-, -2015, 2015,2020,2022-2023: the "
        "latest year of the set with a value for the focus, else for any compared unit).",
        "YEARS");
    command_line.add_value_option("trend",
                                  "Also show the change over the last N years, from each unit's "
                                  "first year with a T value among the N before the period.",
                                  "N");
    command_line.add_value_option(
        "within",
        "Compare the region's municipalities with each other and with the county (for K-type "
        "key figures the county group), e.g. 0025.",
        "REGION");
    command_line.add_value_option(
        "sort", "The units' order: rank (the default), value, gap or ratio; see above.", "KEY");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    const RenderOptions options = command_line.render_options();
    const analysis::UnitOrder order = chosen_order(command_line);
    catalogue::Catalogue catalogue =
        open_synced(command_line.catalogue_path(), CuratedCopy::refresh);
    const analysis::CompareRequest request = build_request(catalogue, command_line);
    std::vector<analysis::KpiComparison> results = analysis::compare(catalogue, request);
    for (auto& result : results) {
        analysis::order_units(result, order);
        result.period_warning = period_warning(result);
        if (result.period_warning) {
            write_stderr_line("kolcat: warning: " + result.kpi + ": " + *result.period_warning);
        }
    }
    const auto catalogue_given = catalogue_argument(command_line);
    if (options.format == OutputFormat::json || options.format == OutputFormat::csv) {
        // The tables say it per key figure; scripts get it on stderr.
        std::vector<analysis::KpiUnitPair> pairs;
        for (const auto& result : results) {
            for (const auto& unit : never_synced_units(result)) {
                pairs.emplace_back(result.kpi, unit);
            }
        }
        write_not_synced_line(analysis::NotSynced(pairs, catalogue_given));
    }

    switch (options.format) {
        case OutputFormat::json: {
            const ordered_json out = results;
            write_stdout(out.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n");
            break;
        }
        case OutputFormat::csv:
            write_stdout(render(csv_table(results, request), options));
            break;
        case OutputFormat::table:
        case OutputFormat::markdown:
            write_stdout(render_blocks(results, request, options, catalogue_given));
            if (const auto note = data_age_note(catalogue)) {
                write_stdout("\n" + *note + "\n");
            }
            break;
    }
    return exit_ok;
}

}  // namespace kolcat::cli
