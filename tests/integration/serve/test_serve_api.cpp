// `kolcat serve` as Kolada's v3 API: the real binary serving a catalogue that the real
// `kolcat sync` filled from the demo Kolada server must answer every request as that server
// does (same envelope, paging, limits and errors), say what it never synced, and fill a second
// catalogue identical to the first when `kolcat sync` is pointed at it.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "demo/calendar.hpp"
#include "tests/support/test_serve_support.hpp"

namespace kolcat {
namespace {

using serve_test::Answer;
using serve_test::ScratchDir;
using serve_test::ServeProcess;

// The demo server, and a catalogue the real binary synced from it (once per test file).
struct Synced {
    ScratchDir scratch{"serve"};
    demo::FakeKoladaServer demo{serve_test::demo_dataset(), demo_options()};

    static demo::ServerOptions demo_options() {
        demo::ServerOptions options;
        options.demo_header = true;  // the catalogue is labelled as holding demo data
        return options;
    }
    std::filesystem::path catalogue = scratch.path() / "first.sqlite";

    Synced() {
        demo.start();
        const auto result =
            serve_test::kolcat(scratch, catalogue,
                               {"sync", "--api-url", demo.base_url(), "--max-rps", "0", "--quiet"});
        REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
    }
};

Synced& synced() {
    static Synced instance;
    return instance;
}

}  // namespace

TEST_CASE("serve: every kind of request is answered as the demo Kolada server answers it") {
    auto& first = synced();
    ServeProcess serve(first.scratch, first.catalogue);
    const std::string serve_origin = "http://127.0.0.1:" + std::to_string(serve.port());
    const std::vector<std::string> targets = {
        "/v3/kpi",
        "/v3/kpi?per_page=7&page=2",
        "/v3/kpi/N00945,N00090",
        "/v3/kpi/N00945,N00945,N99999?title=VAB",
        "/v3/kpi_groups/G2KPI148333,G2KPI148333",
        "/v3/kpi?title=sjukfr%C3%A5nvaro",
        "/v3/kpi?title=SJUKFR%C3%85NVARO",
        "/v3/municipality",
        "/v3/municipality?region_type=L",
        "/v3/municipality/0025,2580",
        "/v3/municipality?per_page=100&page=3",
        "/v3/municipality_groups",
        "/v3/municipality_groups/G33632",
        "/v3/kpi_groups",
        "/v3/data/kpi/N00945/municipality/0025,2580,G33632",
        "/v3/data/kpi/N00945/municipality/0025,2580,G33632/year/2020,2021",
        "/v3/data/kpi/N00945/municipality/0025,2580/year/2015?per_page=1",
        "/v3/data/kpi/N00945/municipality/2580?per_page=3&page=2",
        "/v3/data/municipality/2580/year/2021",
        "/v3/data?kpi_id=N00945&municipality_id=0025,G33632&year=2020",
        "/v3/data?kpi_id=N00945&kpi_id=N00090&municipality_id=2580&year=2019&year=2020",
        // errors
        "/v3/kpi/" + hardening::join_ids(std::vector<std::string>(26, "N00945")),
        "/v3/data/kpi/N00945/municipality/" +
            hardening::join_ids(std::vector<std::string>(26, "2580")),
        "/v3/data/kpi/N00945/year/2020?per_page=5001",
        "/v3/data/kpi/N00945?per_page=10",
        "/v3/data/kpi/N00945/year/20x0",
        "/v3/kpi?page=0",
        "/v3/municipality?region_type=X",
        "/v3/nothing",
        "/v2/kpi",
    };
    for (const auto& target : targets) {
        CAPTURE(target);
        const Answer expected = serve_test::http_get(first.demo.port(), target);
        const Answer got = serve.get(target);
        CHECK(got.status == expected.status);
        CHECK(serve_test::replace_all(got.body, serve_origin, first.demo.origin()) ==
              expected.body);
        CHECK(got.header("Content-Type") == "application/json; charset=utf-8");
    }
}

TEST_CASE("serve: 26 ids or per_page above 5000 get 400 with a message") {
    auto& first = synced();
    ServeProcess serve(first.scratch, first.catalogue);
    std::vector<std::string> ids;
    for (int i = 0; i < 26; ++i) {
        ids.push_back("N" + std::to_string(10000 + i));
    }
    const auto too_many = serve.get("/v3/data/kpi/" + hardening::join_ids(ids) + "/year/2020");
    CHECK(too_many.status == 400);
    CHECK(nlohmann::json::parse(too_many.body)["detail"] ==
          "Too many values for kpi: 26 given, at most 25 allowed");
    ids.pop_back();
    CHECK(serve.get("/v3/data/kpi/" + hardening::join_ids(ids) + "/year/2020").status == 200);
    const auto per_page = serve.get("/v3/kpi?per_page=5001");
    CHECK(per_page.status == 400);
    CHECK(nlohmann::json::parse(per_page.body)["detail"] == "per_page must be at most 5000");
    CHECK(serve.get("/v3/kpi?per_page=5000").status == 200);
}

TEST_CASE("serve: next_url is absolute on the request's Host; a foreign Host is refused") {
    auto& first = synced();
    ServeProcess serve(first.scratch, first.catalogue);
    const std::string host = "localhost:" + std::to_string(serve.port());
    const auto page = serve.get("/v3/kpi?per_page=10&title=a", {{"Host", host}});
    REQUIRE(page.status == 200);
    const auto body = nlohmann::json::parse(page.body);
    CHECK(body["count"] == 10);
    CHECK(body["next_url"] == "http://" + host + "/v3/kpi?per_page=10&title=a&page=2");
    CHECK(body["previous_url"].is_null());

    // Following next_url to its end gives every key figure once, as one big page does.
    std::vector<std::string> paged;
    std::string next = "/v3/kpi?per_page=10";
    int pages = 0;
    while (!next.empty()) {
        const auto answer = nlohmann::json::parse(serve.get(next).body);
        for (const auto& kpi : answer["values"]) {
            paged.push_back(kpi["id"]);
        }
        const std::string origin = "http://127.0.0.1:" + std::to_string(serve.port());
        next = answer["next_url"].is_null() ? ""
                                            : std::string(answer["next_url"]).substr(origin.size());
        REQUIRE(++pages < 100);
    }
    const auto whole = nlohmann::json::parse(serve.get("/v3/kpi").body);
    REQUIRE(whole["count"] == 92);  // the demo data's key figures: the curated set's 92
    CHECK(paged.size() == 92);
    CHECK(pages == 10);
    for (std::size_t i = 0; i < paged.size(); ++i) {
        CHECK(paged[i] == whole["values"][i]["id"]);
    }

    // Against DNS rebinding: a name that is not this machine's gets 421, and no data.
    const auto foreign =
        serve.get("/v3/kpi", {{"Host", "evil.example:" + std::to_string(serve.port())}});
    CHECK(foreign.status == 421);
    CHECK(foreign.body.find("N00945") == std::string::npos);
    CHECK(serve.get("/v3/kpi", {{"Host", "bad\"host"}}).status == 421);
}

TEST_CASE("serve: X-Kolcat-Not-Synced names the requested pairs never synced") {
    auto& first = synced();
    ServeProcess serve(first.scratch, first.catalogue);
    // N00945 was synced for 0025 and 2580 (the demo's default scope); 1480 (Göteborg) and the
    // key figure N99999 never were.
    const auto answer = serve.get("/v3/data/kpi/N00945,N99999/municipality/0025,1480,2580");
    REQUIRE(answer.status == 200);
    CHECK(answer.header("X-Kolcat-Not-Synced") ==
          "N00945:1480,N99999:0025,N99999:1480,N99999:2580");
    CHECK(answer.header("X-Kolcat-Not-Synced-Count") == "4");
    const auto all_synced = serve.get("/v3/data?kpi_id=N00945&municipality_id=0025&year=2020");
    CHECK(all_synced.header("X-Kolcat-Not-Synced") == "none");
    CHECK(all_synced.header("X-Kolcat-Not-Synced-Count") == "0");
    // Key figures or units left open: the pairs are unknown; /v3/status gives the scope. The
    // answer holds the units the catalogue has values for, fewer than the demo server's.
    const auto open_units = serve.get("/v3/data/kpi/N00945/year/2020");
    CHECK(open_units.header("X-Kolcat-Not-Synced") == "*");
    CHECK(nlohmann::json::parse(open_units.body)["count"] <
          nlohmann::json::parse(
              serve_test::http_get(first.demo.port(), "/v3/data/kpi/N00945/year/2020")
                  .body)["count"]);
    // Metadata answers carry no such header.
    CHECK(serve.get("/v3/kpi").header("X-Kolcat-Not-Synced") == "<absent>");

    const auto status = nlohmann::json::parse(serve.get("/v3/status").body);
    CHECK(status["source"] == "Kolada");
    CHECK(status["data_source"] == "demo");
    CHECK(status["api_url"] == first.demo.base_url());
    CHECK(status["age_seconds"].is_number());
    CHECK(status["age_seconds"] >= 0);
    CHECK(status["age_seconds"] < 3600);
    const auto& kpis = status["synced_kpis"];
    CHECK(std::find(kpis.begin(), kpis.end(), "N00945") != kpis.end());
    const auto& units = status["synced_units"];
    CHECK(std::find(units.begin(), units.end(), "0025") != units.end());
    CHECK(std::find(units.begin(), units.end(), "1480") == units.end());
}

TEST_CASE("serve: kolcat sync from kolcat serve fills a second catalogue identical to the first") {
    auto& first = synced();
    ServeProcess serve(first.scratch, first.catalogue);
    const auto second = first.scratch.path() / "second.sqlite";
    const auto result =
        serve_test::kolcat(first.scratch, second,
                           {"sync", "--api-url", serve.base_url(), "--max-rps", "0", "--quiet"});
    REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));

    const auto values = serve_test::all_values(first.scratch, first.catalogue);
    CHECK(hardening::line_count(values) > 10000);
    CHECK(values.find(",G33632,") != std::string::npos);  // group values included
    CHECK(serve_test::all_values(first.scratch, second) == values);

    // The metadata: every list as the second catalogue serves it is the first's.
    ServeProcess serve_second(first.scratch, second);
    for (const std::string target :
         {"/v3/kpi", "/v3/municipality", "/v3/municipality_groups", "/v3/kpi_groups"}) {
        CAPTURE(target);
        CHECK(serve_second.get(target).body == serve.get(target).body);
    }
    // Made-up data stays labelled as such.
    const auto status = nlohmann::json::parse(serve_second.get("/v3/status").body);
    CHECK(status["data_source"] == "demo");
}

TEST_CASE("serve: after a revision, an incremental sync from kolcat serve follows the first") {
    Synced first;  // its own: this case changes the data
    ServeProcess serve(first.scratch, first.catalogue);
    const auto second = first.scratch.path() / "second.sqlite";
    const std::vector<std::string> sync_from_serve{"sync", "--api-url", serve.base_url(),
                                                   "--max-rps", "0"};
    const auto full = serve_test::kolcat(first.scratch, second, sync_from_serve);
    REQUIRE_MESSAGE(full.exit_code == 0, hardening::describe(full));

    // Kolada revises one value, publishes one and deletes one; the first catalogue follows.
    const std::string today = demo::utc_today();
    first.demo.update_dataset([&](demo::Dataset& dataset) {
        dataset.today = today;
        REQUIRE(dataset.value("N00945", "0025", 2020, catalogue::Gender::T));
        dataset.set_value("N00945", "0025", 2020, catalogue::Gender::T, 77.25);
        dataset.set_value("N00945", "0025", 2031, catalogue::Gender::T, 5.5);
        REQUIRE(dataset.delete_value("N00945", "2580", 2019, catalogue::Gender::T));
    });
    const auto first_again = serve_test::kolcat(
        first.scratch, first.catalogue,
        {"sync", "--api-url", first.demo.base_url(), "--max-rps", "0", "--quiet"});
    REQUIRE_MESSAGE(first_again.exit_code == 0, hardening::describe(first_again));

    // kolcat serve reports them as Kolada does: from_date gives the changes and the deletion.
    const auto changes = nlohmann::json::parse(
        serve.get("/v3/data/kpi/N00945/municipality/0025,2580,G33632?from_date=" + today).body);
    bool revised = false;
    bool published = false;
    bool deleted = false;
    for (const auto& item : changes["values"]) {
        CHECK(item["municipality"] != "G33632");  // Kolada's change feed holds no group cell
        for (const auto& entry : item["values"]) {
            REQUIRE(entry.contains("isdeleted"));
            if (item["municipality"] == "0025" && item["period"] == 2020 &&
                entry["gender"] == "T") {
                revised = entry["value"] == 77.25 && entry["isdeleted"] == false;
            }
            if (item["municipality"] == "0025" && item["period"] == 2031) {
                published = entry["value"] == 5.5 && entry["isdeleted"] == false;
            }
            if (item["municipality"] == "2580" && item["period"] == 2019 &&
                entry["gender"] == "T") {
                deleted = entry["value"].is_null() && entry["isdeleted"] == true;
            }
        }
    }
    CHECK(revised);
    CHECK(published);
    CHECK(deleted);

    // The second catalogue, synced incrementally from kolcat serve, is the first again.
    const auto incremental = serve_test::kolcat(first.scratch, second, sync_from_serve);
    REQUIRE_MESSAGE(incremental.exit_code == 0, hardening::describe(incremental));
    CHECK((incremental.out + incremental.err).find(" incremental)") != std::string::npos);
    const auto values = serve_test::all_values(first.scratch, second);
    CHECK(values == serve_test::all_values(first.scratch, first.catalogue));
    CHECK(values.find("N00945,0025,2020,T,77.25,") != std::string::npos);
    CHECK(values.find("N00945,0025,2031,T,5.5,") != std::string::npos);
    CHECK(values.find("N00945,2580,2019,T,") == std::string::npos);
}

}  // namespace kolcat
