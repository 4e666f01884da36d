#pragma once
// Time and randomness, injected: the retry policy and the rate limiter never read the real clock
// or a global random generator, so their tests run instantly and deterministically.

#include <chrono>
#include <random>
#include <vector>

namespace kolcat::http {

class Clock {
  public:
    using duration = std::chrono::steady_clock::duration;
    using time_point = std::chrono::steady_clock::time_point;

    virtual ~Clock() = default;
    // Monotonic time, for spacing requests and measuring waits.
    virtual time_point now() const = 0;
    // Wall-clock time, only for reading HTTP dates (Retry-After).
    virtual std::chrono::system_clock::time_point wall_now() const = 0;
    virtual void sleep_for(duration d) = 0;
};

class SteadyClock final : public Clock {
  public:
    time_point now() const override;
    std::chrono::system_clock::time_point wall_now() const override;
    // Returns early when a stop is asked for (see interruption.hpp).
    void sleep_for(duration d) override;
};

// Virtual time for tests: sleep_for() returns at once and moves the clock forward.
// Not thread-safe: a test drives it from one thread.
class FakeClock final : public Clock {
  public:
    FakeClock();
    time_point now() const override { return now_; }
    std::chrono::system_clock::time_point wall_now() const override { return wall_now_; }
    void sleep_for(duration d) override;

    void advance(duration d);
    void set_wall_now(std::chrono::system_clock::time_point t) { wall_now_ = t; }
    // Every sleep asked for, in order (zero and negative ones included).
    const std::vector<duration>& sleeps() const { return sleeps_; }
    duration total_slept() const;

  private:
    time_point now_;
    std::chrono::system_clock::time_point wall_now_;
    std::vector<duration> sleeps_;
};

// A source of uniformly distributed fractions in [0, 1), for backoff jitter.
class JitterSource {
  public:
    virtual ~JitterSource() = default;
    virtual double next_fraction() = 0;
};

class RandomJitter final : public JitterSource {
  public:
    RandomJitter();
    double next_fraction() override;

  private:
    std::mt19937 engine_;
    std::uniform_real_distribution<double> distribution_{0.0, 1.0};
};

// Always the same fraction (clamped to [0, 1]): a test can predict every delay.
class FixedJitter final : public JitterSource {
  public:
    explicit FixedJitter(double fraction);
    double next_fraction() override { return fraction_; }

  private:
    double fraction_;
};

}  // namespace kolcat::http
