// kolcat verify: fetch a sample of what the catalogue holds again and list every cell that
// differs from Kolada's fresh answer; --repair fetches the segments that differed whole again.

#include "sync/kolada/verify.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <set>

#include "analysis/gaps.hpp"
#include "catalogue/catalogue.hpp"
#include "cli/api_url.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/cell_difference_spill.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/progress_printer.hpp"
#include "cli/request_options.hpp"
#include "cli/sync_lock.hpp"
#include "cli/temp_file.hpp"
#include "cli/user_paths.hpp"
#include "sync/http/http_json_fetcher.hpp"
#include "sync/kolada/sync_engine.hpp"

namespace kolcat::cli {
namespace {

void add_verify_options(CommandLine& command_line) {
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    add_api_url_option(command_line);
    command_line.add_value_option(
        "sample", "How many segments to verify, chosen at random (default 5).", "n", "5");
    command_line.add_value_option(
        "seed", "Choose the sample with this seed: the one a run printed, to repeat it.", "s");
    command_line.add_flag("all", "Verify every segment instead of a sample.");
    command_line.add_id_list_option(
        "kpi", "Verify only these key figures, comma-separated (default: all synced).", "ids");
    command_line.add_id_list_option(
        "unit",
        "Verify only these municipalities, regions or groups, comma-separated (default: all "
        "synced).",
        "ids");
    command_line.add_flag("repair",
                          "Fetch the segments that differed whole again and store them (takes "
                          "the sync lock).");
    add_request_options(command_line);
    command_line.add_flag("wait", "With --repair: if a sync holds the catalogue, wait for it.");
    command_line.add_flag("quiet", "No progress, no summary: only the differences and errors.");
}

std::uint64_t parse_seed(const std::string& text) {
    std::uint64_t seed = 0;
    const bool digits =
        !text.empty() && text.size() <= 20 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) {
        for (const char c : text) {
            const std::uint64_t next = seed * 10 + static_cast<std::uint64_t>(c - '0');
            if (next / 10 != seed) {
                return parse_seed("x");  // overflow
            }
            seed = next;
        }
        return seed;
    }
    throw UsageError("invalid --seed '" + text + "': expected a whole number such as 12345");
}

// A fresh seed small enough to type back.
std::uint64_t random_seed() {
    std::random_device device;
    return device() % 1'000'000'000U;
}

std::string join(const std::vector<std::string>& ids, const char* separator = ",") {
    std::string out;
    for (const auto& id : ids) {
        out += (out.empty() ? "" : separator) + id;
    }
    return out;
}

// The synced pairs to verify, as the catalogue's rectangles of them: those of key figures
// Kolada still lists, aimed by --kpi/--unit.
std::vector<catalogue::Catalogue::SyncedRectangle> pairs_to_verify(
    const catalogue::Catalogue& catalogue, const std::vector<std::string>& kpis,
    const std::vector<std::string>& units) {
    const std::set<std::string> wanted_kpis(kpis.begin(), kpis.end());
    const std::set<std::string> wanted_units(units.begin(), units.end());
    const auto unwanted = [](const std::set<std::string>& wanted) {
        return
            [&wanted](const std::string& id) { return !wanted.empty() && wanted.count(id) == 0; };
    };
    const auto holds_no_pair = [](const catalogue::Catalogue::SyncedRectangle& rectangle) {
        return rectangle.kpis.empty() || rectangle.units.empty();
    };
    auto rectangles = catalogue.synced_rectangles();
    for (auto& rectangle : rectangles) {
        std::erase_if(rectangle.kpis, unwanted(wanted_kpis));
        std::erase_if(rectangle.units, unwanted(wanted_units));
    }
    std::erase_if(rectangles, holds_no_pair);
    // A retired key figure is no longer synced (Kolada answers nothing for it): its stored
    // values are kept on purpose, not a difference.
    std::set<std::string> pair_kpis;
    for (const auto& rectangle : rectangles) {
        pair_kpis.insert(rectangle.kpis.begin(), rectangle.kpis.end());
    }
    const auto unknown = catalogue.unknown_kpis({pair_kpis.begin(), pair_kpis.end()});
    const std::set<std::string> retired(unknown.begin(), unknown.end());
    for (auto& rectangle : rectangles) {
        std::erase_if(rectangle.kpis,
                      [&](const std::string& id) { return retired.count(id) != 0; });
    }
    std::erase_if(rectangles, holds_no_pair);
    if (rectangles.empty()) {
        if (kpis.empty() && units.empty()) {
            throw catalogue::CatalogueError(
                "nothing to verify: no key figure has been synced over every year yet; run "
                "'kolcat sync' first");
        }
        std::string sync = "kolcat sync";
        if (!kpis.empty()) {
            sync += " --kpi " + join(kpis);
        }
        if (!units.empty()) {
            sync += " --unit " + join(units);
        }
        throw NotFoundError(
            "nothing to verify: the catalogue has not synced this selection over "
            "every year (to sync it: " +
            sync + ")");
    }
    return rectangles;
}

Cell optional_number(const std::optional<catalogue::StoredValue>& value) {
    return value ? cell(value->value) : Cell(Missing{});
}
Cell optional_count(const std::optional<catalogue::StoredValue>& value) {
    return value && value->count ? Cell(static_cast<std::int64_t>(*value->count)) : Cell(Missing{});
}
Cell optional_status(const std::optional<catalogue::StoredValue>& value) {
    return value ? Cell(value->status) : Cell(Missing{});
}

std::string differing_fields(const sync::CellDifference& difference) {
    std::vector<std::string> fields;
    if (difference.value_differs) {
        fields.emplace_back("value");
    }
    if (difference.count_differs) {
        fields.emplace_back("count");
    }
    if (difference.status_differs) {
        fields.emplace_back("status");
    }
    return join(fields, " ");
}

// Columns: kpi,unit,period,gender,difference,fields,stored_value,kolada_value,stored_count,
// kolada_count,stored_status,kolada_status.
std::vector<Column> difference_columns() {
    return {{"kpi", Align::left, {}},           {"unit", Align::left, {}},
            {"period", Align::right, {}},       {"gender", Align::left, {}},
            {"difference", Align::left, {}},    {"fields", Align::left, {}},
            {"stored_value", Align::right, {}}, {"kolada_value", Align::right, {}},
            {"stored_count", Align::right, {}}, {"kolada_count", Align::right, {}},
            {"stored_status", Align::left, {}}, {"kolada_status", Align::left, {}}};
}

std::vector<Cell> difference_row(const sync::CellDifference& d) {
    return {d.kpi,
            d.unit,
            static_cast<std::int64_t>(d.period),
            std::string(to_string(d.gender)),
            std::string(to_string(d.kind)),
            differing_fields(d),
            optional_number(d.stored),
            optional_number(d.kolada),
            optional_count(d.stored),
            optional_count(d.kolada),
            optional_status(d.stored),
            optional_status(d.kolada)};
}

// The differences, row by row in the spill's order: the rows are made as they are written,
// never held as a table or a text (a table is measured in a first pass over the spill).
void write_differences(const CellDifferenceSpill& differences, const RenderOptions& options) {
    if (differences.size() == 0 && options.format != OutputFormat::csv &&
        options.format != OutputFormat::json) {
        return;
    }
    const std::vector<Column> columns = difference_columns();
    std::optional<TableLayout> layout;
    if (needs_layout(columns, options)) {
        TableMeasure measure(columns, options.locale);
        differences.for_each(
            [&measure](const sync::CellDifference& d) { measure.add_row(difference_row(d)); });
        layout = measure.layout();
    }
    RowSink sink(columns, options, write_stdout, layout);
    differences.for_each(
        [&sink](const sync::CellDifference& d) { sink.add_row(difference_row(d)); });
    sink.finish();
}

// What the summary line counts: kept as the segments are checked, their differences spilled.
struct VerifyTally {
    std::size_t segments = 0;
    std::size_t cells = 0;
    std::size_t by_kind[3] = {0, 0, 0};  // indexed by sync::DifferenceKind

    void add(const sync::SegmentCheck& check) {
        ++segments;
        cells += std::max(check.stored_cells, check.kolada_cells);
        for (const auto& difference : check.differences) {
            ++by_kind[static_cast<std::size_t>(difference.kind)];
        }
    }
};

std::string summary(const VerifyTally& tally, std::size_t differing_segments) {
    const std::size_t* counts = tally.by_kind;
    const std::size_t total = counts[0] + counts[1] + counts[2];
    std::string text = "Verified " + std::to_string(tally.segments) + " segment" +
                       (tally.segments == 1 ? "" : "s") + " (" +
                       group_digits(static_cast<long long>(tally.cells)) + " cells): ";
    if (total == 0) {
        return text + "every cell matches Kolada.";
    }
    return text + group_digits(static_cast<long long>(total)) + " difference" +
           (total == 1 ? "" : "s") + " in " + std::to_string(differing_segments) + " segment" +
           (differing_segments == 1 ? "" : "s") + " (" + std::to_string(counts[0]) + " changed, " +
           std::to_string(counts[1]) + " missing locally, " + std::to_string(counts[2]) +
           " extra locally).";
}

}  // namespace

int run_verify_command(const QStringList& arguments) {
    CommandLine command_line(
        "verify",
        "Checks that the catalogue still answers like Kolada: fetches a sample of what it holds "
        "again, without from_date, and lists every cell that differs (stored value, count or "
        "status vs Kolada's, missing locally, or extra locally). Municipality groups are "
        "included: Kolada computes their means on request.\n\n"
        "A segment is the unit of work of a sync: up to 25 key figures x up to 25 units of the "
        "(key figure, unit) pairs the catalogue has synced over every year, fetched as one "
        "request chain with every year. The sample is chosen at random; the seed is printed so "
        "that --seed repeats it.\n\n"
        "Writes nothing unless --repair is given. --repair fetches the segments that differed "
        "whole again and stores them, removing what Kolada no longer has; it takes the sync "
        "lock, and leaves an unfinished sync and the base of the next incremental sync alone.\n\n"
        "Exit code 0: every cell matches; 7: differences were found (also when --repair fixed "
        "them); 5: Kolada could not be reached.",
        {"kolcat verify", "kolcat verify --all --format csv > differences.csv",
         "kolcat verify --sample 20 --seed 421337",
         "kolcat verify --kpi N00945 --unit 0025,G33632 --repair"});
    add_verify_options(command_line);
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    if (!command_line.positional().empty()) {
        throw UsageError("unexpected argument '" + command_line.positional().front() +
                         "' (use --kpi and --unit)");
    }
    const bool all = command_line.flag("all");
    const bool sample_given = command_line.parser().isSet("sample");
    const auto seed_text = command_line.value("seed");
    if (all && (sample_given || seed_text)) {
        throw UsageError(std::string("--all verifies every segment: it excludes ") +
                         (sample_given ? "--sample" : "--seed"));
    }
    const auto sample = static_cast<std::size_t>(*command_line.int_value("sample", 1, 1'000'000));
    const std::uint64_t seed = seed_text ? parse_seed(*seed_text) : random_seed();
    const auto kpis = command_line.id_list("kpi");
    const auto units = command_line.id_list("unit");
    const bool repair = command_line.flag("repair");
    const bool quiet = command_line.flag("quiet");
    const RenderOptions render_options = command_line.render_options();

    sync::SyncOptions sync_options;
    sync_options.api_url = api_url(command_line);
    const http::FetcherOptions fetcher_options = request_options(command_line);

    const auto path = command_line.catalogue_path();
    // A repair writes: like a sync, it holds the lock from before it reads until it is done.
    std::optional<SyncLock> lock;
    std::optional<catalogue::Catalogue> opened;
    if (repair) {
        std::error_code error;
        if (!std::filesystem::exists(path, error)) {
            throw catalogue::CatalogueError("no catalogue at " + path.string() +
                                            ": run 'kolcat sync' first, or point --catalogue or "
                                            "KOLCAT_CATALOGUE at one");
        }
        lock.emplace(path, command_line.flag("wait"));
        opened.emplace(open_for_reading(path));
    } else {
        opened.emplace(open_read_only(path));
    }
    catalogue::Catalogue& catalogue = *opened;
    warn_if_demo_data(catalogue);
    require_synced(catalogue);
    require_known(catalogue, kpis, units);
    if (const auto synced_from = catalogue.meta(catalogue::meta_api_url);
        synced_from && *synced_from != sync_options.api_url) {
        write_stderr_line("kolcat: note: the catalogue was synced from " + *synced_from +
                          "; verifying against " + sync_options.api_url);
    }

    const std::vector<catalogue::SyncSegment> plan =
        sync::plan_verify(pairs_to_verify(catalogue, kpis, units));
    const std::vector<std::size_t> chosen =
        sync::sample_indexes(plan.size(), all ? plan.size() : sample, seed);
    const bool sampled = chosen.size() < plan.size();
    if (!quiet) {
        write_stderr_line(!sampled ? "Verifying all " + std::to_string(plan.size()) + " segments."
                                   : "Verifying " + std::to_string(chosen.size()) + " of " +
                                         std::to_string(plan.size()) +
                                         " segments, chosen with seed " + std::to_string(seed) +
                                         " (repeat with --seed " + std::to_string(seed) + ").");
    }

    ProgressPrinter printer("verify", !quiet && isatty(STDERR_FILENO) != 0, quiet);
    http::HttpJsonFetcher fetcher(fetcher_options);
    fetcher.set_retry_notice(
        [&printer](const http::RetryNotice& notice) { printer.notice(notice); });

    // Each segment's differences go to disk as it is checked: only counts stay in memory.
    CellDifferenceSpill differences(temp_folder(process_environment()));
    VerifyTally tally;
    std::vector<std::size_t> differing;  // indexes into the plan
    sync::SyncProgress progress;
    progress.phase = sync::SyncPhase::data;
    progress.segments_total = chosen.size();
    for (const std::size_t index : chosen) {
        printer.update(progress);
        sync::SegmentCheck check =
            sync::verify_segment(catalogue, fetcher, sync_options.api_url, plan[index]);
        tally.add(check);
        if (!check.differences.empty()) {
            differing.push_back(index);
        }
        ++progress.segments_done;
        progress.requests = fetcher.requests();
        progress.values += static_cast<std::int64_t>(check.kolada_cells);
        differences.add_run(std::move(check.differences));
    }
    printer.clear();

    write_differences(differences, render_options);
    if (!quiet) {
        write_stderr_line(summary(tally, differing.size()));
    }
    if (differing.empty()) {
        return exit_ok;
    }
    if (!repair) {
        if (!quiet) {
            write_stderr_line(
                "Run again with --repair to fetch the " + std::to_string(differing.size()) +
                " segment" + (differing.size() == 1 ? "" : "s") + " that differ whole again" +
                (sampled ? " (add --seed " + std::to_string(seed) + " to repeat this sample)."
                         : "."));
        }
        return exit_differences;
    }

    sync_options.progress = [&printer](const sync::SyncProgress& update) {
        printer.update(update);
    };
    std::vector<catalogue::SyncSegment> to_repair;
    for (const std::size_t index : differing) {
        to_repair.push_back(plan[index]);
    }
    const sync::SyncReport report = sync::run_repair(catalogue, fetcher, sync_options, to_repair);
    analysis::refresh_breakdown_summary(catalogue);
    printer.clear();
    if (!quiet) {
        write_stderr_line("Repaired " + std::to_string(report.segments_fetched) + " segment" +
                          (report.segments_fetched == 1 ? "" : "s") + ": " +
                          group_digits(report.values_received) + " values fetched in " +
                          group_digits(report.requests) + " requests.");
    }
    return exit_differences;
}

}  // namespace kolcat::cli
