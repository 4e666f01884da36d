#include "cli/app.hpp"

#include <QCoreApplication>
#include <QStringList>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt_handlers.hpp"
#include "cli/output/output.hpp"
#include "cli/version_text.hpp"
#include "curated/indicators.hpp"
#include "report/writer.hpp"
#include "sync/http/interruption.hpp"
#include "sync/http/sync_error.hpp"

namespace kolcat::cli {
namespace {

struct CommandEntry {
    const char* name;
    const char* summary;
    std::function<int(const QStringList&)> run;
};

const std::vector<CommandEntry>& command_table() {
    static const std::vector<CommandEntry> commands = {
        {"sync", "Fetch key figures and values from Kolada into the local catalogue",
         run_sync_command},
        {"verify", "Fetch a sample again and list every cell that differs from Kolada",
         run_verify_command},
        {"status", "Show the catalogue: where it is, what it holds, how old the data is",
         run_status_command},
        {"search", "Find key figures by words in their title or description", run_search_command},
        {"show", "Show one key figure: metadata, and which units and years have T, K, M",
         run_show_command},
        {"values", "Export values as CSV or JSON", run_values_command},
        {"changes", "List the values published, revised or deleted since a date (old -> new)",
         run_changes_command},
        {"goals", "List the equality sub-goals and Agenda 2030 goals with their key figures",
         run_goals_command},
        {"indicators", "Validate the curated key figures: 'kolcat indicators check'",
         run_indicators_command},
        {"compare", "Compare a region with others: T, K, M, sex gap, rank, national value",
         run_compare_command},
        {"gaps", "Which key figures lack a breakdown by sex? One verdict per key figure",
         run_gaps_command},
        {"differences", "Where do women's and men's outcomes differ most? Gaps K−M, flagged",
         run_differences_command},
        {"coverage", "How much of a unit's data is broken down by sex? By sub-goal or area",
         run_coverage_command},
        {"report", "Write the benchmarking report: one HTML file with charts", run_report_command},
        {"ping", "Check that the Kolada API answers", run_ping_command},
        {"serve", "Serve the catalogue read-only as Kolada's v3 API (for rKolada, koladapy)",
         run_serve_command},
    };
    return commands;
}

std::string general_help() {
    std::string help =
        "kolcat " KOLCAT_VERSION
        ": Kolada's key figures in a local catalogue, for equality analysis offline.\n\n"
        "Usage: kolcat <command> [options]\n\nCommands:\n";
    for (const auto& command : command_table()) {
        std::string name = command.name;
        name.resize(12, ' ');  // "indicators" and two spaces
        help += "  " + name + command.summary + "\n";
    }
    help +=
        "\nRun 'kolcat <command> --help' for a command's options and examples.\n"
        "Environment: KOLCAT_CATALOGUE (catalogue file), KOLCAT_API_URL (Kolada API base URL),\n"
        "  KOLCAT_LOCAL_INDICATORS (your own key figures), KOLCAT_INDICATORS_DIR (curated set).\n"
        "Exit codes: 0 ok, 2 bad command line, 3 unknown id, 4 catalogue or output problem,\n"
        "  5 sync failed, 6 check found problems, 7 verify found differences,\n"
        "  130/143 sync stopped by SIGINT/SIGTERM (README: Exit codes).\n"
        "Data: Källa: Kolada (https://www.kolada.se).\n";
    return help;
}

int dispatch(const QStringList& arguments) {
    if (arguments.size() < 2) {
        write_stdout(general_help());
        return exit_usage;
    }
    const QString name = arguments.at(1);
    if (name == "--help" || name == "-h" || name == "help") {
        if (name == "help" && arguments.size() > 2) {
            return dispatch({arguments.at(0), arguments.at(2), "--help"});
        }
        write_stdout(general_help());
        return exit_ok;
    }
    if (name == "--version" || name == "-v") {
        write_stdout(version_text(process_curated_search(process_environment())));
        return exit_ok;
    }
    for (const auto& command : command_table()) {
        if (name == command.name) {
            return command.run(arguments.mid(1));
        }
    }
    throw UsageError("unknown command '" + name.toStdString() + "' (see 'kolcat --help')");
}

int report(const char* kind, const std::exception& error, int code) {
    write_stderr_line(std::string("kolcat: ") + kind + error.what());
    return code;
}

}  // namespace

int run_app(int argc, char** argv) {
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName("kolcat");
    QCoreApplication::setApplicationVersion(KOLCAT_VERSION);
    try {
        const int code = dispatch(QCoreApplication::arguments());
        // The last flush and close of the output can fail too: a result counts as written
        // only when they succeed.
        finish_stdout();
        return code;
    } catch (const OutputClosed&) {
        return end_as_closed_pipe();
    } catch (const OutputError& error) {
        return report("", error, exit_catalogue);
    } catch (const kolcat::report::ReportWriteError& error) {
        return report("", error, exit_catalogue);
    } catch (const UsageError& error) {
        return report("error: ", error, exit_usage);
    } catch (const NotFoundError& error) {
        return report("not found: ", error, exit_not_found);
    } catch (const catalogue::CatalogueError& error) {
        return report("catalogue error: ", error, exit_catalogue);
    } catch (const curated::IndicatorsReadError& error) {
        return report("error: ", error, exit_catalogue);  // I/O, not a problem in the file
    } catch (const curated::IndicatorsError& error) {
        return report("indicators error: ", error, exit_problems);
    } catch (const http::Interrupted& stop) {
        write_stderr_line(interrupted_message);
        return interrupted_exit_code(stop.signal());
    } catch (const http::SyncError& error) {
        return report("sync failed: ", error, exit_sync_failed);
    } catch (const std::exception& error) {
        return report("internal error: ", error, exit_internal);
    }
}

}  // namespace kolcat::cli
