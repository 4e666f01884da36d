#pragma once
// The absolute URLs of next_url and previous_url: the request's own path and parameters with
// another page number, on the server's origin (or, for a fault, on another one).

#include <string>
#include <string_view>

#include "demo/api_request.hpp"

namespace kolcat::demo {

// origin + path + "?" + every parameter except page (re-encoded) + "page=N".
std::string page_url(std::string_view origin, std::string_view path, const QueryParams& params,
                     int page);

// Percent-encodes everything except unreserved characters and those in `keep`.
std::string percent_encode(std::string_view text, std::string_view keep);

}  // namespace kolcat::demo
