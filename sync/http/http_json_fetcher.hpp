#pragma once
// The production JsonFetcher: rate limit, HTTP GET, JSON parsing and retries, combined.
// Every failure that escapes is a SyncError with one line naming the (redacted) URL.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/http/clock.hpp"
#include "sync/http/http_client.hpp"
#include "sync/http/json_fetcher.hpp"
#include "sync/http/rate_limiter.hpp"
#include "sync/http/retry_policy.hpp"

namespace kolcat::http {

struct FetcherOptions {
    HttpOptions http;
    RetryOptions retry;
    double max_rps = RateLimiter::default_max_rps;  // 0: unlimited
    // Deeper JSON is refused for good: Kolada's deepest answer nests 5 levels.
    int max_json_depth = 64;
};

// Sent before each wait between attempts, so a front end can say why it pauses.
struct RetryNotice {
    std::string url;     // redacted
    std::string reason;  // a few words: "HTTP 429", "timeout", "invalid JSON"
    std::string detail;  // the whole story: "timeout (Operation timed out after ...)"
    Clock::duration delay{};
    int failed_attempt = 0;  // the attempt that just failed, from 1
    int max_attempts = 0;
    // "waiting 1.0 s (HTTP 429), attempt 2 of 8". (A Retry-After longer than kolcat waits is
    // not a notice but the sync's end: see RetryOptions::max_retry_after.)
    std::string message() const;
};

// One request at a time: it owns one libcurl handle (to keep its connection alive), so a
// fetcher must not be shared between threads; give each thread its own.
class HttpJsonFetcher final : public JsonFetcher {
  public:
    // With the real clock and random jitter.
    explicit HttpJsonFetcher(FetcherOptions options = {});
    // With injected time and randomness (tests); both must outlive the fetcher.
    HttpJsonFetcher(FetcherOptions options, Clock& clock, JitterSource& jitter);
    ~HttpJsonFetcher() override;

    nlohmann::json get_json(const std::string& url) override;
    void get_body(const std::string& url, const BodyReader& read) override;
    std::int64_t requests() const override { return requests_; }
    std::int64_t bytes_received() const override { return bytes_; }
    // A header of the last successful answer (the demo server marks its data with one).
    std::optional<std::string> last_header(const std::string& name) const override;
    // Attempts beyond the first, over all URLs.
    std::int64_t retries() const { return retries_; }
    std::int64_t connections_opened() const { return client_.connections_opened(); }

    void set_retry_notice(std::function<void(const RetryNotice&)> callback) {
        on_retry_ = std::move(callback);
    }

  private:
    HttpJsonFetcher(FetcherOptions options, std::unique_ptr<Clock> clock,
                    std::unique_ptr<JitterSource> jitter);
    struct Outcome;
    // check_nesting_first: scan the text before `read` (a document parser), else only when
    // `read` does not vouch for the nesting (BodyReader).
    Outcome evaluate(const HttpResponse& response, const BodyReader& read,
                     bool check_nesting_first) const;
    void fetch(const std::string& url, const BodyReader& read, bool check_nesting_first);
    // Call while handling the reader's exception.
    static void classify_read_failure(const std::string& body, AttemptFailure& failure);

    FetcherOptions options_;
    std::unique_ptr<Clock> owned_clock_;
    std::unique_ptr<JitterSource> owned_jitter_;
    Clock& clock_;
    JitterSource& jitter_;
    HttpClient client_;
    RateLimiter limiter_;
    RetryPolicy policy_;
    std::function<void(const RetryNotice&)> on_retry_;
    std::vector<std::pair<std::string, std::string>> last_headers_;
    std::atomic<std::int64_t> requests_{0};
    std::atomic<std::int64_t> retries_{0};
    std::atomic<std::int64_t> bytes_{0};
};

// True when `json_text` nests arrays/objects deeper than `max_depth` levels. A linear scan
// before parsing a document: it stops hostile input cheaply and costs far less than a parser
// callback (which doubles nlohmann's parse time on a 5 000-item page). Not a validator: on
// malformed text the answer is only a best effort, and the parser rejects such text anyway.
bool json_nesting_exceeds(std::string_view json_text, int max_depth);

// A short, single-line, UTF-8-safe excerpt of a response body for error messages.
std::string body_snippet(std::string_view body, std::size_t max_bytes = 200);

}  // namespace kolcat::http
