#include <doctest/doctest.h>

#include <chrono>
#include <optional>

#include "sync/http/clock.hpp"
#include "sync/http/retry_policy.hpp"

using namespace kolcat::http;

using namespace kolcat;
using namespace std::chrono_literals;

namespace {

http::AttemptFailure http_failure(long status,
                                  std::optional<std::chrono::seconds> retry_after = {}) {
    http::AttemptFailure failure;
    failure.kind = http::FailureKind::http_status;
    failure.http_status = status;
    failure.retry_after = retry_after;
    failure.detail = "HTTP " + std::to_string(status);
    return failure;
}

http::AttemptFailure of_kind(http::FailureKind kind) {
    http::AttemptFailure failure;
    failure.kind = kind;
    return failure;
}

// 2026-01-01T00:00:00Z, a Thursday.
const std::chrono::system_clock::time_point new_year{
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};

}  // namespace

TEST_CASE("retry_policy: which failures are worth another try") {
    for (const long status : {500L, 502L, 503L, 504L, 599L, 408L, 429L}) {
        CAPTURE(status);
        CHECK(http::RetryPolicy::is_retryable(http_failure(status)));
    }
    for (const long status : {400L, 401L, 403L, 404L, 410L, 414L, 301L, 304L}) {
        CAPTURE(status);
        CHECK_FALSE(http::RetryPolicy::is_retryable(http_failure(status)));
    }
    CHECK(http::RetryPolicy::is_retryable(of_kind(http::FailureKind::timeout)));
    CHECK(http::RetryPolicy::is_retryable(of_kind(http::FailureKind::connection)));
    CHECK(http::RetryPolicy::is_retryable(of_kind(http::FailureKind::truncated)));
    CHECK(http::RetryPolicy::is_retryable(of_kind(http::FailureKind::invalid_json)));
    CHECK_FALSE(http::RetryPolicy::is_retryable(of_kind(http::FailureKind::too_large)));
    CHECK_FALSE(http::RetryPolicy::is_retryable(of_kind(http::FailureKind::hostile_json)));
    CHECK_FALSE(http::RetryPolicy::is_retryable(of_kind(http::FailureKind::other)));
}

TEST_CASE("retry_policy: exponential backoff with full jitter, capped") {
    http::FixedJitter full(1.0);
    http::RetryPolicy policy({.base_delay = 500ms, .max_delay = 30s, .max_attempts = 20}, full);
    CHECK(policy.backoff(1) == 500ms);
    CHECK(policy.backoff(2) == 1s);
    CHECK(policy.backoff(3) == 2s);
    CHECK(policy.backoff(4) == 4s);
    CHECK(policy.backoff(6) == 16s);
    CHECK(policy.backoff(7) == 30s);  // 32 s capped
    CHECK(policy.backoff(1000) == 30s);

    http::FixedJitter quarter(0.25);
    http::RetryPolicy jittered({.base_delay = 500ms, .max_delay = 30s}, quarter);
    CHECK(jittered.backoff(1) == 125ms);
    CHECK(jittered.backoff(4) == 1s);
    CHECK(jittered.backoff(10) == 7500ms);

    http::FixedJitter none(0.0);
    http::RetryPolicy immediate({}, none);
    CHECK(immediate.backoff(5) == http::Clock::duration::zero());
}

TEST_CASE("retry_policy: real jitter stays within [0, ceiling)") {
    http::RandomJitter random;
    http::RetryPolicy policy({.base_delay = 500ms, .max_delay = 30s}, random);
    for (int i = 0; i < 200; ++i) {
        const auto delay = policy.backoff(3);
        CHECK(delay >= http::Clock::duration::zero());
        CHECK(delay < 2s);
    }
}

TEST_CASE("retry_policy: the budget counts every attempt") {
    http::FixedJitter half(0.5);
    http::RetryPolicy policy({.base_delay = 1s, .max_delay = 30s, .max_attempts = 3}, half);
    CHECK(policy.next_delay(http_failure(503), 1) == 500ms);
    CHECK(policy.next_delay(http_failure(503), 2) == 1s);
    CHECK_FALSE(policy.next_delay(http_failure(503), 3).has_value());
    CHECK_FALSE(policy.next_delay(http_failure(404), 1).has_value());
    CHECK_FALSE(policy.next_delay(of_kind(http::FailureKind::too_large), 1).has_value());
    CHECK(http::RetryOptions{}.max_attempts == 8);

    CHECK_THROWS_AS(http::RetryPolicy({.max_attempts = 0}, half), std::invalid_argument);
    CHECK_THROWS_AS(http::RetryPolicy({.base_delay = 2s, .max_delay = 1s}, half),
                    std::invalid_argument);
}

TEST_CASE(
    "retry_policy: Retry-After is honoured on 429 and 503; a longer one than the maximum stops") {
    http::FixedJitter full(1.0);
    http::RetryPolicy policy({.base_delay = 500ms, .max_delay = 30s, .max_retry_after = 10min},
                             full);
    CHECK(policy.next_delay(http_failure(429, 7s), 1) == 7s);
    CHECK(policy.next_delay(http_failure(503, 0s), 1) == 0s);
    CHECK(policy.next_delay(http_failure(429, 600s), 1) == 10min);
    CHECK_FALSE(policy.asks_too_long(http_failure(429, 600s)));
    CHECK_FALSE(policy.next_delay(http_failure(429, 601s), 1).has_value());
    CHECK(policy.asks_too_long(http_failure(429, 3600s)));
    CHECK(policy.asks_too_long(http_failure(503, 3600s)));
    CHECK_FALSE(policy.asks_too_long(http_failure(500, 3600s)));  // Retry-After means nothing there
    CHECK_FALSE(policy.asks_too_long(http_failure(429)));
    // Without the header, or on other statuses, backoff applies.
    CHECK(policy.next_delay(http_failure(429), 2) == 1s);
    CHECK(policy.next_delay(http_failure(500, 7s), 1) == 500ms);
    // A pause does not extend the budget.
    CHECK_FALSE(policy.next_delay(http_failure(429, 1s), 8).has_value());
}

TEST_CASE("retry_policy: parsing Retry-After delta-seconds") {
    CHECK(parse_retry_after("1", new_year) == 1s);
    CHECK(parse_retry_after("  120 ", new_year) == 120s);
    CHECK(parse_retry_after("0", new_year) == 0s);
    // Absurdly large values saturate instead of overflowing; the policy then stops.
    const auto huge = parse_retry_after("99999999999999999999999999999", new_year);
    REQUIRE(huge.has_value());
    CHECK(*huge > std::chrono::hours(24 * 365));
    http::FixedJitter full(1.0);
    http::RetryPolicy policy({}, full);
    CHECK_FALSE(policy.next_delay(http_failure(429, huge), 1).has_value());
    CHECK(policy.asks_too_long(http_failure(429, huge)));
}

TEST_CASE("retry_policy: parsing Retry-After HTTP-dates") {
    CHECK(parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", new_year) == 30s);
    CHECK(parse_retry_after("Thu, 01 Jan 2026 01:00:00 GMT", new_year) == 3600s);
    CHECK(parse_retry_after("Fri, 02 Jan 2026 00:00:00 GMT", new_year) == 86400s);
    // A date in the past means "now".
    CHECK(parse_retry_after("Wed, 31 Dec 2025 23:59:00 GMT", new_year) == 0s);
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", new_year) == 0s);
    // Sub-second parts of now are ignored rather than making a delay of -0.5 s.
    CHECK(parse_retry_after("Thu, 01 Jan 2026 00:00:01 GMT", new_year + 500ms) == 1s);
}

TEST_CASE("retry_policy: garbage Retry-After values are ignored") {
    for (const char* garbage :
         {"", "   ", "-5", "1.5", "soon", "5 s", "0x10", "Thu, 01 Jan 2026 00:00:30",
          "Thu, 01 Jan 2026 00:00:30 UTC", "Thu, 32 Jan 2026 00:00:30 GMT",
          "Thu, 29 Feb 2026 00:00:30 GMT", "Thu, 01 Foo 2026 00:00:30 GMT",
          "Thu, 01 Jan 2026 24:00:30 GMT", "Thu, 01 Jan 2026 00:61:30 GMT",
          "Mon, 01 Jan 2026 00:00:30 GMT", "Thursday, 01-Jan-26 00:00:30 GMT",
          "Thu, 1 Jan 2026 00:00:30 GMT", "Thu, 01 Jan 2026 00:00:30 GMT trailing"}) {
        CAPTURE(garbage);
        CHECK_FALSE(parse_retry_after(garbage, new_year).has_value());
    }
}
