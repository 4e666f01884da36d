#include "sync/http/interruption.hpp"

#include <atomic>
#include <csignal>

namespace kolcat::http {
namespace {

std::atomic<int> asked_by_signal{0};
// Only a lock-free atomic may be touched in a signal handler.
static_assert(std::atomic<int>::is_always_lock_free);

std::string signal_name(int signal) {
    switch (signal) {
        case SIGINT:
            return "SIGINT";
        case SIGTERM:
            return "SIGTERM";
        default:
            return "signal " + std::to_string(signal);
    }
}

}  // namespace

Interrupted::Interrupted(int signal)
    : std::runtime_error("interrupted by " + signal_name(signal)), signal_(signal) {}

void request_interruption(int signal) noexcept {
    int none = 0;
    // The first signal is the one that counts (and decides the exit code).
    asked_by_signal.compare_exchange_strong(none, signal);
}

int interruption_signal() noexcept {
    return asked_by_signal.load();
}

void throw_if_interrupted() {
    if (const int signal = interruption_signal(); signal != 0) {
        throw Interrupted(signal);
    }
}

void clear_interruption() noexcept {
    asked_by_signal.store(0);
}

}  // namespace kolcat::http
