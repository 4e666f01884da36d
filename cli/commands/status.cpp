// kolcat status: what the catalogue holds and how fresh it is.

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "catalogue/catalogue.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output/time_text.hpp"
#include "cli/output/year_ranges.hpp"
#include "cli/sync_lock.hpp"
#include "cli/user_paths.hpp"
#include "sync/kolada/sync_engine.hpp"

namespace kolcat::cli {
namespace {

// Called only when no sync holds the lock: a run still marked running was then interrupted
// (killed), and the next 'kolcat sync' continues it.
std::string run_status_name(catalogue::RunStatus status) {
    return status == catalogue::RunStatus::running ? "unfinished (run 'kolcat sync' to resume)"
                                                   : std::string(to_string(status));
}

std::string scope_summary(const catalogue::SyncScope& scope) {
    std::string text = std::to_string(scope.kpis.size()) + " key figures x " +
                       std::to_string(scope.units.size()) + " units, ";
    if (scope.years.empty()) {
        return text + "all years";
    }
    return text + "years " + compress_years(scope.years);  // each year named: lists have gaps
}

std::string join(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) {
        out += (out.empty() ? "" : ", ") + id;
    }
    return out;
}

std::optional<std::string> data_age(const std::optional<catalogue::SyncRun>& run) {
    if (!run || !run->finished_at) {
        return std::nullopt;
    }
    const auto finished = parse_utc_timestamp(*run->finished_at);
    if (!finished) {
        return std::nullopt;
    }
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    return describe_age(now - *finished);
}

// What the last run fetched: everything, or only changes where the scope was synced before.
std::string sync_mode(const catalogue::SyncRun& run) {
    if (run.full) {
        return "full refresh (--full)";
    }
    if (run.incremental_segments == 0) {
        return "full (nothing in its scope had been synced before)";
    }
    return "incremental: " + std::to_string(run.incremental_segments) + " of " +
           std::to_string(run.segment_count) + " requests asked only for changes";
}

// "running (process 4711, since 14:05)": the local time the sync started, with its date when
// that was another day.
std::string describe_running(const RunningSync& running) {
    const std::time_t since = std::chrono::system_clock::to_time_t(running.since);
    const std::time_t now = std::time(nullptr);
    std::tm since_local{};
    std::tm now_local{};
    localtime_r(&since, &since_local);
    localtime_r(&now, &now_local);
    const bool today =
        since_local.tm_year == now_local.tm_year && since_local.tm_yday == now_local.tm_yday;
    char text[32];
    std::strftime(text, sizeof text, today ? "%H:%M" : "%Y-%m-%d %H:%M", &since_local);
    return "running (process " + std::to_string(running.pid) + ", since " + text + ")";
}

void add(Table& table, const std::string& field, Cell value) {
    table.add_row({field, std::move(value)});
}

// For scripts (scripts/main-job keeps demo data in the demo catalogue), so that they follow
// kolcat's rules for HOME and the XDG folders instead of repeating them.
std::filesystem::path file_location(const CommandLine& command_line, const std::string& name) {
    std::optional<std::filesystem::path> path;
    if (name == "catalogue") {
        return command_line.catalogue_path();
    }
    if (name == "demo-catalogue") {
        path = demo_catalogue_file(process_environment());
    } else if (name == "local-indicators") {
        path = default_local_indicators_file(process_environment());
        if (const auto named = process_environment()("KOLCAT_LOCAL_INDICATORS");
            named && !named->empty()) {
            path = *named;
        }
    } else {
        throw UsageError("invalid --path '" + name +
                         "': expected catalogue, demo-catalogue or local-indicators");
    }
    if (!path) {
        throw UsageError("no " + name +
                         " path: HOME is not set (or not an absolute path), nor the XDG folder "
                         "kolcat would use instead");
    }
    return *path;
}

}  // namespace

int run_status_command(const QStringList& arguments) {
    CommandLine command_line(
        "status",
        "Shows where the catalogue is, what it holds, when it was last synced, with which "
        "scope, and how old its data is; and, while a sync runs, its process and since when.",
        {"kolcat status", "kolcat status --format json", "kolcat status --path demo-catalogue"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    command_line.add_value_option("path",
                                  "Print only where kolcat keeps this file: catalogue, "
                                  "demo-catalogue or local-indicators (it need not exist).",
                                  "name");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    if (const auto name = command_line.value("path")) {
        write_stdout(file_location(command_line, *name).string() + "\n");
        return exit_ok;
    }
    const RenderOptions options = command_line.render_options();
    const auto path = command_line.catalogue_path();
    const catalogue::Catalogue catalogue = open_for_reading(path);
    warn_if_demo_data(catalogue);

    const catalogue::CatalogueCounts counts = catalogue.counts();
    // Without their segments: thousands of them on a full mirror, and only their number shows.
    const auto last_finished = catalogue.last_finished_run(catalogue::RunDetail::summary);
    const auto last = catalogue.last_run(catalogue::RunDetail::summary);

    Table table;
    table.columns = {{"field", Align::left, {}}, {"value", Align::left, {}, 80, true}};
    add(table, "catalogue", path.string());
    add(table, "schema_version", static_cast<std::int64_t>(catalogue.schema_version()));
    add(table, "data_source",
        catalogue::holds_demo_data(catalogue)
            ? std::string("DEMO (offline demo server, not real data)")
            : catalogue.meta("data_source").value_or("kolada"));
    add(table, "api_url", cell(catalogue.meta("api_url")));
    add(table, "kpis", counts.kpis);
    add(table, "retired_kpis", counts.retired_kpis);
    add(table, "municipalities", counts.municipalities);
    add(table, "municipality_groups", counts.municipality_groups);
    add(table, "kpi_groups", counts.kpi_groups);
    add(table, "values", counts.values);
    add(table, "kpis_with_values", counts.kpis_with_values);
    add(table, "units_with_values", counts.units_with_values);
    add(table, "periods",
        counts.first_period
            ? Cell(std::to_string(*counts.first_period) + "-" + std::to_string(*counts.last_period))
            : Cell(Missing{}));
    if (last_finished) {
        add(table, "last_sync", cell(last_finished->finished_at));
        add(table, "last_sync_mode", sync_mode(*last_finished));
        add(table, "last_sync_scope", scope_summary(last_finished->scope));
        add(table, "data_age", cell(data_age(last_finished)));
        const auto& missing = last_finished->missing_ids;
        if (!missing.empty()) {
            add(table, "missing_ids_count", static_cast<std::int64_t>(missing.size()));
            // A table shows the first few; JSON and CSV list them all for scripts.
            constexpr std::size_t shown = 8;
            if (options.format == OutputFormat::table && missing.size() > shown) {
                add(table, "missing_ids",
                    join({missing.begin(), missing.begin() + shown}) +
                        ", ... (--format json "
                        "lists all)");
            } else {
                add(table, "missing_ids", join(missing));
            }
        }
    } else {
        add(table, "last_sync", std::string("never finished"));
    }
    if (!catalogue.has_metadata()) {
        add(table, "next_step",
            std::string("run 'kolcat sync': the catalogue holds no Kolada data yet"));
    }
    const std::string failure = catalogue.meta(catalogue::meta_last_sync_failure).value_or("");
    if (const auto running = running_sync(path)) {
        // A sync at work: the latest run is its own, or one it is about to resume or replace.
        add(table, "latest_run", describe_running(*running));
    } else if (last && (!last_finished || last->id != last_finished->id)) {
        add(table, "latest_run", run_status_name(last->status) + ", started " + last->started_at);
        if (last->error && failure.find(*last->error) == std::string::npos) {
            add(table, "latest_run_error", *last->error);
        }
    }
    if (!failure.empty()) {
        // Also a failure before any run was recorded, e.g. no network for the metadata.
        add(table, "last_sync_failure", failure);
    }
    if (options.format == OutputFormat::json) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        const std::string rows = render(table, options);
        for (const auto& row : nlohmann::ordered_json::parse(rows)) {
            object[row["field"].get<std::string>()] = row["value"];
        }
        write_stdout(object.dump(2) + "\n");
        return exit_ok;
    }
    write_stdout(render(table, options));
    return exit_ok;
}

}  // namespace kolcat::cli
