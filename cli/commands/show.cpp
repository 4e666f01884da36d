// kolcat show: everything the catalogue knows about one key figure.

#include <nlohmann/json.hpp>

#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/not_synced_warning.hpp"
#include "cli/output/year_ranges.hpp"
#include "curated/indicators_store.hpp"

namespace kolcat::cli {
namespace {

std::string yes_no(bool value) {
    return value ? "yes" : "no";
}

std::string municipality_type_text(const std::string& type) {
    if (type == "K") {
        return "K (municipalities)";
    }
    if (type == "L") {
        return "L (regions)";
    }
    if (type == "A") {
        return "A (municipalities and regions)";
    }
    return type;
}

struct GenderYears {
    std::vector<int> t;
    std::vector<int> k;
    std::vector<int> m;
};

GenderYears split_by_gender(const catalogue::UnitCoverage& unit) {
    GenderYears years;
    for (const auto& period : unit.periods) {
        if (period.t) {
            years.t.push_back(period.period);
        }
        if (period.k) {
            years.k.push_back(period.period);
        }
        if (period.m) {
            years.m.push_back(period.period);
        }
    }
    return years;
}

Table metadata_table(const catalogue::Kpi& kpi, bool retired) {
    Table table;
    // Descriptions and target texts are paragraphs: folded to a readable width on screen.
    table.columns = {{"field", Align::left, {}}, {"value", Align::left, {}, 80, true}};
    table.add_row({std::string("id"), kpi.id});
    table.add_row({std::string("title"), kpi.title});
    table.add_row({std::string("description"), kpi.description});
    table.add_row(
        {std::string("municipality_type"), municipality_type_text(kpi.municipality_type)});
    table.add_row({std::string("is_divided_by_gender"), yes_no(kpi.is_divided_by_gender)});
    table.add_row({std::string("operating_area"), cell(kpi.operating_area)});
    table.add_row({std::string("perspective"), cell(kpi.perspective)});
    table.add_row({std::string("auspice"), cell(kpi.auspice)});
    table.add_row({std::string("publ_period"), cell(kpi.publ_period)});
    table.add_row({std::string("publication_date"), cell(kpi.publication_date)});
    table.add_row({std::string("prel_publication_date"), cell(kpi.prel_publication_date)});
    table.add_row({std::string("has_ou_data"), yes_no(kpi.has_ou_data)});
    if (retired) {
        table.add_row(
            {std::string("status"), std::string("RETIRED: no longer in Kolada's catalogue")});
    }
    return table;
}

std::string join_goals(const curated::KpiTags& tags) {
    std::string out;
    for (const auto& goal : tags.sub_goals) {
        out += (out.empty() ? "" : "; ") + std::to_string(goal.number) + " " + goal.name_en;
    }
    return out;
}

std::string join_targets(const curated::KpiTags& tags) {
    std::string out;
    for (const auto& target : tags.targets) {
        out += (out.empty() ? "" : "; ") + target.id + " " + target.text_en;
    }
    return out;
}

void add_tag_rows(Table& table, const std::optional<curated::KpiTags>& tags) {
    if (!tags) {
        table.add_row(
            {std::string("curated"), std::string("no (not in the curated equality set)")});
        return;
    }
    table.add_row({std::string("curated"), std::string("yes")});
    table.add_row({std::string("sub_goals"), join_goals(*tags)});
    table.add_row({std::string("targets"), join_targets(*tags)});
    table.add_row({std::string("direction"), std::string(to_string(tags->kpi.direction))});
    std::string breakdown(to_string(tags->kpi.breakdown));
    if (tags->kpi.partner) {
        breakdown += " (partner " + *tags->kpi.partner + ")";
    }
    table.add_row({std::string("breakdown"), breakdown});
    table.add_row({std::string("level"), std::string(to_string(tags->kpi.level))});
    table.add_row({std::string("rationale"), tags->kpi.rationale});
}

// The user's local notes: one row each, "note 2026-03-15".
void add_note_rows(Table& table, const std::vector<curated::Note>& notes) {
    for (const auto& note : notes) {
        table.add_row({"note " + note.date, "Analysis: " + note.analysis +
                                                " Action: " + note.action + " (" +
                                                curated::to_string(note.source) + ")"});
    }
}

// The units the catalogue keeps but never synced this key figure for, with their titles.
std::vector<catalogue::UnitCoverage> never_synced_units(const catalogue::Catalogue& catalogue,
                                                        const analysis::NotSynced& never) {
    std::vector<catalogue::UnitCoverage> units;
    for (const auto& [kpi, unit] : never.pairs()) {
        units.push_back({unit, catalogue.unit_title(unit).value_or(""), {}});
    }
    return units;
}

Table coverage_table(const std::vector<catalogue::UnitCoverage>& coverage,
                     const std::vector<catalogue::UnitCoverage>& not_synced) {
    Table table;
    table.columns = {{"unit", Align::left, {}},
                     {"title", Align::left, {}, 48},
                     {"T", Align::left, {}},
                     {"K", Align::left, {}},
                     {"M", Align::left, {}}};
    for (const auto& unit : coverage) {
        const GenderYears years = split_by_gender(unit);
        table.add_row({unit.unit, unit.title, compress_years(years.t), compress_years(years.k),
                       compress_years(years.m)});
    }
    const std::string marking(analysis::kNotSyncedText);
    for (const auto& unit : not_synced) {
        table.add_row({unit.unit, unit.title, marking, marking, marking});
    }
    return table;
}

// One unit of `show --format json`'s coverage: its years per gender, or none when the
// catalogue never synced it for this key figure.
struct ShownUnit {
    const catalogue::UnitCoverage& unit;
    bool synced;
};

void to_json(nlohmann::ordered_json& json, const ShownUnit& shown) {
    const GenderYears years = shown.synced ? split_by_gender(shown.unit) : GenderYears{};
    json = {{"unit", shown.unit.unit},
            {"title", shown.unit.title},
            {"T", years.t},
            {"K", years.k},
            {"M", years.m},
            {"synced", shown.synced}};
}

nlohmann::ordered_json show_json(const catalogue::Kpi& kpi, bool retired,
                                 const std::optional<curated::KpiTags>& tags,
                                 const std::vector<curated::Note>& notes,
                                 const std::vector<catalogue::UnitCoverage>& coverage,
                                 const std::vector<catalogue::UnitCoverage>& not_synced) {
    nlohmann::ordered_json out;
    out["kpi"] = nlohmann::ordered_json::parse(kpi.raw_json.empty() ? "{}" : kpi.raw_json);
    out["kpi"]["id"] = kpi.id;
    out["retired"] = retired;
    out["curated"] = tags ? nlohmann::ordered_json(*tags) : nlohmann::ordered_json(nullptr);
    out["notes"] = notes;
    auto& units = out["coverage"] = nlohmann::ordered_json::array();
    for (const auto& unit : coverage) {
        units.push_back(ShownUnit{unit, true});
    }
    for (const auto& unit : not_synced) {
        units.push_back(ShownUnit{unit, false});
    }
    return out;
}

}  // namespace

int run_show_command(const QStringList& arguments) {
    CommandLine command_line(
        "show",
        "Shows a key figure's metadata (every field Kolada publishes) and, per unit, the years "
        "that have values for T (total), K (women) and M (men). Units the catalogue keeps but "
        "never synced for this key figure are marked 'not synced' (JSON \"synced\": false), "
        "with the 'kolcat sync' command that fetches them. Your local notes on the key figure "
        "(\"notes\" in your local indicators file) are shown too.",
        {"kolcat show N00945", "kolcat show N00957 --format json"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    command_line.add_positional("kpi", "The key figure's id, e.g. N00945.", "KPI");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    const auto ids = command_line.positional_ids();
    if (ids.size() != 1) {
        throw UsageError("show takes exactly one key figure id, e.g. 'kolcat show N00945'");
    }
    const std::string& id = ids.front();
    const RenderOptions options = command_line.render_options();

    curated::IndicatorSet indicators;
    catalogue::Catalogue catalogue = open_synced(command_line.catalogue_path(), indicators);
    const auto kpi = catalogue.kpi(id);
    if (!kpi) {
        throw NotFoundError("key figure " + id + " is not in the catalogue (try 'kolcat search')");
    }
    const bool retired = catalogue.kpi_is_retired(id);
    const auto coverage = catalogue.coverage(id);
    const auto tags = curated::kpi_tags(catalogue, id);
    const auto notes = indicators.notes_for(id);
    // The units the catalogue keeps, of which some may never have been synced for this key
    // figure: unknown, which the coverage must not show as "no values".
    const analysis::NotSynced never(catalogue, {id}, catalogue.synced_units(),
                                    catalogue_argument(command_line));
    const auto not_synced = never_synced_units(catalogue, never);
    warn_not_synced(never, options.format);

    if (options.format == OutputFormat::json) {
        write_stdout(show_json(*kpi, retired, tags, notes, coverage, not_synced)
                         .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
                     "\n");
        return exit_ok;
    }
    Table metadata = metadata_table(*kpi, retired);
    add_tag_rows(metadata, tags);
    add_note_rows(metadata, notes);
    if (options.format == OutputFormat::csv) {
        // One CSV table, not two glued together: coverage rows join the field,value pairs as
        // "coverage.0025.K" = "2001-2022".
        for (const auto& unit : coverage) {
            const GenderYears years = split_by_gender(unit);
            for (const auto& [gender, list] :
                 {std::pair{"T", &years.t}, std::pair{"K", &years.k}, std::pair{"M", &years.m}}) {
                metadata.add_row({"coverage." + unit.unit + "." + gender, compress_years(*list)});
            }
        }
        for (const auto& unit : not_synced) {
            for (const char* gender : {"T", "K", "M"}) {
                metadata.add_row({"coverage." + unit.unit + "." + gender,
                                  std::string(analysis::kNotSyncedText)});
            }
        }
        write_stdout(render(metadata, options));
        return exit_ok;
    }
    write_stdout(render(metadata, options));
    write_stdout("\n");
    if (coverage.empty() && not_synced.empty()) {
        write_stdout("No values stored for " + id + ".\n");
    } else {
        write_stdout(render(coverage_table(coverage, not_synced), options));
    }
    if (!never.empty()) {
        write_stdout("\n" + never.note());
    }
    return exit_ok;
}

}  // namespace kolcat::cli
