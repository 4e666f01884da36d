// bench_differences: `kolcat differences`, whole processes, on the demo catalogue (what `kolcat
// sync` fills from the demo Kolada server: every curated key figure for the demo's units).
//
//   bench_differences KOLCAT_BINARY [--work DIR] [--runs N] [--rebuild]
//
// The demo catalogue is built once in --work (default $TMPDIR/kolcat-bench-differences) and
// reused until --rebuild. Each command runs once to warm up, then --runs times (default 10);
// the median and the fastest wall time of the whole process are printed (start, opening the
// catalogue, loading the curated files, the analysis and the output to /dev/null), and the
// median CPU time (user + system), which a busy machine does not inflate. The user's
// own local indicators file is kept out: XDG_CONFIG_HOME points into the work folder.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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

struct Options {
    fs::path kolcat;
    fs::path work = fs::temp_directory_path() / "kolcat-bench-differences";
    int runs = 10;
    bool rebuild = false;
};

[[noreturn]] void fail(const std::string& message) {
    std::cerr << "bench_differences: " << message << "\n";
    std::exit(1);
}

Options parse_options(int argc, char** argv) {
    if (argc < 2) {
        fail("usage: bench_differences KOLCAT_BINARY [--work DIR] [--runs N] [--rebuild]");
    }
    Options options;
    options.kolcat = fs::absolute(argv[1]);
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                fail(arg + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--work") {
            options.work = next();
        } else if (arg == "--runs") {
            options.runs = std::max(1, std::stoi(next()));
        } else if (arg == "--rebuild") {
            options.rebuild = true;
        } else {
            fail("unknown argument " + arg);
        }
    }
    return options;
}

// The environment of every kolcat run: the benchmark's, without a local indicators file.
std::vector<std::string> child_environment(const Options& options) {
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        if (!text.starts_with("KOLCAT_") && !text.starts_with("XDG_CONFIG_HOME=")) {
            env.push_back(text);
        }
    }
    env.push_back("XDG_CONFIG_HOME=" + (options.work / "config").string());
    return env;
}

struct Timing {
    double wall_ms = 0;
    double cpu_ms = 0;  // user + system: what the process cost, whatever else the machine ran
};

// Runs KOLCAT ARGS to its end with stdout to /dev/null.
Timing run_kolcat(const Options& options, std::vector<std::string> args) {
    args.insert(args.begin(), options.kolcat.string());
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    auto env_text = child_environment(options);
    std::vector<char*> envp;
    for (auto& entry : env_text) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    const auto start = Clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) {
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
    const auto ms = [](const timeval& time) {
        return static_cast<double>(time.tv_sec) * 1000.0 +
               static_cast<double>(time.tv_usec) / 1000.0;
    };
    return {elapsed, ms(usage.ru_utime) + ms(usage.ru_stime)};
}

fs::path demo_catalogue(const Options& options) {
    const auto path = options.work / "demo.sqlite";
    if (fs::exists(path) && !options.rebuild) {
        return path;
    }
    fs::create_directories(options.work);
    fs::remove(path);
    demo::ServerOptions server_options;
    server_options.demo_header = true;
    demo::FakeKoladaServer server(demo::load_dataset(KOLCAT_DEMO_DATA_DIR), server_options);
    server.start();
    const auto building = path.string() + ".building";
    fs::remove(building);
    run_kolcat(options, {"sync", "--api-url", server.base_url(), "--max-rps", "0", "--quiet",
                         "--catalogue", building});
    fs::rename(building, path);
    std::cout << "built " << path.string() << " with kolcat sync from the demo server\n";
    return path;
}

void time_command(const Options& options, const std::string& label,
                  const std::vector<std::string>& args, double target_ms) {
    run_kolcat(options, args);  // warm-up: page cache, and the curated set stored once
    std::vector<double> times;
    std::vector<double> cpu;
    for (int i = 0; i < options.runs; ++i) {
        const Timing timing = run_kolcat(options, args);
        times.push_back(timing.wall_ms);
        cpu.push_back(timing.cpu_ms);
    }
    std::sort(times.begin(), times.end());
    std::sort(cpu.begin(), cpu.end());
    const double median = times[times.size() / 2];
    std::printf("%-40s median %7.1f ms  min %7.1f ms  CPU median %6.1f ms  target < %5.0f ms  %s\n",
                label.c_str(), median, times.front(), cpu[cpu.size() / 2], target_ms,
                median < target_ms ? "ok" : "MISSED");
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    const std::string catalogue = demo_catalogue(options).string();
    std::cout << "kolcat: " << options.kolcat.string() << ", " << options.runs << " runs each\n";
    time_command(options, "differences --goal 5",
                 {"differences", "--goal", "5", "--catalogue", catalogue}, 200);
    time_command(options, "differences --goal 5 --format json",
                 {"differences", "--goal", "5", "--format", "json", "--catalogue", catalogue}, 200);
    time_command(options, "differences (the whole curated set)",
                 {"differences", "--catalogue", catalogue}, 500);
    return 0;
}
