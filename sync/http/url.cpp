#include "sync/http/url.hpp"

#include <algorithm>
#include <vector>

#include "sync/http/http_client.hpp"  // redact_url

namespace kolcat::http {
namespace {

// ASCII only, whatever the process locale (Qt sets it from the environment).
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_unreserved(char c) {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// The URL is quoted with its credentials masked: a URL refused for holding user info would
// otherwise put the password in the message.
[[noreturn]] void fail(std::string_view text, std::string_view reason) {
    throw UrlError("invalid URL '" + redact_url(text) + "': " + std::string(reason));
}

// Spaces and control characters are never valid in a URL; a server that sends them is broken
// or hostile, and passing them on to libcurl would only hide the problem.
void check_characters(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f) {
            fail(text, "contains a space or a control character");
        }
    }
}

// "scheme:" at the start, per RFC 3986 section 3.1.
std::optional<std::size_t> scheme_length(std::string_view text) {
    if (text.empty() || !is_alpha(text.front())) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ':') {
            return i;
        }
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::string_view strip_fragment(std::string_view text) {
    return text.substr(0, text.find('#'));
}

// Splits "path?query" (no fragment) into its parts.
std::pair<std::string, std::optional<std::string>> split_query(std::string_view text) {
    const auto q = text.find('?');
    if (q == std::string_view::npos) {
        return {std::string(text), std::nullopt};
    }
    return {std::string(text.substr(0, q)), std::string(text.substr(q + 1))};
}

// RFC 3986 section 5.2.4: resolves "." and ".." segments.
std::string remove_dot_segments(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = path.empty() || path.front() != '/' ? 0 : 1;
    bool trailing_slash = false;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        const std::string segment = path.substr(start, end - start);
        const bool last = end == path.size();
        if (segment == ".") {
            trailing_slash = last;
        } else if (segment == "..") {
            if (!out.empty()) {
                out.pop_back();
            }
            trailing_slash = last;
        } else {
            out.push_back(segment);
            trailing_slash = false;
        }
        start = end + 1;
    }
    std::string result;
    for (const auto& segment : out) {
        result += '/';
        result += segment;
    }
    if (trailing_slash || result.empty()) {
        result += '/';
    }
    return result;
}

// RFC 3986 section 5.2.3: a relative path replaces the base's last segment.
std::string merge_paths(const std::string& base_path, const std::string& reference_path) {
    const auto slash = base_path.rfind('/');
    const std::string directory = slash == std::string::npos ? "/" : base_path.substr(0, slash + 1);
    return directory + reference_path;
}

}  // namespace

int Url::effective_port() const {
    if (port) {
        return *port;
    }
    return scheme == "https" ? 443 : 80;
}

std::string Url::origin() const {
    std::string out = scheme + "://" + host;
    if (port) {
        out += ':' + std::to_string(*port);
    }
    return out;
}

std::string Url::to_string() const {
    std::string out = origin() + path;
    if (query) {
        out += '?' + *query;
    }
    return out;
}

Url parse_url(std::string_view text) {
    check_characters(text);
    const auto colon = scheme_length(text);
    if (!colon || text.substr(*colon, 3) != "://") {
        fail(text, "not an absolute URL");
    }
    Url url;
    url.scheme = lower(text.substr(0, *colon));
    if (url.scheme != "http" && url.scheme != "https") {
        fail(text, "only http and https are supported");
    }
    const std::string_view rest = strip_fragment(text.substr(*colon + 3));
    const auto authority_end = std::min(rest.find_first_of("/?"), rest.size());
    const std::string_view authority = rest.substr(0, authority_end);
    // User info ("user@host") is refused: it has no use against Kolada, and
    // "https://api.kolada.se@evil.example/" is a classic way to disguise another host.
    if (authority.find('@') != std::string_view::npos) {
        fail(text, "user info is not accepted");
    }
    std::string_view host = authority;
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            fail(text, "unterminated IPv6 address");
        }
        host = authority.substr(0, close + 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                fail(text, "unexpected text after the IPv6 address");
            }
            port = after.substr(1);
        }
    } else if (const auto c = authority.find(':'); c != std::string_view::npos) {
        host = authority.substr(0, c);
        port = authority.substr(c + 1);
    }
    if (host.empty()) {
        fail(text, "no host");
    }
    url.host = lower(host);
    if (!port.empty()) {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit)) {
            fail(text, "invalid port");
        }
        const int number = std::stoi(std::string(port));
        if (number < 1 || number > 65535) {
            fail(text, "port out of range");
        }
        url.port = number;
    }
    auto [path, query] = split_query(rest.substr(authority_end));
    url.path = path.empty() ? "/" : remove_dot_segments(path);
    url.query = std::move(query);
    return url;
}

Url resolve_url(const Url& base, std::string_view reference) {
    check_characters(reference);
    const std::string_view ref = strip_fragment(reference);
    if (const auto colon = scheme_length(ref); colon) {
        return parse_url(ref);
    }
    if (ref.substr(0, 2) == "//") {
        return parse_url(base.scheme + ":" + std::string(ref));
    }
    Url out = base;
    if (ref.empty()) {
        return out;
    }
    if (ref.front() == '?') {
        out.query = std::string(ref.substr(1));
        return out;
    }
    auto [path, query] = split_query(ref);
    out.path = remove_dot_segments(path.front() == '/' ? path : merge_paths(base.path, path));
    out.query = std::move(query);
    return out;
}

bool same_origin(const Url& a, const Url& b) {
    return a.scheme == b.scheme && a.host == b.host && a.effective_port() == b.effective_port();
}

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_unreserved(c)) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0f];
        }
    }
    return out;
}

}  // namespace kolcat::http
