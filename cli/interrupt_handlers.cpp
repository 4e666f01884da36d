#include "cli/interrupt_handlers.hpp"

#include "cli/exit_codes.hpp"
#include "sync/http/interruption.hpp"

namespace kolcat::cli {
namespace {

// Async-signal-safe: one lock-free atomic store.
void on_stop_signal(int signal) {
    http::request_interruption(signal);
}

}  // namespace

InterruptHandlers::InterruptHandlers() {
    struct sigaction action{};
    action.sa_handler = &on_stop_signal;
    sigemptyset(&action.sa_mask);
    // SA_RESETHAND: the next signal of the same kind gets the default action (ends kolcat).
    // SA_RESTART: system calls elsewhere go on; the sync notices the flag by itself.
    action.sa_flags = SA_RESETHAND | SA_RESTART;
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
}

InterruptHandlers::~InterruptHandlers() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
}

int interrupted_exit_code(int signal) {
    return signal == SIGTERM ? exit_terminated : exit_interrupted;
}

}  // namespace kolcat::cli
