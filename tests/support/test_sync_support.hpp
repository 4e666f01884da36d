#pragma once
// Shared by the test_sync_*.cpp integration tests: the whole sync (engine + HttpJsonFetcher +
// catalogue) against the fake Kolada server on loopback, with virtual time for backoff, and the
// comparison of a catalogue with the server's data, cell by cell.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "demo/fake_kolada_server.hpp"
#include "demo/generate_dataset.hpp"
#include "sync/http/clock.hpp"
#include "sync/http/http_json_fetcher.hpp"
#include "sync/kolada/sync_engine.hpp"
#include "tests/support/temp_folder.hpp"

namespace kolcat::synctest {

using namespace std::chrono_literals;

// A scratch folder for a sync test.
struct TempDir : testing::TempFolder {
    TempDir() : testing::TempFolder("sync") {}
};

inline std::chrono::system_clock::time_point at_day(int y, unsigned m, unsigned d) {
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / day{d}} + hours{10};
}

// 30 key figures x 30 municipalities x 2 years (generated; small, as Debug builds parse JSON
// slowly), three municipality groups of ten
// (means computed on request), Riket and two regions with a few values of their own, a null
// value, a status text, and a KPI group that names a retired key figure (N07401).
inline demo::Dataset make_dataset() {
    demo::Dataset dataset = demo::generate_dataset(30, 30, 2, 11);
    dataset.today = "2026-03-01";
    dataset.municipalities.push_back({"0000", "Riket", "L"});
    dataset.municipalities.push_back({"0025", "Region Norrbotten", "L"});
    dataset.municipalities.push_back({"0001", "Region Stockholm", "L"});
    const std::string first = dataset.kpis.front().id;
    const std::string second = dataset.kpis[1].id;
    for (int year = 2021; year <= 2024; ++year) {
        dataset.set_value(first, "0025", year, catalogue::Gender::T, 40.0 + year % 10,
                          "2025-03-15");
        dataset.set_value(first, "0025", year, catalogue::Gender::K, 42.25 + year % 10,
                          "2025-03-15");
        dataset.set_value(first, "0025", year, catalogue::Gender::M, 38.125 + year % 10,
                          "2025-03-15");
        dataset.set_value(first, "0000", year, catalogue::Gender::T, 41.0 / 3.0 + year,
                          "2025-03-15");
    }
    const std::string unit = dataset.municipalities.front().id;
    dataset.set_value(second, unit, 2022, catalogue::Gender::T, std::nullopt, "2025-03-15", 0,
                      "Sekretess");
    dataset.set_value(second, unit, 2023, catalogue::Gender::K, 1.5, "2025-03-15", 1, "Preliminär");
    catalogue::Group equality{"G2KPI900", "Jämställdhet (test)", {}};
    for (int i = 0; i < 8; ++i) {
        equality.members.push_back({dataset.kpis[static_cast<std::size_t>(i)].id, "x"});
    }
    equality.members.push_back({"N07401", "Retired key figure"});
    dataset.kpi_groups.push_back(equality);
    return dataset;
}

// Every unit of the dataset and its groups: 36 units, two unit chunks.
inline std::vector<std::string> all_units(const demo::Dataset& dataset) {
    std::vector<std::string> units;
    for (const auto& m : dataset.municipalities) {
        units.push_back(m.id);
    }
    for (const auto& g : dataset.municipality_groups) {
        units.push_back(g.id);
    }
    return units;
}

inline sync::ScopeRequest everything(const demo::Dataset& dataset) {
    sync::ScopeRequest request;
    request.all_kpis = true;
    request.units = all_units(dataset);
    return request;
}

inline http::FetcherOptions fast_fetcher_options() {
    http::FetcherOptions options;
    options.max_rps = 0;  // --max-rps 0
    options.http.connect_timeout = 2s;
    options.http.transfer_timeout = 5s;
    options.retry.max_attempts = 6;
    return options;
}

// One sync's transport: HttpJsonFetcher with virtual time, so backoff and Retry-After cost nothing.
struct Transport {
    explicit Transport(http::FetcherOptions options = fast_fetcher_options())
        : fetcher(std::move(options), clock, jitter) {}
    http::FakeClock clock;
    http::FixedJitter jitter{0.5};
    http::HttpJsonFetcher fetcher;
};

inline sync::SyncOptions sync_options(const demo::FakeKoladaServer& server,
                                      sync::ScopeRequest scope,
                                      std::chrono::system_clock::time_point now) {
    sync::SyncOptions options;
    options.api_url = server.base_url();
    options.scope = std::move(scope);
    options.per_page = 1000;  // several pages per segment
    options.now = [now] { return now; };
    return options;
}

// Runs a sync in a child process and kills it with SIGKILL once the server has answered
// `kill_after` data requests. Returns false when the child finished before it could be killed.
// The child opens its own catalogue connection and curl handle; the server's threads stay in
// the parent.
inline bool sync_and_kill(const demo::FakeKoladaServer& server, const std::filesystem::path& path,
                          const sync::SyncOptions& options, std::int64_t kill_after) {
    const std::int64_t start = server.counters().data_requests;
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        int code = 0;
        try {
            auto catalogue = catalogue::Catalogue::open(path);
            Transport transport;
            sync::run_sync(catalogue, transport.fetcher, options);
        } catch (...) {
            code = 3;
        }
        ::_exit(code);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int status = 0;
    while (server.counters().data_requests - start < kill_after) {
        if (::waitpid(child, &status, WNOHANG) == child) {
            return false;  // finished (or failed) too early
        }
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::kill(child, SIGKILL);
    REQUIRE(::waitpid(child, &status, 0) == child);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

struct Cell {
    std::optional<double> value;
    std::optional<int> count;
    std::string status;
    bool operator==(const Cell&) const = default;
};
using Cells = std::map<std::string, Cell>;  // "kpi/unit/period/gender"

inline std::string cell_key(const catalogue::Value& v) {
    return v.kpi + "/" + v.municipality + "/" + std::to_string(v.period) + "/" +
           std::string(to_string(v.gender));
}

inline Cells catalogue_cells(const catalogue::Catalogue& catalogue) {
    Cells cells;
    catalogue.for_each_value(catalogue::ValueQuery{}, [&](const catalogue::Value& v) {
        cells[cell_key(v)] = Cell{v.value, v.count, v.status};
    });
    return cells;
}

// What a correct client stores for the scope: the server's own answer over all pages, group
// means included.
inline Cells server_cells(const demo::FakeKoladaServer& server, const catalogue::SyncScope& scope) {
    Cells cells;
    server.read_dataset([&](const demo::Dataset& dataset) {
        demo::DataQuery query;
        query.kpis = scope.kpis;
        query.units = scope.units;
        query.years = scope.years;
        for (const catalogue::Value& v : dataset.answer(query)) {
            cells[cell_key(v)] = Cell{v.value, v.count, v.status};
        }
    });
    return cells;
}

// The first differences, for a readable failure.
inline std::string describe_difference(const Cells& got, const Cells& want) {
    std::ostringstream out;
    int shown = 0;
    for (const auto& [key, cell] : want) {
        const auto found = got.find(key);
        if (found == got.end() || !(found->second == cell)) {
            out << (found == got.end() ? "missing " : "differs ") << key << "\n";
            if (++shown == 5) {
                break;
            }
        }
    }
    for (const auto& [key, cell] : got) {
        if (want.count(key) == 0 && shown++ < 10) {
            out << "extra " << key << "\n";
        }
    }
    return out.str();
}

inline void check_equal_to_server(const catalogue::Catalogue& catalogue,
                                  const demo::FakeKoladaServer& server,
                                  const catalogue::SyncScope& scope) {
    const Cells got = catalogue_cells(catalogue);
    const Cells want = server_cells(server, scope);
    INFO(describe_difference(got, want));
    CHECK(got.size() == want.size());
    CHECK((got == want));
}

inline std::string integrity(catalogue::Catalogue& catalogue) {
    catalogue::Statement check = catalogue.database().prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    return check.column_text(0);
}

// Requests whose target contains `text`, in the server's log.
inline std::size_t logged(const demo::FakeKoladaServer& server, const std::string& text) {
    std::size_t n = 0;
    for (const auto& request : server.request_log()) {
        n += request.target.find(text) != std::string::npos ? 1 : 0;
    }
    return n;
}

// Requests whose target is exactly `target`.
inline std::size_t logged_exactly(const demo::FakeKoladaServer& server, const std::string& target) {
    std::size_t n = 0;
    for (const auto& request : server.request_log()) {
        n += request.target == target ? 1 : 0;
    }
    return n;
}

}  // namespace kolcat::synctest
