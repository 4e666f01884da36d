// kolcat report: the benchmarking report as one self-contained HTML file.

#include <set>
#include <string>

#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/focus_region.hpp"
#include "cli/output/time_text.hpp"
#include "curated/indicators.hpp"
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

}  // namespace

int run_report_command(const QStringList& arguments) {
    CommandLine command_line(
        "report",
        "Writes the benchmarking report: one self-contained HTML file (no scripts, fonts, images "
        "or network requests; prints on A4) with a summary per sub-goal, for each curated key "
        "figure a bar chart of the compared regions, a women/men chart, a ten-year trend and the "
        "numbers, the sex-breakdown check, and the sources. Swedish by default. The file is "
        "written atomically: on any error nothing is written.",
        {"kolcat report --out norrbotten.html",
         "kolcat report --out modellregioner.html --against model-regions --goal 5",
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
    command_line.add_value_option("goal", "Only this sub-goal, 1 to 6 (default: all six).", "N");
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
    request.goal = command_line.int_value("goal", 1, 6);
    const auto period_years = command_line.period_years("year");
    request.years = period_years.years;
    request.common_year = period_years.common;
    request.language = parse_language(command_line.value("lang").value_or("sv"));
    request.generated_at = utc_timestamp_now();

    catalogue::Catalogue catalogue =
        open_synced(command_line.catalogue_path(), CuratedCopy::refresh);
    if (!unit_may_exist(catalogue, request.region)) {
        throw NotFoundError("unit " + request.region + " is not in the catalogue");
    }
    ReportData data;
    try {
        data = report::collect_report(catalogue, request);
    } catch (const curated::UnitListError& error) {
        throw_against_error(error);
    } catch (const curated::IndicatorsError& error) {
        throw UsageError(error.what());
    }
    data.catalogue_argument = catalogue_argument(command_line);
    const std::string html = report::render_report_html(data);
    report::write_file_atomically(*out, html);
    write_stdout("Wrote " + *out + ": " + std::to_string(distinct_kpis(data)) + " key figures in " +
                 std::to_string(data.sections.size()) +
                 (data.sections.size() == 1 ? " sub-goal section, " : " sub-goal sections, ") +
                 data.focus_title + " against " + data.against_label + ".\n");
    return exit_ok;
}

}  // namespace kolcat::cli
