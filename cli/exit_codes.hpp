#pragma once
// The process exit codes; README.md documents them for scripts.

#include <stdexcept>

namespace kolcat::cli {

enum ExitCode : int {
    exit_ok = 0,
    exit_internal = 1,       // a bug or an unexpected failure
    exit_usage = 2,          // bad command line: unknown option, malformed argument
    exit_not_found = 3,      // an id the user named is not in the catalogue
    exit_catalogue = 4,      // the catalogue cannot be opened, is locked, is newer, disk full;
                             // the output cannot be written
    exit_sync_failed = 5,    // the API could not be synced (network, server errors, bad answers)
    exit_problems = 6,       // a check ran and found problems (e.g. `indicators check`)
    exit_differences = 7,    // `verify` found cells where the catalogue and Kolada differ
    exit_interrupted = 130,  // Ctrl-C (SIGINT) during a sync
    exit_terminated = 143    // SIGTERM during a sync
};

// Thrown by command code for a malformed command line; main prints it and exits 2.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Thrown when an id the user named does not exist; exits 3.
class NotFoundError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace kolcat::cli
