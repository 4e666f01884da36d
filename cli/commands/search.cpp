// kolcat search: find key figures by the words in their title or description, and KPI groups
// by their title.

#include <QString>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace kolcat::cli {
namespace {

// Case and accents folded, as the full-text search folds them: "overkalix" matches "Överkalix".
QString folded(const QString& text) {
    QString out;
    for (const QChar c : text.normalized(QString::NormalizationForm_D)) {
        if (c.category() != QChar::Mark_NonSpacing) {
            out += c;
        }
    }
    return out.toCaseFolded().simplified();
}

// Search covers key figures only; a user who types a municipality's or region's name is told
// its id and where ids go.
std::string unit_hint(const catalogue::Catalogue& catalogue, const std::string& text) {
    const QString wanted = folded(QString::fromStdString(text));
    std::vector<const catalogue::Municipality*> found;
    const auto units = catalogue.all_municipalities();
    for (const auto& unit : units) {
        const QString title = folded(QString::fromStdString(unit.title));
        if (title == wanted || title == "region " + wanted) {
            found.push_back(&unit);
        }
    }
    if (found.empty()) {
        return "";
    }
    std::string units_text;
    for (const auto* unit : found) {
        units_text += (units_text.empty() ? "" : ", ") + unit->title + " is the unit " + unit->id;
    }
    return " Search looks in key-figure titles and descriptions and KPI-group titles only; " +
           units_text + ": e.g. 'kolcat values --unit " + found.front()->id + " --kpi N00957'.";
}

}  // namespace

int run_search_command(const QStringList& arguments) {
    CommandLine command_line(
        "search",
        "Searches the titles and descriptions of every key figure in the catalogue, and the "
        "titles of the KPI groups (the kind column says which a hit is). Case and accents do "
        "not matter: 'jamstalldhet' finds 'jämställdhet', 'vab' finds 'VAB'. A word also "
        "matches longer words that start with it. Best matches first: hits holding the words "
        "with the letters typed ('våld' rather than 'vald'), then KPI groups, then the "
        "full-text rank.",
        {"kolcat search föräldrapenning", "kolcat search vab --format json",
         "kolcat search \"våld kvinnor\" --limit 10"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    command_line.add_positional("text", "The words to look for.", "TEXT...");
    command_line.add_value_option("limit", "At most this many hits (default 50).", "n", "50");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    std::string text;
    for (const auto& word : command_line.positional()) {
        text += (text.empty() ? "" : " ") + word;
    }
    if (text.empty()) {
        throw UsageError("search needs some text, e.g. 'kolcat search jämställdhet'");
    }
    const int limit = command_line.int_value("limit", 1, 100000).value_or(50);
    const RenderOptions options = command_line.render_options();

    const catalogue::Catalogue catalogue =
        open_synced(command_line.catalogue_path(), CuratedCopy::keep);
    const auto hits = catalogue.search(text, limit);

    if (hits.empty() &&
        (options.format == OutputFormat::table || options.format == OutputFormat::markdown)) {
        write_stderr_line("No key figure matches '" + text + "'." + unit_hint(catalogue, text));
        return exit_ok;
    }
    Table table;
    table.columns = {{"kpi", Align::left, {}},
                     {"title", Align::left, {}, 60},
                     {"municipality_type", Align::left, {}},
                     {"is_divided_by_gender", Align::left, {}},
                     {"kind", Align::left, {}}};
    for (const auto& hit : hits) {
        // A KPI group has no type or sex breakdown of its own: missing, not "no".
        const bool kpi = hit.kind == catalogue::SearchHitKind::kpi;
        table.add_row({hit.kpi, hit.title, kpi ? Cell(hit.municipality_type) : Cell(Missing{}),
                       kpi ? Cell(hit.is_divided_by_gender) : Cell(Missing{}),
                       std::string(catalogue::to_string(hit.kind))});
    }
    write_stdout(render(table, options));
    return exit_ok;
}

}  // namespace kolcat::cli
