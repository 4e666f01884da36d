// bench_koladapy: `kolcat sync` against koladapy's get_values and a bare fetch, side by side.
//
//   bench_koladapy --kolcat KOLCAT_BINARY [--baseline KOLCAT_BINARY] [--koladapy DIR]
//                  [--python PATH] [--curl PATH] [--snapshot DIR] [--scopes 100,500] [--gzip]
//                  [--years N] [--runs N] [--seed N] [--work DIR]
//
// The data set is generated with the key-figure types of Kolada's catalogue (the snapshot's
// kpi.json, taken evenly over it; skipped when absent): as many key figures as the largest
// scope, each with 2 years (--years) of T, K and M for its type's units among 290
// municipalities, 21 regions and Riket. The fake Kolada v3 server serves it on loopback from
// this process's threads. A scope of N key figures takes them evenly over the data set, times
// all 312 units. For each run and scope, in turn:
//   kolcat    `kolcat sync --max-rps 0 --kpi <N ids> --unit all --quiet` into a fresh
//             catalogue: metadata, the closing refreshes and the process's start and end
//             included. Its wall time, CPU time and peak RSS (wait4: it is started from a
//             process forked before the data set existed, see bench/support/launcher.hpp);
//   koladapy  koladapy's get_values(kpi_id=<N ids>, municipality_id=<312 ids>) into memory
//             (bench_koladapy_peer.py, Debian's python3), its rate limit lifted; timed inside
//             Python around the call alone, which leaves out Python's start and the import of
//             pandas, in koladapy's favour. Skipped when --koladapy is not a checkout;
//   bare      curl fetching the pages kolcat fetched (its request log on the server), one
//             connection, bodies to /dev/null: no parsing, no storing. The floor for kolcat's
//             pages on this machine.
// The server sends its answers uncompressed, so that it costs the machine little beside the
// clients (compressing a page costs it more than making it); --gzip compresses them for the
// clients that ask, as kolcat, koladapy (requests) and then curl (--compressed) all do.
// --baseline KOLCAT_BINARY times a second kolcat (e.g. one built before a change) in each
// round beside the first.
// Each is checked: kolcat must store, and koladapy return, every value of the scope.
// Prints the median of --runs runs (default 3) and the ratios koladapy / kolcat and
// kolcat / bare.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

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
    fs::path baseline;  // another kolcat binary to time beside it, e.g. before a change
    fs::path koladapy;
    fs::path python = "/usr/bin/python3";
    fs::path curl = "/usr/bin/curl";
    fs::path snapshot = KOLCAT_SNAPSHOT_DIR;
    fs::path peer = KOLCAT_KOLADAPY_PEER;
    std::vector<int> scopes{100, 500};
    int years = 2;
    int runs = 3;
    bool gzip = false;
    std::uint64_t seed = 42;
    fs::path work = fs::temp_directory_path() / "kolcat-bench-koladapy";
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr
        << "bench_koladapy: " << problem << "\n"
        << "usage: bench_koladapy --kolcat KOLCAT_BINARY [--baseline KOLCAT_BINARY]\n"
           "                      [--koladapy DIR] [--python PATH]\n"
           "                      [--curl PATH] [--snapshot DIR] [--scopes 100,500] [--gzip]\n"
           "                      [--years N] [--runs N] [--seed N] [--work DIR]\n";
    std::exit(2);
}

int whole_number(const std::string& name, const std::string& value) {
    try {
        std::size_t used = 0;
        const int number = std::stoi(value, &used);
        if (used == value.size() && number > 0) {
            return number;
        }
    } catch (const std::exception&) {
    }
    usage(name + " needs a positive whole number, not '" + value + "'");
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (i + 1 >= argc) {
            usage(argument + " needs a value");
        }
        if (argument == "--gzip") {
            options.gzip = true;
            continue;
        }
        const std::string value = argv[++i];
        if (argument == "--kolcat") {
            options.kolcat = value;
        } else if (argument == "--baseline") {
            options.baseline = value;
        } else if (argument == "--koladapy") {
            options.koladapy = value;
        } else if (argument == "--python") {
            options.python = value;
        } else if (argument == "--curl") {
            options.curl = value;
        } else if (argument == "--snapshot") {
            options.snapshot = value;
        } else if (argument == "--scopes") {
            options.scopes.clear();
            std::stringstream list(value);
            for (std::string part; std::getline(list, part, ',');) {
                options.scopes.push_back(whole_number(argument, part));
            }
            if (options.scopes.empty()) {
                usage("--scopes needs at least one size");
            }
        } else if (argument == "--years") {
            options.years = whole_number(argument, value);
        } else if (argument == "--runs") {
            options.runs = whole_number(argument, value);
        } else if (argument == "--seed") {
            options.seed = static_cast<std::uint64_t>(whole_number(argument, value));
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

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary);
    file << text;
    if (!file) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::string read_file(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

double seconds_since(Clock::time_point started) {
    return std::chrono::duration<double>(Clock::now() - started).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

struct Scope {
    std::vector<std::string> kpis;
    std::vector<std::string> units;
    std::int64_t values = 0;  // what a correct client gets: every stored value of the scope
};

// One run of the three for one scope.
struct Round {
    double kolcat_seconds = 0;
    double kolcat_cpu_seconds = 0;
    double kolcat_peak_rss_mb = 0;
    std::int64_t kolcat_requests = 0;
    std::optional<double> koladapy_seconds;
    double koladapy_cpu_seconds = 0;
    std::int64_t koladapy_requests = 0;
    double bare_seconds = 0;
    std::optional<double> baseline_seconds;
    double baseline_cpu_seconds = 0;
};

class Bench {
  public:
    Bench(const Options& options, bench::Launcher& launcher, demo::FakeKoladaServer& server)
        : options_(options), launcher_(launcher), server_(server) {}

    Round round(const Scope& scope, const std::string& name) {
        Round round;
        if (!options_.baseline.empty()) {
            const auto outcome = sync(options_.baseline, scope, name + "-baseline");
            round.baseline_seconds = outcome.seconds;
            round.baseline_cpu_seconds = outcome.cpu_seconds;
        }
        const auto outcome = sync(options_.kolcat, scope, name);
        round.kolcat_seconds = outcome.seconds;
        round.kolcat_cpu_seconds = outcome.cpu_seconds;
        round.kolcat_peak_rss_mb = outcome.peak_rss_mb;
        round.kolcat_requests = outcome.requests;
        run_bare(name, round);
        if (!options_.koladapy.empty()) {
            run_koladapy(scope, name, round);
        }
        return round;
    }

  private:
    std::int64_t requests() const { return server_.counters().requests; }

    struct Synced {
        double seconds = 0;
        double cpu_seconds = 0;
        double peak_rss_mb = 0;
        std::int64_t requests = 0;
    };

    // `kolcat sync` into a fresh catalogue; writes the pages it fetched for the bare fetch.
    Synced sync(const fs::path& kolcat, const Scope& scope, const std::string& name) {
        const fs::path catalogue = options_.work / (name + ".sqlite");
        for (const char* suffix : {"", "-wal", "-shm"}) {
            fs::remove(catalogue.string() + suffix);
        }
        const std::vector<std::string> argv{kolcat.string(),
                                            "sync",
                                            "--catalogue",
                                            catalogue.string(),
                                            "--api-url",
                                            server_.base_url(),
                                            "--max-rps",
                                            "0",
                                            "--quiet",
                                            "--kpi",
                                            bench::join_ids(scope.kpis),
                                            "--unit",
                                            "all"};
        server_.clear_request_log();
        const std::int64_t before = requests();
        const auto started = Clock::now();
        const auto outcome = launcher_.run(argv, (options_.work / "kolcat.out").string());
        Synced synced;
        synced.seconds = seconds_since(started);
        if (!bench::succeeded(outcome)) {
            throw std::runtime_error(kolcat.string() + " sync failed (status " +
                                     std::to_string(outcome.status) + ")");
        }
        synced.requests = requests() - before;
        synced.cpu_seconds = bench::cpu_seconds_of(outcome.usage);
        synced.peak_rss_mb = static_cast<double>(outcome.usage.ru_maxrss) / 1024.0;
        const auto stored =
            catalogue::Catalogue::open(catalogue, catalogue::OpenMode::read_only).counts().values;
        if (stored != scope.values) {
            throw std::runtime_error(kolcat.string() + " stored " + std::to_string(stored) +
                                     " values, not " + std::to_string(scope.values));
        }
        // The same pages for the bare fetch, in kolcat's order.
        std::string config;
        for (const auto& request : server_.request_log()) {
            config +=
                "url = \"" + server_.origin() + request.target + "\"\noutput = \"/dev/null\"\n";
        }
        write_file(options_.work / (name + ".curl"), config);
        return synced;
    }

    void run_bare(const std::string& name, Round& round) {
        // --compressed: the answers kolcat gets (the server gzips them for clients that ask).
        const std::vector<std::string> argv{
            options_.curl.string(), "--silent", "--fail",
            "--compressed",         "--config", (options_.work / (name + ".curl")).string()};
        const auto started = Clock::now();
        const auto outcome = launcher_.run(argv);
        round.bare_seconds = seconds_since(started);
        if (!bench::succeeded(outcome)) {
            throw std::runtime_error("curl failed (status " + std::to_string(outcome.status) + ")");
        }
    }

    void run_koladapy(const Scope& scope, const std::string& name, Round& round) {
        const fs::path kpi_file = options_.work / (name + ".kpis");
        const fs::path unit_file = options_.work / (name + ".units");
        const fs::path output = options_.work / "koladapy.out";
        write_file(kpi_file, bench::join_ids(scope.kpis));
        write_file(unit_file, bench::join_ids(scope.units));
        const std::vector<std::string> argv{options_.python.string(),   options_.peer.string(),
                                            options_.koladapy.string(), server_.base_url() + "/",
                                            kpi_file.string(),          unit_file.string()};
        const std::int64_t before = requests();
        const auto outcome = launcher_.run(argv, output.string());
        if (!bench::succeeded(outcome)) {
            throw std::runtime_error("koladapy failed (status " + std::to_string(outcome.status) +
                                     ")");
        }
        round.koladapy_requests = requests() - before;
        const auto answer = nlohmann::json::parse(read_file(output));
        const auto values = answer.at("values").get<std::int64_t>();
        if (values != scope.values) {
            throw std::runtime_error("koladapy returned " + std::to_string(values) +
                                     " values, not " + std::to_string(scope.values));
        }
        round.koladapy_seconds = answer.at("seconds").get<double>();
        round.koladapy_cpu_seconds = answer.at("cpu_seconds").get<double>();
    }

    const Options& options_;
    bench::Launcher& launcher_;
    demo::FakeKoladaServer& server_;
};

void print(const std::string& label, const Scope& scope, const std::vector<Round>& rounds) {
    std::vector<double> kolcat;
    std::vector<double> cpu;
    std::vector<double> rss;
    std::vector<double> koladapy;
    std::vector<double> koladapy_cpu;
    std::vector<double> bare;
    std::vector<double> baseline;
    std::vector<double> baseline_cpu;
    for (const auto& round : rounds) {
        if (round.baseline_seconds) {
            baseline.push_back(*round.baseline_seconds);
            baseline_cpu.push_back(round.baseline_cpu_seconds);
        }
        kolcat.push_back(round.kolcat_seconds);
        cpu.push_back(round.kolcat_cpu_seconds);
        rss.push_back(round.kolcat_peak_rss_mb);
        bare.push_back(round.bare_seconds);
        if (round.koladapy_seconds) {
            koladapy.push_back(*round.koladapy_seconds);
            koladapy_cpu.push_back(round.koladapy_cpu_seconds);
        }
    }
    const Round& first = rounds.front();
    std::printf("\n%s: %zu key figures x %zu units, %lld values; median of %zu runs\n",
                label.c_str(), scope.kpis.size(), scope.units.size(),
                static_cast<long long>(scope.values), rounds.size());
    std::printf("  kolcat sync       %7.2f s wall, %.2f s CPU, peak RSS %.1f MB, %lld requests\n",
                median(kolcat), median(cpu), median(rss),
                static_cast<long long>(first.kolcat_requests));
    if (!baseline.empty()) {
        std::printf(
            "  baseline kolcat   %7.2f s wall, %.2f s CPU: kolcat takes %.2fx its wall "
            "time, %.2fx its CPU\n",
            median(baseline), median(baseline_cpu), median(kolcat) / median(baseline),
            median(cpu) / median(baseline_cpu));
    }
    if (!koladapy.empty()) {
        std::printf(
            "  koladapy          %7.2f s wall, %.2f s CPU (get_values alone), %lld requests\n",
            median(koladapy), median(koladapy_cpu),
            static_cast<long long>(first.koladapy_requests));
    } else {
        std::printf("  koladapy          skipped (no --koladapy checkout)\n");
    }
    std::printf("  bare fetch        %7.2f s (curl, kolcat's %lld pages)\n", median(bare),
                static_cast<long long>(first.kolcat_requests));
    if (!koladapy.empty()) {
        std::printf("  koladapy / kolcat %7.2fx wall (target >= 3), %.2fx CPU\n",
                    median(koladapy) / median(kolcat), median(koladapy_cpu) / median(cpu));
    }
    std::printf("  kolcat / bare     %7.2fx\n", median(kolcat) / median(bare));
    std::printf("  runs (kolcat, koladapy, bare):");
    for (const auto& round : rounds) {
        std::printf(" [%.2f, %.2f, %.2f]", round.kolcat_seconds,
                    round.koladapy_seconds.value_or(0.0), round.bare_seconds);
    }
    std::printf("\n");
}

std::int64_t values_of(const demo::FakeKoladaServer& server, const std::vector<std::string>& kpis,
                       const std::vector<std::string>& units) {
    std::int64_t values = 0;
    server.read_dataset([&](const demo::Dataset& dataset) {
        kolada_api::DataQuery query;
        query.kpis = kpis;
        query.units = units;
        dataset.visit(query, 0, static_cast<std::size_t>(-1),
                      [&](const kolada_api::DataItem& item) { values += item.size; });
    });
    return values;
}

int run(Options options, bench::Launcher& launcher) {
    const fs::path kpi_json = options.snapshot / "kpi.json";
    if (!fs::exists(kpi_json)) {
        std::printf("bench_koladapy: skipped, no %s (the key figures' real types)\n",
                    kpi_json.string().c_str());
        return 0;
    }
    if (!options.koladapy.empty() && !fs::exists(options.koladapy / "koladapy" / "api.py")) {
        std::printf("koladapy: no checkout at %s, the comparison is skipped\n",
                    options.koladapy.string().c_str());
        options.koladapy.clear();
    }
    fs::create_directories(options.work);
    const int largest = *std::max_element(options.scopes.begin(), options.scopes.end());
    const auto types = bench::real_types(kpi_json, largest);
    demo::ServerOptions server_options;
    server_options.gzip = options.gzip;
    demo::FakeKoladaServer server(
        demo::generate_typed_dataset(types, 290, 21, options.years, options.seed), server_options);
    server.start();
    std::vector<std::string> all_kpis;
    std::vector<std::string> units;
    server.read_dataset([&](const demo::Dataset& dataset) {
        for (const auto& kpi : dataset.kpis) {
            all_kpis.push_back(kpi.id);
        }
        for (const auto& unit : dataset.municipalities) {
            units.push_back(unit.id);
        }
    });
    std::printf("data set: %d key figures (%s) x %zu units, %d years, gzip %s; load average %s\n",
                largest, bench::describe_types(types).c_str(), units.size(), options.years,
                options.gzip ? "on" : "off", read_file("/proc/loadavg").substr(0, 14).c_str());
    std::map<int, Scope> scopes;
    for (const int size : options.scopes) {
        Scope& scope = scopes[size];
        for (int i = 0; i < size; ++i) {
            scope.kpis.push_back(all_kpis[static_cast<std::size_t>(i) * all_kpis.size() /
                                          static_cast<std::size_t>(size)]);
        }
        scope.units = units;
        scope.values = values_of(server, scope.kpis, units);
    }
    Bench bench(options, launcher, server);
    std::map<int, std::vector<Round>> rounds;
    for (int run = 0; run < options.runs; ++run) {
        for (const int size : options.scopes) {
            rounds[size].push_back(bench.round(scopes[size], "scope-" + std::to_string(size)));
            std::fprintf(stderr, "run %d, %d key figures: done\n", run + 1, size);
        }
    }
    for (const int size : options.scopes) {
        print(std::to_string(size) + " key figures", scopes[size], rounds[size]);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        kolcat::bench::Launcher launcher;  // first: forked while this process is small
        return run(parse_options(argc, argv), launcher);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_koladapy: %s\n", error.what());
        return 1;
    }
}
