// The sync engine against a scripted JsonFetcher and a real catalogue in a temporary file.
// Longer than 400 lines: every case drives the engine through the same scripted fetcher and
// catalogue helpers defined at the top; split by topic, each file would repeat them.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "sync/http/sync_error.hpp"
#include "sync/kolada/sync_engine.hpp"
#include "tests/support/scripted_json_fetcher.hpp"

using namespace kolcat::catalogue;
using namespace kolcat::http;
using namespace kolcat::sync;

using namespace kolcat;
using kolcat::testing::envelope;
using kolcat::testing::ScriptedFailure;
using kolcat::testing::ScriptedJsonFetcher;
using nlohmann::json;

namespace {

const std::string api = "http://kolada.test/v3";

class TempCatalogue {
  public:
    TempCatalogue() {
        static std::atomic<int> counter{0};
        dir_ = std::filesystem::temp_directory_path() /
               ("kolcat-engine-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::create_directories(dir_);
        catalogue_.emplace(catalogue::Catalogue::open(dir_ / "catalogue.sqlite"));
    }
    ~TempCatalogue() {
        catalogue_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    catalogue::Catalogue& operator*() { return *catalogue_; }
    catalogue::Catalogue* operator->() { return &*catalogue_; }

  private:
    std::filesystem::path dir_;
    std::optional<catalogue::Catalogue> catalogue_;
};

std::chrono::system_clock::time_point day(int y, unsigned m, unsigned d, int hour = 12) {
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / std::chrono::day{d}} + hours{hour};
}

json kpi(const std::string& id, const std::string& type) {
    return {{"id", id},
            {"title", "Titel " + id + " åäö"},
            {"description", "Beskrivning"},
            {"is_divided_by_gender", true},
            {"municipality_type", type},
            {"auspice", "X"},
            {"operating_area", "Arbetsmarknad"},
            {"perspective", "Övrigt"},
            {"prel_publication_date", nullptr},
            {"publication_date", "2026-01-16"},
            {"publ_period", "2025"},
            {"has_ou_data", false}};
}

json unit(const std::string& id, const std::string& title, const std::string& type) {
    return {{"id", id}, {"title", title}, {"type", type}};
}

json group(const std::string& id, const std::vector<std::string>& members) {
    json list = json::array();
    for (const auto& m : members) {
        list.push_back({{"member_id", m}, {"member_title", "Titel " + m}});
    }
    return {{"id", id}, {"title", "Grupp " + id}, {"members", list}};
}

// The second page kolcat asks for of a full answer: per_page one smaller, so that it overlaps
// the first by one item (overlapping_pages.hpp). Groups' pages do not overlap.
std::string page_two(const std::string& first_url) {
    const std::string per_page = "per_page=5000";
    std::string url = first_url;
    url.replace(url.find(per_page), per_page.size(), "per_page=4999");
    return url + "&page=2";
}

// One data item with T, K and M (K and M derived from T), optionally deleted.
json item(const std::string& k, const std::string& u, int period, std::optional<double> t,
          bool deleted = false) {
    json values = json::array();
    for (const char* g : {"T", "K", "M"}) {
        json v{{"gender", g}, {"count", 1}, {"status", ""}};
        v["value"] = t ? json(*t + (g[0] == 'K' ? 1.0 : g[0] == 'M' ? 2.0 : 0.0)) : json();
        if (deleted) {
            v["isdeleted"] = true;
        }
        values.push_back(v);
    }
    return {{"kpi", k}, {"municipality", u}, {"period", period}, {"values", values}};
}

void script_metadata(ScriptedJsonFetcher& fetcher) {
    const std::string municipality = api + "/municipality?per_page=5000";
    fetcher.on(municipality,
               envelope({unit("0000", "Riket", "L"), unit("0001", "Region Stockholm", "L")},
                        "?per_page=5000&page=2"));
    fetcher.on(municipality + "&page=2",
               envelope({unit("0025", "Region Norrbotten", "L"), unit("2580", "Luleå", "K")}));
    fetcher.on(api + "/municipality_groups?per_page=5000", envelope({group("G33632", {"2580"})}));
    fetcher.on(api + "/kpi?per_page=5000",
               envelope({kpi("N1", "A"), kpi("N2", "A"), kpi("N3", "A")}));
    fetcher.on(api + "/kpi_groups?per_page=5000",
               envelope({group("G2KPI1", {"N1", "N2", "N07401"})}));
}

// Every stored value as "kpi/unit/period/gender" -> value.
std::map<std::string, std::optional<double>> stored(const catalogue::Catalogue& catalogue) {
    std::map<std::string, std::optional<double>> out;
    catalogue.for_each_value(catalogue::ValueQuery{}, [&](const catalogue::Value& v) {
        out[v.kpi + "/" + v.municipality + "/" + std::to_string(v.period) + "/" +
            std::string(to_string(v.gender))] = v.value;
    });
    return out;
}

std::string run_status(catalogue::Catalogue& catalogue, std::int64_t id) {
    catalogue::Statement select =
        catalogue.database().prepare("SELECT status FROM sync_run WHERE id = ?1");
    select.bind(1, id);
    REQUIRE(select.step());
    return select.column_text(0);
}

sync::ScopeRequest group_scope() {
    sync::ScopeRequest request;
    request.kpi_groups = {"G2KPI1"};
    request.units = {"2580", "0025", "9999"};
    return request;
}

sync::SyncOptions options_at(std::chrono::system_clock::time_point now, sync::ScopeRequest scope) {
    sync::SyncOptions options;
    options.api_url = api;
    options.scope = std::move(scope);
    options.now = [now] { return now; };
    return options;
}

// The segment URL of the group scope, every year.
const std::string data_url = api + "/data/kpi/N1,N2/municipality/0025,2580?per_page=5000";

// The change checks of an incremental sync by key figure (change_check.hpp): every unit, over the
// years 1970-2044 (1970 to the current year, filled up to 25 a request), 25 to a request.
std::vector<std::string> check_urls(const std::string& kpis, const std::string& from_date) {
    std::vector<std::string> urls;
    for (int first = 1970; first <= 2020; first += 25) {
        std::string years;
        for (int year = first; year <= first + 24; ++year) {
            years += (years.empty() ? "" : ",") + std::to_string(year);
        }
        urls.push_back(api + "/data/kpi/" + kpis + "/year/" + years +
                       "?per_page=5000&from_date=" + from_date);
    }
    return urls;
}

// Scripts the checks: the years 2020-2044 answer `recent`, the others nothing.
std::vector<std::string> script_checks(ScriptedJsonFetcher& fetcher, const std::string& kpis,
                                       const std::string& from_date, nlohmann::json recent) {
    const auto urls = check_urls(kpis, from_date);
    fetcher.on(urls[0], envelope({}));
    fetcher.on(urls[1], envelope({}));
    fetcher.on(urls[2], std::move(recent));
    return urls;
}

}  // namespace

TEST_CASE("engine: metadata and data pages are stored; missing ids are reported") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    fetcher.on(data_url, envelope({item("N1", "0025", 2020, 10.5)}, "?per_page=5000&page=2"));
    fetcher.on(page_two(data_url), envelope({item("N2", "2580", 2021, 3.25)}));
    // A full answer of two pages ends with a check for changes made while it was paged.
    fetcher.on(data_url + "&from_date=2026-03-09", envelope({}));

    const auto report =
        sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), group_scope()));

    // metadata: every list, both pages of /municipality
    REQUIRE(report.metadata.has_value());
    CHECK(report.metadata->municipalities == 4);
    CHECK(report.metadata->municipality_groups == 1);
    CHECK(report.metadata->kpis == 3);
    CHECK(report.metadata->kpi_groups == 1);
    CHECK(catalogue->municipality("2580")->title == "Luleå");
    CHECK(catalogue->kpi("N3").has_value());
    CHECK(catalogue->group(catalogue::GroupKind::kpi_group, "G2KPI1")->members.size() == 3);

    // scope: group members that exist, known units; the rest reported, not dropped silently
    CHECK(report.scope.kpis == std::vector<std::string>{"N1", "N2"});
    CHECK(report.scope.units == std::vector<std::string>{"0025", "2580"});
    CHECK(report.missing_ids == std::vector<std::string>{"9999", "N07401"});

    // data: both pages
    const auto values = stored(*catalogue);
    CHECK(values.size() == 6);
    CHECK(values.at("N1/0025/2020/T") == 10.5);
    CHECK(values.at("N1/0025/2020/M") == 12.5);
    CHECK(values.at("N2/2580/2021/K") == 4.25);
    CHECK(report.pages == 2);
    CHECK(report.values_received == 6);
    CHECK(report.segments_total == 1);
    CHECK(report.segments_fetched == 1);
    CHECK_FALSE(report.resumed);
    CHECK(report.requests == static_cast<std::int64_t>(fetcher.log().size()));
    CHECK(fetcher.log().size() == 8);  // 5 metadata pages + 2 data pages + the change check

    // the run and the meta data
    const auto run = catalogue->last_finished_run();
    REQUIRE(run.has_value());
    CHECK(run->id == report.run_id);
    CHECK(run->started_at == "2026-03-10T12:00:00Z");
    CHECK(run->missing_ids == std::vector<std::string>{"9999", "N07401"});
    CHECK(run->requests == 8);
    CHECK(catalogue->meta("api_url") == api);
    CHECK(catalogue->meta("data_source") == "kolada");
    CHECK(catalogue->meta("last_sync_at") == "2026-03-10T12:00:00Z");
    CHECK(report.data_source == "kolada");
    CHECK_FALSE(catalogue->unfinished_run().has_value());
}

TEST_CASE("engine: pages that overlap as asked need no closing check; a shift does") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    fetcher.on(data_url, envelope({item("N1", "0025", 2019, 1.0), item("N1", "0025", 2020, 2.0)},
                                  "?per_page=5000&page=2"));
    SUBCASE("page 2 begins with the item page 1 ended with") {
        fetcher.on(page_two(data_url),
                   envelope({item("N1", "0025", 2020, 2.0), item("N2", "2580", 2021, 3.0)}));
        const auto report =
            sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), group_scope()));
        CHECK(fetcher.count(data_url + "&from_date=2026-03-09") == 0);
        CHECK(fetcher.log().size() == 5 + 2);  // metadata, then the two pages
        CHECK(report.pages == 2);
        CHECK(report.values_received == 9);  // the repeated item counted once
        const auto values = stored(*catalogue);
        CHECK(values.size() == 9);
        CHECK(values.at("N1/0025/2020/T") == 2.0);
        CHECK(values.at("N2/2580/2021/M") == 5.0);
    }
    SUBCASE("page 2 begins with an item page 1 never held: one was deleted behind it") {
        fetcher.on(page_two(data_url), envelope({item("N2", "2580", 2021, 3.0)}));
        fetcher.on(data_url + "&from_date=2026-03-09", envelope({}));
        sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), group_scope()));
        CHECK(fetcher.count(data_url + "&from_date=2026-03-09") == 1);
        CHECK(fetcher.log().size() == 5 + 3);
        CHECK(stored(*catalogue).size() == 9);
    }
}

TEST_CASE(
    "engine: a KPI group given as --kpi expands; --all-kpis and regions come from the "
    "catalogue") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    sync::ScopeRequest request;
    request.kpis = {"G2KPI1", "N3"};
    request.units = {"0000"};
    request.all_regions = true;
    fetcher.on(api + "/data/kpi/N1,N2,N3/municipality/0000,0001,0025?per_page=5000", envelope({}));
    auto report = sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), request));
    CHECK(report.scope.kpis == std::vector<std::string>{"N1", "N2", "N3"});
    CHECK(report.scope.units == std::vector<std::string>{"0000", "0001", "0025"});
    CHECK(report.missing_ids == std::vector<std::string>{"N07401"});

    sync::ScopeRequest all;
    all.all_kpis = true;
    all.units = {"2580"};
    all.years = {2020};
    fetcher.on(api + "/data/kpi/N1,N2,N3/municipality/2580/year/2020?per_page=5000", envelope({}));
    report = sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 11), all));
    CHECK(report.scope.kpis == std::vector<std::string>{"N1", "N2", "N3"});
    CHECK(report.missing_ids.empty());
}

TEST_CASE("engine: the default scope names Riket, regions, county groups and Norrbotten") {
    const auto request = sync::default_scope_request();
    CHECK(request.kpi_groups == std::vector<std::string>{"G2KPI148336", "G2KPI148333"});
    CHECK(request.all_regions);
    CHECK(request.years.empty());
    CHECK(request.units.size() == 1 + 21 + 14 + 2);
    CHECK(request.units.front() == "0000");
    CHECK(county_group_ids().front() == "G33612");
    CHECK(county_group_ids().back() == "G33632");
    CHECK(norrbotten_municipality_ids().size() == 14);
    const auto curated = sync::default_scope_request({"N00945"});
    CHECK(curated.kpis == std::vector<std::string>{"N00945"});
    CHECK(curated.kpi_groups.empty());
}

TEST_CASE("engine: a failure mid-segment is resumed at resume_url without refetching done work") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    sync::ScopeRequest request = group_scope();
    for (int year = 1990; year <= 2015; ++year) {  // 26 years: two segments
        request.years.push_back(year);
    }
    catalogue::SyncSegment first;
    first.kpis = {"N1", "N2"};
    first.units = {"0025", "2580"};
    for (int year = 1990; year <= 2014; ++year) {
        first.years.push_back(year);
    }
    catalogue::SyncSegment second = first;
    second.years = {2015};
    const std::string first_url = segment_url(api, first);
    const std::string second_url = segment_url(api, second);
    fetcher.on(first_url, envelope({item("N1", "0025", 2010, 1.0)}, "?per_page=5000&page=2"));
    fetcher.on(page_two(first_url), envelope({item("N1", "0025", 2011, 2.0)}));
    fetcher.on(second_url, envelope({item("N1", "2580", 2015, 3.0)}, "?per_page=5000&page=2"));
    fetcher.on(page_two(second_url), envelope({item("N2", "2580", 2015, 4.0)}));
    fetcher.once(page_two(second_url), ScriptedFailure{"retry budget spent: HTTP 503"});
    fetcher.on(first_url + "&from_date=2026-03-09", envelope({}));
    fetcher.on(second_url + "&from_date=2026-03-09", envelope({}));

    CHECK_THROWS_WITH_AS(sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), request)),
                         doctest::Contains("HTTP 503"), http::SyncError);
    // everything committed stays; the run is failed but resumable
    CHECK(stored(*catalogue).size() == 9);
    const auto failed = catalogue->unfinished_run();
    REQUIRE(failed.has_value());
    CHECK(failed->status == catalogue::RunStatus::failed);
    REQUIRE(failed->error.has_value());
    CHECK(failed->error->find("HTTP 503") != std::string::npos);
    REQUIRE(failed->segments.size() == 2);
    CHECK(failed->segments[0].done);
    CHECK_FALSE(failed->segments[1].done);
    CHECK(failed->segments[1].resume_url == page_two(second_url));

    fetcher.clear_log();
    const auto report = sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 11), request));
    CHECK(report.resumed);
    CHECK(report.run_id == failed->id);
    CHECK(report.started_at == "2026-03-10T12:00:00Z");
    CHECK(report.segments_already_done == 1);
    CHECK(report.segments_fetched == 1);
    CHECK(fetcher.count(first_url) == 0);
    CHECK(fetcher.count(page_two(first_url)) == 0);
    CHECK(fetcher.count(second_url) == 0);
    CHECK(fetcher.count(page_two(second_url)) == 1);
    CHECK(stored(*catalogue).size() == 12);
    CHECK(run_status(*catalogue, report.run_id) == "finished");
    CHECK_FALSE(catalogue->unfinished_run().has_value());
}

TEST_CASE("engine: an unfinished run with another scope is abandoned") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    fetcher.once(data_url, ScriptedFailure{"retry budget spent"});
    CHECK_THROWS_AS(
        sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), group_scope())),
        http::SyncError);
    const auto failed = catalogue->unfinished_run();
    REQUIRE(failed.has_value());

    sync::ScopeRequest other;
    other.kpis = {"N3"};
    other.units = {"0025"};
    fetcher.on(api + "/data/kpi/N3/municipality/0025?per_page=5000",
               envelope({item("N3", "0025", 2022, 7.0)}));
    const auto report = sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 11), other));
    CHECK_FALSE(report.resumed);
    CHECK(report.abandoned_run_id == failed->id);
    CHECK(run_status(*catalogue, failed->id) == "abandoned");
    CHECK(run_status(*catalogue, report.run_id) == "finished");
    CHECK(stored(*catalogue).size() == 3);

    SUBCASE("--full does not resume an incremental run") {
        fetcher.once(data_url, ScriptedFailure{"retry budget spent"});
        CHECK_THROWS_AS(
            sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 12), group_scope())),
            http::SyncError);
        const auto interrupted = catalogue->unfinished_run();
        REQUIRE(interrupted.has_value());
        fetcher.on(data_url, envelope({}));
        auto full = options_at(day(2026, 3, 12), group_scope());
        full.full = true;
        const auto refreshed = sync::run_sync(*catalogue, fetcher, full);
        CHECK(refreshed.abandoned_run_id == interrupted->id);
    }

    SUBCASE("restart abandons a run with the same scope instead of resuming it") {
        fetcher.once(data_url, ScriptedFailure{"retry budget spent"});
        CHECK_THROWS_AS(
            sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 12), group_scope())),
            http::SyncError);
        const auto interrupted = catalogue->unfinished_run();
        REQUIRE(interrupted.has_value());
        fetcher.on(data_url, envelope({}));
        auto restart = options_at(day(2026, 3, 12), group_scope());
        restart.restart = true;
        const auto restarted = sync::run_sync(*catalogue, fetcher, restart);
        CHECK_FALSE(restarted.resumed);
        CHECK(restarted.abandoned_run_id == interrupted->id);
        CHECK(run_status(*catalogue, interrupted->id) == "abandoned");
    }
}

TEST_CASE("engine: incremental sync uses from_date minus a day and applies deletions") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    fetcher.on(data_url, envelope({item("N1", "0025", 2020, 1.0), item("N1", "0025", 2021, 2.0),
                                   item("N2", "2580", 2021, 3.0)}));
    sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), group_scope()));
    CHECK(stored(*catalogue).size() == 9);

    // ten days later: only the changes since the first sync's day, minus one, asked once per
    // run for every unit of the key figures, in 3 chunks of years
    const auto checks =
        script_checks(fetcher, "N1,N2", "2026-03-09",
                      envelope({item("N1", "0025", 2020, 1.5),                    // changed
                                item("N1", "0025", 2022, 5.0),                    // added
                                item("N2", "2580", 2021, std::nullopt, true)}));  // deleted
    fetcher.clear_log();
    auto report = sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 20), group_scope()));
    for (const auto& check : checks) {
        CHECK(fetcher.count(check) == 1);
    }
    CHECK(fetcher.count(data_url) == 0);
    CHECK(report.segments_incremental == 3);
    auto values = stored(*catalogue);
    CHECK(values.size() == 9);
    CHECK(values.at("N1/0025/2020/T") == 1.5);
    CHECK(values.at("N1/0025/2021/T") == 2.0);
    CHECK(values.at("N1/0025/2022/K") == 6.0);
    CHECK(values.count("N2/2580/2021/T") == 0);
    const auto dates = catalogue->synced_dates({"N1"}, {"0025"});
    CHECK(dates.at({"N1", "0025"}) == "2026-03-20");

    // --full asks for everything and removes what Kolada no longer has
    fetcher.on(data_url, envelope({item("N1", "0025", 2020, 1.5)}));
    fetcher.clear_log();
    auto full = options_at(day(2026, 3, 21), group_scope());
    full.full = true;
    report = sync::run_sync(*catalogue, fetcher, full);
    CHECK(fetcher.count(data_url) == 1);
    CHECK(report.segments_incremental == 0);
    values = stored(*catalogue);
    CHECK(values.size() == 3);
    CHECK(values.count("N1/0025/2022/T") == 0);
}

TEST_CASE("engine: a group is fetched whole, then again for the key figures a member changed") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    sync::ScopeRequest request;
    request.kpis = {"N1", "N2"};
    request.units = {"G33632", "2580"};
    const std::string units_url = api + "/data/kpi/N1,N2/municipality/2580?per_page=5000";
    const std::string group_url = api + "/data/kpi/N1,N2/municipality/G33632?per_page=5000";
    fetcher.on(units_url, envelope({item("N1", "2580", 2020, 1.0)}));
    // Two pages, and no check for changes after them: Kolada's change feed has no group cells.
    fetcher.on(group_url,
               envelope({item("N1", "G33632", 2020, 1.0), item("N2", "G33632", 2020, 2.0)},
                        "?per_page=5000&page=2"));
    fetcher.on(group_url + "&page=2", envelope({item("N2", "G33632", 2021, 3.0)}));
    auto report = sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), request));
    CHECK(report.segments_total == 2);
    CHECK(fetcher.count(group_url + "&from_date=2026-03-09") == 0);
    CHECK(stored(*catalogue).size() == 12);

    // Ten days later: the changes of every unit of N1 and N2, once; 2580, a member of G33632,
    // changed for N1, so the group is fetched whole for N1, which sweeps the cells its answer no
    // longer holds. N2's group cells stay: none of its members changed.
    const auto checks =
        script_checks(fetcher, "N1,N2", "2026-03-09", envelope({item("N1", "2580", 2020, 1.5)}));
    const std::string n1_group_url = api + "/data/kpi/N1/municipality/G33632?per_page=5000";
    fetcher.on(n1_group_url,
               envelope({item("N1", "G33632", 2020, 1.25), item("N1", "G33632", 2022, 9.0)}));
    fetcher.clear_log();
    report = sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 20), request));
    CHECK(report.segments_total == 4);
    CHECK(report.segments_incremental == 3);
    CHECK(fetcher.count(checks[2]) == 1);
    CHECK(fetcher.count(n1_group_url) == 1);
    CHECK(fetcher.count(group_url) == 0);
    CHECK(fetcher.log().size() == 5 + 4);  // metadata, then one request per segment
    const auto values = stored(*catalogue);
    CHECK(values.size() == 15);
    CHECK(values.at("N1/2580/2020/T") == 1.5);
    CHECK(values.at("N1/G33632/2020/T") == 1.25);
    CHECK(values.at("N1/G33632/2022/M") == 11.0);
    CHECK(values.at("N2/G33632/2020/T") == 2.0);
    CHECK(values.count("N2/G33632/2021/K") == 1);
}

TEST_CASE("engine: demo data is labelled before it is stored, and the label sticks") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    fetcher.on(data_url, envelope({item("N1", "0025", 2020, 1.0)}));
    fetcher.set_header("X-Kolcat-Demo", "true");
    auto report = sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), group_scope()));
    CHECK(report.data_source == "demo");
    CHECK(catalogue->meta("data_source") == "demo");

    ScriptedJsonFetcher real;
    script_metadata(real);
    script_checks(real, "N1,N2", "2026-03-09", envelope({}));
    report = sync::run_sync(*catalogue, real, options_at(day(2026, 3, 11), group_scope()));
    CHECK(report.data_source == "demo");

    TempCatalogue flagged;
    ScriptedJsonFetcher plain;
    script_metadata(plain);
    plain.on(data_url, envelope({}));
    auto options = options_at(day(2026, 3, 10), group_scope());
    options.demo_data = true;
    CHECK(sync::run_sync(*flagged, plain, options).data_source == "demo");
}

TEST_CASE("engine: a broken page fails the run and stores nothing of it") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    fetcher.on(data_url, envelope({item("N1", "0025", 2020, 1.0)}, "?per_page=5000&page=2"));

    SUBCASE("a value outside the request") {
        fetcher.on(page_two(data_url),
                   envelope({item("N2", "2580", 2020, 1.0), item("N3", "0025", 2020, 1.0)}));
        CHECK_THROWS_WITH_AS(
            sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), group_scope())),
            doctest::Contains("outside the request"), http::SyncError);
    }
    SUBCASE("a malformed page names its URL") {
        json body = envelope({item("N2", "2580", 2020, 1.0)});
        body["count"] = 5;
        fetcher.on(page_two(data_url), body);
        CHECK_THROWS_WITH_AS(
            sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), group_scope())),
            doctest::Contains("page=2"), http::SyncError);
    }
    const auto values = stored(*catalogue);
    CHECK(values.size() == 3);  // the first page only
    CHECK(values.count("N2/2580/2020/T") == 0);
    const auto run = catalogue->last_run();
    REQUIRE(run.has_value());
    CHECK(run->status == catalogue::RunStatus::failed);
    CHECK(run->segments[0].resume_url == page_two(data_url));
}

TEST_CASE("engine: a metadata list lands whole or not at all") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    fetcher.on(data_url, envelope({}));
    sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 10), group_scope()));

    // a new list whose second page fails: the stored list stays as it was
    const std::string municipality = api + "/municipality?per_page=5000";
    fetcher.once(municipality, envelope({unit("0000", "Riket", "L")}, "?per_page=5000&page=2"));
    fetcher.once(municipality + "&page=2", ScriptedFailure{"retry budget spent"});
    CHECK_THROWS_AS(
        sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 11), group_scope())),
        http::SyncError);
    CHECK(catalogue->municipality("2580").has_value());
    CHECK(catalogue->municipality("0001").has_value());

    // an empty key-figure list would retire every KPI: refused
    fetcher.once(api + "/kpi?per_page=5000", envelope(json::array()));
    CHECK_THROWS_WITH_AS(
        sync::run_sync(*catalogue, fetcher, options_at(day(2026, 3, 11), group_scope())),
        doctest::Contains("came back empty"), http::SyncError);
    CHECK_FALSE(catalogue->kpi_is_retired("N1"));
}

TEST_CASE("engine: skip_metadata uses the stored metadata, and needs some") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    auto options = options_at(day(2026, 3, 10), group_scope());
    options.skip_metadata = true;
    CHECK_THROWS_WITH_AS(sync::run_sync(*catalogue, fetcher, options),
                         doctest::Contains("metadata"), http::SyncError);
    CHECK(fetcher.log().empty());

    script_metadata(fetcher);
    fetcher.on(data_url, envelope({}));
    options.skip_metadata = false;
    sync::run_sync(*catalogue, fetcher, options);
    fetcher.clear_log();
    options.skip_metadata = true;
    options.now = [] { return day(2026, 3, 11); };
    const auto checks = script_checks(fetcher, "N1,N2", "2026-03-09", envelope({}));
    const auto report = sync::run_sync(*catalogue, fetcher, options);
    CHECK_FALSE(report.metadata.has_value());
    CHECK(fetcher.log() == checks);
}

TEST_CASE("engine: progress reports phases, counts and an ETA") {
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    script_metadata(fetcher);
    sync::ScopeRequest request = group_scope();
    request.years = {2020, 2021};
    catalogue::SyncSegment segment;
    segment.kpis = {"N1", "N2"};
    segment.units = {"0025", "2580"};
    segment.years = {2020, 2021};
    fetcher.on(segment_url(api, segment), envelope({item("N1", "0025", 2020, 1.0)}));

    auto options = options_at(day(2026, 3, 10), request);
    auto clock = std::make_shared<std::chrono::system_clock::time_point>(day(2026, 3, 10));
    options.now = [clock] {
        *clock += std::chrono::seconds(1);  // time moves on at every look
        return *clock;
    };
    std::vector<sync::SyncProgress> seen;
    options.progress = [&](const sync::SyncProgress& p) { seen.push_back(p); };
    sync::run_sync(*catalogue, fetcher, options);

    REQUIRE(seen.size() >= 3);
    CHECK(seen.front().phase == sync::SyncPhase::metadata);
    CHECK(seen.front().detail == "municipality");
    CHECK(seen.back().phase == sync::SyncPhase::finished);
    CHECK(seen.back().segments_done == 1);
    CHECK(seen.back().segments_total == 1);
    CHECK(seen.back().values == 3);
    CHECK(seen.back().requests == 6);
    REQUIRE(seen.back().eta_seconds.has_value());
    CHECK(*seen.back().eta_seconds == 0.0);
    bool data_phase = false;
    for (const auto& p : seen) {
        data_phase = data_phase || p.phase == sync::SyncPhase::data;
    }
    CHECK(data_phase);
}

TEST_CASE("engine: ETA from the pace of the segments finished here") {
    const auto t0 = day(2026, 3, 10);
    const sync::EtaEstimator eta(t0, 2, 12);
    CHECK_FALSE(eta.seconds_left(t0 + std::chrono::seconds(5), 2).has_value());
    CHECK(eta.seconds_left(t0 + std::chrono::seconds(10), 4) == doctest::Approx(40.0));
    CHECK(eta.seconds_left(t0 + std::chrono::seconds(10), 12) == 0.0);
}

TEST_CASE("engine: timestamps are ISO-8601 UTC; a bad API URL is refused") {
    CHECK(sync::format_utc_timestamp(day(2024, 2, 29, 23) + std::chrono::minutes(5) +
                                     std::chrono::seconds(7)) == "2024-02-29T23:05:07Z");
    TempCatalogue catalogue;
    ScriptedJsonFetcher fetcher;
    auto options = options_at(day(2026, 3, 10), group_scope());
    options.api_url = "api.kolada.se/v3";
    CHECK_THROWS_WITH_AS(sync::run_sync(*catalogue, fetcher, options),
                         doctest::Contains("invalid API URL"), http::SyncError);
}
