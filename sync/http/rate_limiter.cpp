#include "sync/http/rate_limiter.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace kolcat::http {
namespace {

Clock::duration interval_for(double max_rps) {
    if (!std::isfinite(max_rps) || max_rps < 0) {
        throw std::invalid_argument(
            "the request rate must be 0 (unlimited) or a positive number, not " +
            std::to_string(max_rps));
    }
    if (max_rps == 0) {
        return Clock::duration::zero();
    }
    const std::chrono::duration<double> seconds{1.0 / max_rps};
    return std::chrono::duration_cast<Clock::duration>(seconds);
}

}  // namespace

RateLimiter::RateLimiter(double max_rps, Clock& clock)
    : max_rps_(max_rps), interval_(interval_for(max_rps)), clock_(clock) {}

void RateLimiter::acquire() {
    if (interval_ == Clock::duration::zero()) {
        return;
    }
    Clock::duration wait{};
    {
        // Reserve the slot under the lock, sleep outside it, so that a second thread computes
        // its own slot (one interval later) instead of queueing behind our sleep.
        const std::lock_guard lock(mutex_);
        const Clock::time_point now = clock_.now();
        Clock::time_point slot = now;
        if (next_slot_ && *next_slot_ > now) {
            slot = *next_slot_;
        }
        wait = slot - now;
        next_slot_ = slot + interval_;
    }
    if (wait > Clock::duration::zero()) {
        clock_.sleep_for(wait);
    }
}

}  // namespace kolcat::http
