// kolcat sync: fetch metadata and values from Kolada into the catalogue.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "analysis/gaps.hpp"
#include "catalogue/catalogue.hpp"
#include "cli/api_url.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/heap_tuning.hpp"
#include "cli/indicators_access.hpp"
#include "cli/interrupt_handlers.hpp"
#include "cli/output/time_text.hpp"
#include "cli/progress_printer.hpp"
#include "cli/request_options.hpp"
#include "cli/sync_lock.hpp"
#include "curated/indicators_store.hpp"
#include "sync/http/http_json_fetcher.hpp"
#include "sync/http/interruption.hpp"
#include "sync/kolada/change_check.hpp"
#include "sync/kolada/planner.hpp"
#include "sync/kolada/request_floor.hpp"
#include "sync/kolada/scope.hpp"
#include "sync/kolada/sync_engine.hpp"

namespace kolcat::cli {
namespace {

void add_sync_options(CommandLine& command_line) {
    command_line.add_catalogue_option();
    add_api_url_option(command_line);
    command_line.add_id_list_option(
        "kpi",
        "Key figures (or KPI groups such as G2KPI148336), comma-separated. Default: the curated "
        "equality set in indicators/.",
        "ids");
    command_line.add_id_list_option(
        "unit",
        "Municipalities, regions, Riket or municipality groups, comma-separated, and the words "
        "all (every municipality and region, and Riket), all-municipalities and all-regions "
        "(Riket left out); groups are never implied. Default: Riket, the 21 regions, the 21 "
        "county groups, Norrbotten's 14 municipalities and its comparison groups.",
        "ids");
    command_line.add_year_option(
        {"years", "year"},
        "Years: 2015, 2010-2023, 2010-, -2015 or a list such as 2015,2020,2022-2023. An open "
        "range ends at the current year or starts at 1970. Default: every year.");
    command_line.add_flag("all-kpis", "Every key figure in Kolada's catalogue (over 6 000).");
    command_line.add_flag("full",
                          "A full refresh: fetch everything again, not only changes since the "
                          "last sync, and remove values Kolada no longer has.");
    add_request_options(command_line);
    command_line.add_flag("restart",
                          "Do not resume an interrupted or failed sync: start a new one (what "
                          "the old one stored stays).");
    command_line.add_flag("dry-run",
                          "Print the plan (segments, expected requests, the floor, the time at "
                          "--max-rps) from the stored metadata and values; fetch nothing, write "
                          "nothing.");
    command_line.add_flag("wait", "If another sync holds the catalogue, wait for it.");
    command_line.add_flag("quiet", "No progress, no summary: only warnings and errors.");
}

sync::ScopeRequest scope_request(const CommandLine& command_line) {
    sync::ScopeRequest request;
    const auto kpis = command_line.id_list("kpi");
    if (command_line.flag("all-kpis")) {
        if (!kpis.empty()) {
            throw UsageError("--all-kpis and --kpi exclude each other");
        }
        request = sync::default_scope_request();
        request.kpis.clear();
        request.kpi_groups.clear();
        request.all_kpis = true;
    } else if (!kpis.empty()) {
        request = sync::default_scope_request();
        request.kpi_groups.clear();
        request.kpis = kpis;
    } else {
        request = sync::default_scope_request(curated::sync_kpi_ids(load_curated_indicators()));
    }
    if (const auto units = command_line.id_list(
            "unit", {sync::all_units_word, sync::all_municipalities_word, sync::all_regions_word});
        !units.empty()) {
        request.units = units;
        request.all_regions = false;
        sync::expand_unit_words(request);
    }
    if (const auto years = command_line.year_set("years")) {
        const int current_year = std::stoi(utc_date_today().substr(0, 4));
        request.years = sync::sync_years(*years, current_year);
        if (request.years.empty()) {
            throw UsageError("--years " + years->text() + " names no year up to " +
                             std::to_string(current_year) + ", the current year");
        }
    }
    return request;
}

std::string join(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) {
        out += (out.empty() ? "" : ", ") + id;
    }
    return out;
}

// "12.3 MB": decimal units, as network figures are.
std::string byte_text(std::int64_t bytes) {
    char text[32];
    if (bytes < 1000) {
        std::snprintf(text, sizeof text, "%lld bytes", static_cast<long long>(bytes));
    } else if (bytes < 1000 * 1000) {
        std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(bytes) / 1e3);
    } else if (bytes < 1000LL * 1000 * 1000) {
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    } else {
        std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(bytes) / 1e9);
    }
    return text;
}

std::string seconds_text(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", seconds);
    return text;
}

// "13 for data against a floor of 11 (52,311 items), 5 for metadata"
std::string request_split(std::int64_t data_requests, std::int64_t metadata_requests,
                          const std::optional<sync::PlanEstimate>& floor) {
    std::string text = group_digits(data_requests) + " for data";
    if (floor) {
        text += " against a floor of " + group_digits(floor->floor) + " (" +
                group_digits(floor->items) + " items)";
    }
    return text + ", " + group_digits(metadata_requests) + " for metadata";
}

void print_summary(const sync::SyncReport& report, double seconds) {
    std::string text = "Synced " + group_digits(report.values_received) + " values in " +
                       group_digits(report.requests) + " requests (" +
                       request_split(report.requests - report.metadata_requests,
                                     report.metadata_requests, report.floor) +
                       "; " + std::to_string(report.segments_fetched) + " of " +
                       std::to_string(report.segments_total) + " segments fetched";
    if (report.segments_incremental > 0) {
        text += ", " + std::to_string(report.segments_incremental) + " incremental";
    }
    if (report.resumed) {
        text += ", resumed run " + std::to_string(report.run_id) + ": " +
                std::to_string(report.segments_already_done) + " segments were already done";
    }
    text += "), " + byte_text(report.bytes) + " received, in " + seconds_text(seconds) + " s.\n";
    write_stdout(text);
}

std::string segment_line(const catalogue::SyncSegment& segment) {
    // A change check leaves a list out of its request: it asks for every key figure (or unit)
    // at Kolada, and stores those of the scope.
    const std::string kpis =
        segment.open == catalogue::OpenList::kpis
            ? "every key figure (" + std::to_string(segment.kpis.size()) + " of the scope)"
            : std::to_string(segment.kpis.size()) + " key figures";
    const std::string units =
        segment.open == catalogue::OpenList::units
            ? "every unit (" + std::to_string(segment.units.size()) + " of the scope)"
            : std::to_string(segment.units.size()) +
                  (sync::only_municipality_groups(segment.units) ? " groups" : " units");
    std::string line = "  " + std::to_string(segment.seq + 1) + ". " + kpis + " x " + units;
    if (!segment.years.empty()) {
        line += ", " + std::to_string(segment.years.size()) + " years";
    }
    line += segment.from_date ? ", changes since " + *segment.from_date : ", whole";
    line += sync::is_open_check(segment) ? " (change check)" : "";
    if (segment.done) {
        line += " (done)";
    }
    return line + ": " + segment.kpis.front() + (segment.kpis.size() > 1 ? "..." : "") + " x " +
           segment.units.front() + (segment.units.size() > 1 ? "...\n" : "\n");
}

// kolcat sync --dry-run: the plan, from the stored metadata and values, without a request.
int run_dry_run(const CommandLine& command_line, const sync::SyncOptions& options, double max_rps) {
    const catalogue::Catalogue catalogue = open_read_only(command_line.catalogue_path());
    if (!catalogue.has_metadata()) {
        throw catalogue::CatalogueError(
            "--dry-run plans from the stored metadata, and this catalogue has none yet; run "
            "'kolcat sync' (without --dry-run) once first");
    }
    const sync::SyncPreview preview = sync::preview_sync(catalogue, options);
    const sync::PlanEstimate& estimate = preview.estimate;
    const bool pages_known = estimate.items > 0;
    // The groups the change checks find a changed member of are fetched after them: their
    // requests are not known before.
    const bool checks =
        std::any_of(preview.segments.begin(), preview.segments.end(),
                    [](const auto& segment) { return sync::is_open_check(segment); });
    std::string text = "Plan (dry run: nothing fetched, from the stored metadata and values):\n";
    text += "  scope: " + group_digits(static_cast<long long>(preview.scope.kpis.size())) +
            " key figures x " + group_digits(static_cast<long long>(preview.scope.units.size())) +
            " units, " +
            (preview.scope.years.empty() ? std::string("every year")
                                         : std::to_string(preview.scope.years.size()) + " years") +
            "\n";
    text += "  segments: " + group_digits(static_cast<long long>(estimate.segments));
    if (preview.resumed_run_id) {
        text += ", resuming run " + std::to_string(*preview.resumed_run_id) + ": " +
                group_digits(static_cast<long long>(estimate.segments_left)) + " left";
    }
    text += "\n";
    const std::int64_t total = preview.metadata_requests + estimate.expected_requests;
    text += "  expected requests: " + std::string(pages_known && !checks ? "" : "at least ") +
            group_digits(total) + " (" + group_digits(estimate.expected_requests) + " for data, " +
            group_digits(preview.metadata_requests) + " for metadata)\n";
    if (pages_known) {
        text += "  floor: " + group_digits(estimate.floor) + " data requests (" +
                group_digits(estimate.items) + " items stored for the scope, 5 000 a page)\n";
    } else {
        text +=
            "  floor: not known: the catalogue holds no values of this scope yet, so the "
            "pages per segment are not known either\n";
    }
    if (max_rps > 0) {
        text += "  time at " + seconds_text(max_rps) +
                " requests/s: " + std::string(pages_known ? "" : "at least ") +
                seconds_text(static_cast<double>(total) / max_rps) + " s\n";
    } else {
        text += "  time: no rate limit (--max-rps 0)\n";
    }
    if (!preview.missing_ids.empty()) {
        text += "  not in Kolada's catalogue, so not planned: " + join(preview.missing_ids) + "\n";
    }
    text += "Segments:\n";
    for (const auto& segment : preview.segments) {
        text += segment_line(segment);
    }
    write_stdout(text);
    return exit_ok;
}

}  // namespace

int run_sync_command(const QStringList& arguments) {
    CommandLine command_line(
        "sync",
        "Fetches Kolada's metadata (every key figure, municipality, region and group) and the "
        "values of the chosen key figures and units into the catalogue.\n\n"
        "After a successful sync, the next one asks only for changes (from_date, with a day's "
        "margin), once per run for every key figure or every unit, and removes values Kolada "
        "deleted. Municipality groups (G...) are fetched whole when new and whenever a member's "
        "value changed: Kolada computes their means when asked and its change feed never "
        "reports them. If a sync is interrupted, even killed, the "
        "next 'kolcat sync' with the same scope continues where it stopped. Requests are "
        "polite: at most 5 per second by default, with retries and backoff on errors and "
        "Retry-After honoured.",
        {"kolcat sync", "kolcat sync --kpi N00945,N00952 --unit 0025,0000 --years 2010-2023",
         "kolcat sync --all-kpis --unit all --dry-run", "kolcat sync --all-kpis --full",
         "KOLCAT_API_URL=http://127.0.0.1:8080/v3 kolcat sync"});
    add_sync_options(command_line);
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    if (!command_line.positional().empty()) {
        throw UsageError("unexpected argument '" + command_line.positional().front() +
                         "' (use --kpi and --unit)");
    }
    sync::SyncOptions options;
    options.api_url = api_url(command_line);
    options.full = command_line.flag("full");
    options.restart = command_line.flag("restart");
    options.scope = scope_request(command_line);

    const http::FetcherOptions fetcher_options = request_options(command_line);
    const bool quiet = command_line.flag("quiet");
    options.count_floor = !quiet;  // only the summary shows it
    if (command_line.flag("dry-run")) {
        return run_dry_run(command_line, options, fetcher_options.max_rps);
    }

    keep_freed_memory_for_reuse();
    const auto path = command_line.catalogue_path();
    // From here on Ctrl-C stops the sync cleanly (also while it waits for the lock).
    const InterruptHandlers interrupt_handlers;
    create_catalogue_folder(path);  // a first sync into a new folder needs it for the lock
    const SyncLock lock(path, command_line.flag("wait"));
    catalogue::Catalogue catalogue = open_for_writing(path);
    // The curated set and its tags travel with the data, so the catalogue answers offline.
    curated::store_indicators_if_changed(catalogue, load_curated_indicators());

    ProgressPrinter printer("sync", !quiet && isatty(STDERR_FILENO) != 0, quiet);
    http::HttpJsonFetcher fetcher(fetcher_options);
    fetcher.set_retry_notice(
        [&printer](const http::RetryNotice& notice) { printer.notice(notice); });
    options.progress = [&printer](const sync::SyncProgress& progress) { printer.update(progress); };

    const auto started = std::chrono::steady_clock::now();
    const sync::SyncReport report = sync::run_sync(catalogue, fetcher, options);
    // A stop asked for after the last request: the run is finished, but the user asked to stop.
    http::throw_if_interrupted();
    // The sex-breakdown totals are refreshed here, once per sync, so that `kolcat gaps --all`
    // stays fast in the meeting instead of paying for the refresh on its first run.
    analysis::refresh_breakdown_summary(catalogue);
    printer.clear();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (report.abandoned_run_id) {
        write_stderr_line("note: an unfinished sync (run " +
                          std::to_string(*report.abandoned_run_id) +
                          ") was not resumed but abandoned; its finished pages are kept.");
    }
    if (!report.missing_ids.empty()) {
        write_stderr_line(
            "warning: not in Kolada's catalogue (retired or unknown), so not "
            "synced: " +
            join(report.missing_ids));
    }
    if (!quiet) {
        print_summary(report, seconds);
    }
    warn_if_demo_data(catalogue);
    return exit_ok;
}

}  // namespace kolcat::cli
