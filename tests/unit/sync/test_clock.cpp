#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

#include "sync/http/clock.hpp"

using namespace kolcat;
using namespace std::chrono_literals;

TEST_CASE("clock: the fake clock sleeps instantly and moves both times") {
    http::FakeClock clock;
    const auto steady = clock.now();
    const auto wall = clock.wall_now();
    const auto real_before = std::chrono::steady_clock::now();
    clock.sleep_for(1h);
    clock.sleep_for(-5s);  // recorded, but time never goes backwards
    CHECK(std::chrono::steady_clock::now() - real_before < 1s);
    CHECK(clock.now() - steady == 1h);
    CHECK(clock.wall_now() - wall == 1h);
    REQUIRE(clock.sleeps().size() == 2);
    CHECK(clock.total_slept() == 1h);
    clock.advance(30s);
    CHECK(clock.now() - steady == 1h + 30s);
    CHECK(clock.sleeps().size() == 2);
}

TEST_CASE("clock: the real clock really sleeps") {
    http::SteadyClock clock;
    const auto before = clock.now();
    clock.sleep_for(20ms);
    CHECK(clock.now() - before >= 20ms);
    CHECK(clock.wall_now().time_since_epoch() > std::chrono::hours(24 * 365 * 50));
}

TEST_CASE("clock: jitter sources") {
    http::FixedJitter fixed(0.25);
    CHECK(fixed.next_fraction() == 0.25);
    CHECK(http::FixedJitter(7.0).next_fraction() == 1.0);
    CHECK(http::FixedJitter(-1.0).next_fraction() == 0.0);

    http::RandomJitter random;
    double low = 1.0;
    double high = 0.0;
    for (int i = 0; i < 1000; ++i) {
        const double fraction = random.next_fraction();
        REQUIRE(fraction >= 0.0);
        REQUIRE(fraction < 1.0);
        low = std::min(low, fraction);
        high = std::max(high, fraction);
    }
    // 1000 uniform draws cover the range; failing this by chance has odds below 1e-40.
    CHECK(low < 0.1);
    CHECK(high > 0.9);
}
