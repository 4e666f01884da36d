// bench_coverage: times whole `kolcat coverage` processes on the demo catalogue (what `kolcat
// sync` fills from the demo Kolada server: every curated key figure for the default units).
//
//   bench_coverage KOLCAT_BINARY [--work DIR] [--runs N]
//
// The demo catalogue is built once in --work (default $TMPDIR/kolcat-bench-coverage) and
// reused. Each command runs once to warm up, then --runs times (default 10); the median and the
// fastest wall time of the whole process are printed, with the target: under 200 ms.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "demo/fake_kolada_server.hpp"
#include "demo/load_dataset.hpp"

extern char** environ;

namespace {

using namespace kolcat;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kTargetMs = 200;

struct Options {
    fs::path kolcat;
    fs::path work = fs::temp_directory_path() / "kolcat-bench-coverage";
    int runs = 10;
};

[[noreturn]] void fail(const std::string& message) {
    std::cerr << "bench_coverage: " << message << "\n";
    std::exit(1);
}

Options parse_options(int argc, char** argv) {
    if (argc < 2) {
        fail("usage: bench_coverage KOLCAT_BINARY [--work DIR] [--runs N]");
    }
    Options options;
    options.kolcat = fs::absolute(argv[1]);
    for (int i = 2; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--work" && i + 1 < argc) {
            options.work = argv[++i];
        } else if (argument == "--runs" && i + 1 < argc) {
            options.runs = std::max(1, std::stoi(argv[++i]));
        } else {
            fail("unknown argument " + argument);
        }
    }
    return options;
}

// One process's wall time and CPU time (user + system), in ms. On a shared machine the CPU time
// says what kolcat costs, the wall time also how long it waited for a core.
struct Timing {
    double wall_ms = 0;
    double cpu_ms = 0;
};

double ms_of(const timeval& time) {
    return static_cast<double>(time.tv_sec) * 1000.0 + static_cast<double>(time.tv_usec) / 1000.0;
}

// Runs KOLCAT ARGS to its end, its standard output to /dev/null.
Timing run_kolcat(const Options& options, std::vector<std::string> args) {
    args.insert(args.begin(), options.kolcat.string());
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const auto start = Clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
        fail("cannot run " + options.kolcat.string());
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    const auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    posix_spawn_file_actions_destroy(&actions);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fail("kolcat " + args[1] + " failed (status " + std::to_string(status) + ")");
    }
    return {elapsed, ms_of(usage.ru_utime) + ms_of(usage.ru_stime)};
}

// The demo catalogue: `kolcat sync` from the demo server, the default scope.
fs::path demo_catalogue(const Options& options) {
    const auto path = options.work / "demo.sqlite";
    if (fs::exists(path)) {
        return path;
    }
    fs::create_directories(options.work);
    demo::ServerOptions server_options;
    server_options.demo_header = true;
    demo::FakeKoladaServer server(demo::load_dataset(KOLCAT_DEMO_DATA_DIR), server_options);
    server.start();
    const auto building = path.string() + ".building";
    fs::remove(building);
    run_kolcat(options, {"sync", "--api-url", server.base_url(), "--max-rps", "0", "--quiet",
                         "--catalogue", building});
    fs::rename(building, path);
    return path;
}

void time_command(const Options& options, const std::vector<std::string>& args) {
    std::string label = "kolcat";
    for (const auto& arg : args) {
        if (arg == "--catalogue") {
            break;
        }
        label += " " + arg;
    }
    run_kolcat(options, args);  // warm-up: page cache, and the curated set stored once
    std::vector<double> walls;
    std::vector<double> cpus;
    for (int i = 0; i < options.runs; ++i) {
        const Timing timing = run_kolcat(options, args);
        walls.push_back(timing.wall_ms);
        cpus.push_back(timing.cpu_ms);
    }
    std::sort(walls.begin(), walls.end());
    std::sort(cpus.begin(), cpus.end());
    const double median = walls[walls.size() / 2];
    std::printf("%-40s median %6.1f ms  min %6.1f ms  CPU median %6.1f ms  target < %3.0f ms  %s\n",
                label.c_str(), median, walls.front(), cpus[cpus.size() / 2], kTargetMs,
                median < kTargetMs ? "ok" : "MISSED");
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    const std::string catalogue = demo_catalogue(options).string();
    std::cout << "kolcat: " << options.kolcat.string() << ", catalogue " << catalogue << ", "
              << options.runs << " runs each\n";
    time_command(options, {"coverage", "--catalogue", catalogue});
    time_command(options, {"coverage", "--by", "operating-area", "--catalogue", catalogue});
    time_command(options, {"coverage", "--format", "json", "--catalogue", catalogue});
    time_command(options, {"coverage", "--all", "--catalogue", catalogue});
    time_command(options, {"coverage", "--unit", "2580", "--catalogue", catalogue});
    return 0;
}
