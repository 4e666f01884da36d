#include "sync/http/clock.hpp"

#include <algorithm>
#include <numeric>
#include <thread>

#include "sync/http/interruption.hpp"

namespace kolcat::http {

Clock::time_point SteadyClock::now() const {
    return std::chrono::steady_clock::now();
}

std::chrono::system_clock::time_point SteadyClock::wall_now() const {
    return std::chrono::system_clock::now();
}

void SteadyClock::sleep_for(duration d) {
    // In short steps, so that a stop asked for (Ctrl-C) ends a long Retry-After wait at once;
    // the caller then sees it.
    constexpr duration step = std::chrono::milliseconds(100);
    const time_point end = now() + d;
    for (time_point at = now(); at < end && interruption_signal() == 0; at = now()) {
        std::this_thread::sleep_for(std::min<duration>(step, end - at));
    }
}

// A fixed, recognisable starting point, so that tests comparing time points read well;
// the wall clock starts at 2026-01-01T00:00:00Z.
FakeClock::FakeClock()
    : now_(time_point{} + std::chrono::hours(1000)),
      wall_now_(std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}) {}

void FakeClock::sleep_for(duration d) {
    sleeps_.push_back(d);
    if (d > duration::zero()) {
        advance(d);
    }
}

void FakeClock::advance(duration d) {
    now_ += d;
    wall_now_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
}

Clock::duration FakeClock::total_slept() const {
    return std::accumulate(
        sleeps_.begin(), sleeps_.end(), duration::zero(),
        [](duration sum, duration d) { return d > duration::zero() ? sum + d : sum; });
}

RandomJitter::RandomJitter() : engine_(std::random_device{}()) {}

double RandomJitter::next_fraction() {
    // uniform_real_distribution may return its upper bound through rounding; keep [0, 1).
    const double fraction = distribution_(engine_);
    return fraction < 1.0 ? fraction : 0.0;
}

FixedJitter::FixedJitter(double fraction) : fraction_(std::clamp(fraction, 0.0, 1.0)) {}

}  // namespace kolcat::http
