// The request plan of a full sync, counted on the fake Kolada server: a scope with key figures of
// the three types (K municipalities, L regions, A both), municipalities, regions, Riket and
// groups of each side. No request may ask for a pair the metadata rules out, the requests are
// the ones worked out by hand below, `--dry-run` fetches no data and prints the same numbers, and
// the summary gives requests, the floor, values, bytes and time.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/test_cli_compare_support.hpp"
#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;
using test_compare::run_kolcat_on;

namespace {

catalogue::Kpi typed_kpi(const std::string& id, const std::string& type) {
    catalogue::Kpi kpi;
    kpi.id = id;
    kpi.title = "Nyckeltal " + id;
    kpi.municipality_type = type;
    return kpi;
}

// Key figures: N10001, N10002 type K; N20001, N20002 type L; N30001 type A.
// Units: municipalities 1001-1004 (K), regions 0001 and 0003 (L), Riket 0000 (L in Kolada's
// list, on both sides: K-type key figures have national values too).
// Groups: G900001 = {1001, 1002} (municipalities), G900002 = {0001, 0003} (regions),
// G900003 = {1003, 0003} (mixed).
// Values, T only, years 2020-2022 for every pair that can hold one (N30001 at 1001 in 2022 has
// K and M as well): each key figure has values for the units of its type and Riket.
demo::Dataset typed_dataset() {
    demo::Dataset dataset;
    dataset.today = "2026-03-01";
    dataset.kpis = {typed_kpi("N10001", "K"), typed_kpi("N10002", "K"), typed_kpi("N20001", "L"),
                    typed_kpi("N20002", "L"), typed_kpi("N30001", "A")};
    dataset.municipalities = {{"0000", "Riket", "L"},          {"0001", "Region Stockholm", "L"},
                              {"0003", "Region Uppsala", "L"}, {"1001", "Kommun 1", "K"},
                              {"1002", "Kommun 2", "K"},       {"1003", "Kommun 3", "K"},
                              {"1004", "Kommun 4", "K"}};
    dataset.municipality_groups = {
        {"G900001", "Kommuner", {{"1001", "Kommun 1"}, {"1002", "Kommun 2"}}},
        {"G900002", "Regioner", {{"0001", "Region Stockholm"}, {"0003", "Region Uppsala"}}},
        {"G900003", "Blandad", {{"1003", "Kommun 3"}, {"0003", "Region Uppsala"}}}};
    const std::map<std::string, std::vector<std::string>> units_of_type{
        {"K", {"0000", "1001", "1002", "1003", "1004"}},
        {"L", {"0000", "0001", "0003"}},
        {"A", {"0000", "0001", "0003", "1001", "1002", "1003", "1004"}}};
    for (const auto& kpi : dataset.kpis) {
        for (const auto& unit : units_of_type.at(kpi.municipality_type)) {
            for (int year = 2020; year <= 2022; ++year) {
                dataset.set_value(kpi.id, unit, year, catalogue::Gender::T, year - 2000.0,
                                  "2025-03-15");
            }
        }
    }
    dataset.set_value("N30001", "1001", 2022, catalogue::Gender::K, 1.0, "2025-03-15");
    dataset.set_value("N30001", "1001", 2022, catalogue::Gender::M, 2.0, "2025-03-15");
    return dataset;
}

const std::vector<std::string> scope_kpis{"N10001", "N10002", "N20001", "N20002", "N30001"};

// The side of each id, as the fixture's metadata says: 'K' municipalities, 'L' regions, 'A' both.
char side_of(const std::string& id) {
    static const std::map<std::string, char> sides{
        {"N10001", 'K'}, {"N10002", 'K'}, {"N20001", 'L'},  {"N20002", 'L'},  {"N30001", 'A'},
        {"0000", 'A'},   {"0001", 'L'},   {"0003", 'L'},    {"1001", 'K'},    {"1002", 'K'},
        {"1003", 'K'},   {"1004", 'K'},   {"G900001", 'K'}, {"G900002", 'L'}, {"G900003", 'A'}};
    return sides.at(id);
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream stream(text);
    std::string part;
    while (std::getline(stream, part, separator)) {
        parts.push_back(part);
    }
    return parts;
}

// The (kpi, unit) pairs of a data request's path: /v3/data/kpi/{k,..}/municipality/{u,..}...
std::vector<std::pair<std::string, std::string>> requested_pairs(const std::string& path) {
    const auto parts = split(path, '/');
    std::vector<std::string> kpis;
    std::vector<std::string> units;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        if (parts[i] == "kpi") {
            kpis = split(parts[i + 1], ',');
        } else if (parts[i] == "municipality") {
            units = split(parts[i + 1], ',');
        }
    }
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& kpi : kpis) {
        for (const auto& unit : units) {
            pairs.emplace_back(kpi, unit);
        }
    }
    return pairs;
}

struct Requests {
    int metadata = 0;
    int data = 0;
    std::multiset<std::pair<std::string, std::string>> pairs;  // asked for, over every request
};

Requests served(const demo::FakeKoladaServer& server) {
    Requests requests;
    for (const auto& request : server.request_log()) {
        CHECK(request.status == 200);
        if (!request.data) {
            ++requests.metadata;
            continue;
        }
        ++requests.data;
        for (const auto& pair : requested_pairs(request.path)) {
            requests.pairs.insert(pair);
        }
    }
    return requests;
}

std::string every_kpi() {
    std::string out;
    for (const auto& kpi : scope_kpis) {
        out += (out.empty() ? "" : ",") + kpi;
    }
    return out;
}

// The scope of the tests: every municipality and region with Riket, and the three groups.
const std::vector<std::string> sync_arguments{
    "sync", "--kpi", every_kpi(), "--unit", "all,G900001,G900002,G900003", "--max-rps", "0"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

// Worked out by hand for the fixture.
// Possible pairs and their items (one item = kpi, unit, year with its genders):
//   K figures x (4 municipalities + Riket) x 3 years = 2 x 5 x 3 = 30
//   L figures x (2 regions + Riket) x 3 years           = 2 x 3 x 3 = 18
//   A figure x 7 units x 3 years                        = 1 x 7 x 3 = 21
//   G900001 (municipalities): K figures and A, 3 years  = 3 x 3     =  9
//   G900002 (regions): L figures and A, 3 years         = 3 x 3     =  9
//   G900003 (mixed): every figure has a member there     = 5 x 3     = 15
//   items = 102, floor = ceil(102 / 5000) = 1 data request.
// Values: 102 items, each T only, but N30001 1001 2022 has K and M too, and so does the cell of
// its group G900001 in 2022 (a mean of one member): 102 + 2 + 2 = 106 values.
// Segments (planner: the layout with the fewest segments, the first on a tie; all three
// layouts give 3 unit segments here):
//   1. N10001,N10002,N30001 x 0000,1001,1002,1003,1004   (K and A x municipalities + Riket)
//   2. N20001,N20002 x 0000,0001,0003                    (L x regions + Riket)
//   3. N30001 x 0001,0003                                (A x regions)
//   4. N10001,N10002,N30001 x G900001                    (K and A x groups of municipalities)
//   5. N20001,N20002,N30001 x G900002                    (L and A x groups of regions)
//   6. every figure x G900003                            (mixed group)
// Each holds fewer than 5 000 items: one page, no closing check: 6 data requests.
// Metadata: four lists of one page each: 4 requests.
// The planner before types asked for 2 data requests here (7 units and 3 groups each fit one
// request), but among its 5 x 10 = 50 pairs, K x {0001, 0003, G900002} and L x {1001..1004,
// G900001} (2 x 3 + 2 x 5 = 16 pairs) cannot hold a value.
constexpr int expected_data_requests = 6;
constexpr int expected_metadata_requests = 4;
constexpr int expected_items = 102;
constexpr int expected_values = 106;
constexpr int expected_floor = 1;

}  // namespace

TEST_CASE("sync plan: a full sync asks for no impossible pair, every possible pair once") {
    demo::FakeKoladaServer server(typed_dataset());
    server.start();
    TempDir dir;
    const auto path = dir / "catalogue.sqlite";
    const auto result =
        run_kolcat_on(path, dir.path(), with(sync_arguments, {"--api-url", server.base_url()}));
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);

    const Requests requests = served(server);
    CHECK(requests.metadata == expected_metadata_requests);
    CHECK(requests.data == expected_data_requests);
    std::set<std::pair<std::string, std::string>> possible;
    for (const auto& kpi : scope_kpis) {
        for (const std::string unit : {"0000", "0001", "0003", "1001", "1002", "1003", "1004",
                                       "G900001", "G900002", "G900003"}) {
            const char k = side_of(kpi);
            const char u = side_of(unit);
            if (k == 'A' || u == 'A' || k == u) {
                possible.emplace(kpi, unit);
            }
        }
    }
    CHECK(possible.size() == 34);  // 50 pairs less the 16 ruled out
    for (const auto& pair : requests.pairs) {
        INFO(pair.first << " x " << pair.second);
        CHECK(possible.count(pair) == 1);        // nothing impossible
        CHECK(requests.pairs.count(pair) == 1);  // nothing twice
    }
    CHECK(requests.pairs.size() == possible.size());  // and nothing left out

    // Every stored cell is Kolada's, groups included.
    auto catalogue = catalogue::Catalogue::open(path, catalogue::OpenMode::read_only);
    catalogue::SyncScope scope;
    scope.kpis = scope_kpis;
    scope.units = {"0000", "0001", "0003",    "1001",    "1002",
                   "1003", "1004", "G900001", "G900002", "G900003"};
    CHECK(catalogue_cells(catalogue) == server_cells(server, scope));
    CHECK(catalogue_cells(catalogue).size() == expected_values);
}

TEST_CASE("sync plan: the summary gives requests, the floor, values, bytes and time") {
    demo::FakeKoladaServer server(typed_dataset());
    server.start();
    TempDir dir;
    const auto result = run_kolcat_on(dir / "catalogue.sqlite", dir.path(),
                                      with(sync_arguments, {"--api-url", server.base_url()}));
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const std::string want =
        "Synced " + std::to_string(expected_values) + " values in " +
        std::to_string(expected_data_requests + expected_metadata_requests) + " requests (" +
        std::to_string(expected_data_requests) + " for data against a floor of " +
        std::to_string(expected_floor) + " (" + std::to_string(expected_items) + " items), " +
        std::to_string(expected_metadata_requests) + " for metadata; 6 of 6 segments fetched), ";
    INFO(result.out);
    CHECK(result.out.rfind(want, 0) == 0);
    // The bytes are the bodies the server sent (no compression asked for here).
    CHECK(server.counters().body_bytes > 1000);
    CHECK(result.out.find(" kB received, in ") != std::string::npos);
    CHECK(result.out.find(" s.\n") != std::string::npos);
}

TEST_CASE("sync plan: --dry-run fetches nothing and prints the plan's numbers") {
    demo::FakeKoladaServer server(typed_dataset());
    server.start();
    TempDir dir;
    const auto path = dir / "catalogue.sqlite";
    const auto dry_args = with(sync_arguments, {"--api-url", server.base_url(), "--dry-run"});

    SUBCASE("no metadata stored yet: refused, nothing fetched") {
        {
            const auto never_synced = catalogue::Catalogue::open(path);
            REQUIRE_FALSE(never_synced.has_metadata());
        }
        const auto result = run_kolcat_on(path, dir.path(), dry_args);
        CHECK(result.exit_code == 4);
        CHECK(result.err.find("--dry-run plans from the stored metadata") != std::string::npos);
        CHECK(server.request_log().empty());
    }
    SUBCASE("after a sync: the numbers of a full sync, from what is stored") {
        REQUIRE(
            run_kolcat_on(path, dir.path(), with(sync_arguments, {"--api-url", server.base_url()}))
                .exit_code == 0);
        server.clear_request_log();
        const auto result =
            run_kolcat_on(path, dir.path(), with(dry_args, {"--full", "--max-rps", "2"}));
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(server.request_log().empty());
        INFO(result.out);
        CHECK(result.out.find("  scope: 5 key figures x 10 units, every year\n") !=
              std::string::npos);
        CHECK(result.out.find("  segments: 6\n") != std::string::npos);
        // 6 one-page segments and 4 metadata lists of one page
        CHECK(result.out.find("  expected requests: 10 (6 for data, 4 for metadata)\n") !=
              std::string::npos);
        CHECK(result.out.find("  floor: 1 data requests (102 items stored for the scope") !=
              std::string::npos);
        CHECK(result.out.find("  time at 2.0 requests/s: 5.0 s\n") != std::string::npos);
        CHECK(result.out.find("  6. 5 key figures x 1 groups, whole: N10001... x G900003\n") !=
              std::string::npos);
    }
}

TEST_CASE("sync plan: --unit all, all-municipalities and all-regions expand from the metadata") {
    demo::FakeKoladaServer server(typed_dataset());
    server.start();
    TempDir dir;
    const auto path = dir / "catalogue.sqlite";
    REQUIRE(run_kolcat_on(path, dir.path(), with(sync_arguments, {"--api-url", server.base_url()}))
                .exit_code == 0);
    const auto scope_line = [&](const std::string& units) {
        const auto result = run_kolcat_on(path, dir.path(),
                                          {"sync", "--kpi", "N30001", "--unit", units, "--api-url",
                                           server.base_url(), "--dry-run"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const auto start = result.out.find("  scope: ");
        REQUIRE(start != std::string::npos);
        return result.out.substr(start, result.out.find('\n', start) - start);
    };
    // all: 4 municipalities, 2 regions and Riket; no group.
    CHECK(scope_line("all") == "  scope: 1 key figures x 7 units, every year");
    CHECK(scope_line("ALL-MUNICIPALITIES") == "  scope: 1 key figures x 4 units, every year");
    // all-regions leaves Riket out, as the default scope's regions do; it can be added.
    CHECK(scope_line("all-regions") == "  scope: 1 key figures x 2 units, every year");
    CHECK(scope_line("all-regions,0000,G900001") == "  scope: 1 key figures x 4 units, every year");
    // A word that is not one of the three is an id like any other, and unknown to Kolada.
    const auto result = run_kolcat_on(path, dir.path(),
                                      {"sync", "--kpi", "N30001", "--unit", "all-counties",
                                       "--api-url", server.base_url(), "--dry-run"});
    CHECK(result.out.find("not in Kolada's catalogue, so not planned: ALL-COUNTIES") !=
          std::string::npos);
}
