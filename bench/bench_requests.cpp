// bench_requests: the requests of a full sync against the request floor of its scope
// (sync/kolada/request_floor.hpp), counted on the fake Kolada v3 server on loopback.
//
//   bench_requests [--demo-data DIR] [--snapshot DIR] [--kpis N] [--municipalities N]
//                  [--regions N] [--years N] [--seed N] [--work DIR]
//
// Three full syncs, each into a fresh catalogue, metadata included:
//   demo, default scope   the demo data (demo/data: 66 key figures of real types, 312 units
//                         and 23 groups), the default scope (`kolcat sync`);
//   demo, --unit all      the same key figures x every municipality and region with Riket;
//   generated, real types a generated data set whose key figures carry the types of Kolada's
//                         catalogue (the snapshot's kpi.json, taken evenly over it), x
//                         --municipalities municipalities, --regions regions and Riket
//                         (`--unit all`), --years years each. Skipped without the snapshot.
// For each: the requests the server answered (data and metadata apart), the items and the
// floor counted from the synced catalogue, the ratio, the time it would take at 5 requests/s,
// and, for comparison, the data requests the planner would make without the key figures'
// types (every key figure x every unit, as before), estimated from the synced catalogue with
// the same page arithmetic as `kolcat sync --dry-run`. Then, on the same catalogue, the next
// sync of the same scope with nothing changed at the server: an incremental one (its change
// checks, sync/kolada/change_check.hpp), its data requests against the full sync's.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bench/support/real_types.hpp"
#include "catalogue/catalogue.hpp"
#include "demo/fake_kolada_server.hpp"
#include "demo/generate_dataset.hpp"
#include "demo/load_dataset.hpp"
#include "sync/http/http_json_fetcher.hpp"
#include "sync/kolada/planner.hpp"
#include "sync/kolada/request_floor.hpp"
#include "sync/kolada/scope.hpp"
#include "sync/kolada/sync_engine.hpp"

namespace {

using namespace kolcat;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
    fs::path demo_data = KOLCAT_DEMO_DATA_DIR;
    fs::path snapshot = KOLCAT_SNAPSHOT_DIR;
    int kpis = 6099;
    int municipalities = 290;
    int regions = 21;
    int years = 2;
    std::uint64_t seed = 42;
    fs::path work = fs::temp_directory_path() / "kolcat-bench-requests";
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "bench_requests: " << problem << "\n"
              << "usage: bench_requests [--demo-data DIR] [--snapshot DIR] [--kpis N]\n"
                 "                      [--municipalities N] [--regions N] [--years N]\n"
                 "                      [--seed N] [--work DIR]\n";
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
                return std::stoi(value);
            } catch (const std::exception&) {
                usage(argument + " needs a whole number, not '" + value + "'");
            }
        };
        if (argument == "--demo-data") {
            options.demo_data = value;
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
        } else if (argument == "--work") {
            options.work = value;
        } else {
            usage("unknown argument " + argument);
        }
    }
    return options;
}

struct Outcome {
    std::int64_t metadata_requests = 0;
    std::int64_t data_requests = 0;
    std::int64_t values = 0;
    std::size_t segments = 0;  // of the full sync's plan
    sync::PlanEstimate floor;
    std::int64_t untyped_requests = 0;  // estimated, for the plan without types
    std::size_t untyped_segments = 0;
    double seconds = 0;
    // The next sync of the same scope with nothing changed at the server (incremental).
    std::int64_t unchanged_data_requests = 0;
    std::int64_t unchanged_values = 0;
    std::size_t unchanged_segments = 0;
    double unchanged_seconds = 0;
};

Outcome full_sync(const demo::FakeKoladaServer& server, const fs::path& path,
                  const sync::ScopeRequest& scope) {
    fs::remove(path);
    fs::remove(fs::path(path.string() + "-wal"));
    fs::remove(fs::path(path.string() + "-shm"));
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(path);
    http::FetcherOptions fetcher_options;
    fetcher_options.max_rps = 0;
    http::HttpJsonFetcher fetcher(fetcher_options);
    sync::SyncOptions options;
    options.api_url = server.base_url();
    options.scope = scope;
    const auto before = server.counters();
    const auto started = Clock::now();
    const sync::SyncReport report = sync::run_sync(catalogue, fetcher, options);
    Outcome outcome;
    outcome.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const auto after = server.counters();
    outcome.data_requests = after.data_requests - before.data_requests;
    outcome.metadata_requests = (after.requests - before.requests) - outcome.data_requests;
    outcome.values = report.values_received;
    outcome.segments = report.segments_total;
    outcome.floor = report.floor.value_or(sync::PlanEstimate{});
    const auto untyped = sync::plan_sync(report.scope, {}, true, "2026-12-01");
    outcome.untyped_segments = untyped.size();
    outcome.untyped_requests =
        sync::estimate_plan(catalogue, untyped, sync::max_per_page).expected_requests;
    if (report.requests != after.requests - before.requests) {
        throw std::runtime_error("the sync counted " + std::to_string(report.requests) +
                                 " requests, the server " +
                                 std::to_string(after.requests - before.requests));
    }
    const auto unchanged_started = Clock::now();
    const sync::SyncReport unchanged = sync::run_sync(catalogue, fetcher, options);
    outcome.unchanged_seconds =
        std::chrono::duration<double>(Clock::now() - unchanged_started).count();
    outcome.unchanged_data_requests = server.counters().data_requests - after.data_requests;
    outcome.unchanged_values = unchanged.values_received;
    outcome.unchanged_segments = unchanged.segments_total;
    return outcome;
}

void print(const std::string& label, const Outcome& outcome) {
    const double ratio = outcome.floor.floor > 0 ? static_cast<double>(outcome.data_requests) /
                                                       static_cast<double>(outcome.floor.floor)
                                                 : 0.0;
    std::printf("\n%s\n", label.c_str());
    std::printf("  values             %lld in %lld items\n", static_cast<long long>(outcome.values),
                static_cast<long long>(outcome.floor.items));
    std::printf("  data requests      %lld in %zu segments; floor %lld: %.2fx the floor\n",
                static_cast<long long>(outcome.data_requests), outcome.segments,
                static_cast<long long>(outcome.floor.floor), ratio);
    std::printf("  metadata requests  %lld\n", static_cast<long long>(outcome.metadata_requests));
    std::printf("  without types      about %lld data requests in %zu segments\n",
                static_cast<long long>(outcome.untyped_requests), outcome.untyped_segments);
    std::printf("  wall time          %.2f s; at 5 requests/s: %.1f s\n", outcome.seconds,
                static_cast<double>(outcome.data_requests + outcome.metadata_requests) / 5.0);
    std::printf(
        "  nothing changed    %lld data requests in %zu segments (%.1f %% of the full "
        "sync's), %lld values; %.2f s\n",
        static_cast<long long>(outcome.unchanged_data_requests), outcome.unchanged_segments,
        outcome.data_requests > 0 ? 100.0 * static_cast<double>(outcome.unchanged_data_requests) /
                                        static_cast<double>(outcome.data_requests)
                                  : 0.0,
        static_cast<long long>(outcome.unchanged_values), outcome.unchanged_seconds);
}

sync::ScopeRequest all_units(std::vector<std::string> kpis) {
    sync::ScopeRequest scope;
    scope.kpis = std::move(kpis);
    scope.units = {"all"};
    sync::expand_unit_words(scope);
    return scope;
}

int run(const Options& options) {
    fs::create_directories(options.work);
    {
        demo::FakeKoladaServer server(demo::load_dataset(options.demo_data));
        server.start();
        std::vector<std::string> kpis;
        server.read_dataset([&](const demo::Dataset& dataset) {
            for (const auto& kpi : dataset.kpis) {
                kpis.push_back(kpi.id);
            }
        });
        print("demo data, the default scope",
              full_sync(server, options.work / "demo-default.sqlite",
                        sync::default_scope_request(kpis)));
        print("demo data, its key figures x --unit all",
              full_sync(server, options.work / "demo-all.sqlite", all_units(kpis)));
    }
    const fs::path kpi_json = options.snapshot / "kpi.json";
    if (!fs::exists(kpi_json)) {
        std::printf("\ngenerated data set with real types: skipped, no %s\n",
                    kpi_json.string().c_str());
        return 0;
    }
    const auto types = bench::real_types(kpi_json, options.kpis);
    std::int64_t k = 0;
    std::int64_t l = 0;
    for (const auto& type : types) {
        k += type == "K" ? 1 : 0;
        l += type == "L" ? 1 : 0;
    }
    demo::FakeKoladaServer server(demo::generate_typed_dataset(
        types, options.municipalities, options.regions, options.years, options.seed));
    server.start();
    std::vector<std::string> kpis;
    server.read_dataset([&](const demo::Dataset& dataset) {
        for (const auto& kpi : dataset.kpis) {
            kpis.push_back(kpi.id);
        }
    });
    print("generated, real types (" + std::to_string(k) + " K, " + std::to_string(l) + " L, " +
              std::to_string(static_cast<std::int64_t>(types.size()) - k - l) + " A) x " +
              std::to_string(options.municipalities) + " municipalities, " +
              std::to_string(options.regions) + " regions and Riket, " +
              std::to_string(options.years) + " years",
          full_sync(server, options.work / "generated.sqlite", all_units(kpis)));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse_options(argc, argv));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_requests: %s\n", error.what());
        return 1;
    }
}
