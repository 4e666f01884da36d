#pragma once
// The options every command that asks Kolada takes: --max-rps, --retries and --timeout.

#include "cli/command_line.hpp"
#include "sync/http/http_json_fetcher.hpp"

namespace kolcat::cli {

void add_request_options(CommandLine& command_line);
// The fetcher's settings from those options (their defaults when not given).
http::FetcherOptions request_options(const CommandLine& command_line);

}  // namespace kolcat::cli
