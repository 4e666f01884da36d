#pragma once
// While a sync runs, SIGINT and SIGTERM do not kill kolcat: they ask the sync to stop (see
// sync/interruption.hpp), so that it records its run as resumable, releases its lock and exits
// 130 or 143 with one line that says how to go on. A second signal of the same kind kills at
// once, as usual (the catalogue stays consistent even then: every page lands whole).

#include <csignal>

namespace kolcat::cli {

class InterruptHandlers {
  public:
    InterruptHandlers();
    ~InterruptHandlers();
    InterruptHandlers(const InterruptHandlers&) = delete;
    InterruptHandlers& operator=(const InterruptHandlers&) = delete;

  private:
    struct sigaction previous_int_{};
    struct sigaction previous_term_{};
};

// What kolcat prints when a sync stopped for a signal.
inline constexpr const char* interrupted_message =
    "kolcat: interrupted; run 'kolcat sync' to continue where it stopped";

// 128 + the signal, as a shell reports a process a signal ended: 130 for SIGINT, 143 for SIGTERM.
int interrupted_exit_code(int signal);

}  // namespace kolcat::cli
