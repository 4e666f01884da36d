#pragma once
// When to try a request again, and how long to wait first: exponential backoff with full jitter
// (a uniformly random wait between 0 and min(cap, base * 2^(n-1)), so that many clients that
// failed together do not come back together), and Retry-After on 429 and 503.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "sync/http/clock.hpp"

namespace kolcat::http {

// Why one attempt failed.
enum class FailureKind {
    http_status,   // a complete answer with a non-success status
    timeout,       // connect or transfer timeout
    connection,    // refused, reset, DNS, TLS handshake, empty reply
    truncated,     // the body ended before its announced length, or its encoding broke off
    too_large,     // the body exceeded the size limit
    invalid_json,  // a 200 whose body is not JSON (often a cut-off page behind a proxy)
    hostile_json,  // well-formed JSON we refuse (absurd nesting, numbers out of range): not
                   // transient, so not worth another try
    other,         // anything else the transport reported (bad URL, TLS certificate, ...)
};

struct AttemptFailure {
    FailureKind kind = FailureKind::other;
    long http_status = 0;                             // for http_status
    std::optional<std::chrono::seconds> retry_after;  // the parsed Retry-After header, if any
    std::string summary;  // a few words: "HTTP 503", "timeout", "cut-off body"
    std::string detail;   // one line for the user: "HTTP 503", "timeout (Operation timed ...)"
};

struct RetryOptions {
    Clock::duration base_delay = std::chrono::milliseconds(500);
    Clock::duration max_delay = std::chrono::seconds(30);
    int max_attempts = 8;  // attempts in all, the first one included
    // The longest pause kolcat takes when a server asks for one (Retry-After). A server that
    // asks for longer is not retried: waiting less than it asked would be impolite, and a sync
    // that sits silent for hours helps nobody. The sync stops and says when to run it again.
    Clock::duration max_retry_after = std::chrono::minutes(10);
};

class RetryPolicy {
  public:
    // Throws std::invalid_argument for options that make no sense (no attempts, negative
    // delays). The jitter source must outlive the policy.
    RetryPolicy(RetryOptions options, JitterSource& jitter);

    const RetryOptions& options() const { return options_; }

    // 5xx, 408, 429, timeouts, connection errors, truncated bodies and invalid JSON are worth
    // another try; other 4xx, oversized bodies and hostile JSON are not.
    static bool is_retryable(const AttemptFailure& failure);

    // The wait before the next attempt after `failed_attempts` consecutive failures (>= 1),
    // ignoring Retry-After. Consumes one jitter draw.
    Clock::duration backoff(int failed_attempts);

    // The wait before trying again after `failure`, which was attempt number `attempts_made`
    // (from 1); std::nullopt when the failure is permanent, the budget is spent, or the server
    // asks for a longer pause than max_retry_after (see asks_too_long).
    std::optional<Clock::duration> next_delay(const AttemptFailure& failure, int attempts_made);
    // The server asked, through Retry-After, for a longer pause than kolcat takes.
    bool asks_too_long(const AttemptFailure& failure) const;

  private:
    RetryOptions options_;
    JitterSource& jitter_;
};

// Parses a Retry-After header value: delta-seconds ("120") or an IMF-fixdate HTTP-date
// ("Wed, 21 Oct 2026 07:28:00 GMT", converted against `now`; a past date gives 0 s).
// Garbage, negative numbers and impossible dates give std::nullopt. Absurdly large numbers
// saturate (the policy clamps them) instead of overflowing.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

}  // namespace kolcat::http
