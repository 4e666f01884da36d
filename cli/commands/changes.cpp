// kolcat changes: the values published, revised or deleted in the catalogue since a date, with
// the old and new value where known (analysis/changes.hpp, shared with the "what is new" page).

#include "analysis/changes.hpp"

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace kolcat::cli {
namespace {

// The public column order: kpi,unit,unit_name,period,gender,change,old_value,new_value,
// changed_at.
std::vector<Column> change_columns() {
    return {{"kpi", Align::left, {}},           {"unit", Align::left, {}},
            {"unit_name", Align::left, {}, 30}, {"period", Align::right, {}},
            {"gender", Align::left, {}},        {"change", Align::left, {}},
            {"old_value", Align::right, {}},    {"new_value", Align::right, {}},
            {"changed_at", Align::left, {}}};
}

Cell value_cell(const std::optional<catalogue::StoredValue>& stored) {
    return stored ? cell(stored->value) : Cell(Missing{});
}

void fill_row(std::vector<Cell>& row, const catalogue::ValueChange& change,
              const std::string& unit_name) {
    row[0] = change.kpi;
    row[1] = change.unit;
    row[2] = unit_name;
    row[3] = static_cast<std::int64_t>(change.period);
    row[4] = std::string(to_string(change.gender));
    row[5] = std::string(to_string(change.kind));
    row[6] = change.old_known ? value_cell(change.old_value) : Cell(std::string("unknown"));
    row[7] = value_cell(change.new_value);
    row[8] =
        change.changed_at ? Cell(analysis::format_utc_time(*change.changed_at)) : Cell(Missing{});
}

void warn_about_record(const analysis::ChangeRecordGaps& gaps) {
    if (gaps.deletions_unknown_before) {
        write_stderr_line("kolcat: warning: deletions before " +
                          analysis::format_utc_time(*gaps.deletions_unknown_before) +
                          " are not known to this catalogue (it began recording them then); "
                          "values deleted before that are not listed");
    }
    if (gaps.old_values_unknown_before) {
        write_stderr_line("kolcat: note: old values before " +
                          analysis::format_utc_time(*gaps.old_values_unknown_before) +
                          " are not all known to this catalogue; they show as 'unknown'");
    }
}

// --since, checked before the catalogue is opened: a bad date is a usage error either way.
std::optional<std::int64_t> since_option(const CommandLine& command_line) {
    const auto text = command_line.value("since");
    if (!text) {
        return std::nullopt;
    }
    const auto since = analysis::parse_since(*text);
    if (!since) {
        throw UsageError("--since: '" + *text +
                         "' is not a date (use YYYY-MM-DD or an ISO time such as "
                         "2026-11-20T08:00:00Z)");
    }
    return since;
}

// Without --since: the start of the sync before the last one, said on stderr.
std::int64_t default_since(const catalogue::Catalogue& catalogue) {
    const analysis::DefaultSince fallback = analysis::default_since(catalogue);
    if (fallback.sync_started_at) {
        write_stderr_line("kolcat: changes since " + *fallback.sync_started_at +
                          ", the start of the sync before the last one (--since to choose)");
    } else {
        write_stderr_line(
            "kolcat: there is no sync before the last one: listing every change since the "
            "first sync (--since to choose)");
    }
    return fallback.since;
}

}  // namespace

int run_changes_command(const QStringList& arguments) {
    CommandLine command_line(
        "changes",
        "Lists the values that changed in the catalogue since a date: published (new), revised "
        "(old -> new) or deleted (old value, no new one), sorted by kpi, unit, period and "
        "gender (T, K, M).\n"
        "Columns: kpi,unit,unit_name,period,gender,change,old_value,new_value,changed_at. "
        "old_value is what the catalogue held at --since, where known: it says 'unknown' when "
        "the catalogue cannot tell (its record of old values begins later, or was pruned), "
        "never a guess; a revised value whose old value is unknown may also be new. A missing "
        "value is empty in CSV and null in JSON. changed_at is when the catalogue last stored "
        "the change (UTC). A value published and deleted again since is deleted with no old "
        "value. The cells are those a from_date request to 'kolcat serve' answers, groups "
        "included.\n"
        "Without --since, the changes since the start of the sync before the last one: what "
        "the last two syncs brought (the date used is printed on stderr). With a single sync, "
        "every change since it began.\n"
        "Any number of rows streams in bounded memory. The table format reads the changes twice, "
        "first to size its columns, so for millions of rows --format csv is about twice as fast.",
        {"kolcat changes", "kolcat changes --since 2026-11-01 --kpi N00945 --format json",
         "kolcat changes --since 2026-11-20T08:00:00Z --unit 0025 --format csv > news.csv"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    command_line.add_value_option(
        "since",
        "The date: YYYY-MM-DD (midnight UTC) or an ISO time such as 2026-11-20T08:00:00Z or "
        "2026-11-20T09:00+01:00 (default: the start of the sync before the last one).",
        "date");
    command_line.add_id_list_option("kpi", "Key figures, comma-separated (default: all).", "ids");
    command_line.add_id_list_option(
        "unit", "Municipalities, regions or groups, comma-separated (default: all).", "ids");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    if (!command_line.positional().empty()) {
        throw UsageError("unexpected argument '" + command_line.positional().front() +
                         "' (use --since, --kpi and --unit)");
    }
    catalogue::ValueQuery query;
    query.kpis = command_line.id_list("kpi");
    query.units = command_line.id_list("unit");
    const RenderOptions options = command_line.render_options();
    const std::optional<std::int64_t> since = since_option(command_line);

    catalogue::Catalogue catalogue = open_synced(command_line.catalogue_path(), CuratedCopy::keep);
    // One snapshot for every read below: a table's two passes must see the same rows, even
    // while a sync writes the file.
    catalogue::Transaction snapshot(catalogue.database(), catalogue::Transaction::Kind::deferred);
    require_known(catalogue, query.kpis, query.units);
    const std::int64_t from = since ? *since : default_since(catalogue);
    warn_about_record(analysis::change_record_gaps(catalogue, from));

    const std::vector<Column> columns = change_columns();
    std::vector<Cell> row(columns.size());
    const auto each_row = [&](const auto& use) {
        return analysis::for_each_change(
            catalogue, query, from,
            [&](const catalogue::ValueChange& change, const std::string& unit_name) {
                fill_row(row, change, unit_name);
                use(row);
            });
    };
    // A table is sized by its widest cells: a first pass measures them, so that millions of
    // rows never have to be held.
    std::optional<TableLayout> layout;
    if (needs_layout(columns, options)) {
        TableMeasure measure(columns, options.locale);
        each_row([&](const std::vector<Cell>& cells) { measure.add_row(cells); });
        layout = measure.layout();
    }
    RowSink sink(columns, options, write_stdout, layout);
    const std::size_t count =
        each_row([&](const std::vector<Cell>& cells) { sink.add_row(cells); });
    sink.finish();
    if (count == 0) {
        write_stderr_line("kolcat: no value changed in the catalogue since " +
                          analysis::format_utc_time(from));
    }
    return exit_ok;
}

}  // namespace kolcat::cli
