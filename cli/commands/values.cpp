// kolcat values: the stored values as CSV or JSON, for spreadsheets and scripts.

#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace kolcat::cli {
namespace {

// The public column order: kpi,municipality,period,gender,value,count,status.
std::vector<Column> value_columns() {
    return {{"kpi", Align::left, {}},     {"municipality", Align::left, {}},
            {"period", Align::right, {}}, {"gender", Align::left, {}},
            {"value", Align::right, {}},  {"count", Align::right, {}},
            {"status", Align::left, {}}};
}

}  // namespace

int run_values_command(const QStringList& arguments) {
    CommandLine command_line(
        "values",
        "Writes the stored values, sorted by kpi, municipality, period and gender (T, K, M).\n"
        "Columns: kpi,municipality,period,gender,value,count,status. A missing value is empty "
        "in CSV and null in JSON; values keep their full precision. status is Kolada's status "
        "of the value, empty for a normal one; a value Kolada withholds (e.g. for "
        "confidentiality) or lacks at the source has a status and no value.\n"
        "With --kpi, key figures never synced for the units asked for (or, without --unit, for "
        "the units the catalogue keeps) are named on stderr with the 'kolcat sync' command that "
        "fetches them: their values are unknown here, not missing at Kolada.",
        {"kolcat values --kpi N00945 --unit 0025,0000 --years 2015-2023",
         "kolcat values --kpi N00957 --format json",
         "kolcat values --unit 0025 --format csv --csv-dialect excel-sv > norrbotten.csv"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::csv);
    command_line.add_id_list_option("kpi", "Key figures, comma-separated (default: all).", "ids");
    command_line.add_id_list_option(
        "unit", "Municipalities, regions or groups, comma-separated (default: all).", "ids");
    command_line.add_year_option({"years", "year"},
                                 "Years: 2015, 2010-2023, 2010-, -2015 or a list such as "
                                 "2015,2020,2022-2023 (default: all).");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    if (!command_line.positional().empty()) {
        throw UsageError("unexpected argument '" + command_line.positional().front() +
                         "' (use --kpi and --unit)");
    }
    catalogue::ValueQuery query;
    query.kpis = command_line.id_list("kpi");
    query.units = command_line.id_list("unit");
    query.years = command_line.year_set("years");
    const RenderOptions options = command_line.render_options();

    const catalogue::Catalogue catalogue =
        open_synced(command_line.catalogue_path(), CuratedCopy::keep);
    require_known(catalogue, query.kpis, query.units);

    RowSink sink(value_columns(), options, write_stdout);
    std::vector<Cell> row(7);
    std::size_t rows = 0;
    catalogue.for_each_value(query, [&](const catalogue::Value& value) {
        ++rows;
        row[0] = value.kpi;
        row[1] = value.municipality;
        row[2] = static_cast<std::int64_t>(value.period);
        row[3] = std::string(to_string(value.gender));
        row[4] = cell(value.value);
        row[5] = value.count ? Cell(static_cast<std::int64_t>(*value.count)) : Cell(Missing{});
        row[6] = value.status;
        sink.add_row(row);
    });
    sink.finish();
    // Never synced is not "no value at Kolada": say which pairs, and how to fetch them.
    const analysis::NotSynced not_synced(
        catalogue, query.kpis, query.units.empty() ? catalogue.synced_units() : query.units,
        catalogue_argument(command_line));
    if (!not_synced.empty()) {
        write_stderr_line("kolcat: " + not_synced.note().substr(0, not_synced.note().size() - 1));
    }
    if (rows == 0 && not_synced.empty()) {
        // The header alone could pass for an answer; say why it is empty (on stderr, so that
        // scripts still get a valid, empty CSV or JSON).
        write_stderr_line(
            "kolcat: no values stored for this selection (check --kpi, --unit and --years with "
            "'kolcat show KPI', or widen the sync's scope)");
    }
    return exit_ok;
}

}  // namespace kolcat::cli
