// bench_growth: the catalogue's footprint over repeated syncs, and the local commands on it.
//
//   bench_growth KOLCAT_BINARY [--kpis N] [--units N] [--years N] [--syncs N] [--runs N]
//                [--seed N] [--work DIR]
//
// A generated data set (generate_dataset: 9 key figures in 10 have T, K and M, the tenth T only;
// the default 1 000 x 312 x 9 holds 7 862 400 values, the size of Kolada) is served by the fake
// Kolada v3 server in this process. The real `kolcat sync` then runs as a child: one sync into
// a fresh catalogue (metadata included), then --syncs more where nothing changed. After each,
// the file is checkpointed (TRUNCATE) and sized (main + -wal), and the growth over the size
// after the first sync is printed: the target is under 1 % in all. Then the bytes per value
// (target <= 30), also without synced_block (the record of synced pairs), and each table's
// share (dbstat). Last, each local
// command runs --runs times (stdout to /dev/null): the median wall time and the peak RSS
// (wait4's ru_maxrss) of each. Targets: status < 100 ms, gaps --all < 1 s, peak RSS < 150 MB.
//
// Children are started by bench/support's launcher, forked before the data set exists, so that
// each child's ru_maxrss is its own (launcher.hpp says why).

#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/support/catalogue_size.hpp"
#include "bench/support/generated_scope.hpp"
#include "bench/support/launcher.hpp"
#include "bench/support/texts.hpp"
#include "demo/fake_kolada_server.hpp"
#include "demo/generate_dataset.hpp"

namespace {

using namespace kolcat;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
    fs::path kolcat;
    int kpis = 1000;
    int units = 312;
    int years = 9;
    int syncs = 10;
    int runs = 5;
    std::uint64_t seed = 42;
    fs::path work = fs::temp_directory_path() / "kolcat-bench-growth";
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "bench_growth: " << problem << "\n"
              << "usage: bench_growth KOLCAT_BINARY [--kpis N] [--units N] [--years N]\n"
                 "                    [--syncs N] [--runs N] [--seed N] [--work DIR]\n";
    std::exit(2);
}

int int_argument(const std::string& text, const std::string& name) {
    try {
        std::size_t used = 0;
        const int number = std::stoi(text, &used);
        if (used == text.size() && number >= 0) {
            return number;
        }
    } catch (const std::exception&) {
    }
    usage(name + " needs a whole number, not '" + text + "'");
}

Options parse_options(int argc, char** argv) {
    Options options;
    bool have_kolcat = false;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(argument + " needs a value");
            }
            return argv[++i];
        };
        if (argument == "--kpis") {
            options.kpis = int_argument(next(), argument);
        } else if (argument == "--units") {
            options.units = int_argument(next(), argument);
        } else if (argument == "--years") {
            options.years = int_argument(next(), argument);
        } else if (argument == "--syncs") {
            options.syncs = int_argument(next(), argument);
        } else if (argument == "--runs") {
            options.runs = std::max(1, int_argument(next(), argument));
        } else if (argument == "--seed") {
            options.seed = static_cast<std::uint64_t>(int_argument(next(), argument));
        } else if (argument == "--work") {
            options.work = next();
        } else if (!have_kolcat && argument.rfind("--", 0) != 0) {
            options.kolcat = fs::absolute(argument);
            have_kolcat = true;
        } else {
            usage("unknown argument " + argument);
        }
    }
    if (!have_kolcat) {
        usage("the kolcat binary is missing");
    }
    return options;
}

// --- children ---

// A command's outcome and its wall time, measured around the launcher's round trip.
struct Timed {
    bench::Launcher::Outcome outcome;
    double seconds = 0;
};

// Runs the command with its stdout to /dev/null; throws when it fails.
Timed run_timed(bench::Launcher& launcher, const std::vector<std::string>& argv) {
    const auto started = Clock::now();
    Timed timed{launcher.run(argv, "/dev/null")};
    timed.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (!bench::succeeded(timed.outcome)) {
        throw std::runtime_error(argv[1] + " failed (status " +
                                 std::to_string(timed.outcome.status) + ")");
    }
    return timed;
}

double peak_rss_mb(const Timed& timed) {
    return static_cast<double>(timed.outcome.usage.ru_maxrss) / 1024.0;  // kB
}

// --- the file ---

using Connection = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Connection open_file(const fs::path& path) {
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    Connection db(raw, &sqlite3_close);
    if (opened != SQLITE_OK) {
        throw std::runtime_error("cannot open " + path.string());
    }
    return db;
}

// One integer from a query, or -1 when it fails (dbstat may be missing from the SQLite build).
std::int64_t query_int(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        return -1;
    }
    const std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw,
                                                                               &sqlite3_finalize);
    return sqlite3_step(raw) == SQLITE_ROW ? sqlite3_column_int64(raw, 0) : -1;
}

void print_tables(const fs::path& path, std::int64_t values) {
    const Connection db = open_file(path);
    sqlite3_stmt* raw = nullptr;
    const char* sql =
        "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC "
        "LIMIT 12";
    if (sqlite3_prepare_v2(db.get(), sql, -1, &raw, nullptr) != SQLITE_OK) {
        std::printf("  (no dbstat in this SQLite: no sizes per table)\n");
        return;
    }
    const std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw,
                                                                               &sqlite3_finalize);
    std::printf("  largest tables and indexes (dbstat):\n");
    while (sqlite3_step(raw) == SQLITE_ROW) {
        const auto bytes = sqlite3_column_int64(raw, 1);
        std::printf("    %-36s %8.1f MB  %5.1f bytes/value\n",
                    reinterpret_cast<const char*>(sqlite3_column_text(raw, 0)),
                    static_cast<double>(bytes) / 1e6,
                    static_cast<double>(bytes) / static_cast<double>(values));
    }
}

int run(const Options& options, bench::Launcher& launcher) {
    fs::create_directories(options.work);
    std::printf("bench_growth: %d kpis x %d units x %d years, load average %s\n", options.kpis,
                options.units, options.years, bench::load_average().c_str());
    auto [dataset, expected, kpis, units] =
        bench::generate_scope(options.kpis, options.units, options.years, options.seed);
    demo::FakeKoladaServer server(std::move(dataset), demo::ServerOptions{});
    server.start();

    const fs::path path = options.work / "growth.sqlite";
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(path.string() + suffix);
    }
    const std::string kolcat = options.kolcat.string();
    const std::vector<std::string> sync{kolcat,
                                        "sync",
                                        "--catalogue",
                                        path.string(),
                                        "--api-url",
                                        server.base_url(),
                                        "--max-rps",
                                        "0",
                                        "--quiet",
                                        "--kpi",
                                        bench::join_ids(kpis),
                                        "--unit",
                                        bench::join_ids(units)};

    std::printf("\nsync              requests   wall s   peak RSS MB   file MB   growth\n");
    std::uintmax_t first_bytes = 0;
    double max_sync_rss = 0;
    for (int i = 0; i <= options.syncs; ++i) {
        const auto before = server.counters();
        const Timed outcome = run_timed(launcher, sync);
        const auto requests = server.counters().requests - before.requests;
        const std::uintmax_t bytes = bench::catalogue_bytes(path);
        if (i == 0) {
            first_bytes = bytes;
        }
        max_sync_rss = std::max(max_sync_rss, peak_rss_mb(outcome));
        const double growth = 100.0 *
                              (static_cast<double>(bytes) - static_cast<double>(first_bytes)) /
                              static_cast<double>(first_bytes);
        std::printf("%-16s %9lld %8.2f %13.1f %9.2f %+7.3f %%\n",
                    i == 0 ? "1 full" : ("incremental " + std::to_string(i)).c_str(),
                    static_cast<long long>(requests), outcome.seconds, peak_rss_mb(outcome),
                    static_cast<double>(bytes) / 1e6, growth);
    }

    const std::uintmax_t bytes = bench::catalogue_bytes(path);
    std::int64_t values = 0;
    std::int64_t synced_block_bytes = -1;
    {
        const Connection db = open_file(path);
        values = query_int(db.get(), "SELECT count(*) FROM kpi_value");
        synced_block_bytes =
            query_int(db.get(), "SELECT sum(pgsize) FROM dbstat WHERE name = 'synced_block'");
    }
    std::printf("\nvalues            %lld (generated %lld)%s\n", static_cast<long long>(values),
                static_cast<long long>(expected), values == expected ? "" : "  MISMATCH");
    std::printf("file              %.1f MB, %.1f bytes/value (target <= 30)\n",
                static_cast<double>(bytes) / 1e6,
                static_cast<double>(bytes) / static_cast<double>(values));
    if (synced_block_bytes >= 0) {
        std::printf("without synced_block %.1f bytes/value (synced_block %.1f KB)\n",
                    static_cast<double>(bytes - static_cast<std::uintmax_t>(synced_block_bytes)) /
                        static_cast<double>(values),
                    static_cast<double>(synced_block_bytes) / 1e3);
    }
    print_tables(path, values);
    std::printf("peak RSS of the syncs: %.1f MB at most (target < 150)\n", max_sync_rss);

    // --version opens no catalogue: the cost of starting the process, which every command pays.
    const std::vector<std::pair<std::string, std::vector<std::string>>> commands{
        {"--version", {kolcat, "--version"}},
        {"status", {kolcat, "status", "--catalogue", path.string()}},
        {"status --format json",
         {kolcat, "status", "--catalogue", path.string(), "--format", "json"}},
        {"gaps --all",
         {kolcat, "gaps", "--all", "--region", units.front(), "--catalogue", path.string()}},
        {"search befolkning", {kolcat, "search", "befolkning", "--catalogue", path.string()}},
        {"values --kpi " + kpis.front(),
         {kolcat, "values", "--kpi", kpis.front(), "--catalogue", path.string()}},
    };
    std::printf("\ncommand                      median ms   fastest ms   peak RSS MB  (%d runs)\n",
                options.runs);
    for (const auto& [label, argv] : commands) {
        run_timed(launcher, argv);  // warm-up
        std::vector<double> seconds;
        double rss = 0;
        for (int i = 0; i < options.runs; ++i) {
            const Timed outcome = run_timed(launcher, argv);
            seconds.push_back(outcome.seconds);
            rss = std::max(rss, peak_rss_mb(outcome));
        }
        std::sort(seconds.begin(), seconds.end());
        std::printf("%-28s %9.1f %12.1f %13.1f\n", label.c_str(),
                    1000 * seconds[seconds.size() / 2], 1000 * seconds.front(), rss);
    }
    std::printf("\nload average after: %s\n", bench::load_average().c_str());
    return values == expected ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parse_options(argc, argv);
        bench::Launcher launcher;
        return run(options, launcher);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_growth: %s\n", error.what());
        return 1;
    }
}
