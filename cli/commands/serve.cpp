// kolcat serve: the catalogue, read-only, as Kolada's v3 API on this machine (serve/server.hpp).
// It answers until SIGINT or SIGTERM, then stops cleanly and exits 130 or 143.

#include <pthread.h>

#include <csignal>

#include "catalogue/catalogue.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/commands/compare_output.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output/output.hpp"
#include "serve/server.hpp"

namespace kolcat::cli {

namespace {

// SIGINT and SIGTERM, blocked in every thread (the server's threads inherit the mask) so that
// only the main thread's sigwait receives them.
class BlockedStopSignals {
  public:
    BlockedStopSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, &previous_);
    }
    ~BlockedStopSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    BlockedStopSignals(const BlockedStopSignals&) = delete;
    BlockedStopSignals& operator=(const BlockedStopSignals&) = delete;

    int wait() const {
        int signal = 0;
        while (sigwait(&set_, &signal) != 0) {
        }
        return signal;
    }

  private:
    sigset_t set_{};
    sigset_t previous_{};
};

}  // namespace

int run_serve_command(const QStringList& arguments) {
    CommandLine command_line(
        "serve",
        "Serves the catalogue, read-only, as Kolada's v3 API (under /v3) to tools that speak "
        "it (rKolada, koladapy, kolcat sync). Loopback only unless --listen says otherwise. "
        "Ctrl-C stops it.",
        {"kolcat serve", "kolcat serve --port 9000",
         "kolcat serve --listen 0.0.0.0   # open to the network"});
    command_line.add_catalogue_option();
    command_line.add_value_option("port", "The TCP port (default 8080; 0: any free port).", "port",
                                  "8080");
    command_line.add_value_option(
        "listen", "The address to listen on (default 127.0.0.1; 0.0.0.0: every interface).",
        "address", "127.0.0.1");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    serve::ServeOptions options;
    options.port = command_line.int_value("port", 0, 65535).value_or(8080);
    options.listen = command_line.value("listen").value_or("127.0.0.1");
    if (options.listen.empty()) {
        throw UsageError("--listen needs an address");
    }
    options.catalogue = command_line.catalogue_path();
    // The pages' downloads are compare's own CSV, so a file is what `kolcat compare` prints.
    options.compare_csv = [](const std::vector<analysis::KpiComparison>& results,
                             const analysis::CompareRequest& request, serve::CsvFlavour flavour) {
        RenderOptions render_options;
        render_options.format = OutputFormat::csv;
        render_options.csv_dialect =
            flavour == serve::CsvFlavour::excel_sv ? CsvDialect::excel_sv : CsvDialect::rfc4180;
        return render(csv_table(results, request), render_options);
    };
    // Fails now, with the catalogue's own message, rather than on every request.
    (void)catalogue::Catalogue::open(options.catalogue, catalogue::OpenMode::read_only);

    const BlockedStopSignals stop_signals;
    serve::Server server(options);
    try {
        server.bind();
    } catch (const serve::ServeError& error) {
        write_stderr_line(std::string("kolcat: ") + error.what());
        return exit_catalogue;
    }
    server.start();
    if (!serve::is_loopback(options.listen)) {
        write_stderr_line(
            "WARNING: kolcat serve is open to the network on " + options.listen +
            ": anyone who reaches this machine can read the whole catalogue. Stop it with "
            "Ctrl-C when the meeting ends.");
    }
    std::string text = "kolcat serve: the catalogue " + options.catalogue.string() +
                       ", read-only, as Kolada's v3 API on:\n";
    for (const auto& url : server.urls()) {
        text += "  " + url + "\n";
    }
    // The web pages live at the root of the same server.
    text += "and as web pages (Swedish; ?lang=en for English) on:\n";
    for (const auto& url : server.urls()) {
        text += "  " + url.substr(0, url.size() - 2) + "\n";
    }
    text += "Press Ctrl-C to stop.\n";
    write_stdout(text);
    const int signal = stop_signals.wait();
    server.stop();
    return signal == SIGINT ? exit_interrupted : exit_terminated;
}

}  // namespace kolcat::cli
