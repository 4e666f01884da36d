// kolcat coverage: how much of what the catalogue holds for one unit is broken down by sex, by
// sub-goal or operating area, with the median region beside it. Evidence for the SKR
// checklist's item on statistics broken down by sex.

#include "analysis/coverage.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "cli/analysis_answer.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output/year_ranges.hpp"
#include "curated/indicators_store.hpp"
#include "text/text_width.hpp"

namespace kolcat::cli {
namespace {

using nlohmann::ordered_json;

constexpr std::size_t kTitleWidth = 60;

analysis::CoverageRequest build_request(catalogue::Catalogue& catalogue,
                                        const CommandLine& command_line) {
    if (!command_line.positional().empty()) {
        throw UsageError(
            "coverage takes no key figure ids: it measures the curated set, or every key figure "
            "synced for the unit with --all");
    }
    analysis::CoverageRequest request;
    if (const auto by = command_line.value("by")) {
        const auto grouping = analysis::parse_coverage_grouping(*by);
        if (!grouping) {
            throw UsageError("unknown --by '" + *by + "': use goal or operating-area");
        }
        request.by = *grouping;
    }
    request.all = command_line.flag("all");
    request.unit = command_line.id_value("unit").value_or("0025");
    if (!unit_may_exist(catalogue, request.unit)) {
        throw NotFoundError("unit " + request.unit + " (--unit) is not in the catalogue");
    }
    for (const curated::CuratedKpi& kpi : curated::curated_kpis(catalogue)) {
        request.curated.push_back({kpi.id, kpi.breakdown, kpi.partner, kpi.goals});
    }
    request.sub_goals = curated::sub_goals(catalogue);
    return request;
}

std::string group_label(const analysis::CoverageGroup& group) {
    if (group.goal) {
        return "Sub-goal " + std::to_string(*group.goal) +
               (group.name.empty() ? "" : ": " + group.name);
    }
    return group.name;
}

Cell percent(const std::optional<double>& share) {
    return share ? Cell(*share * 100.0) : Cell(Missing{});
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : separator) + item;
    }
    return text;
}

// --- table and markdown ---

std::string headline(const analysis::CoverageResult& result, bool markdown) {
    const std::string unit =
        result.unit + (result.unit_title.empty() ? "" : " " + result.unit_title);
    const std::string scope =
        result.all ? "every key figure synced for the unit" : "the curated key figures";
    const auto& total = result.total;
    std::string text =
        std::string(markdown ? "**" : "") + "How much of what the catalogue holds for " + unit +
        " is broken down by sex? (" + scope + ", by " +
        (result.by == analysis::CoverageGrouping::goal ? "sub-goal" : "operating area") + ")" +
        (markdown ? "**" : "") + "\n";
    if (markdown) {
        text += "\n";
    }
    auto share_text = [](const std::optional<double>& share) {
        return share ? std::to_string(static_cast<int>(std::lround(*share * 100.0))) + " %"
                     : std::string("–");
    };
    text += std::to_string(total.with_k_and_m) + " of " + std::to_string(total.with_t) +
            " key figures with T values have K and M in every recent year; " +
            share_text(total.share) + " of their (key figure, year) cells have K and M (median " +
            "region " + share_text(total.median_region_share) + ", of " +
            std::to_string(total.regions) + " regions).\n";
    return text;
}

Table groups_table(const analysis::CoverageResult& result) {
    Table table;
    table.columns = {{"group", Align::left, {}, 64},   {"key figures", Align::right, {}},
                     {"with T", Align::right, {}},     {"with K+M", Align::right, {}},
                     {"K+M cells %", Align::right, 0}, {"median region %", Align::right, 0},
                     {"regions", Align::right, {}},    {"lacking", Align::right, {}},
                     {"no T", Align::right, {}},       {"not synced", Align::right, {}}};
    auto add = [&](const std::string& label, const analysis::CoverageGroup& group) {
        table.add_row({label, static_cast<std::int64_t>(group.key_figures),
                       static_cast<std::int64_t>(group.with_t),
                       static_cast<std::int64_t>(group.with_k_and_m), percent(group.share),
                       percent(group.median_region_share), static_cast<std::int64_t>(group.regions),
                       static_cast<std::int64_t>(group.lacking.size()),
                       static_cast<std::int64_t>(group.without_t.size()),
                       static_cast<std::int64_t>(group.not_synced.size())});
    };
    for (const auto& group : result.groups) {
        add(group_label(group), group);
    }
    add("All (each key figure once)", result.total);
    return table;
}

Table lacking_table(const analysis::CoverageGroup& group, bool truncate) {
    Table table;
    table.columns = {{"kpi", Align::left, {}},     {"title", Align::left, {}},
                     {"verdict", Align::left, {}}, {"focus", Align::left, {}},
                     {"years", Align::left, {}},   {"cells with K+M", Align::left, {}}};
    for (const auto& kpi : group.lacking) {
        table.add_row(
            {kpi.kpi, truncate ? text::truncate_to_width(kpi.title, kTitleWidth) : kpi.title,
             std::string(to_string(kpi.verdict)), kpi.focus_unit, compress_years(kpi.recent_years),
             std::to_string(kpi.complete_cells) + " of " + std::to_string(kpi.cells)});
    }
    return table;
}

std::string definitions(const analysis::CoverageResult& result) {
    return "Recent years: per key figure, the last " + std::to_string(result.recent_year_count) +
           " years with a T value for the unit (its county group for K-type key figures when "
           "the unit is a region). with K+M: K and M in every recent year. K+M cells %: the "
           "share of (key figure, recent year) cells with K and M. Median region: the same "
           "share for each region over the same key figures, the median over the regions with "
           "a cell. Counted from stored values only, never from Kolada's flag.\n";
}

std::string render_text(const analysis::CoverageResult& result, const RenderOptions& options) {
    const bool markdown = options.format == OutputFormat::markdown;
    std::string out = headline(result, markdown) + "\n";
    out += render(groups_table(result), options);
    bool any_lacking = false;
    for (const auto& group : result.groups) {
        if (group.lacking.empty()) {
            continue;
        }
        if (!any_lacking) {
            out += std::string(markdown ? "\n## " : "\n") +
                   "Key figures with T values that lack K or M in a recent year, with the gaps "
                   "verdict\n";
            any_lacking = true;
        }
        out += markdown ? "\n### " : "\n";
        out += group_label(group) + " (" + std::to_string(group.lacking.size()) + ")\n";
        if (markdown) {
            out += "\n";
        }
        out += render(lacking_table(group, !markdown), options);
    }
    std::vector<std::string> without_t = result.total.without_t;
    if (!without_t.empty()) {
        out += "\nNo T value for the unit (not measured): " + join(without_t, ", ") + "\n";
    }
    out += "\n" + definitions(result);
    return out;
}

// --- CSV: one row per group, then the total ---

Table csv_table(const analysis::CoverageResult& result) {
    Table table;
    table.columns = {{"row", Align::left, {}},       {"goal", Align::right, {}},
                     {"name", Align::left, {}},      {"key_figures", Align::right, {}},
                     {"with_t", Align::right, {}},   {"with_k_and_m", Align::right, {}},
                     {"cells", Align::right, {}},    {"complete_cells", Align::right, {}},
                     {"share", Align::right, {}},    {"median_region_share", Align::right, {}},
                     {"regions", Align::right, {}},  {"lacking", Align::left, {}},
                     {"without_t", Align::left, {}}, {"not_synced", Align::left, {}}};
    auto add = [&](const std::string& row, const analysis::CoverageGroup& group) {
        std::vector<std::string> lacking;
        for (const auto& kpi : group.lacking) {
            lacking.push_back(kpi.kpi + " " + std::string(to_string(kpi.verdict)));
        }
        table.add_row(
            {row, group.goal ? Cell(static_cast<std::int64_t>(*group.goal)) : Cell(Missing{}),
             group.name, static_cast<std::int64_t>(group.key_figures),
             static_cast<std::int64_t>(group.with_t), static_cast<std::int64_t>(group.with_k_and_m),
             group.cells, group.complete_cells, cell(group.share), cell(group.median_region_share),
             static_cast<std::int64_t>(group.regions), join(lacking, "; "),
             join(group.without_t, " "), join(group.not_synced, " ")});
    };
    for (const auto& group : result.groups) {
        add("group", group);
    }
    add("total", result.total);
    return table;
}

}  // namespace

int run_coverage_command(const QStringList& arguments) {
    CommandLine command_line(
        "coverage",
        "How much of what the catalogue holds for one unit is broken down by sex? Evidence for "
        "the SKR checklist's item 'individual statistics are broken down by sex wherever "
        "possible', by sub-goal (--by goal, the default) or by Kolada's operating area (--by "
        "operating-area), over the curated key figures or, with --all, every key figure synced "
        "for the unit.\n"
        "Per group: key figures with T values for the unit; of them, those with K and M in every "
        "recent year; the share of (key figure, recent year) cells that have K and M; the same "
        "share for the median region; and the key figures lacking K or M, with the gaps "
        "verdict.\n"
        "Recent years: per key figure, the last 3 years with a T value for the unit. K-type key "
        "figures (municipalities only) are measured for a region through its county group, as "
        "compare and gaps do. A K or M value Kolada withholds (null with a status) counts as "
        "present.\n"
        "Median region: the share computed for each of the 21 regions over the same key figures "
        "(each with its own recent years and, for K-type ones, its county group); the median "
        "over the regions with at least one cell (the mean of the middle two for an even "
        "number).\n"
        "Counted from stored values only, never from Kolada's is_divided_by_gender flag. When "
        "the catalogue holds nothing synced for the unit, coverage says so, prints the "
        "'kolcat sync' command that fetches it and exits 4.",
        {"kolcat coverage", "kolcat coverage --by operating-area",
         "kolcat coverage --all --unit 0025 --format json",
         "kolcat coverage --unit 2580 --format csv > coverage.csv"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    command_line.add_value_option("unit", "The unit measured (default 0025).", "ID");
    command_line.add_value_option("by",
                                  "Group by sub-goal or Kolada's operating area: "
                                  "goal|operating-area (default goal).",
                                  "G");
    command_line.add_flag("all", "Every key figure synced for the unit, not only the curated.");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    const RenderOptions options = command_line.render_options();
    catalogue::Catalogue catalogue =
        open_synced(command_line.catalogue_path(), CuratedCopy::refresh);
    const analysis::CoverageRequest request = build_request(catalogue, command_line);
    const analysis::CoverageResult result = analysis::measure_coverage(catalogue, request);

    const analysis::NotSynced not_synced(result.never_synced, catalogue_argument(command_line));
    if (!result.holds_unit_data) {
        // Nothing to measure: an empty table would read as "nothing is broken down by sex".
        std::string message = "kolcat: the catalogue holds no data synced for unit " + result.unit +
                              (result.unit_title.empty() ? "" : " (" + result.unit_title + ")") +
                              (result.all ? "" : " in the curated key figures") +
                              ": nothing to measure. To fetch it:";
        // The curated key figures by name, however many: --all-kpis would fetch thousands.
        const std::size_t max_kpis =
            result.all ? std::size_t{50} : std::numeric_limits<std::size_t>::max();
        for (const auto& command : not_synced.sync_commands(max_kpis)) {
            message += "\n  " + command;
        }
        write_stderr_line(message);
        return exit_catalogue;
    }
    write_analysis_answer({[&] { return ordered_json(result); }, [&] { return csv_table(result); },
                           [&] { return render_text(result, options); }},
                          not_synced, catalogue, options);
    return exit_ok;
}

}  // namespace kolcat::cli
