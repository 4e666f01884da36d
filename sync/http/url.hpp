#pragma once
// Just enough of RFC 3986 for a paging client: parse the absolute URLs kolcat requests, resolve
// the next_url Kolada sends (absolute, or relative to the page it came with), and tell whether
// two URLs share an origin, so that paging never wanders to another host.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kolcat::http {

class UrlError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

struct Url {
    std::string scheme;                // lower case: "http" or "https"
    std::string host;                  // lower case; an IPv6 literal keeps its brackets: "[::1]"
    std::optional<int> port;           // as written; see effective_port()
    std::string path;                  // "/v3/data/..."; "/" when the URL has none
    std::optional<std::string> query;  // without the '?'; nullopt when absent

    // The port the URL names or its scheme's default (80, 443).
    int effective_port() const;
    // scheme://host[:port]
    std::string origin() const;
    // The whole URL without fragment.
    std::string to_string() const;
};

// Parses an absolute http(s) URL. Throws UrlError (message names the URL) on anything else.
Url parse_url(std::string_view text);

// Resolves a reference against the URL of the page it came with, as a browser would:
// "https://h/v3/x?page=2" (absolute), "//h/v3/x" (scheme-relative), "/v3/x?page=2"
// (path-absolute), "?page=2" (query only) and "x?page=2" or "../x" (path-relative).
// A fragment is dropped: it never reaches the server. Throws UrlError.
Url resolve_url(const Url& base, std::string_view reference);

// Same scheme, host and effective port.
bool same_origin(const Url& a, const Url& b);

// Percent-encodes everything but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~), so
// that an id can be placed in a path segment or a query value safely.
std::string percent_encode(std::string_view text);

}  // namespace kolcat::http
