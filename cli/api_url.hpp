#pragma once
// Where the Kolada API is: --api-url, else $KOLCAT_API_URL, else the live v3 API.

#include <string>

#include "cli/command_line.hpp"

namespace kolcat::cli {

inline constexpr const char* default_api_url = "https://api.kolada.se/v3";

void add_api_url_option(CommandLine& command_line);
// The base URL without a trailing slash. Throws UsageError for anything but http(s).
std::string api_url(const CommandLine& command_line);

}  // namespace kolcat::cli
