#include "cli/api_url.hpp"

#include <cstdlib>

#include "cli/exit_codes.hpp"

namespace kolcat::cli {

void add_api_url_option(CommandLine& command_line) {
    command_line.add_value_option(
        "api-url",
        QString("Kolada API base URL. Default: $KOLCAT_API_URL, else %1.").arg(default_api_url),
        "url");
}

std::string api_url(const CommandLine& command_line) {
    std::string url;
    if (const auto given = command_line.value("api-url")) {
        url = *given;
    } else if (const char* env = std::getenv("KOLCAT_API_URL"); env != nullptr && *env != '\0') {
        url = env;
    } else {
        url = default_api_url;
    }
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        throw UsageError("invalid API URL '" + url + "': it must start with http:// or https://");
    }
    return url;
}

}  // namespace kolcat::cli
