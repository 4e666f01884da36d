// kolcat ping: is the Kolada API reachable? One request, short timeouts, no retries, so that
// scripts (and the README's main job) can decide quickly whether to go offline.

#include <chrono>

#include "cli/api_url.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "sync/http/http_client.hpp"

namespace kolcat::cli {

int run_ping_command(const QStringList& arguments) {
    CommandLine command_line(
        "ping",
        "Checks once, quickly, that the Kolada API answers. Exit code 0 when it does, 5 when "
        "it does not.",
        {"kolcat ping", "kolcat ping --api-url http://127.0.0.1:8080/v3"});
    add_api_url_option(command_line);
    command_line.add_value_option("timeout", "Seconds to wait at most (default 10).", "s", "10");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    const std::string base = api_url(command_line);
    const int timeout = command_line.int_value("timeout", 1, 600).value_or(10);
    http::HttpOptions options;
    options.connect_timeout = std::chrono::seconds(timeout);
    options.transfer_timeout = std::chrono::seconds(timeout);
    http::HttpClient client(options);
    const http::HttpResponse response = client.get(base + "/municipality/0000");
    if (!response.transport_ok()) {
        write_stderr_line("kolcat: " + http::redact_url(base) +
                          " is unreachable: " + response.error_message);
        return exit_sync_failed;
    }
    if (response.status != 200) {
        write_stderr_line("kolcat: " + http::redact_url(base) + " answered HTTP " +
                          std::to_string(response.status));
        return exit_sync_failed;
    }
    write_stdout(http::redact_url(base) + " answers\n");
    return exit_ok;
}

}  // namespace kolcat::cli
