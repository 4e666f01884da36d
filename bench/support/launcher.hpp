#pragma once
// Starts commands from a small process forked when a benchmark starts, before its data set
// exists, and reports each command's exit status and rusage (wait4).
//
// Why: a child's ru_maxrss starts from the RSS of the process it was forked or vforked from
// (the kernel carries the old memory's high-water mark over exec), so a kolcat spawned by a
// benchmark that holds the server's data set would report the benchmark's RSS as its own.
// The launcher also starts a session of its own, as a terminal does for a user's `kolcat sync`:
// where the kernel groups CPU time by session (sched_autogroup), the command then gets a
// session's share of the machine, and the fake server, which a real sync finds on another
// machine, takes its CPU time from the benchmark's session, not from the command's.

#include <sys/resource.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace kolcat::bench {

class Launcher {
  public:
    struct Outcome {
        int status = 0;  // as from waitpid; -1 when the command could not be started
        rusage usage{};
    };

    // Construct first thing in main, while the process is single-threaded and small.
    Launcher();
    ~Launcher();
    Launcher(const Launcher&) = delete;
    Launcher& operator=(const Launcher&) = delete;

    // Runs the command (argv[0] is its path) to its end. An empty `stdout_path` keeps the
    // benchmark's standard output; otherwise the command's goes to that file.
    Outcome run(const std::vector<std::string>& argv, const std::string& stdout_path = "");

  private:
    pid_t pid_ = -1;
    int to_launcher_ = -1;
    int from_launcher_ = -1;
};

// True when the outcome is a normal exit with status 0.
bool succeeded(const Launcher::Outcome& outcome);
double cpu_seconds_of(const rusage& usage);

}  // namespace kolcat::bench
