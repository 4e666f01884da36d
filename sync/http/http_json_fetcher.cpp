#include "sync/http/http_json_fetcher.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <utility>

#include "sync/http/interruption.hpp"
#include "sync/http/sync_error.hpp"
#include "text/json_nesting.hpp"

namespace kolcat::http {

struct HttpJsonFetcher::Outcome {
    bool read = false;       // the body was read
    AttemptFailure failure;  // meaningful when not read
};

namespace {

std::string format_seconds(Clock::duration d) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(d).count());
    return text;
}

// "86400 s (24 h)", "600 s (10 min)", "45 s": a pause as the user thinks of it. (Retry-After
// saturates at a century, so nothing here overflows.)
std::string describe_pause(std::chrono::seconds pause) {
    const auto seconds = pause.count();
    const auto rounded = [seconds](std::int64_t unit) {
        return std::to_string(seconds / unit + (seconds % unit >= unit / 2 ? 1 : 0));
    };
    std::string text = std::to_string(seconds) + " s";
    if (seconds >= 2 * 86400) {
        text += " (" + rounded(86400) + " days)";
    } else if (seconds >= 3600) {
        text += " (" + rounded(3600) + " h)";
    } else if (seconds >= 60) {
        text += " (" + rounded(60) + " min)";
    }
    return text;
}

// nlohmann's messages start with "[json.exception.out_of_range.406] ": not for users.
std::string_view without_exception_id(std::string_view message) {
    if (message.starts_with("[json.exception.")) {
        if (const auto end = message.find("] "); end != std::string_view::npos) {
            message.remove_prefix(end + 2);
        }
    }
    return message;
}

AttemptFailure transport_failure(const HttpResponse& response) {
    AttemptFailure failure;
    switch (response.error) {
        case TransportError::timeout:
            failure.kind = FailureKind::timeout;
            break;
        case TransportError::connection:
            failure.kind = FailureKind::connection;
            break;
        case TransportError::truncated:
            failure.kind = FailureKind::truncated;
            break;
        case TransportError::too_large:
            failure.kind = FailureKind::too_large;
            failure.summary = to_string(response.error);
            failure.detail = response.error_message;
            return failure;
        case TransportError::none:
        case TransportError::other:
            failure.kind = FailureKind::other;
            break;
    }
    failure.summary = to_string(response.error);
    failure.detail = failure.summary + " (" + response.error_message + ")";
    return failure;
}

}  // namespace

std::string RetryNotice::message() const {
    return "waiting " + format_seconds(delay) + " (" + reason + "), attempt " +
           std::to_string(failed_attempt + 1) + " of " + std::to_string(max_attempts);
}

bool json_nesting_exceeds(std::string_view json_text, int max_depth) {
    return text::json_too_deep_at(json_text, max_depth).has_value();
}

std::string body_snippet(std::string_view body, std::size_t max_bytes) {
    std::string snippet;
    bool pending_space = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const auto c = static_cast<unsigned char>(body[i]);
        if (c < 0x20 || c == 0x7f) {
            pending_space = !snippet.empty();
            continue;
        }
        if (c == ' ') {
            pending_space = !snippet.empty();
            continue;
        }
        // Length of the UTF-8 sequence starting here; never cut one in half.
        const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : 4;
        if (snippet.size() + (pending_space ? 1 : 0) + length > max_bytes) {
            snippet += "...";
            return snippet;
        }
        if (pending_space) {
            snippet += ' ';
            pending_space = false;
        }
        snippet.append(body.substr(i, length));
        i += length - 1;
    }
    return snippet;
}

HttpJsonFetcher::HttpJsonFetcher(FetcherOptions options)
    : HttpJsonFetcher(std::move(options), std::make_unique<SteadyClock>(),
                      std::make_unique<RandomJitter>()) {}

HttpJsonFetcher::HttpJsonFetcher(FetcherOptions options, std::unique_ptr<Clock> clock,
                                 std::unique_ptr<JitterSource> jitter)
    : options_(std::move(options)),
      owned_clock_(std::move(clock)),
      owned_jitter_(std::move(jitter)),
      clock_(*owned_clock_),
      jitter_(*owned_jitter_),
      client_(options_.http),
      limiter_(options_.max_rps, clock_),
      policy_(options_.retry, jitter_) {}

HttpJsonFetcher::HttpJsonFetcher(FetcherOptions options, Clock& clock, JitterSource& jitter)
    : options_(std::move(options)),
      clock_(clock),
      jitter_(jitter),
      client_(options_.http),
      limiter_(options_.max_rps, clock_),
      policy_(options_.retry, jitter_) {}

HttpJsonFetcher::~HttpJsonFetcher() = default;

HttpJsonFetcher::Outcome HttpJsonFetcher::evaluate(const HttpResponse& response,
                                                   const BodyReader& read,
                                                   bool check_nesting_first) const {
    Outcome outcome;
    AttemptFailure& failure = outcome.failure;
    if (!response.transport_ok()) {
        failure = transport_failure(response);
        return outcome;
    }
    if (response.status < 200 || response.status > 299) {
        failure.kind = FailureKind::http_status;
        failure.http_status = response.status;
        failure.summary = "HTTP " + std::to_string(response.status);
        failure.detail = failure.summary;
        if (const auto retry_after = response.header("retry-after")) {
            failure.retry_after = parse_retry_after(*retry_after, clock_.wall_now());
        }
        if (response.status >= 300 && response.status < 400) {
            failure.detail +=
                " (redirect to " + redact_url(response.header("location").value_or("?")) + ")";
        } else if (!RetryPolicy::is_retryable(failure)) {
            const std::string snippet = body_snippet(response.body);
            if (!snippet.empty()) {
                failure.detail += ": " + snippet;
            }
        }
        return outcome;
    }
    // Deep nesting is refused before anything else the text may hold.
    const auto too_deep = [&] {
        if (!json_nesting_exceeds(response.body, options_.max_json_depth)) {
            return false;
        }
        failure.kind = FailureKind::hostile_json;
        failure.summary = "JSON nested too deeply";
        failure.detail =
            "JSON nested deeper than " + std::to_string(options_.max_json_depth) + " levels";
        return true;
    };
    if (check_nesting_first && too_deep()) {
        return outcome;
    }
    try {
        const int checked_depth = read(response.body);
        const bool vouched = checked_depth > 0 && checked_depth <= options_.max_json_depth;
        if (!check_nesting_first && !vouched && too_deep()) {
            return outcome;
        }
        outcome.read = true;
    } catch (...) {
        if (!check_nesting_first && too_deep()) {
            return outcome;
        }
        classify_read_failure(response.body, failure);
    }
    return outcome;
}

// The reader's exception, being handled, as a failure: nlohmann's are kinds of bad JSON; any
// other passes through untouched.
void HttpJsonFetcher::classify_read_failure(const std::string& body, AttemptFailure& failure) {
    try {
        throw;
    } catch (const nlohmann::json::parse_error& error) {
        // Typically a body cut off or mangled on the way: worth another try.
        failure.kind = FailureKind::invalid_json;
        failure.summary = "invalid JSON";
        const std::string size = std::to_string(body.size());
        // nlohmann reports the position one past the end when the text just stops.
        failure.detail = error.byte > body.size()
                             ? "invalid JSON (the text ends early, after " + size + " bytes)"
                             : "invalid JSON (syntax error at byte " + std::to_string(error.byte) +
                                   " of " + size + ")";
    } catch (const nlohmann::json::exception& error) {
        // Well-formed but unrepresentable, e.g. a number beyond double's range (1e999).
        failure.kind = FailureKind::hostile_json;
        failure.summary = "unreadable JSON";
        failure.detail =
            "unreadable JSON (" + body_snippet(without_exception_id(error.what()), 120) + ")";
    }
}

nlohmann::json HttpJsonFetcher::get_json(const std::string& url) {
    nlohmann::json document;
    fetch(
        url,
        [&document](std::string_view body) {
            document = nlohmann::json::parse(body);
            return 0;
        },
        true);
    return document;
}

void HttpJsonFetcher::get_body(const std::string& url, const BodyReader& read) {
    fetch(url, read, false);
}

void HttpJsonFetcher::fetch(const std::string& url, const BodyReader& read,
                            bool check_nesting_first) {
    for (int attempt = 1;; ++attempt) {
        throw_if_interrupted();
        limiter_.acquire();
        throw_if_interrupted();
        ++requests_;
        const HttpResponse response = client_.get(url);
        bytes_ += static_cast<std::int64_t>(response.body.size());
        // A transfer aborted for a stop is no failure to retry; a complete one is dropped too:
        // the page is fetched again by the sync that resumes.
        throw_if_interrupted();
        const Outcome outcome = evaluate(response, read, check_nesting_first);
        if (outcome.read) {
            last_headers_ = response.headers;
            return;
        }
        const AttemptFailure& failure = outcome.failure;
        if (!RetryPolicy::is_retryable(failure)) {
            // The detail may quote the body, which may quote the URL: redact the whole line.
            throw SyncError(redact_url("request to " + url + " failed: " + failure.detail));
        }
        const auto delay = policy_.next_delay(failure, attempt);
        if (!delay && policy_.asks_too_long(failure)) {
            throw SyncError(redact_url(
                "stopping at " + url + ": " + failure.detail + ", and the server asks kolcat to " +
                "wait " + describe_pause(*failure.retry_after) + ", longer than the " +
                describe_pause(std::chrono::duration_cast<std::chrono::seconds>(
                    policy_.options().max_retry_after)) +
                " it waits; run kolcat sync again after that: it continues where it stopped"));
        }
        if (!delay) {
            throw SyncError(redact_url("giving up on " + url + " after " + std::to_string(attempt) +
                                       (attempt == 1 ? " attempt: " : " attempts: ") +
                                       failure.detail));
        }
        ++retries_;
        if (on_retry_) {
            on_retry_(RetryNotice{redact_url(url), failure.summary, redact_url(failure.detail),
                                  *delay, attempt, policy_.options().max_attempts});
        }
        clock_.sleep_for(*delay);
    }
}

std::optional<std::string> HttpJsonFetcher::last_header(const std::string& name) const {
    std::optional<std::string> found;
    for (const auto& [header, value] : last_headers_) {
        if (header.size() == name.size() &&
            std::equal(header.begin(), header.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            found = value;
        }
    }
    return found;
}

}  // namespace kolcat::http
