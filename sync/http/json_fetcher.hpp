#pragma once
// The seam between "how to get a JSON document politely and robustly" (HTTP, rate limit,
// retries) and "what to do with it" (paging, mapping, storing). Tests script it directly.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kolcat::http {

class JsonFetcher {
  public:
    virtual ~JsonFetcher() = default;
    // GETs an absolute URL and returns its body parsed as JSON. Retries transient failures
    // (5xx, 429, timeouts, cut-off bodies, invalid JSON) within the retry budget; throws
    // SyncError when the budget is spent or the failure is permanent (e.g. 400, 404).
    virtual nlohmann::json get_json(const std::string& url) = 0;
    // For a caller that reads the body's text itself (data pages go straight to Values, without
    // a JSON document in between). GETs an absolute URL like get_json and hands the body to
    // `read`, inside the retry loop: when `read` throws nlohmann::json::parse_error the body
    // counts as invalid JSON and is fetched again, any other nlohmann::json::exception as
    // unreadable JSON, as in get_json; other exceptions pass through untouched.
    // `read` returns the depth it found the text to nest within when it read the whole text
    // and knows it (a plain data page: 5), else 0. A text nested deeper than allowed is
    // refused as in get_json, whatever `read` did with it; the fetcher scans the text for that
    // only when `read` threw or returned 0 (or more than allowed), so that a reader that knows
    // saves the scan (a third of the reading of a data page).
    // The default serves the text of get_json's document (for fetchers scripted in tests).
    using BodyReader = std::function<int(std::string_view body)>;
    virtual void get_body(const std::string& url, const BodyReader& read) {
        read(get_json(url).dump());
    }
    // HTTP requests made so far, retries included.
    virtual std::int64_t requests() const = 0;
    // Bytes of the bodies received so far (as decoded, retries included), or 0 when not known.
    virtual std::int64_t bytes_received() const { return 0; }
    // A header of the last successful answer (name case-insensitive), or nullopt when absent or
    // not known. The sync reads "X-Kolcat-Demo: true" from it, so that the bundled demo server's
    // data is labelled as demo data in the catalogue and can never pass for Kolada's.
    virtual std::optional<std::string> last_header(const std::string& /*name*/) const {
        return std::nullopt;
    }
};

}  // namespace kolcat::http
