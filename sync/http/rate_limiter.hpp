#pragma once
// Politeness towards Kolada: at most N request starts per second, spaced evenly (1/N s apart)
// rather than in bursts. No rate limit is published; other clients keep to about 5/s.

#include <mutex>
#include <optional>

#include "sync/http/clock.hpp"

namespace kolcat::http {

class RateLimiter {
  public:
    static constexpr double default_max_rps = 5.0;

    // max_rps = 0 means unlimited. Throws std::invalid_argument for a negative or non-finite
    // rate. The clock must outlive the limiter.
    RateLimiter(double max_rps, Clock& clock);

    // Waits (on the clock) until the next request may start, and reserves that slot.
    // Thread-safe: concurrent callers get distinct, evenly spaced slots.
    void acquire();

    double max_rps() const { return max_rps_; }

  private:
    double max_rps_;
    Clock::duration interval_;
    Clock& clock_;
    std::mutex mutex_;
    std::optional<Clock::time_point> next_slot_;
};

}  // namespace kolcat::http
