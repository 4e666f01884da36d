// Municipality groups after a sync: Kolada computes a group's value (the unweighted mean of the
// members that have one, with their count) when asked, and its change feed (from_date) reports
// member cells only. After every successful sync, each stored group cell must be what Kolada
// answers for the group now: new means and counts, new cells, and no cell Kolada no longer has.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "demo/calendar.hpp"
#include "demo/load_dataset.hpp"
#include "tests/support/test_cli_compare_support.hpp"
#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;
using kolcat::demo::Dataset;
using kolcat::demo::FakeKoladaServer;
using kolcat::demo::Faults;
using kolcat::demo::FaultSpec;

namespace {

const std::string group_id = "G33632";

catalogue::Kpi make_kpi(const std::string& id, const std::string& title) {
    catalogue::Kpi kpi;
    kpi.id = id;
    kpi.title = title;
    kpi.municipality_type = "K";
    kpi.is_divided_by_gender = true;
    return kpi;
}

// Four municipalities of a county group. 2513 is a member that the scope leaves out, as most
// members of the county groups are left out of the default scope.
//   N00957 T: 2505 2022=10 2023=20 | 2506 2022=20 2023=30 | 2580 2022=30 2023=40 | 2513 2022=40
//   N00957 K: 2505 2022=11 | 2506 2022=21
//   N00945 T: 2505 2022=5
// so the group holds N00957 2022 T 25 (4), 2022 K 16 (2), 2023 T 30 (3) and N00945 2022 T 5 (1).
demo::Dataset county_dataset() {
    demo::Dataset dataset;
    dataset.today = "2026-03-01";
    dataset.kpis = {make_kpi("N00945", "Föräldrapenning"), make_kpi("N00957", "Ohälsotal")};
    dataset.municipalities = {{"0000", "Riket", "L"},      {"0025", "Region Norrbotten", "L"},
                              {"2505", "Arvidsjaur", "K"}, {"2506", "Arjeplog", "K"},
                              {"2513", "Överkalix", "K"},  {"2580", "Luleå", "K"}};
    dataset.municipality_groups = {
        {group_id,
         "Norrbottens läns kommuner (ovägt medel)",
         {{"2505", "Arvidsjaur"}, {"2506", "Arjeplog"}, {"2513", "Överkalix"}, {"2580", "Luleå"}}}};
    const auto set = [&](const char* kpi, const char* unit, int year, catalogue::Gender gender,
                         double v) { dataset.set_value(kpi, unit, year, gender, v, "2025-03-15"); };
    set("N00957", "2505", 2022, catalogue::Gender::T, 10);
    set("N00957", "2505", 2023, catalogue::Gender::T, 20);
    set("N00957", "2506", 2022, catalogue::Gender::T, 20);
    set("N00957", "2506", 2023, catalogue::Gender::T, 30);
    set("N00957", "2580", 2022, catalogue::Gender::T, 30);
    set("N00957", "2580", 2023, catalogue::Gender::T, 40);
    set("N00957", "2513", 2022, catalogue::Gender::T, 40);
    set("N00957", "2505", 2022, catalogue::Gender::K, 11);
    set("N00957", "2506", 2022, catalogue::Gender::K, 21);
    set("N00945", "2505", 2022, catalogue::Gender::T, 5);
    return dataset;
}

// Both key figures x three members and their group (not 2513).
sync::ScopeRequest county_scope() {
    sync::ScopeRequest scope;
    scope.kpis = {"N00945", "N00957"};
    scope.units = {"2505", "2506", "2580", group_id};
    return scope;
}

// Kolada revises on 2026-03-10:
//  - changed: 2505's N00957 2022 T 10 -> 14, and 2506's 2022 K becomes a withheld null;
//  - deleted: 2580's N00957 2023 T (the group's count drops), and 2505's N00945 2022 T, the
//    group cell's only member value (the group cell disappears);
//  - added: 2513 (outside the scope) gets N00957 2021 T 8, a year no member had (a group cell
//    appears).
void revise(demo::Dataset& dataset) {
    dataset.today = "2026-03-10";
    dataset.set_value("N00957", "2505", 2022, catalogue::Gender::T, 14);
    dataset.set_value("N00957", "2506", 2022, catalogue::Gender::K, std::nullopt, {}, 0,
                      "Sekretess");
    REQUIRE(dataset.delete_value("N00957", "2580", 2023, catalogue::Gender::T));
    REQUIRE(dataset.delete_value("N00945", "2505", 2022, catalogue::Gender::T));
    dataset.set_value("N00957", "2513", 2021, catalogue::Gender::T, 8);
}

// The group's cells as Kolada answers them now: fetched from the server without from_date, over
// the wire, every page.
Cells fresh_group_cells(const demo::FakeKoladaServer& server,
                        const std::vector<std::string>& kpis) {
    Cells cells;
    Transport transport;
    std::string url = server.base_url() + "/data/kpi/";
    for (std::size_t i = 0; i < kpis.size(); ++i) {
        url += (i ? "," : "") + kpis[i];
    }
    url += "/municipality/" + group_id + "?per_page=2";
    while (!url.empty()) {
        const nlohmann::json body = transport.fetcher.get_json(url);
        for (const auto& item : body.at("values")) {
            for (const auto& entry : item.at("values")) {
                REQUIRE_FALSE(entry.contains("isdeleted"));
                const std::string key = item.at("kpi").get<std::string>() + "/" +
                                        item.at("municipality").get<std::string>() + "/" +
                                        std::to_string(item.at("period").get<int>()) + "/" +
                                        entry.at("gender").get<std::string>();
                Cell cell;
                if (!entry.at("value").is_null()) {
                    cell.value = entry.at("value").get<double>();
                }
                cell.count = entry.at("count").get<int>();
                cell.status = entry.value("status", "");
                cells[key] = cell;
            }
        }
        url = body.at("next_url").is_null() ? "" : body.at("next_url").get<std::string>();
    }
    return cells;
}

// The catalogue's cells of the group.
Cells stored_group_cells(const catalogue::Catalogue& catalogue) {
    Cells cells;
    for (const auto& [key, cell] : catalogue_cells(catalogue)) {
        if (key.find("/" + group_id + "/") != std::string::npos) {
            cells[key] = cell;
        }
    }
    return cells;
}

void check_group_cells_fresh(const catalogue::Catalogue& catalogue,
                             const demo::FakeKoladaServer& server) {
    const Cells got = stored_group_cells(catalogue);
    const Cells want = fresh_group_cells(server, {"N00945", "N00957"});
    INFO(describe_difference(got, want));
    CHECK(got.size() == want.size());
    CHECK((got == want));
}

// The group's cells after the revision, worked out by hand from county_dataset() and revise().
void check_revised_by_hand(const catalogue::Catalogue& catalogue) {
    const Cells cells = stored_group_cells(catalogue);
    const auto at = [&](const std::string& key) {
        INFO(key);
        REQUIRE(cells.count(key) == 1);
        return cells.at(key);
    };
    CHECK(cells.size() == 4);
    CHECK(at("N00957/G33632/2021/T") == Cell{8.0, 1, ""});                        // appeared
    CHECK(at("N00957/G33632/2022/T") == Cell{(14.0 + 20 + 30 + 40) / 4, 4, ""});  // 26
    CHECK(at("N00957/G33632/2022/K") == Cell{11.0, 1, ""});                       // 16 (2) before
    CHECK(at("N00957/G33632/2023/T") == Cell{(20.0 + 30) / 2, 2, ""});            // 30 (3) before
    CHECK(cells.count("N00945/G33632/2022/T") == 0);                              // disappeared
}

}  // namespace

TEST_CASE("fake server: the county fixture's group means are the ones worked out by hand") {
    demo::FakeKoladaServer server(county_dataset());
    server.start();
    const Cells before = fresh_group_cells(server, {"N00945", "N00957"});
    CHECK(before.size() == 4);
    CHECK(before.at("N00957/G33632/2022/T") == Cell{25.0, 4, ""});
    CHECK(before.at("N00957/G33632/2022/K") == Cell{16.0, 2, ""});
    CHECK(before.at("N00957/G33632/2023/T") == Cell{30.0, 3, ""});
    CHECK(before.at("N00945/G33632/2022/T") == Cell{5.0, 1, ""});

    server.update_dataset(revise);
    const Cells after = fresh_group_cells(server, {"N00945", "N00957"});
    CHECK(after.size() == 4);
    CHECK(after.at("N00957/G33632/2021/T") == Cell{8.0, 1, ""});
    CHECK(after.at("N00957/G33632/2022/T") == Cell{26.0, 4, ""});
    CHECK(after.at("N00957/G33632/2022/K") == Cell{11.0, 1, ""});
    CHECK(after.at("N00957/G33632/2023/T") == Cell{25.0, 2, ""});
    CHECK(after.count("N00945/G33632/2022/T") == 0);
}

TEST_CASE("sync: an incremental sync leaves every group cell as Kolada answers it now") {
    demo::FakeKoladaServer server(county_dataset());
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    auto options = sync_options(server, county_scope(), at_day(2026, 3, 1));
    options.per_page = 2;  // the group's answer has pages
    {
        Transport transport;
        sync::run_sync(catalogue, transport.fetcher, options);
    }
    CHECK(stored_group_cells(catalogue).at("N00957/G33632/2022/T") == Cell{25.0, 4, ""});
    check_group_cells_fresh(catalogue, server);

    server.update_dataset(revise);
    server.clear_request_log();
    options.now = [] { return at_day(2026, 3, 11); };
    Transport transport;
    const auto report = sync::run_sync(catalogue, transport.fetcher, options);

    check_revised_by_hand(catalogue);
    check_group_cells_fresh(catalogue, server);
    check_equal_to_server(catalogue, server, report.scope);
    // The members were still asked for their changes only, once per run, by key figure (every
    // unit, 2513 outside the scope included) in 3 chunks of the years 1970-2044; the group was
    // asked for whole, for both key figures, since members of both changed.
    CHECK(report.segments_incremental == 3);
    CHECK(report.segments_total == 4);
    CHECK(logged(server, "/data/kpi/N00945,N00957/year/") >= 3);
    CHECK(logged(server, "&from_date=2026-02-28") >= 3);
    CHECK(logged(server, "/municipality/G33632?per_page=2") >= 1);
    CHECK(logged(server, "/municipality/G33632?per_page=2&from_date") == 0);

    // Nothing changed since: the next sync keeps the group as it is.
    options.now = [] { return at_day(2026, 3, 12); };
    Transport again;
    const auto next = sync::run_sync(catalogue, again.fetcher, options);
    check_revised_by_hand(catalogue);
    check_equal_to_server(catalogue, server, next.scope);
}

TEST_CASE("sync: a resumed incremental sync leaves every group cell as Kolada answers it now") {
    demo::FakeKoladaServer server(county_dataset());
    server.start();
    TempDir dir;
    auto catalogue = catalogue::Catalogue::open(dir / "catalogue.sqlite");
    auto options = sync_options(server, county_scope(), at_day(2026, 3, 1));
    {
        Transport transport;
        sync::run_sync(catalogue, transport.fetcher, options);
    }

    // The incremental sync stores its first change check (the years 1970-1994), then fails:
    // the server answers every attempt at the next data request with 503. The resumed run
    // cannot know what the lost checks saw, and fetches the group whole for every key figure.
    server.update_dataset(revise);
    demo::Faults faults;
    faults.http_503 = demo::FaultSpec::count(100, 1);
    server.set_faults(faults);
    options.now = [] { return at_day(2026, 3, 11); };
    {
        Transport transport;
        CHECK_THROWS_AS(sync::run_sync(catalogue, transport.fetcher, options), http::SyncError);
    }
    const auto failed = catalogue.unfinished_run();
    REQUIRE(failed.has_value());
    REQUIRE(failed->segments.size() == 3);
    CHECK(failed->segments[0].done);
    CHECK_FALSE(failed->segments[1].done);

    // The resume, once the server answers again.
    server.clear_faults();
    Transport transport;
    const auto report = sync::run_sync(catalogue, transport.fetcher, options);
    CHECK(report.resumed);
    CHECK(report.segments_already_done == 1);
    check_revised_by_hand(catalogue);
    check_group_cells_fresh(catalogue, server);
    check_equal_to_server(catalogue, server, report.scope);
}

TEST_CASE("kolcat compare shows a county group's new mean after a plain kolcat sync") {
    demo::Dataset dataset = demo::load_dataset(std::filesystem::path(KOLCAT_DEMO_DATA_DIR));
    dataset.today = demo::utc_today();  // the CLI syncs by the real clock
    int year = 0;
    for (const catalogue::Value& value :
         dataset.answer({{"N00209"}, {group_id}, {}, std::nullopt})) {
        year = std::max(year, value.period);
    }
    REQUIRE(year > 0);
    const catalogue::Group* county = dataset.municipality_group(group_id);
    REQUIRE(county != nullptr);
    REQUIRE(county->members.size() == 14);
    const std::vector<catalogue::GroupMember> members = county->members;
    demo::FakeKoladaServer server(std::move(dataset));
    server.start();
    TempDir dir;
    std::filesystem::create_directories(dir / "cli");
    const auto kolcat = [&](std::vector<std::string> args) {
        return test_compare::run_kolcat_on(dir / "catalogue.sqlite", dir / "cli", args);
    };
    const std::vector<std::string> sync = {
        "sync", "--api-url", server.base_url(), "--kpi", "N00209", "--max-rps", "0", "--quiet"};
    const auto first = kolcat(sync);
    REQUIRE_MESSAGE(first.exit_code == 0, first.err);

    // Kolada revises the latest year of every member: 50, 51, ... 62 for the first thirteen
    // (changed or added), and the fourteenth deleted. The mean is (50 + 62) / 2 = 56, of 13.
    server.update_dataset([&](demo::Dataset& data) {
        for (std::size_t i = 0; i + 1 < members.size(); ++i) {
            data.set_value("N00209", members[i].id, year, catalogue::Gender::T,
                           50.0 + static_cast<double>(i));
        }
        data.set_value("N00209", members.back().id, year, catalogue::Gender::T, 99.0);
        REQUIRE(data.delete_value("N00209", members.back().id, year, catalogue::Gender::T));
    });
    const auto second = kolcat(sync);
    REQUIRE_MESSAGE(second.exit_code == 0, second.err);

    const auto shown = kolcat({"compare", "N00209", "--against", "north", "--format", "json"});
    REQUIRE_MESSAGE(shown.exit_code == 0, shown.err);
    const auto answer = nlohmann::json::parse(shown.out);
    REQUIRE(answer.size() == 1);
    CHECK(answer.at(0).at("period") == year);
    bool found = false;
    for (const auto& unit : answer.at(0).at("units")) {
        if (unit.at("id") == group_id) {
            found = true;
            CHECK(unit.at("T").get<double>() == 56.0);
        }
    }
    CHECK(found);
    const auto values = kolcat({"values", "--kpi", "N00209", "--unit", group_id, "--years",
                                std::to_string(year), "--format", "json"});
    REQUIRE_MESSAGE(values.exit_code == 0, values.err);
    bool found_t = false;
    for (const auto& row : nlohmann::json::parse(values.out)) {
        if (row.at("gender") == "T") {
            found_t = true;
            CHECK(row.at("value").get<double>() == 56.0);
            CHECK(row.at("count") == 13);
        }
    }
    CHECK(found_t);
}

// The whole default scope on the demo data: Kolada changes, deletes and adds member values at
// random (the seed is fixed, so a failure repeats), inside the scope and in members the scope
// leaves out. After one plain `kolcat sync`, every stored cell, each group's mean and count
// included, is the server's fresh answer; `kolcat verify --all` saw the revision before that
// sync and sees nothing after it.
TEST_CASE("kolcat sync: the default scope equals Kolada's fresh answer after random revisions") {
    demo::Dataset dataset = demo::load_dataset(std::filesystem::path(KOLCAT_DEMO_DATA_DIR));
    dataset.today = demo::utc_today();  // the CLI syncs by the real clock
    demo::FakeKoladaServer server(std::move(dataset));
    server.start();
    TempDir dir;
    std::filesystem::create_directories(dir / "cli");
    const auto catalogue_path = dir / "catalogue.sqlite";
    const auto kolcat = [&](std::vector<std::string> args) {
        return test_compare::run_kolcat_on(catalogue_path, dir / "cli", args);
    };
    const std::vector<std::string> sync = {"sync",      "--api-url", server.base_url(),
                                           "--max-rps", "0",         "--quiet"};
    const auto first = kolcat(sync);
    REQUIRE_MESSAGE(first.exit_code == 0, first.err);

    // The scope as stored: every key figure and unit the first sync brought values for.
    std::set<std::string> kpi_set;
    std::set<std::string> unit_set;
    {
        const catalogue::Catalogue catalogue =
            catalogue::Catalogue::open(catalogue_path, catalogue::OpenMode::read_only);
        catalogue.for_each_value(catalogue::ValueQuery{}, [&](const catalogue::Value& v) {
            kpi_set.insert(v.kpi);
            unit_set.insert(v.municipality);
        });
    }
    const std::vector<std::string> kpis(kpi_set.begin(), kpi_set.end());
    const std::vector<std::string> units(unit_set.begin(), unit_set.end());
    REQUIRE(std::count_if(units.begin(), units.end(),
                          [](const std::string& unit) { return unit.front() == 'G'; }) > 20);

    // Kolada's revision: about one member cell in forty of the scope's key figures changes, one
    // in eighty is deleted, and one in eighty gets a value for the year after its last.
    std::mt19937 random(20261204);
    std::size_t changed = 0;
    std::size_t deleted = 0;
    std::size_t added = 0;
    server.update_dataset([&](demo::Dataset& data) {
        std::vector<catalogue::Value> members;
        for (const catalogue::Value& v : data.answer({kpis, {}, {}, std::nullopt})) {
            if (v.municipality.front() != 'G' && v.value) {
                members.push_back(v);
            }
        }
        for (const catalogue::Value& v : members) {
            switch (random() % 80) {
                case 0:
                case 1:
                    data.set_value(v.kpi, v.municipality, v.period, v.gender, *v.value + 7.25);
                    ++changed;
                    break;
                case 2:
                    REQUIRE(data.delete_value(v.kpi, v.municipality, v.period, v.gender));
                    ++deleted;
                    break;
                case 3:
                    if (!data.value(v.kpi, v.municipality, v.period + 1, v.gender)) {
                        data.set_value(v.kpi, v.municipality, v.period + 1, v.gender, 1.5);
                        ++added;
                    }
                    break;
                default:
                    break;
            }
        }
    });
    INFO("changed " << changed << ", deleted " << deleted << ", added " << added);
    REQUIRE(changed > 100);
    REQUIRE(deleted > 50);
    REQUIRE(added > 10);

    const std::vector<std::string> verify_all = {
        "verify", "--all", "--api-url", server.base_url(), "--max-rps", "0", "--format", "csv"};
    CHECK(kolcat(verify_all).exit_code == 7);

    const auto second = kolcat(sync);
    REQUIRE_MESSAGE(second.exit_code == 0, second.err);
    const catalogue::Catalogue catalogue =
        catalogue::Catalogue::open(catalogue_path, catalogue::OpenMode::read_only);
    catalogue::SyncScope scope;
    scope.kpis = kpis;
    scope.units = units;
    check_equal_to_server(catalogue, server, scope);

    const auto verified = kolcat(verify_all);
    CHECK_MESSAGE(verified.exit_code == 0, (verified.out + verified.err));
}
