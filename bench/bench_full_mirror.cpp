// bench_full_mirror: `kolcat sync --all-kpis --unit all` on a data set the size of Kolada, then
// the incremental sync of that mirror when nothing changed, then `kolcat verify` of a sample.
//
//   bench_full_mirror --kolcat KOLCAT_BINARY [--snapshot DIR] [--kpis N] [--municipalities N]
//                     [--regions N] [--years N] [--seed N] [--rps N] [--work DIR]
//
// The data set: --kpis key figures (default 6 099, Kolada's count) with the types of Kolada's
// catalogue (the snapshot's kpi.json, taken evenly over it; skipped when absent), for their
// type's units among 290 municipalities, 21 regions and Riket (312 units), 2 years of T, K and
// M (T only for a tenth): over 8 M values, as generate_typed_dataset makes them. The fake Kolada
// v3 server serves it on loopback from this process's threads.
//
// Both syncs are the real binary, `kolcat sync --max-rps 0 --all-kpis --unit all --quiet`, into
// the same catalogue (fresh for the first), started from a process forked before the data set
// existed (bench/support/launcher.hpp), so that wait4's peak RSS is kolcat's own. For each: the
// requests the server answered (data and metadata), the floor (ceil(items / 5 000), items
// counted on the server's data set: what no plan can go below), wall and CPU time, the time
// the same requests take at --rps requests a second (default 5, Kolada's limit) and peak RSS.
// After the full sync: the values stored (they must be the data set's), the catalogue's size
// (after a TRUNCATE checkpoint) and bytes per value. The incremental sync must change nothing.
// Last, `kolcat verify --sample 5 --seed 1` against the same server: its requests, times and
// peak RSS; every cell must match.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/support/catalogue_size.hpp"
#include "bench/support/launcher.hpp"
#include "bench/support/real_types.hpp"
#include "bench/support/texts.hpp"
#include "catalogue/catalogue.hpp"
#include "demo/fake_kolada_server.hpp"
#include "demo/generate_dataset.hpp"

namespace {

using namespace kolcat;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
    fs::path kolcat;
    fs::path snapshot = KOLCAT_SNAPSHOT_DIR;
    int kpis = 6099;
    int municipalities = 290;
    int regions = 21;
    int years = 2;
    std::uint64_t seed = 42;
    double rps = 5;
    fs::path work = fs::temp_directory_path() / "kolcat-bench-full-mirror";
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "bench_full_mirror: " << problem << "\n"
              << "usage: bench_full_mirror --kolcat KOLCAT_BINARY [--snapshot DIR] [--kpis N]\n"
                 "                         [--municipalities N] [--regions N] [--years N]\n"
                 "                         [--seed N] [--rps N] [--work DIR]\n";
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (i + 1 >= argc) {
            usage(argument + " needs a value");
        }
        const std::string value = argv[++i];
        const auto number = [&] {
            try {
                std::size_t used = 0;
                const int parsed = std::stoi(value, &used);
                if (used == value.size() && parsed > 0) {
                    return parsed;
                }
            } catch (const std::exception&) {
            }
            usage(argument + " needs a positive whole number, not '" + value + "'");
        };
        if (argument == "--kolcat") {
            options.kolcat = value;
        } else if (argument == "--snapshot") {
            options.snapshot = value;
        } else if (argument == "--kpis") {
            options.kpis = number();
        } else if (argument == "--municipalities") {
            options.municipalities = number();
        } else if (argument == "--regions") {
            options.regions = number();
        } else if (argument == "--years") {
            options.years = number();
        } else if (argument == "--seed") {
            options.seed = static_cast<std::uint64_t>(number());
        } else if (argument == "--rps") {
            options.rps = number();
        } else if (argument == "--work") {
            options.work = value;
        } else {
            usage("unknown argument " + argument);
        }
    }
    if (options.kolcat.empty()) {
        usage("--kolcat is required");
    }
    return options;
}

struct Run {
    std::int64_t requests = 0;
    std::int64_t data_requests = 0;
    double seconds = 0;
    double cpu_seconds = 0;
    double peak_rss_mb = 0;
};

// Runs `kolcat COMMAND --catalogue CATALOGUE --api-url SERVER --max-rps 0 ARGUMENTS...`, its
// standard output to WORK/kolcat.out; throws unless it exits with 0.
Run run_kolcat(bench::Launcher& launcher, const demo::FakeKoladaServer& server,
               const Options& options, const fs::path& catalogue, const std::string& command,
               const std::vector<std::string>& arguments) {
    std::vector<std::string> argv{options.kolcat.string(),
                                  command,
                                  "--catalogue",
                                  catalogue.string(),
                                  "--api-url",
                                  server.base_url(),
                                  "--max-rps",
                                  "0"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    const auto before = server.counters();
    const auto started = Clock::now();
    const auto outcome = launcher.run(argv, (options.work / "kolcat.out").string());
    Run run;
    run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (!bench::succeeded(outcome)) {
        throw std::runtime_error("kolcat " + command + " failed (status " +
                                 std::to_string(outcome.status) + ")");
    }
    const auto after = server.counters();
    run.requests = after.requests - before.requests;
    run.data_requests = after.data_requests - before.data_requests;
    run.cpu_seconds = bench::cpu_seconds_of(outcome.usage);
    run.peak_rss_mb = static_cast<double>(outcome.usage.ru_maxrss) / 1024.0;
    return run;
}

Run sync(bench::Launcher& launcher, const demo::FakeKoladaServer& server, const Options& options,
         const fs::path& catalogue) {
    return run_kolcat(launcher, server, options, catalogue, "sync",
                      {"--all-kpis", "--unit", "all", "--quiet"});
}

// A sample of the mirror's segments with a fixed seed, so that two builds check the same ones:
// its peak RSS is that of planning over every synced pair, and every cell must match.
Run verify(bench::Launcher& launcher, const demo::FakeKoladaServer& server, const Options& options,
           const fs::path& catalogue) {
    return run_kolcat(launcher, server, options, catalogue, "verify",
                      {"--sample", "5", "--seed", "1"});
}

void print(const char* label, const Run& run, std::int64_t floor, double rps) {
    std::printf("\n%s\n", label);
    std::printf(
        "  requests           %lld (%lld data, %lld metadata); floor %lld: %.2fx\n",
        static_cast<long long>(run.requests), static_cast<long long>(run.data_requests),
        static_cast<long long>(run.requests - run.data_requests), static_cast<long long>(floor),
        floor > 0 ? static_cast<double>(run.data_requests) / static_cast<double>(floor) : 0.0);
    std::printf("  wall time          %.1f s (%.1f s CPU); at %.0f requests/s: %.1f min\n",
                run.seconds, run.cpu_seconds, rps, static_cast<double>(run.requests) / rps / 60.0);
    std::printf("  peak RSS           %.1f MB (target < 150 MB)\n", run.peak_rss_mb);
}

int run(const Options& options, bench::Launcher& launcher) {
    const fs::path kpi_json = options.snapshot / "kpi.json";
    if (!fs::exists(kpi_json)) {
        std::printf("bench_full_mirror: skipped, no %s (the key figures' real types)\n",
                    kpi_json.string().c_str());
        return 0;
    }
    fs::create_directories(options.work);
    const auto types = bench::real_types(kpi_json, options.kpis);
    const auto generated = Clock::now();
    // Uncompressed answers: compressing 2 400 pages would cost the shared machine more than
    // making them, and say nothing about kolcat.
    demo::ServerOptions server_options;
    server_options.gzip = false;
    demo::FakeKoladaServer server(
        demo::generate_typed_dataset(types, options.municipalities, options.regions, options.years,
                                     options.seed),
        server_options);
    server.start();
    std::int64_t items = 0;
    std::int64_t values = 0;
    server.read_dataset([&](const demo::Dataset& dataset) {
        kolada_api::DataQuery query;
        for (const auto& kpi : dataset.kpis) {
            query.kpis.push_back(kpi.id);
        }
        for (const auto& unit : dataset.municipalities) {
            query.units.push_back(unit.id);
        }
        dataset.visit(query, 0, static_cast<std::size_t>(-1),
                      [&](const kolada_api::DataItem& item) {
                          ++items;
                          values += item.size;
                      });
    });
    const std::int64_t floor = (items + 4999) / 5000;
    std::printf(
        "data set: %d key figures (%s) x %d municipalities, %d regions and Riket, %d "
        "years: %lld values in %lld items, generated in %.1f s\n",
        options.kpis, bench::describe_types(types).c_str(), options.municipalities, options.regions,
        options.years, static_cast<long long>(values), static_cast<long long>(items),
        std::chrono::duration<double>(Clock::now() - generated).count());
    std::printf("load average %s\n", bench::load_average().c_str());

    const fs::path catalogue = options.work / "mirror.sqlite";
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(catalogue.string() + suffix);
    }
    const Run full = sync(launcher, server, options, catalogue);
    const auto stored =
        catalogue::Catalogue::open(catalogue, catalogue::OpenMode::read_only).counts().values;
    if (stored != values) {
        throw std::runtime_error("the full sync stored " + std::to_string(stored) +
                                 " values, not " + std::to_string(values));
    }
    const auto bytes = bench::catalogue_bytes(catalogue);
    print("full sync into a fresh catalogue", full, floor, options.rps);
    std::printf("  values             %lld\n", static_cast<long long>(stored));
    std::printf("  catalogue          %.1f MB, %.1f bytes per value (target <= 30)\n",
                static_cast<double>(bytes) / (1024.0 * 1024.0),
                static_cast<double>(bytes) / static_cast<double>(stored));

    const Run again = sync(launcher, server, options, catalogue);
    print("incremental sync, nothing changed", again, floor, options.rps);
    std::printf("  vs the full sync   %.1f %% of its requests (target <= 5 %%)\n",
                100.0 * static_cast<double>(again.requests) / static_cast<double>(full.requests));
    const auto after =
        catalogue::Catalogue::open(catalogue, catalogue::OpenMode::read_only).counts().values;
    if (after != values) {
        throw std::runtime_error("the incremental sync left " + std::to_string(after) +
                                 " values, not " + std::to_string(values));
    }
    std::printf("  catalogue          %.1f MB after it\n",
                static_cast<double>(bench::catalogue_bytes(catalogue)) / (1024.0 * 1024.0));

    const Run checked = verify(launcher, server, options, catalogue);
    std::printf("\nkolcat verify --sample 5 --seed 1 (every cell matches)\n");
    std::printf("  requests           %lld\n", static_cast<long long>(checked.requests));
    std::printf("  wall time          %.1f s (%.1f s CPU)\n", checked.seconds, checked.cpu_seconds);
    std::printf("  peak RSS           %.1f MB (target < 150 MB)\n", checked.peak_rss_mb);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        kolcat::bench::Launcher launcher;  // first: forked while this process is small
        return run(parse_options(argc, argv), launcher);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_full_mirror: %s\n", error.what());
        return 1;
    }
}
