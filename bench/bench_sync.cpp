// bench_sync: a full sync, end to end, from the fake Kolada v3 server on loopback into a fresh
// catalogue, with no rate limit: throughput, peak RSS and catalogue bytes per value.
//
//   bench_sync [--kolcat KOLCAT_BINARY] [--mode child|in-process|both] [--kpis N] [--units N]
//              [--years N] [--gzip] [--seed N] [--work DIR]
//
// The data set is generated (generate_dataset: 9 key figures in 10 have T, K and M, the tenth T
// only); the default 110 × 300 × 34 holds 3 141 600 gender-level values. The server runs in this
// process, on its own threads. The sync then runs as `kolcat sync --max-rps 0 --kpi ... --unit
// ... --quiet` would:
//   child       the real `kolcat` binary as a child process; its peak RSS comes from wait4's
//               rusage, so the server's data set is not counted: the honest "peak RSS of kolcat".
//               It is started by a small process forked before the data set exists (see
//               Launcher);
//   in-process  run_sync in this process (HttpJsonFetcher, max_rps 0); the peak RSS then holds
//               the server's data set too, so the growth over the RSS before the sync is shown
//               as well (the high-water mark is reset through /proc/self/clear_refs first).
// Default: both when --kolcat is given, else in-process. Each run syncs into a fresh catalogue,
// checks that every generated value arrived, and sizes the file (main + -wal, after a
// TRUNCATE checkpoint). The CPU time is printed too: on a shared machine the wall time says as
// much about the other processes as about kolcat. Targets: >= 300 000 values/s,
// peak RSS < 150 MB, <= 60 bytes per value.
//
// Longer than 400 lines: a self-contained benchmark program (options, child and in-process
// modes, measurements, report), run by hand.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/support/catalogue_size.hpp"
#include "bench/support/generated_scope.hpp"
#include "bench/support/launcher.hpp"
#include "bench/support/texts.hpp"
#include "catalogue/catalogue.hpp"
#include "demo/fake_kolada_server.hpp"
#include "demo/generate_dataset.hpp"
#include "sync/http/http_json_fetcher.hpp"
#include "sync/kolada/sync_engine.hpp"

namespace {

using namespace kolcat;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kTargetValuesPerSecond = 300'000;
constexpr double kTargetPeakRssMb = 150;
constexpr double kTargetBytesPerValue = 60;

enum class Mode { child, in_process, both };

struct Options {
    std::optional<fs::path> kolcat;
    std::optional<Mode> mode;
    int kpis = 110;
    int units = 300;
    int years = 34;
    bool gzip = false;
    std::uint64_t seed = 42;
    fs::path work = fs::temp_directory_path() / "kolcat-bench-sync";
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "bench_sync: " << problem << "\n"
              << "usage: bench_sync [--kolcat KOLCAT_BINARY] [--mode child|in-process|both]\n"
                 "                  [--kpis N] [--units N] [--years N] [--gzip] [--seed N]\n"
                 "                  [--work DIR]\n";
    std::exit(2);
}

int int_argument(const std::string& text, const std::string& name) {
    try {
        std::size_t used = 0;
        const int number = std::stoi(text, &used);
        if (used == text.size()) {
            return number;
        }
    } catch (const std::exception&) {
    }
    usage(name + " needs a whole number, not '" + text + "'");
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(argument + " needs a value");
            }
            return argv[++i];
        };
        if (argument == "--kolcat") {
            options.kolcat = fs::absolute(next());
        } else if (argument == "--mode") {
            const std::string mode = next();
            if (mode == "child") {
                options.mode = Mode::child;
            } else if (mode == "in-process") {
                options.mode = Mode::in_process;
            } else if (mode == "both") {
                options.mode = Mode::both;
            } else {
                usage("unknown mode '" + mode + "'");
            }
        } else if (argument == "--kpis") {
            options.kpis = int_argument(next(), argument);
        } else if (argument == "--units") {
            options.units = int_argument(next(), argument);
        } else if (argument == "--years") {
            options.years = int_argument(next(), argument);
        } else if (argument == "--seed") {
            options.seed = static_cast<std::uint64_t>(int_argument(next(), argument));
        } else if (argument == "--gzip") {
            options.gzip = true;
        } else if (argument == "--work") {
            options.work = next();
        } else {
            usage("unknown argument " + argument);
        }
    }
    if (!options.mode) {
        options.mode = options.kolcat ? Mode::both : Mode::in_process;
    }
    if (*options.mode != Mode::in_process && !options.kolcat) {
        usage("--mode child and both need --kolcat");
    }
    return options;
}

// --- measuring ---

// A "VmRSS:"-style line of /proc/self/status, in MB.
double proc_status_mb(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            return std::stod(line.substr(field.size() + 1)) / 1024.0;  // kB
        }
    }
    return 0;
}

// Resets this process's peak RSS (VmHWM) to its current RSS, so that the peak read after the
// sync is the sync's own. Linux >= 4.0; when refused, the peak stays the process's lifetime one.
bool reset_peak_rss() {
    std::ofstream clear_refs("/proc/self/clear_refs");
    clear_refs << "5";
    clear_refs.flush();
    return static_cast<bool>(clear_refs);
}

double seconds_of(const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

double cpu_seconds_of(const rusage& usage) {
    return seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
}

double cpu_seconds_now(int who) {
    rusage usage{};
    getrusage(who, &usage);
    return cpu_seconds_of(usage);
}

double megabytes(std::uintmax_t bytes) {
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

std::int64_t stored_values(const fs::path& path) {
    return catalogue::Catalogue::open(path, catalogue::OpenMode::read_only).counts().values;
}

fs::path fresh_catalogue(const fs::path& work, const std::string& name) {
    const fs::path path = work / (name + ".sqlite");
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(path.string() + suffix);
    }
    return path;
}

struct Result {
    std::string label;
    std::int64_t values = 0;
    double seconds = 0;
    double peak_rss_mb = 0;
    std::optional<double> rss_growth_mb;  // in-process: the peak over the RSS before the sync
    std::uintmax_t catalogue_bytes = 0;
    std::int64_t requests = 0;
    std::int64_t body_bytes = 0;  // as the server sent them
    // CPU seconds (user + sys) of the sync: the kolcat process, or the thread that ran run_sync.
    // On a loaded machine it says what wall time cannot: values per CPU second.
    double cpu_seconds = 0;
    std::optional<double> process_cpu_seconds;  // in-process: the server's threads included
};

// --- the two ways to run the sync ---

// kolcat runs from bench::Launcher (bench/support/launcher.hpp), forked before the data set
// exists, so that wait4's ru_maxrss is kolcat's own.
using bench::Launcher;

Result sync_in_child(Launcher& launcher, const fs::path& kolcat, const fs::path& catalogue,
                     const std::string& api_url, const std::vector<std::string>& kpis,
                     const std::vector<std::string>& units) {
    const std::vector<std::string> argv{kolcat.string(),
                                        "sync",
                                        "--catalogue",
                                        catalogue.string(),
                                        "--api-url",
                                        api_url,
                                        "--max-rps",
                                        "0",
                                        "--quiet",
                                        "--kpi",
                                        bench::join_ids(kpis),
                                        "--unit",
                                        bench::join_ids(units)};
    const auto started = Clock::now();
    const Launcher::Outcome outcome = launcher.run(argv);
    Result result;
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (!WIFEXITED(outcome.status) || WEXITSTATUS(outcome.status) != 0) {
        throw std::runtime_error("kolcat sync failed (status " + std::to_string(outcome.status) +
                                 ")");
    }
    result.label = "child: kolcat sync";
    result.peak_rss_mb = static_cast<double>(outcome.usage.ru_maxrss) / 1024.0;  // kB
    result.cpu_seconds = cpu_seconds_of(outcome.usage);
    return result;
}

Result sync_in_process(const fs::path& path, const std::string& api_url,
                       const std::vector<std::string>& kpis,
                       const std::vector<std::string>& units) {
    const double rss_before = proc_status_mb("VmRSS");
    const bool reset = reset_peak_rss();
    Result result;
    result.label = "in-process: run_sync";
    const double thread_cpu_before = cpu_seconds_now(RUSAGE_THREAD);
    const double process_cpu_before = cpu_seconds_now(RUSAGE_SELF);
    const auto started = Clock::now();
    {
        catalogue::Catalogue catalogue = catalogue::Catalogue::open(path);
        http::FetcherOptions fetcher_options;
        fetcher_options.max_rps = 0;
        http::HttpJsonFetcher fetcher(fetcher_options);
        sync::SyncOptions options;
        options.api_url = api_url;
        options.scope.kpis = kpis;
        options.scope.units = units;
        const sync::SyncReport report = sync::run_sync(catalogue, fetcher, options);
        result.requests = report.requests;
    }  // closing the catalogue is part of the sync's cost (the final checkpoint)
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    result.cpu_seconds = cpu_seconds_now(RUSAGE_THREAD) - thread_cpu_before;
    result.process_cpu_seconds = cpu_seconds_now(RUSAGE_SELF) - process_cpu_before;
    result.peak_rss_mb = proc_status_mb("VmHWM");
    result.rss_growth_mb = result.peak_rss_mb - rss_before;
    if (!reset) {
        std::cerr << "bench_sync: could not reset the peak RSS; it includes the setup\n";
    }
    return result;
}

void print(const Result& result, std::int64_t expected) {
    const double per_second = static_cast<double>(result.values) / result.seconds;
    const double per_value =
        static_cast<double>(result.catalogue_bytes) / static_cast<double>(result.values);
    std::printf("\n%s\n", result.label.c_str());
    std::printf("  values synced    %lld (expected %lld)%s\n",
                static_cast<long long>(result.values), static_cast<long long>(expected),
                result.values == expected ? "" : "  MISMATCH");
    std::printf("  requests         %lld, %.1f MB of bodies\n",
                static_cast<long long>(result.requests),
                megabytes(static_cast<std::uintmax_t>(result.body_bytes)));
    std::printf("  wall time        %.2f s\n", result.seconds);
    std::printf("  throughput       %.0f values/s  (target >= %.0f: %.2fx)\n", per_second,
                kTargetValuesPerSecond, per_second / kTargetValuesPerSecond);
    std::printf("  CPU time         %.2f s (%s): %.0f values per CPU second\n", result.cpu_seconds,
                result.process_cpu_seconds ? "the sync's thread" : "kolcat",
                static_cast<double>(result.values) / result.cpu_seconds);
    if (result.process_cpu_seconds) {
        std::printf(
            "                   %.2f s for the whole process, the server's threads "
            "included\n",
            *result.process_cpu_seconds);
    }
    if (result.rss_growth_mb) {
        // The peak holds the server's data set, so only the growth compares with the target.
        std::printf("  peak RSS         %.1f MB, the server's data set included\n",
                    result.peak_rss_mb);
        std::printf(
            "  RSS growth       %.1f MB over the RSS before the sync (target < %.0f: "
            "%.2fx)\n",
            *result.rss_growth_mb, kTargetPeakRssMb, *result.rss_growth_mb / kTargetPeakRssMb);
    } else {
        std::printf("  peak RSS         %.1f MB  (target < %.0f: %.2fx)\n", result.peak_rss_mb,
                    kTargetPeakRssMb, result.peak_rss_mb / kTargetPeakRssMb);
    }
    std::printf("  catalogue        %.1f MB, %.1f bytes/value  (target <= %.0f: %.2fx)\n",
                megabytes(result.catalogue_bytes), per_value, kTargetBytesPerValue,
                per_value / kTargetBytesPerValue);
}

int run(const Options& options, Launcher& launcher) {
    fs::create_directories(options.work);
    std::printf("bench_sync: %d kpis x %d units x %d years, gzip %s, load average %s\n",
                options.kpis, options.units, options.years, options.gzip ? "on" : "off",
                bench::load_average().c_str());

    const auto generating = Clock::now();
    auto [dataset, expected, kpis, units] =
        bench::generate_scope(options.kpis, options.units, options.years, options.seed);
    demo::ServerOptions server_options;
    server_options.gzip = options.gzip;
    demo::FakeKoladaServer server(std::move(dataset), server_options);
    server.start();
    std::printf("data set: %lld values, generated and served in %.1f s; RSS now %.1f MB\n",
                static_cast<long long>(expected),
                std::chrono::duration<double>(Clock::now() - generating).count(),
                proc_status_mb("VmRSS"));

    const Mode mode = *options.mode;
    std::vector<Result> results;
    if (mode == Mode::child || mode == Mode::both) {
        const fs::path path = fresh_catalogue(options.work, "child");
        const auto before = server.counters();
        Result result =
            sync_in_child(launcher, *options.kolcat, path, server.base_url(), kpis, units);
        const auto after = server.counters();
        result.requests = after.requests - before.requests;
        result.body_bytes = after.body_bytes - before.body_bytes;
        result.values = stored_values(path);
        result.catalogue_bytes = bench::catalogue_bytes(path);
        results.push_back(result);
        print(result, expected);
    }
    if (mode == Mode::in_process || mode == Mode::both) {
        const fs::path path = fresh_catalogue(options.work, "in-process");
        const auto before = server.counters();
        Result result = sync_in_process(path, server.base_url(), kpis, units);
        result.body_bytes = server.counters().body_bytes - before.body_bytes;
        result.values = stored_values(path);
        result.catalogue_bytes = bench::catalogue_bytes(path);
        results.push_back(result);
        print(result, expected);
    }
    std::printf("\nload average after: %s\n", bench::load_average().c_str());
    for (const auto& result : results) {
        if (result.values != expected) {
            std::fprintf(stderr, "bench_sync: %s stored %lld values, expected %lld\n",
                         result.label.c_str(), static_cast<long long>(result.values),
                         static_cast<long long>(expected));
            return 1;
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parse_options(argc, argv);
        Launcher launcher;
        return run(options, launcher);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_sync: %s\n", error.what());
        return 1;
    }
}
