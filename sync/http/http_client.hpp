#pragma once
// One HTTP GET at a time over one reused libcurl handle (so connections are kept alive), with
// gzip, timeouts, a size limit and captured headers. Transport failures come back as a typed
// result, never as an exception: the retry layer decides what is worth another try.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/http/curl_handle.hpp"

namespace kolcat::http {

// Replaces the credentials of every URL in `text` ("http://user:pass@proxy:3128" becomes
// "http://***@proxy:3128"). Every URL that goes into a message passes through it, so that a
// proxy password never reaches a log or a terminal.
std::string redact_url(std::string_view text);

// "kolcat/0.1.0 (Kolada open-data catalogue; libcurl/7.88.1)".
std::string default_user_agent();

struct HttpOptions {
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(15)};
    // The whole transfer, headers to last byte; zero means no limit.
    std::chrono::milliseconds transfer_timeout{std::chrono::minutes(5)};
    // Abort a transfer that moves less than stall_bytes_per_second on average for this long
    // (whole seconds, as libcurl counts them); zero disables the check. The floor is far below
    // any real link (a 5 000-item page is about 150 KB gzipped), but a server that drips a
    // byte a second would otherwise hold each attempt for the whole transfer_timeout, and a
    // sync for retries x transfer_timeout (40 minutes by default) before the user hears of it.
    // The window is a minute because it also covers the wait for the first byte, and Kolada
    // computes group means on request: a heavy query may think a while before it answers.
    std::chrono::seconds stall_timeout{60};
    long stall_bytes_per_second = 512;
    // Larger (decoded) bodies are refused: a guard against hostile or broken servers.
    std::size_t max_body_bytes = std::size_t{64} * 1024 * 1024;
    std::string user_agent = default_user_agent();
};

enum class TransportError {
    none,        // a complete HTTP answer arrived (whatever its status)
    timeout,     // connect, transfer or stall timeout
    connection,  // could not connect or resolve, or the connection broke or sent nothing
    truncated,   // the body is shorter than announced, or its compression broke off
    too_large,   // the body exceeded max_body_bytes; the transfer was aborted
    other,       // bad URL, unsupported protocol, TLS certificate problem, ...
};

std::string_view to_string(TransportError error);

struct HttpResponse {
    TransportError error = TransportError::none;
    std::string error_message;  // one line, credentials redacted; empty when error is none
    long status = 0;            // the HTTP status; 0 when no answer arrived
    std::string body;           // decoded (gunzipped)
    // The final answer's headers in arrival order, names lower-cased, values trimmed.
    std::vector<std::pair<std::string, std::string>> headers;

    bool transport_ok() const { return error == TransportError::none; }
    // The last value of a header, by case-insensitive name.
    std::optional<std::string> header(std::string_view name) const;
};

class HttpClient {
  public:
    explicit HttpClient(HttpOptions options = {});
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // GETs `url`. Never throws for network trouble: see HttpResponse::error.
    HttpResponse get(const std::string& url);

    const HttpOptions& options() const { return options_; }
    // TCP connections opened so far: stays at 1 over many requests when keep-alive works.
    std::int64_t connections_opened() const { return connections_opened_; }

  private:
    HttpOptions options_;
    CurlEasy easy_;
    CurlHeaderList request_headers_;
    std::int64_t connections_opened_ = 0;
};

}  // namespace kolcat::http
