// kolcat report: the benchmarking report as one self-contained HTML file.

#include <algorithm>
#include <charconv>
#include <set>
#include <string>
#include <vector>

#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/focus_region.hpp"
#include "cli/output/time_text.hpp"
#include "curated/indicators.hpp"
#include "curated/indicators_store.hpp"
#include "report/collect.hpp"
#include "report/html.hpp"
#include "report/writer.hpp"

namespace kolcat::cli {
namespace {

using report::ReportData;
using report::ReportLanguage;
using report::ReportRequest;

ReportLanguage parse_language(const std::string& word) {
    if (word == "sv") {
        return ReportLanguage::sv;
    }
    if (word == "en") {
        return ReportLanguage::en;
    }
    throw UsageError("invalid --lang '" + word + "': expected sv or en");
}

std::size_t distinct_kpis(const ReportData& data) {
    std::set<std::string> ids;
    for (const auto& section : data.sections) {
        for (const auto& kpi : section.kpis) {
            ids.insert(kpi.id);
        }
    }
    return ids.size();
}

// "3,5,6" -> {3, 5, 6}: each a sub-goal number, none twice.
std::vector<int> parse_goals(const std::string& text) {
    std::vector<int> goals;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        std::string word =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        word.erase(0, word.find_first_not_of(' '));
        word.erase(word.find_last_not_of(' ') + 1);
        int goal = 0;
        const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), goal);
        if (word.empty() || error != std::errc() || end != word.data() + word.size() || goal < 1 ||
            goal > 6) {
            throw UsageError("invalid --goal '" + text +
                             "': expected sub-goals 1 to 6, comma-separated (e.g. 3,5,6)");
        }
        if (std::find(goals.begin(), goals.end(), goal) == goals.end()) {
            goals.push_back(goal);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    std::sort(goals.begin(), goals.end());
    return goals;
}

report::ReportSelection selection(const CommandLine& command_line) {
    report::ReportSelection chosen;
    if (const auto goals = command_line.value("goal")) {
        chosen.goals = parse_goals(*goals);
    }
    chosen.sdg = command_line.int_value("sdg", 1, 17);
    if (const auto target = command_line.value("target")) {
        if (target->empty()) {
            throw UsageError("--target needs a target id, e.g. 5.5");
        }
        chosen.target = *target;
    }
    if (command_line.value("kpi")) {
        chosen.kpis = command_line.id_list("kpi");
    }
    return chosen;
}

// Each --kpi must be a key figure the catalogue knows and the curated set holds: the report's
// sections are the curated sub-goals.
void require_curated(catalogue::Catalogue& catalogue, const std::vector<std::string>& ids) {
    const bool check_metadata = catalogue.has_metadata();
    for (const auto& id : ids) {
        if (check_metadata && !catalogue.kpi(id)) {
            throw NotFoundError("key figure " + id +
                                " is not in the catalogue (try 'kolcat search')");
        }
        if (!curated::curated_kpi(catalogue, id)) {
            throw NotFoundError("key figure " + id +
                                " is not curated: the report shows curated key figures (try "
                                "'kolcat compare " +
                                id + "')");
        }
    }
}

}  // namespace

int run_report_command(const QStringList& arguments) {
    CommandLine command_line(
        "report",
        "Writes the benchmarking report: one self-contained HTML file (no scripts, fonts, images "
        "or network requests; prints on A4) with a summary per sub-goal, for each curated key "
        "figure the latest values of the compared regions (bars, or dots on an axis that does "
        "not start at zero when the values lie far from it), women against men (a pair of key "
        "figures drawn once, in one chart), a ten-year trend of T and of the gap K-M, and the "
        "numbers, the sex-breakdown check, and the sources. Every table has a link that "
        "downloads it as excel-sv CSV, carried in the file. Swedish by default. The file is "
        "written atomically: on any error nothing is written.",
        {"kolcat report --out norrbotten.html",
         "kolcat report --out modellregioner.html --against model-regions --goal 5",
         "kolcat report --out norrbotten-kort.html --compact --goal 3,5,6",
         "kolcat report --out halsa.html --target 3.8 --kpi N00923,N00925",
         "kolcat report --out report.html --region 0024 --lang en",
         "kolcat report --out report-2022.html --year 2022"});
    command_line.add_catalogue_option();
    command_line.add_value_option("out", "The HTML file to write (required).", "FILE");
    command_line.add_value_option("region", "The focus region (default 0025, Region Norrbotten).",
                                  "ID", "0025");
    command_line.add_value_option(
        "against",
        "The units to compare with: a region set (e.g. model-regions, north, all-regions) or "
        "comma-separated unit ids (default all-regions; Riket is always the reference).",
        "SET|IDS", "all-regions");
    command_line.add_value_option(
        "goal",
        "Only these sub-goals, 1 to 6, comma-separated (e.g. 3,5,6; default: all six). A key "
        "figure serving any of them is shown.",
        "N[,N...]");
    command_line.add_value_option(
        "sdg", "Only key figures tagged with a target of this Agenda 2030 goal, 1 to 17.", "N");
    command_line.add_value_option(
        "target", "Only key figures tagged with this Agenda 2030 target, e.g. 5.5.", "TARGET");
    command_line.add_id_list_option(
        "kpi", "Only these curated key figures, comma-separated (e.g. N00957,N00923).", "ids");
    command_line.add_flag(
        "compact",
        "The short form for a meeting: the summary, the key figures whose sex gap is flagged, "
        "then one table per sub-goal in which each key figure appears once, with all its "
        "sub-goals named.");
    command_line.add_year_option(
        {"year", "years"},
        "The year compared, per key figure, as in 'kolcat compare': 'latest' (the default: the "
        "latest year with a value for the focus), 'common', one year, or a set such as "
        "2015,2020,2022-2023 (its latest year with a value for the focus). The trend ends there.",
        "YEARS");
    command_line.add_value_option("lang", "The report's language: sv (default) or en.", "LANG",
                                  "sv");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    if (!command_line.positional().empty()) {
        throw UsageError("report takes no positional arguments (did you mean --out FILE?)");
    }
    const auto out = command_line.value("out");
    if (!out || out->empty()) {
        throw UsageError("report needs --out FILE.html, the file to write");
    }
    ReportRequest request;
    request.region = command_line.id_value("region").value_or("0025");
    require_focus_not_riket(request.region);
    request.against = command_line.value("against").value_or("all-regions");
    request.selection = selection(command_line);
    const auto period_years = command_line.period_years("year");
    request.years = period_years.years;
    request.common_year = period_years.common;
    request.language = parse_language(command_line.value("lang").value_or("sv"));
    request.generated_at = utc_timestamp_now();

    curated::IndicatorSet indicators;
    catalogue::Catalogue catalogue = open_synced(command_line.catalogue_path(), indicators);
    request.notes = indicators.notes;
    if (!unit_may_exist(catalogue, request.region)) {
        throw NotFoundError("unit " + request.region + " is not in the catalogue");
    }
    require_curated(catalogue, request.selection.kpis);
    ReportData data;
    try {
        data = report::collect_report(catalogue, request);
    } catch (const curated::UnitListError& error) {
        throw_against_error(error);
    } catch (const curated::IndicatorsError& error) {
        throw UsageError(error.what());
    }
    if (distinct_kpis(data) == 0 && !request.selection.empty()) {
        throw NotFoundError("no curated key figure matches the given --goal/--sdg/--target/--kpi");
    }
    data.catalogue_argument = catalogue_argument(command_line);
    data.compact = command_line.flag("compact");
    const std::string html = report::render_report_html(data);
    report::write_file_atomically(*out, html);
    write_stdout("Wrote " + *out + ": " + std::to_string(distinct_kpis(data)) + " key figures in " +
                 std::to_string(data.sections.size()) +
                 (data.sections.size() == 1 ? " sub-goal section, " : " sub-goal sections, ") +
                 data.focus_title + " against " + data.against_label + ".\n");
    return exit_ok;
}

}  // namespace kolcat::cli
