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
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/focus_region.hpp"
#include "cli/not_synced_warning.hpp"
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

// --- what the output says ---

std::string behind_text(const std::optional<analysis::Behind>& behind) {
    if (!behind) {
        return {};
    }
    return *behind == analysis::Behind::not_judged ? "not judged" : std::string(to_string(*behind));
}

std::string flags_text(const analysis::DifferenceRow& row, const char* separator) {
    std::string text;
    for (const analysis::DifferenceFlag flag : row.flags) {
        text += (text.empty() ? "" : separator) + std::string(to_string(flag));
    }
    return text;
}

// Decimals for the human formats, per row (key figures differ in scale): enough to tell small
// values apart, one for large ones, as compare shows them. CSV and JSON keep every digit.
int row_decimals(const analysis::DifferenceRow& row) {
    double largest = 0;
    for (const auto& value : {row.k, row.m}) {
        if (value && std::isfinite(*value)) {
            largest = std::max(largest, std::abs(*value));
        }
    }
    if (largest >= 10 || largest == 0) {
        return 1;
    }
    return largest >= 1 ? 2 : 3;
}

std::optional<double> rounded(const std::optional<double>& value, int decimals) {
    if (!value || !std::isfinite(*value)) {
        return value;
    }
    const double scale = std::pow(10.0, decimals);
    return std::round(*value * scale) / scale;
}

Cell year_cell(const std::optional<int>& year) {
    return year ? Cell(std::to_string(*year)) : Cell(Missing{});
}

// A value of the focus: "not synced" when it was never fetched, so that it never reads as a
// value Kolada lacks.
Cell focus_cell(const analysis::DifferenceRow& row, const std::optional<double>& value) {
    return row.synced ? cell(value) : Cell(std::string(analysis::kNotSyncedText));
}

// A number of the human formats, rounded to the row's decimals.
Cell shown_cell(const analysis::DifferenceRow& row, const std::optional<double>& value) {
    return cell(rounded(value, row_decimals(row)));
}

Cell percent_cell(const std::optional<double>& share) {
    return share ? Cell(*share * 100.0) : Cell(Missing{});
}

std::string note_text(const curated::Note& note) {
    return note.date + ": " + note.analysis + " Action: " + note.action;
}

// Why a key figure cannot be judged, beyond its verdict.
std::string unjudged_reason(const analysis::DifferenceRow& row) {
    if (!row.synced) {
        return row.focus_unit + " not synced";
    }
    if (!row.period) {
        return "no value for " + row.focus_unit;
    }
    if (row.k || row.m) {
        return std::string("no ") + (row.k ? "M" : "K") + " value in " +
               std::to_string(*row.period);
    }
    return "no K or M value in " + std::to_string(*row.period);
}

// --- table and markdown ---

Table judged_table(const std::vector<const analysis::DifferenceRow*>& rows) {
    Table table;
    table.columns = {{"kpi", Align::left, {}},         {"title", Align::left, {}, 40},
                     {"year", Align::right, {}},       {"K", Align::right, {}},
                     {"M", Align::right, {}},          {"K−M", Align::right, {}},
                     {"K/M", Align::right, 2},         {"rel. gap %", Align::right, 1},
                     {"behind", Align::left, {}},      {"Δ(K−M)", Align::right, {}},
                     {"since", Align::right, {}},      {"Riket K−M", Align::right, {}},
                     {"median K−M", Align::right, {}}, {"flags", Align::left, {}}};
    for (const analysis::DifferenceRow* row : rows) {
        const int decimals = row_decimals(*row);
        table.add_row({row->kpi, row->title, year_cell(row->period),
                       focus_cell(*row, rounded(row->k, decimals)),
                       focus_cell(*row, rounded(row->m, decimals)),
                       focus_cell(*row, rounded(row->gap, decimals)), focus_cell(*row, row->ratio),
                       percent_cell(row->relative_gap), behind_text(row->behind),
                       shown_cell(*row, row->gap_change), year_cell(row->base_year),
                       row->riket_synced ? shown_cell(*row, row->riket_gap)
                                         : Cell(std::string(analysis::kNotSyncedText)),
                       shown_cell(*row, row->median_gap), flags_text(*row, ", ")});
    }
    return table;
}

Table unjudged_table(const std::vector<const analysis::DifferenceRow*>& rows) {
    Table table;
    table.columns = {{"kpi", Align::left, {}},
                     {"title", Align::left, {}, 40},
                     {"year", Align::right, {}},
                     {"verdict", Align::left, {}},
                     {"why", Align::left, {}}};
    for (const analysis::DifferenceRow* row : rows) {
        table.add_row({row->kpi, row->title, year_cell(row->period),
                       row->verdict ? Cell(std::string(to_string(*row->verdict))) : Cell(Missing{}),
                       unjudged_reason(*row)});
    }
    return table;
}

std::string headline(const analysis::DifferencesRequest& request, const std::string& focus_title,
                     bool markdown) {
    std::string text =
        std::string(markdown ? "**" : "") + "Where do women's and men's outcomes differ most? " +
        (focus_title.empty() ? request.focus : focus_title + " (" + request.focus + ")") +
        (markdown ? "**" : "") + "\n";
    if (markdown) {
        text += "\n";
    }
    text +=
        "Gap = K (women) − M (men) in the latest year with a value for the focus (K-type key "
        "figures: its county group); compared with Riket and " +
        std::to_string(std::count_if(request.against.begin(), request.against.end(),
                                     [&](const std::string& id) { return id != request.focus; })) +
        " --against units besides the focus; Δ(K−M): the gap's change over the last " +
        std::to_string(request.trend_years) + " years, since the base year.\n";
    return text;
}

std::string legend(bool markdown) {
    const std::string bullet = markdown ? "- " : "  ";
    return std::string(
               "Sorted by |relative gap|, largest first: relative gap = (K−M) / ((|K|+|M|)/2).\n") +
           (markdown ? "\n" : "") +
           "Flags (gaps compared by absolute size; equal is not larger):\n" +
           (markdown ? "\n" : "") + bullet + "widening: |K−M| is larger than in the base year\n" +
           bullet + "larger_than_riket: |K−M| is larger than Riket's\n" + bullet +
           "larger_than_most: |K−M| is larger than for at least 3 in 4 of the compared units with "
           "a gap (at least 4 of them)\n" +
           bullet + "reversed: K−M and Riket's K−M are non-zero with opposite signs\n" + bullet +
           "behind: by the curated direction; 'not judged' for neutral key figures\n";
}

std::string notes_block(const std::vector<analysis::DifferenceRow>& rows, bool markdown) {
    std::string text;
    for (const auto& row : rows) {
        for (const curated::Note& note : row.notes) {
            text += (markdown ? "- " : "  ") + row.kpi + " " + note_text(note) + " (" +
                    to_string(note.source) + ")\n";
        }
    }
    if (text.empty()) {
        return text;
    }
    return std::string(markdown ? "\n### " : "\n") + "Your notes\n" + (markdown ? "\n" : "") + text;
}

std::string render_text(const std::vector<analysis::DifferenceRow>& rows,
                        const analysis::DifferencesRequest& request, const std::string& focus_title,
                        const RenderOptions& options) {
    const bool markdown = options.format == OutputFormat::markdown;
    std::vector<const analysis::DifferenceRow*> judged;
    std::vector<const analysis::DifferenceRow*> unjudged;
    for (const auto& row : rows) {
        (row.judged ? judged : unjudged).push_back(&row);
    }
    std::string out = headline(request, focus_title, markdown);
    out += markdown ? "\n" : "\n";
    if (judged.empty()) {
        out += request.flags.empty() ? "No key figure can be judged.\n"
                                     : "No key figure has the flags asked for.\n";
    } else {
        out += render(judged_table(judged), options);
    }
    if (!unjudged.empty()) {
        out += std::string(markdown ? "\n### " : "\n") + "Cannot be judged: no K and M value for " +
               "the focus (" + std::to_string(unjudged.size()) + "); the verdict is kolcat gaps'\n";
        if (markdown) {
            out += "\n";
        }
        out += render(unjudged_table(unjudged), options);
    }
    out += notes_block(rows, markdown);
    out += "\n" + legend(markdown);
    return out;
}

// --- CSV: one row per key figure ---

Table csv_table(const std::vector<analysis::DifferenceRow>& rows) {
    Table table;
    for (const char* name : {"kpi",
                             "title",
                             "period",
                             "K",
                             "M",
                             "gap",
                             "ratio",
                             "relative_gap",
                             "behind",
                             "gap_change",
                             "base_year",
                             "riket_gap",
                             "median_gap",
                             "flags",
                             "judged",
                             "verdict",
                             "direction",
                             "focus",
                             "synced",
                             "riket_synced",
                             "units_compared",
                             "units_with_gap",
                             "notes"}) {
        table.columns.push_back({name, Align::left, {}});
    }
    for (const auto& row : rows) {
        std::string notes;
        for (const curated::Note& note : row.notes) {
            notes += (notes.empty() ? "" : " | ") + note_text(note);
        }
        table.add_row({row.kpi,
                       row.title,
                       year_cell(row.period),
                       cell(row.k),
                       cell(row.m),
                       cell(row.gap),
                       cell(row.ratio),
                       cell(row.relative_gap),
                       row.behind ? Cell(std::string(to_string(*row.behind))) : Cell(Missing{}),
                       cell(row.gap_change),
                       year_cell(row.base_year),
                       cell(row.riket_gap),
                       cell(row.median_gap),
                       flags_text(row, " "),
                       row.judged,
                       row.verdict ? Cell(std::string(to_string(*row.verdict))) : Cell(Missing{}),
                       std::string(curated::to_string(row.direction)),
                       row.focus_unit,
                       row.synced,
                       row.riket_synced,
                       std::int64_t{row.units_compared},
                       std::int64_t{row.units_with_gap},
                       notes});
    }
    return table;
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
    warn_not_synced(not_synced, options.format);
    switch (options.format) {
        case OutputFormat::json:
            write_stdout(
                ordered_json(rows).dump(2, ' ', false, ordered_json::error_handler_t::replace) +
                "\n");
            break;
        case OutputFormat::csv:
            write_stdout(render(csv_table(rows), options));
            break;
        case OutputFormat::table:
        case OutputFormat::markdown:
            write_stdout(render_text(rows, request,
                                     catalogue.unit_title(request.focus).value_or(""), options));
            if (!not_synced.empty()) {
                write_stdout("\n" + not_synced.note());
            }
            if (const auto note = data_age_note(catalogue)) {
                write_stdout("\n" + *note + "\n");
            }
            break;
    }
    return exit_ok;
}

}  // namespace kolcat::cli
