#include "cli/request_options.hpp"

#include <chrono>

namespace kolcat::cli {

void add_request_options(CommandLine& command_line) {
    command_line.add_value_option("max-rps",
                                  "At most this many requests per second (default 5; 0 means "
                                  "no limit: only for your own servers).",
                                  "n", "5");
    command_line.add_value_option("retries", "Attempts per request before giving up (default 8).",
                                  "n", "8");
    command_line.add_value_option("timeout",
                                  "Seconds one request may take, transfer included (default "
                                  "300).",
                                  "s", "300");
}

http::FetcherOptions request_options(const CommandLine& command_line) {
    http::FetcherOptions options;
    options.max_rps = *command_line.double_value("max-rps", 0, 1000);
    options.retry.max_attempts = *command_line.int_value("retries", 1, 100);
    options.http.transfer_timeout =
        std::chrono::seconds(*command_line.int_value("timeout", 1, 86400));
    return options;
}

}  // namespace kolcat::cli
