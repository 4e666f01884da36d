// kolcat indicators check: validate the curated key figures (the project's files and the
// user's local file) against Kolada's metadata.

#include <optional>

#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/indicators_access.hpp"
#include "curated/indicators_check.hpp"

namespace kolcat::cli {
namespace {

int run_check(const QStringList& arguments) {
    CommandLine command_line(
        "indicators check",
        "Validates the curated key figures in indicators/ and your local file against Kolada's "
        "metadata: unknown or retired ids, a level that contradicts the key figure's "
        "municipality_type, references to undefined goals or targets, duplicates, and region "
        "sets with unknown units. A malformed file gives one error with its file and line.\n"
        "By default the catalogue's metadata is used (run 'kolcat sync' first); --kpi-json "
        "checks against a Kolada kpi.json file instead (municipality.json and "
        "municipality_groups.json next to it are used for the region sets).\n"
        "Exit code 0 when everything is valid, 6 when there are problems, 4 when a file cannot "
        "be read.",
        {"kolcat indicators check",
         "kolcat indicators check --kpi-json ../shared/kolada-snapshot/kpi.json"});
    command_line.add_catalogue_option();
    command_line.add_value_option("kpi-json", "Check against this Kolada kpi.json file.", "file");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    const curated::IndicatorSet set = load_curated_indicators();
    std::vector<curated::IndicatorProblem> problems;
    std::string against;
    if (const auto kpi_json = command_line.value("kpi-json")) {
        const curated::MetadataFiles files = curated::read_metadata_files(*kpi_json);
        problems = curated::check_indicators(set, curated::files_lookup(files));
        against = *kpi_json;
    } else {
        const catalogue::Catalogue catalogue = open_for_reading(command_line.catalogue_path());
        if (!catalogue.has_metadata()) {
            // Nothing to check against is not a problem in the files: say what to do.
            throw catalogue::CatalogueError(
                "the catalogue " + catalogue.path().string() +
                " holds no Kolada metadata to check against: run 'kolcat sync' "
                "first, or use --kpi-json FILE");
        }
        problems = curated::check_indicators(set, catalogue);
        against = catalogue.path().string();
    }
    for (const auto& problem : problems) {
        write_stdout(curated::format_problem(problem) + "\n");
    }
    if (!problems.empty()) {
        write_stderr_line("kolcat: " + std::to_string(problems.size()) +
                          " problem(s) in the curated indicators (checked against " + against +
                          ")");
        return exit_problems;
    }
    write_stdout("OK: " + std::to_string(set.kpis.size()) + " key figures, " +
                 std::to_string(set.region_sets.size()) + " region sets and " +
                 std::to_string(set.files.size()) + " files are valid against " + against + "\n");
    return exit_ok;
}

}  // namespace

int run_indicators_command(const QStringList& arguments) {
    const QString action = arguments.size() > 1 ? arguments.at(1) : QString();
    if (action == "check") {
        return run_check(QStringList{"indicators check"} + arguments.mid(2));
    }
    if (action.isEmpty() || action == "--help" || action == "-h") {
        write_stdout(
            "Usage: kolcat indicators check [options]\n\n"
            "Validates the curated key figures against Kolada's metadata.\n"
            "Run 'kolcat indicators check --help' for its options.\n");
        return action.isEmpty() ? exit_usage : exit_ok;
    }
    throw UsageError("unknown action 'indicators " + action.toStdString() +
                     "': the only action is 'kolcat indicators check'");
}

}  // namespace kolcat::cli
