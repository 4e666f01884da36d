#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>

#include "sync/http/clock.hpp"
#include "sync/http/rate_limiter.hpp"

using namespace kolcat;
using namespace std::chrono_literals;

TEST_CASE("rate_limiter: 5 requests/s are spaced 200 ms apart") {
    http::FakeClock clock;
    http::RateLimiter limiter(5, clock);
    const auto start = clock.now();
    for (int i = 0; i < 6; ++i) {
        limiter.acquire();
        CHECK(clock.now() - start == i * 200ms);
    }
    // The first request does not wait; the five after it wait 200 ms each.
    CHECK(clock.total_slept() == 1s);
}

TEST_CASE("rate_limiter: time spent elsewhere counts towards the spacing") {
    http::FakeClock clock;
    http::RateLimiter limiter(5, clock);
    limiter.acquire();
    clock.advance(150ms);  // e.g. the request itself took 150 ms
    limiter.acquire();
    REQUIRE(clock.sleeps().size() == 1);
    CHECK(clock.sleeps()[0] == 50ms);
    clock.advance(10s);  // a long pause: no burst credit accumulates
    limiter.acquire();
    limiter.acquire();
    CHECK(clock.sleeps().back() == 200ms);
    CHECK(clock.total_slept() == 250ms);
}

TEST_CASE("rate_limiter: 0 means unlimited, fractional rates work, negative is refused") {
    http::FakeClock clock;
    http::RateLimiter unlimited(0, clock);
    for (int i = 0; i < 1000; ++i) {
        unlimited.acquire();
    }
    CHECK(clock.sleeps().empty());

    http::RateLimiter slow(0.5, clock);
    slow.acquire();
    slow.acquire();
    CHECK(clock.total_slept() == 2s);

    CHECK(http::RateLimiter::default_max_rps == 5.0);
    CHECK_THROWS_AS(http::RateLimiter(-1, clock), std::invalid_argument);
}
