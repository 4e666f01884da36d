// kolcat differences: where do women's and men's outcomes differ most? One row per key figure
// for the focus region, sorted by the size of the relative gap, with flags for the gaps that
// stand out and the user's local notes.

#include "analysis/differences.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "catalogue/unit_mapping.hpp"
#include "cli/analysis_answer.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/commands/differences_output.hpp"
#include "cli/exit_codes.hpp"
#include "cli/focus_region.hpp"
#include "curated/indicators_store.hpp"
#include "curated/region_sets.hpp"

namespace kolcat::cli {
namespace {

using nlohmann::ordered_json;

constexpr const char* kDefaultRegion = "0025";
constexpr int kDefaultTrendYears = 5;

// --- choosing what to examine ---

std::vector<analysis::DifferencesKpi> chosen_kpis(catalogue::Catalogue& catalogue,
                                                  const CommandLine& command_line) {
    curated::CuratedKpiFilter filter;
    filter.sub_goal = command_line.int_value("goal", 1, 6);
    filter.sdg_goal = command_line.int_value("sdg", 1, 17);
    filter.target = command_line.value("target");
    const bool by_tag = filter.sub_goal || filter.sdg_goal || filter.target;
    std::vector<analysis::DifferencesKpi> kpis;
    if (!command_line.value("kpi")) {
        for (const curated::CuratedKpi& curated : curated::curated_kpis(catalogue, filter)) {
            kpis.push_back(analysis::differences_kpi(curated));
        }
        if (kpis.empty()) {
            throw NotFoundError(
                by_tag ? "no curated key figure matches the given --goal/--sdg/--target"
                       : "the curated set holds no key figures");
        }
        return kpis;
    }
    if (by_tag) {
        throw UsageError(
            "name key figures with --kpi or choose them with --goal/--sdg/--target, "
            "not both");
    }
    const bool check_metadata = catalogue.has_metadata();
    for (const auto& id : command_line.id_list("kpi")) {
        if (check_metadata && !catalogue.kpi(id)) {
            throw NotFoundError("key figure " + id +
                                " is not in the catalogue (try 'kolcat search')");
        }
        if (std::any_of(kpis.begin(), kpis.end(),
                        [&](const analysis::DifferencesKpi& kpi) { return kpi.id == id; })) {
            continue;
        }
        const auto curated = curated::curated_kpi(catalogue, id);
        kpis.push_back(
            curated ? analysis::differences_kpi(*curated)
                    : analysis::DifferencesKpi{
                          id, curated::Direction::neutral, false, curated::Breakdown::values, {}});
    }
    return kpis;
}

std::vector<analysis::DifferenceFlag> chosen_flags(const CommandLine& command_line) {
    std::vector<analysis::DifferenceFlag> flags;
    const auto text = command_line.value("flag");
    if (!text) {
        return flags;
    }
    std::size_t start = 0;
    while (start <= text->size()) {
        const std::size_t comma = std::min(text->find(',', start), text->size());
        std::string word = text->substr(start, comma - start);
        word.erase(0, word.find_first_not_of(' '));
        word.erase(word.find_last_not_of(' ') + 1);
        const auto flag = analysis::parse_difference_flag(word);
        if (!flag) {
            throw UsageError("unknown --flag '" + word.substr(0, 60) + "': use " +
                             analysis::difference_flag_choices());
        }
        if (std::find(flags.begin(), flags.end(), *flag) == flags.end()) {
            flags.push_back(*flag);
        }
        start = comma + 1;
    }
    return flags;
}

analysis::DifferencesRequest build_request(catalogue::Catalogue& catalogue,
                                           const CommandLine& command_line,
                                           const curated::IndicatorSet& indicators) {
    if (!command_line.positional().empty()) {
        throw UsageError(
            "differences takes no positional arguments: name key figures with --kpi, e.g. "
            "'kolcat differences --kpi N00957'");
    }
    analysis::DifferencesRequest request;
    request.flags = chosen_flags(command_line);
    request.trend_years = command_line.int_value("trend", 1, 100).value_or(kDefaultTrendYears);
    request.focus = command_line.id_value("region").value_or(kDefaultRegion);
    require_focus_not_riket(request.focus);
    if (!unit_may_exist(catalogue, request.focus)) {
        throw NotFoundError("unit " + request.focus +
                            " (--region) is not in the catalogue: not a municipality, region, "
                            "Riket or municipality group");
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
    request.kpis = chosen_kpis(catalogue, command_line);
    request.notes = indicators.notes;
    return request;
}

}  // namespace

int run_differences_command(const QStringList& arguments) {
    CommandLine command_line(
        "differences",
        "Where do women's and men's outcomes differ most? One row per key figure for the focus "
        "region (default 0025; K-type key figures through its county group, as in compare): K "
        "(women), M (men), the gap K−M, the ratio K/M, the relative gap (K−M) / ((|K|+|M|)/2), "
        "who is behind by the curated direction (women, men, neither; 'not judged' for neutral "
        "key figures), the gap's change over --trend N years (default 5) since the base year (as "
        "compare --trend: the earliest year of the N before the period with a T value for the "
        "focus), Riket's gap and the median gap of the compared units (the --against units but "
        "the focus; the mean of the middle two for an even count).\n"
        "The period is the latest year with a value for the focus. Rows are sorted by |relative "
        "gap|, largest first (ties by id). Key figures without K and M for the focus in the "
        "period are listed at the end as 'cannot be judged', with the verdict of 'kolcat gaps'; "
        "they are never dropped, not even by --flag.\n"
        "Flags compare gaps by absolute size, strictly (equal is not larger); a flag whose "
        "numbers are missing is not set. widening: |K−M| is larger than in the base year. "
        "larger_than_riket: |K−M| is larger than Riket's. larger_than_most: at least 4 compared "
        "units have a gap, and |K−M| is larger than theirs for at least 3 in 4 of them. "
        "reversed: K−M and Riket's K−M are both non-zero, with opposite signs. Gaps are rounded "
        "to 12 significant digits before they are compared.\n"
        "Values the catalogue never synced show as 'not synced' (JSON \"synced\": false), with "
        "the 'kolcat sync' command that fetches them. Your local notes on a key figure are "
        "shown with it.",
        {"kolcat differences", "kolcat differences --goal 5",
         "kolcat differences --flag widening,reversed --against model-regions",
         "kolcat differences --kpi N00957,N00209 --trend 10",
         "kolcat differences --sdg 5 --format csv --csv-dialect excel-sv > differences.csv"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    command_line.add_id_list_option("kpi", "Only these key figures (curated or not), e.g. N00957.",
                                    "IDS");
    command_line.add_value_option("goal", "The curated key figures of a sub-goal (1-6).", "N");
    command_line.add_value_option("sdg", "The curated key figures of an Agenda 2030 goal (1-17).",
                                  "N");
    command_line.add_value_option("target", "The curated key figures of a target, e.g. 5.5.", "T");
    command_line.add_value_option(
        "flag",
        "Only key figures with at least one of these flags (comma-separated): widening, "
        "larger_than_riket, larger_than_most, reversed. Those that cannot be judged stay.",
        "FLAGS");
    command_line.add_value_option("region", "The focus region (default 0025).", "ID");
    command_line.add_value_option(
        "against",
        "Units to compare with: region-set names (model-regions, north, all-regions, "
        "similar-regions, county-groups, ...) and/or unit ids, comma-separated (default: all 21 "
        "regions; Riket is always shown apart).",
        "SET|IDS");
    command_line.add_value_option("trend", "The gap's change over the last N years (default 5).",
                                  "N");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    const RenderOptions options = command_line.render_options();
    curated::IndicatorSet indicators;
    catalogue::Catalogue catalogue = open_synced(command_line.catalogue_path(), indicators);
    const analysis::DifferencesRequest request = build_request(catalogue, command_line, indicators);
    const std::vector<analysis::DifferenceRow> rows =
        analysis::find_differences(catalogue, request);

    std::vector<analysis::KpiUnitPair> pairs;
    for (const auto& row : rows) {
        for (const auto& unit : row.not_synced_units) {
            pairs.emplace_back(row.kpi, unit);
        }
    }
    const analysis::NotSynced not_synced(pairs, catalogue_argument(command_line));
    write_analysis_answer(
        {[&] { return ordered_json(rows); }, [&] { return differences_csv_table(rows); },
         [&] {
             return render_differences_text(
                 rows, request, catalogue.unit_title(request.focus).value_or(""), options);
         }},
        not_synced, catalogue, options);
    return exit_ok;
}

}  // namespace kolcat::cli
