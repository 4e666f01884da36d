// The demo Kolada v3 server: envelope, paging, limits, both data forms, group values,
// incremental answers, the title filter, the request log and gzip. Clients here are cpp-httplib
// and, where HTTP details matter, raw sockets.

#include <doctest/doctest.h>

#include "tests/support/test_fake_server_support.hpp"

using namespace kolcat;
using namespace kolcat::catalogue;
using namespace kolcat::demo;

using namespace kolcat::test_fake;

TEST_CASE("fake server: base_url, metadata in the v3 envelope, sorted by id") {
    Running running;
    const auto& server = running.server;
    CHECK(server.base_url() == "http://127.0.0.1:" + std::to_string(server.port()) + "/v3");

    const auto answer = get(server, "/v3/kpi");
    CHECK(answer.status == 200);
    CHECK(answer.header("Content-Type").find("application/json") == 0);
    const auto body = answer.body();
    CHECK(body.at("count") == 3);
    CHECK(body.at("next_url").is_null());
    CHECK(body.at("previous_url").is_null());
    CHECK(ids_of(body.at("values")) == std::vector<std::string>{"N00209", "N00945", "N00957"});
    const auto& kpi = body.at("values").at(2);
    CHECK(kpi.at("title") == "Ohälsotal, dagar");
    CHECK(kpi.at("is_divided_by_gender") == true);
    CHECK(kpi.at("municipality_type") == "A");
    CHECK(kpi.at("auspice").is_null());
    CHECK(kpi.at("publication_date") == "2026-01-16");
    CHECK(kpi.at("has_ou_data") == false);

    CHECK(ids_of(get(server, "/v3/kpi/N00957,N99999").body().at("values")) ==
          std::vector<std::string>{"N00957"});
    const auto group = get(server, "/v3/municipality_groups/G33632").body().at("values").at(0);
    CHECK(group.at("title") == "Norrbottens läns kommuner (ovägt medel)");
    CHECK(group.at("members").size() == 3);
    CHECK(group.at("members").at(2) == json{{"member_id", "2580"}, {"member_title", "Luleå"}});
    CHECK(get(server, "/v3/kpi_groups").body().at("values").at(0).at("id") == "G2KPI148336");
    CHECK(get(server, "/v3/municipality/").body().at("count") == 6);  // trailing slash
    CHECK(get(server, "/v3/ou").body().at("count") == 0);
}

TEST_CASE("fake server: paging with absolute next_url and previous_url, to the end") {
    Running running;
    const auto& server = running.server;

    const auto first = get(server, "/v3/municipality?per_page=4").body();
    CHECK(first.at("count") == 4);
    CHECK(first.at("next_url") == server.base_url() + "/municipality?per_page=4&page=2");
    CHECK(first.at("previous_url").is_null());
    const auto second = get(server, first.at("next_url").get<std::string>()).body();
    CHECK(second.at("count") == 2);
    CHECK(second.at("next_url").is_null());
    CHECK(second.at("previous_url") == server.base_url() + "/municipality?per_page=4&page=1");
    const auto beyond = get(server, "/v3/municipality?per_page=4&page=3").body();
    CHECK(beyond.at("count") == 0);
    CHECK(beyond.at("values").empty());

    const auto [units, unit_pages] = get_all_pages(server, "/v3/municipality?per_page=1");
    CHECK(unit_pages == 6);
    CHECK(ids_of(units) ==
          std::vector<std::string>{"0000", "0025", "2505", "2506", "2513", "2580"});

    // Data: 2 KPIs x 4 units x 3 years = 24 items, in kpi, municipality, period order.
    const std::string data = "/v3/data/kpi/N00957,N00945/municipality/0025,2505,2506,2580";
    const auto whole = get(server, data).body();
    CHECK(whole.at("count") == 24);
    const auto [items, pages] = get_all_pages(server, data + "?per_page=5");
    CHECK(pages == 5);
    CHECK(json(items) == whole.at("values"));
    CHECK(items.front().at("kpi") == "N00945");
    CHECK(items.front().at("municipality") == "0025");
    CHECK(items.front().at("period") == 2020);
    CHECK(items.back().at("kpi") == "N00957");
    CHECK(items.back().at("municipality") == "2580");
    CHECK(items.back().at("period") == 2022);
    // Parameters survive into next_url, re-encoded.
    const auto titled = get(server, "/v3/kpi?title=%C3%A4&per_page=1").body();
    CHECK(titled.at("next_url") == server.base_url() + "/kpi?per_page=1&title=%C3%A4&page=2");
}

TEST_CASE("fake server: data items carry T, K, M entries with count, status and full precision") {
    demo::Dataset dataset = small_dataset();
    dataset.set_value("N00957", "0025", 2023, catalogue::Gender::T, 0.1 + 0.2, "2024-01-01", 1,
                      "B");
    dataset.set_value("N00957", "0025", 2023, catalogue::Gender::M, 1e-7, "2024-01-01");
    Running running(std::move(dataset));
    const auto body =
        get(running.server, "/v3/data/kpi/N00957/municipality/0025/year/2022,2023").body();
    REQUIRE(body.at("count") == 2);
    const auto& item = body.at("values").at(0);
    CHECK(item == json::parse(R"({"kpi":"N00957","municipality":"0025","period":2022,
        "values":[{"gender":"T","count":1,"status":"","value":22.0},
                  {"gender":"K","count":1,"status":"","value":21.5},
                  {"gender":"M","count":1,"status":"","value":18.75}]})"));
    const auto& precise = body.at("values").at(1).at("values");
    REQUIRE(precise.size() == 2);                                 // no K value stored for 2023
    CHECK(precise.at(0).at("value").get<double>() == 0.1 + 0.2);  // round-trips exactly
    CHECK(precise.at(0).at("status") == "B");
    CHECK(precise.at(1).at("gender") == "M");
    CHECK(precise.at(1).at("value").get<double>() == 1e-7);
    const auto null_value = get(running.server, "/v3/data/kpi/N00957/municipality/2506/year/2022")
                                .body()
                                .at("values")
                                .at(0)
                                .at("values")
                                .at(1);
    CHECK(null_value.at("gender") == "K");
    CHECK(null_value.at("value").is_null());
    CHECK_FALSE(null_value.contains("isdeleted"));
}

TEST_CASE("fake server: more than 25 ids or per_page above 5000 is a 400 with a JSON body") {
    Running running;
    const auto& server = running.server;
    const auto refused = [&](const std::string& target) {
        const auto answer = get(server, target);
        CHECK_MESSAGE(answer.status == 400, target);
        CHECK_MESSAGE(answer.body().at("detail").is_string(), target);
    };
    refused("/v3/data/kpi/" + many_ids('N', 26) + "/municipality/0025");
    refused("/v3/data/kpi/N00957/municipality/" + many_ids('G', 26));
    refused("/v3/data/kpi/N00957/year/" + many_years(26));
    refused("/v3/data?kpi_id=" + many_ids('N', 26) + "&year=2020");
    refused("/v3/data?kpi_id=" + many_ids('N', 13) + "&kpi_id=" + many_ids('U', 13) + "&year=2020");
    refused("/v3/kpi/" + many_ids('N', 26));
    refused("/v3/kpi?per_page=5001");
    refused("/v3/data/kpi/N00957/municipality/0025?per_page=5001");
    refused("/v3/data/kpi/N00957/municipality/0025?per_page=0");
    refused("/v3/data/kpi/N00957/municipality/0025?page=0");
    refused("/v3/data/kpi/N00957/year/20x0");
    refused("/v3/data/kpi/N00957/municipality/0025?from_date=2024-13-01");
    refused("/v3/municipality?region_type=X");
    // Fewer than two of kpi, municipality and year.
    refused("/v3/data/kpi/N00957");
    refused("/v3/data?kpi_id=N00957");

    CHECK(get(server, "/v3/data/kpi/" + many_ids('N', 25) + "/municipality/0025").status == 200);
    CHECK(get(server, "/v3/data/kpi/N00957/year/" + many_years(25)).status == 200);
    CHECK(get(server, "/v3/kpi?per_page=5000").status == 200);
}

TEST_CASE("fake server: the path form, every pair of segments and the query form agree") {
    Running running;
    const auto& server = running.server;
    const auto values = [&](const std::string& target) {
        const auto answer = get(server, target);
        REQUIRE_MESSAGE(answer.status == 200, target);
        return answer.body().at("values");
    };
    const auto full = values("/v3/data/kpi/N00957,N00945/municipality/2505,0025/year/2021,2022");
    CHECK(full.size() == 8);
    CHECK(values("/v3/data?kpi_id=N00957,N00945&municipality_id=2505,0025&year=2021,2022") == full);
    CHECK(values("/v3/data?kpi_id=N00957&kpi_id=N00945&municipality_id=2505&municipality_id=0025"
                 "&year=2021&year=2022") == full);

    const auto kpi_unit = values("/v3/data/kpi/N00957/municipality/2505");
    CHECK(kpi_unit.size() == 3);  // every year
    CHECK(values("/v3/data?kpi_id=N00957&municipality_id=2505") == kpi_unit);

    const auto kpi_year = values("/v3/data/kpi/N00957/year/2021");
    CHECK(ids_of(kpi_year, "municipality") ==
          std::vector<std::string>{"0025", "2505", "2506", "2580"});  // every stored unit
    CHECK(values("/v3/data?kpi_id=N00957&year=2021") == kpi_year);

    const auto unit_year = values("/v3/data/municipality/2505/year/2021");
    CHECK(ids_of(unit_year, "kpi") == std::vector<std::string>{"N00945", "N00957"});  // every KPI
    CHECK(values("/v3/data?municipality_id=2505&year=2021") == unit_year);

    // As reported of the real API: "municipality=" is silently ignored, so this asks for every
    // unit.
    CHECK(values("/v3/data?kpi_id=N00957&municipality=2505&year=2021") == kpi_year);
    // The segments only work in the order kpi, municipality, year.
    CHECK(get(server, "/v3/data/municipality/2505/kpi/N00957").status == 404);
}

TEST_CASE("fake server: a group's value is the unweighted mean of members with a value") {
    Running running;
    const auto body =
        get(running.server, "/v3/data/kpi/N00957/municipality/G33632,2505/year/2022").body();
    REQUIRE(body.at("count") == 2);
    const auto& unit = body.at("values").at(0);
    CHECK(unit.at("municipality") == "2505");
    const auto& group = body.at("values").at(1);
    CHECK(group.at("municipality") == "G33632");
    const auto& entries = group.at("values");
    REQUIRE(entries.size() == 3);
    // T: 25.05+2, 25.06+2, 25.80+2; K: 2506 is null, so only two members count.
    CHECK(entries.at(0).at("value").get<double>() == doctest::Approx((27.05 + 27.06 + 27.80) / 3));
    CHECK(entries.at(0).at("count") == 3);
    CHECK(entries.at(1).at("gender") == "K");
    CHECK(entries.at(1).at("value").get<double>() == doctest::Approx((26.55 + 27.30) / 2));
    CHECK(entries.at(1).at("count") == 2);
    CHECK(entries.at(2).at("count") == 3);

    // A K-type KPI without member values has no group value at all.
    CHECK(get(running.server, "/v3/data/kpi/N00209/municipality/G33632").body().at("count") == 0);
    // The exported expectation helper agrees with the wire.
    running.server.read_dataset([](const demo::Dataset& dataset) {
        const auto expected = dataset.answer({{"N00957"}, {"G33632"}, {2022}, std::nullopt});
        REQUIRE(expected.size() == 3);
        CHECK(expected[1].count == 2);
        CHECK(expected[1].value.value() == doctest::Approx((26.55 + 27.30) / 2));
    });
}

TEST_CASE("fake server: from_date answers only changes, with isdeleted") {
    Running running;
    auto& server = running.server;
    server.update_dataset([](demo::Dataset& dataset) {
        dataset.set_value("N00957", "2505", 2022, catalogue::Gender::T, 99.5,
                          "2025-02-01");  // changed
        dataset.set_value("N00957", "2505", 2023, catalogue::Gender::T, 42.0,
                          "2025-02-02");  // added
        CHECK(dataset.delete_value("N00957", "2580", 2021, catalogue::Gender::M,
                                   "2025-02-03"));  // deleted
        CHECK_FALSE(
            dataset.delete_value("N00957", "2580", 2021, catalogue::Gender::M, "2025-02-03"));
        dataset.set_value("N00957", "0025", 2020, catalogue::Gender::T, 1.0,
                          "2025-01-15");  // before
    });
    const auto body =
        get(server, "/v3/data/kpi/N00957/municipality/2505,2580,0025?from_date=2025-02-01").body();
    REQUIRE(body.at("count") == 3);
    const auto& values = body.at("values");
    CHECK(values.at(0) == json::parse(R"({"kpi":"N00957","municipality":"2505","period":2022,
        "values":[{"gender":"T","count":1,"status":"","value":99.5,"isdeleted":false}]})"));
    CHECK(values.at(1).at("period") == 2023);
    CHECK(values.at(2) == json::parse(R"({"kpi":"N00957","municipality":"2580","period":2021,
        "values":[{"gender":"M","count":1,"status":"","value":null,"isdeleted":true}]})"));
    CHECK(body.at("next_url").is_null());

    // The group: the change feed holds no group cell, although its 2022 T mean moved, its 2021
    // M mean lost a member and a 2023 T cell appeared. As at Kolada, a group's values are
    // computed only when the group is asked for whole.
    CHECK(get(server, "/v3/data/kpi/N00957/municipality/G33632?from_date=2025-02-01")
              .body()
              .at("count") == 0);
    CHECK(get(server, "/v3/data/kpi/N00957/municipality/G33632,2505?from_date=2025-02-01")
              .body()
              .at("values")
              .size() == 2);  // 2505's changed and added cells only
    server.read_dataset([](const demo::Dataset& dataset) {
        CHECK(dataset.answer({{"N00957"}, {"G33632"}, {}, "2025-02-01"}).empty());
    });
    // Asked for whole, it is computed from the members' current values.
    const auto group = get(server, "/v3/data/kpi/N00957/municipality/G33632").body().at("values");
    REQUIRE(group.size() == 4);
    CHECK(group.at(1).at("period") == 2021);
    CHECK(group.at(1).at("values").at(2).at("gender") == "M");
    CHECK(group.at(1).at("values").at(2).at("count") == 2);  // 2580's was deleted
    CHECK(group.at(1).at("values").at(2).at("value").get<double>() ==
          doctest::Approx((25.05 - 1.25 + 25.06 - 1.25) / 2));
    CHECK(group.at(2).at("values").at(0).at("value").get<double>() ==
          doctest::Approx((99.5 + 27.06 + 27.80) / 3));
    CHECK(group.at(3).at("period") == 2023);  // a cell that appeared with 2505's new year
    CHECK(group.at(3).at("values").size() == 1);
    CHECK(group.at(3).at("values").at(0).at("value").get<double>() == 42.0);
    CHECK(group.at(3).at("values").at(0).at("count") == 1);

    // Without from_date the deleted cell is simply gone.
    const auto full = get(server, "/v3/data/kpi/N00957/municipality/2580/year/2021").body();
    CHECK(full.at("values").at(0).at("values").size() == 2);
    CHECK_FALSE(full.at("values").at(0).at("values").at(0).contains("isdeleted"));
    // A cell set again after deletion is alive.
    server.update_dataset([](demo::Dataset& dataset) {
        dataset.set_value("N00957", "2580", 2021, catalogue::Gender::M, 5.0, "2025-03-01");
        CHECK(dataset.value("N00957", "2580", 2021, catalogue::Gender::M)->changed_on ==
              "2025-03-01");
    });
    CHECK(get(server, "/v3/data/kpi/N00957/municipality/2580/year/2021")
              .body()
              .at("values")
              .at(0)
              .at("values")
              .size() == 3);
}

TEST_CASE("fake server: title filter, region_type, /v2 is gone, unknown paths are 404") {
    Running running;
    const auto& server = running.server;
    CHECK(ids_of(get(server, "/v3/kpi?title=vab").body().at("values")) ==
          std::vector<std::string>{"N00945"});
    CHECK(ids_of(get(server, "/v3/kpi?title=VAB").body().at("values")) ==
          std::vector<std::string>{"N00945"});
    CHECK(get(server, "/v3/kpi?title=OH%C3%84LSOTAL").body().at("count") == 1);  // OHÄLSOTAL
    CHECK(get(server, "/v3/municipality?title=%C3%B6verkalix").body().at("count") == 1);
    CHECK(get(server, "/v3/municipality?title=lule").body().at("values").at(0).at("id") == "2580");
    CHECK(get(server, "/v3/municipality_groups?title=NORRBOTTEN").body().at("count") == 1);
    CHECK(get(server, "/v3/kpi?title=nothing-like-this").body().at("count") == 0);

    CHECK(ids_of(get(server, "/v3/municipality?region_type=L").body().at("values")) ==
          std::vector<std::string>{"0000", "0025"});
    CHECK(get(server, "/v3/municipality?region_type=K").body().at("count") == 4);

    const auto gone = get(server, "/v2/kpi");
    CHECK(gone.status == 410);
    CHECK(gone.body().at("detail").is_string());
    const auto missing = get(server, "/v3/nothing");
    CHECK(missing.status == 404);
    CHECK(missing.body().at("detail").is_string());
    CHECK(get(server, "/").status == 404);
    // No organisational units in the fake: valid OU requests get an empty envelope.
    CHECK(get(server, "/v3/oudata/kpi/N15033/ou/V15E144001101").body().at("count") == 0);
    CHECK(get(server, "/v3/oudata?kpi_id=N15033&ou_id=V15E144001101").status == 200);
    CHECK(get(server, "/v3/kpi/N00957/extra").status == 404);
}

TEST_CASE("fake server: request log, counters, keep-alive, gzip and the demo header") {
    kolcat::demo::ServerOptions options;
    options.demo_header = true;
    Running running(small_dataset(), options);
    auto& server = running.server;
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true);
    const auto first =
        client.Get("/v3/data/kpi/N00957/municipality/2505", {{"Accept-Encoding", "gzip"}});
    const auto second = client.Get("/v3/kpi?title=v%C3%A5rd");
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->get_header_value("X-Kolcat-Demo") == "true");
    CHECK(first->get_header_value("Content-Encoding") == "gzip");
    CHECK(json::parse(first->body).at("count") == 3);                 // httplib inflated it
    CHECK(get(server, "/v2/kpi").header("X-Kolcat-Demo") == "true");  // errors too

    const auto log = server.request_log();
    REQUIRE(log.size() == 3);
    CHECK(log[0].target == "/v3/data/kpi/N00957/municipality/2505");
    CHECK(log[0].data);
    CHECK(log[0].status == 200);
    CHECK(log[1].target == "/v3/kpi?title=v%C3%A5rd");
    CHECK_FALSE(log[1].data);
    CHECK(log[0].remote_port == log[1].remote_port);  // one kept-alive connection
    CHECK(log[2].status == 410);
    const auto counters = server.counters();
    CHECK(counters.requests == 3);
    CHECK(counters.data_requests == 1);
    CHECK(counters.items_served == 3);
    CHECK(counters.values_served == 9);
    server.clear_request_log();
    CHECK(server.request_log().empty());

    // Without the options there is no demo header and no compression.
    kolcat::demo::ServerOptions plain_options;
    plain_options.gzip = false;
    Running plain(small_dataset(), plain_options);
    CHECK(get(plain.server, "/v3/kpi").header("X-Kolcat-Demo").empty());
    httplib::Client plain_client("127.0.0.1", plain.server.port());
    const auto identity = plain_client.Get("/v3/kpi", {{"Accept-Encoding", "gzip"}});
    REQUIRE(identity);
    CHECK(identity->get_header_value("Content-Encoding").empty());
}
