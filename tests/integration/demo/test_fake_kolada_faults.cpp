// The demo Kolada v3 server's fault switches: status faults, cut-off bodies, invalid JSON,
// slow answers, misleading next_url and revisions between pages.

#include <doctest/doctest.h>

#include "tests/support/test_fake_server_support.hpp"

using namespace kolcat;
using namespace kolcat::catalogue;
using namespace kolcat::demo;

using namespace kolcat::test_fake;

TEST_CASE("fake server: status faults 503, 500 and 429 with Retry-After") {
    Running running;
    auto& server = running.server;
    const std::string data = "/v3/data/kpi/N00957/municipality/2505";
    server.set_faults(
        faults_with([](demo::Faults& faults) { faults.http_503 = demo::FaultSpec::count(2); }));
    CHECK(get(server, "/v3/kpi").status == 200);  // metadata is out of the default scope
    CHECK(get(server, data).status == 503);
    CHECK(get(server, data).status == 503);
    CHECK(get(server, data).status == 200);
    CHECK(server.fault_counters().http_503 == 2);

    server.set_faults(faults_with([](demo::Faults& faults) {
        faults.http_500 = demo::FaultSpec::once(1);
    }));  // lets one request pass first
    CHECK(get(server, data).status == 200);
    CHECK(get(server, data).status == 500);
    CHECK(get(server, data).status == 200);

    server.set_faults(faults_with([](demo::Faults& faults) {
        faults.http_429 = demo::FaultSpec::once();
        faults.retry_after_seconds = 7;
    }));
    const auto limited = get(server, data);
    CHECK(limited.status == 429);
    CHECK(limited.header("Retry-After") == "7");
    CHECK(get(server, data).status == 200);

    server.set_faults(faults_with([](demo::Faults& faults) {
        faults.scope = demo::FaultScope::all;
        faults.http_503 = demo::FaultSpec::once();
    }));
    CHECK(get(server, "/v3/municipality").status == 503);
    CHECK(get(server, "/v3/municipality").status == 200);
}

TEST_CASE("fake server: probabilistic faults are deterministic for a seed") {
    const auto pattern = [](std::uint64_t seed) {
        Running running;
        running.server.set_faults(faults_with([seed](demo::Faults& faults) {
            faults.seed = seed;
            faults.http_503 = demo::FaultSpec::chance(0.5);
        }));
        std::string statuses;
        for (int i = 0; i < 24; ++i) {
            statuses += get(running.server, "/v3/data/kpi/N00957/municipality/2505").status == 503
                            ? 'x'
                            : '.';
        }
        return statuses;
    };
    const auto first = pattern(7);
    CHECK(first == pattern(7));
    CHECK(first != pattern(8));
    CHECK(first.find('x') != std::string::npos);
    CHECK(first.find('.') != std::string::npos);
}

TEST_CASE("fake server: a cut-off body declares more bytes than it sends") {
    Running running;
    auto& server = running.server;
    server.set_faults(
        faults_with([](demo::Faults& faults) { faults.truncated_body = demo::FaultSpec::once(); }));
    const auto cut = raw_get(server.port(), "/v3/data/kpi/N00957/municipality/2505");
    CHECK(cut.head.find("HTTP/1.1 200") == 0);
    CHECK(cut.body.size() < cut.content_length);
    CHECK(cut.body.size() > 0);
    CHECK(server.fault_counters().truncated_body == 1);

    const auto whole = raw_get(server.port(), "/v3/data/kpi/N00957/municipality/2505");
    CHECK(whole.body.size() == whole.content_length);
    CHECK(cut.body == whole.body.substr(0, cut.body.size()));
    CHECK(json::parse(whole.body).at("count") == 3);

    // A client that checks lengths sees the failure.
    server.set_faults(
        faults_with([](demo::Faults& faults) { faults.truncated_body = demo::FaultSpec::once(); }));
    httplib::Client client("127.0.0.1", server.port());
    CHECK_FALSE(client.Get("/v3/data/kpi/N00957/municipality/2505"));
}

TEST_CASE("fake server: invalid JSON, slow answers and custom bodies") {
    Running running;
    auto& server = running.server;
    const std::string data = "/v3/data/kpi/N00957/municipality/2505";
    server.set_faults(
        faults_with([](demo::Faults& faults) { faults.invalid_json = demo::FaultSpec::once(); }));
    const auto spoiled = get(server, data);
    CHECK(spoiled.status == 200);
    CHECK(spoiled.text.rfind("{\"values\":[", 0) == 0);
    CHECK_THROWS_AS(json::parse(spoiled.text), json::parse_error);
    CHECK_NOTHROW(get(server, data).body());

    server.set_faults(faults_with([](demo::Faults& faults) {
        faults.slow = demo::FaultSpec::once();
        faults.slow_ms = 300;
    }));
    const auto started = std::chrono::steady_clock::now();
    CHECK(get(server, data).status == 200);
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(300));
    CHECK(server.fault_counters().slow == 1);

    server.set_faults(faults_with([](demo::Faults& faults) {
        faults.custom_body = demo::FaultSpec::once();
        faults.custom_status = 200;
        faults.custom_body_text = R"({"values":[{"kpi":"N00957","period":"2020"}]})";
    }));
    CHECK(get(server, data).body().at("values").at(0).at("period") == "2020");
    CHECK(get(server, data).body().at("count") == 3);
}

TEST_CASE("fake server: next_url to another host, next_url in a loop, a wrong count") {
    Running running;
    auto& server = running.server;
    const std::string data = "/v3/data/kpi/N00957/municipality/2505,2506?per_page=2";

    server.set_faults(faults_with(
        [](demo::Faults& faults) { faults.foreign_next_url = demo::FaultSpec::once(); }));
    const auto foreign = get(server, data).body().at("next_url").get<std::string>();
    CHECK(foreign.rfind("http://127.0.0.2:" + std::to_string(server.port()) + "/v3/data/", 0) == 0);
    CHECK(foreign.find("page=2") != std::string::npos);

    server.set_faults(faults_with([](demo::Faults& faults) {
        faults.foreign_next_url = demo::FaultSpec::once();
        faults.foreign_origin = "http://evil.example";
    }));
    CHECK(get(server, data)
              .body()
              .at("next_url")
              .get<std::string>()
              .rfind("http://evil.example/v3/", 0) == 0);

    server.set_faults(faults_with(
        [](demo::Faults& faults) { faults.looping_next_url = demo::FaultSpec::once(1); }));
    const auto page1 = get(server, data).body();
    const auto page2_url = page1.at("next_url").get<std::string>();
    const auto page2 = get(server, page2_url).body();
    CHECK(page2.at("next_url") == page2_url);  // points at itself

    server.set_faults(
        faults_with([](demo::Faults& faults) { faults.wrong_count = demo::FaultSpec::once(); }));
    const auto miscounted = get(server, data).body();
    CHECK(miscounted.at("count") == 3);
    CHECK(miscounted.at("values").size() == 2);
}

TEST_CASE("fake server: a revision between pages changes what the next page holds") {
    Running running;
    auto& server = running.server;
    demo::Faults faults;
    faults.revision = [](demo::Dataset& dataset) {
        dataset.set_value("N00957", "2505", 2022, catalogue::Gender::T, -1.0, "2025-06-01");
        dataset.set_value("N00957", "0025", 2019, catalogue::Gender::T, 7.0,
                          "2025-06-01");  // shifts items
    };
    faults.revision_after_pages = 1;
    server.set_faults(std::move(faults));
    const std::string data = "/v3/data/kpi/N00957/municipality/0025,2505?per_page=3";
    const auto page1 = get(server, data).body();
    CHECK(server.fault_counters().revisions == 1);
    const auto page2 = get(server, page1.at("next_url").get<std::string>()).body();
    // The new 2019 item pushed 0025/2022 from page 1 onto page 2: a client sees it twice.
    CHECK(page1.at("values").at(2).at("period") == 2022);
    CHECK(page2.at("values").at(0).at("municipality") == "0025");
    CHECK(page2.at("values").at(0).at("period") == 2022);
    const auto page3 = get(server, page2.at("next_url").get<std::string>()).body();
    CHECK(page3.at("values").at(0).at("values").at(0).at("value") == -1.0);  // revised value
    CHECK(page3.at("next_url").is_null());
    CHECK(server.fault_counters().revisions == 1);  // once only
}
