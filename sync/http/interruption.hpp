#pragma once
// A stop asked for from outside the program (SIGINT, SIGTERM). A signal handler records it, and
// the sync looks at it between requests, during a transfer (libcurl's progress callback) and
// during waits, then unwinds with Interrupted: every page stored so far stays whole, the run is
// recorded as failed, and the next sync resumes it.

#include <stdexcept>
#include <string>

namespace kolcat::http {

class Interrupted : public std::runtime_error {
  public:
    explicit Interrupted(int signal);
    int signal() const noexcept { return signal_; }

  private:
    int signal_;
};

// Records that `signal` asked the program to stop. Async-signal-safe: only a lock-free atomic
// store, so it may be called from a signal handler on any thread.
void request_interruption(int signal) noexcept;
// The signal that asked to stop, or 0. Async-signal-safe.
int interruption_signal() noexcept;
// Throws Interrupted when a stop was asked for.
void throw_if_interrupted();
// Forgets a stop asked for (tests).
void clear_interruption() noexcept;

}  // namespace kolcat::http
