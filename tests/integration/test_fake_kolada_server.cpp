// The fake Kolada v3 server: envelope, paging, limits, both data forms, group values,
// incremental answers, every fault switch, the bulk generator, the demo data and the demo
// server executable. Clients here are cpp-httplib and, where HTTP details matter, raw sockets.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/fake_kolada/calendar.hpp"
#include "tests/fake_kolada/fake_kolada_server.hpp"
#include "tests/fake_kolada/generate_dataset.hpp"
#include "tests/fake_kolada/load_dataset.hpp"

extern char** environ;

namespace {

using kolcat::Gender;
using kolcat::fake::Dataset;
using kolcat::fake::FakeKoladaServer;
using kolcat::fake::Faults;
using kolcat::fake::FaultScope;
using kolcat::fake::FaultSpec;
using nlohmann::json;

struct Answer {
    int status = 0;
    std::string text;
    httplib::Headers headers;
    json body() const { return json::parse(text); }
    std::string header(const std::string& name) const {
        const auto found = headers.find(name);
        return found == headers.end() ? std::string() : found->second;
    }
};

// GET a target ("/v3/kpi?per_page=2") or an absolute URL on the server's own origin.
Answer get(const FakeKoladaServer& server, std::string target) {
    if (target.rfind(server.origin(), 0) == 0) {
        target = target.substr(server.origin().size());
    }
    httplib::Client client("127.0.0.1", server.port());
    const auto result = client.Get(target.c_str());
    REQUIRE_MESSAGE(result, "request failed: " << target);
    return {result->status, result->body, result->headers};
}

// Follows next_url from the first page to the last; returns every item and the page count.
std::pair<std::vector<json>, int> get_all_pages(const FakeKoladaServer& server,
                                                const std::string& target) {
    std::vector<json> items;
    int pages = 0;
    std::optional<std::string> next = target;
    while (next) {
        const auto answer = get(server, *next);
        REQUIRE(answer.status == 200);
        const auto body = answer.body();
        REQUIRE(body.at("count").get<std::size_t>() == body.at("values").size());
        for (const auto& item : body.at("values")) {
            items.push_back(item);
        }
        ++pages;
        REQUIRE(pages < 1000);
        next.reset();
        if (!body.at("next_url").is_null()) {
            next = body.at("next_url").get<std::string>();
            REQUIRE(next->rfind(server.origin() + "/v3/", 0) == 0);  // absolute, same host
        }
    }
    return {items, pages};
}

// Raw HTTP/1.1 exchange: the exact bytes, for cut-off bodies and headers.
struct RawAnswer {
    std::string head;
    std::string body;
    std::size_t content_length = 0;
};

RawAnswer raw_get(int port, const std::string& target) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
    REQUIRE(::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
    std::string received;
    char buffer[65536];
    // Keep-alive: a complete answer leaves the connection open, so stop once the declared
    // length has arrived; a cut-off answer ends with the server closing the connection.
    while (true) {
        const auto head_end = received.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            const auto length_at = received.find("Content-Length: ");
            if (length_at != std::string::npos && length_at < head_end) {
                const auto length = std::stoul(received.substr(length_at + 16));
                if (received.size() >= head_end + 4 + length) {
                    break;
                }
            }
        }
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            break;
        }
        received.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    RawAnswer answer;
    const auto head_end = received.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    answer.head = received.substr(0, head_end);
    answer.body = received.substr(head_end + 4);
    const auto length_at = answer.head.find("Content-Length: ");
    REQUIRE(length_at != std::string::npos);
    answer.content_length = std::stoul(answer.head.substr(length_at + 16));
    return answer;
}

kolcat::Kpi make_kpi(std::string id, std::string title, std::string type, bool divided) {
    kolcat::Kpi kpi;
    kpi.id = std::move(id);
    kpi.title = std::move(title);
    kpi.description = "Beskrivning av " + kpi.id;
    kpi.municipality_type = std::move(type);
    kpi.is_divided_by_gender = divided;
    kpi.publication_date = "2026-01-16";
    return kpi;
}

// A small Norrbotten: Riket, the region, three municipalities and their county group.
Dataset small_dataset() {
    Dataset dataset;
    dataset.today = "2025-01-01";
    dataset.kpis = {
        make_kpi("N00957", "Ohälsotal, dagar", "A", true),
        make_kpi(
            "N00945",
            "Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, andel av antal dagar (%)",
            "A", false),
        make_kpi("N00209", "Heltidsarbetande månadsavlönade, kommun, andel (%)", "K", true),
    };
    dataset.municipalities = {{"0000", "Riket", "L"},      {"0025", "Region Norrbotten", "L"},
                              {"2505", "Arvidsjaur", "K"}, {"2506", "Arjeplog", "K"},
                              {"2580", "Luleå", "K"},      {"2513", "Överkalix", "K"}};
    dataset.municipality_groups = {
        {"G33632",
         "Norrbottens läns kommuner (ovägt medel)",
         {{"2505", "Arvidsjaur"}, {"2506", "Arjeplog"}, {"2580", "Luleå"}}}};
    dataset.kpi_groups = {{"G2KPI148336", "Jämställdhet", {{"N00957", "Ohälsotal, dagar"}}}};
    for (const std::string unit : {"0025", "2505", "2506", "2580"}) {
        for (int period = 2020; period <= 2022; ++period) {
            const double base = unit == "0025" ? 20.0 : std::stod(unit) / 100.0;
            dataset.set_value("N00957", unit, period, Gender::T, base + period - 2020,
                              "2024-01-01");
            dataset.set_value("N00957", unit, period, Gender::K, base + 1.5, "2024-01-01");
            dataset.set_value("N00957", unit, period, Gender::M, base - 1.25, "2024-01-01");
            dataset.set_value("N00945", unit, period, Gender::T, 30.0 + period - 2020,
                              "2024-01-01");
        }
    }
    // A suppressed value: stored, but null; the group mean must skip it.
    dataset.set_value("N00957", "2506", 2022, Gender::K, std::nullopt, "2024-01-01");
    return dataset;
}

struct Running {
    FakeKoladaServer server;
    explicit Running(Dataset dataset = small_dataset(), kolcat::fake::ServerOptions options = {})
        : server(std::move(dataset), std::move(options)) {
        server.start();
    }
};

std::vector<std::string> ids_of(const json& values, const char* key = "id") {
    std::vector<std::string> ids;
    for (const auto& value : values) {
        ids.push_back(value.at(key).get<std::string>());
    }
    return ids;
}

std::string many_ids(char prefix, int n) {
    std::string ids;
    for (int i = 0; i < n; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "%c%05d", prefix, i);
        ids += (i ? "," : "") + std::string(id);
    }
    return ids;
}

std::string many_years(int n) {
    std::string years;
    for (int i = 0; i < n; ++i) {
        years += (i ? "," : "") + std::to_string(1990 + i);
    }
    return years;
}

Faults faults_with(const std::function<void(Faults&)>& set) {
    Faults faults;
    set(faults);
    return faults;
}

long resident_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

}  // namespace

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
    Dataset dataset = small_dataset();
    dataset.set_value("N00957", "0025", 2023, Gender::T, 0.1 + 0.2, "2024-01-01", 1, "B");
    dataset.set_value("N00957", "0025", 2023, Gender::M, 1e-7, "2024-01-01");
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
    running.server.read_dataset([](const Dataset& dataset) {
        const auto expected = dataset.answer({{"N00957"}, {"G33632"}, {2022}, std::nullopt});
        REQUIRE(expected.size() == 3);
        CHECK(expected[1].count == 2);
        CHECK(expected[1].value.value() == doctest::Approx((26.55 + 27.30) / 2));
    });
}

TEST_CASE("fake server: from_date answers only changes, with isdeleted") {
    Running running;
    auto& server = running.server;
    server.update_dataset([](Dataset& dataset) {
        dataset.set_value("N00957", "2505", 2022, Gender::T, 99.5, "2025-02-01");      // changed
        dataset.set_value("N00957", "2505", 2023, Gender::T, 42.0, "2025-02-02");      // added
        CHECK(dataset.delete_value("N00957", "2580", 2021, Gender::M, "2025-02-03"));  // deleted
        CHECK_FALSE(dataset.delete_value("N00957", "2580", 2021, Gender::M, "2025-02-03"));
        dataset.set_value("N00957", "0025", 2020, Gender::T, 1.0, "2025-01-15");  // before
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
    server.read_dataset([](const Dataset& dataset) {
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
    server.update_dataset([](Dataset& dataset) {
        dataset.set_value("N00957", "2580", 2021, Gender::M, 5.0, "2025-03-01");
        CHECK(dataset.value("N00957", "2580", 2021, Gender::M)->changed_on == "2025-03-01");
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
    kolcat::fake::ServerOptions options;
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
    kolcat::fake::ServerOptions plain_options;
    plain_options.gzip = false;
    Running plain(small_dataset(), plain_options);
    CHECK(get(plain.server, "/v3/kpi").header("X-Kolcat-Demo").empty());
    httplib::Client plain_client("127.0.0.1", plain.server.port());
    const auto identity = plain_client.Get("/v3/kpi", {{"Accept-Encoding", "gzip"}});
    REQUIRE(identity);
    CHECK(identity->get_header_value("Content-Encoding").empty());
}

TEST_CASE("fake server: status faults 503, 500 and 429 with Retry-After") {
    Running running;
    auto& server = running.server;
    const std::string data = "/v3/data/kpi/N00957/municipality/2505";
    server.set_faults(faults_with([](Faults& faults) { faults.http_503 = FaultSpec::count(2); }));
    CHECK(get(server, "/v3/kpi").status == 200);  // metadata is out of the default scope
    CHECK(get(server, data).status == 503);
    CHECK(get(server, data).status == 503);
    CHECK(get(server, data).status == 200);
    CHECK(server.fault_counters().http_503 == 2);

    server.set_faults(faults_with([](Faults& faults) {
        faults.http_500 = FaultSpec::once(1);
    }));  // lets one request pass first
    CHECK(get(server, data).status == 200);
    CHECK(get(server, data).status == 500);
    CHECK(get(server, data).status == 200);

    server.set_faults(faults_with([](Faults& faults) {
        faults.http_429 = FaultSpec::once();
        faults.retry_after_seconds = 7;
    }));
    const auto limited = get(server, data);
    CHECK(limited.status == 429);
    CHECK(limited.header("Retry-After") == "7");
    CHECK(get(server, data).status == 200);

    server.set_faults(faults_with([](Faults& faults) {
        faults.scope = FaultScope::all;
        faults.http_503 = FaultSpec::once();
    }));
    CHECK(get(server, "/v3/municipality").status == 503);
    CHECK(get(server, "/v3/municipality").status == 200);
}

TEST_CASE("fake server: probabilistic faults are deterministic for a seed") {
    const auto pattern = [](std::uint64_t seed) {
        Running running;
        running.server.set_faults(faults_with([seed](Faults& faults) {
            faults.seed = seed;
            faults.http_503 = FaultSpec::chance(0.5);
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
        faults_with([](Faults& faults) { faults.truncated_body = FaultSpec::once(); }));
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
        faults_with([](Faults& faults) { faults.truncated_body = FaultSpec::once(); }));
    httplib::Client client("127.0.0.1", server.port());
    CHECK_FALSE(client.Get("/v3/data/kpi/N00957/municipality/2505"));
}

TEST_CASE("fake server: invalid JSON, slow answers and custom bodies") {
    Running running;
    auto& server = running.server;
    const std::string data = "/v3/data/kpi/N00957/municipality/2505";
    server.set_faults(faults_with([](Faults& faults) { faults.invalid_json = FaultSpec::once(); }));
    const auto spoiled = get(server, data);
    CHECK(spoiled.status == 200);
    CHECK(spoiled.text.rfind("{\"values\":[", 0) == 0);
    CHECK_THROWS_AS(json::parse(spoiled.text), json::parse_error);
    CHECK_NOTHROW(get(server, data).body());

    server.set_faults(faults_with([](Faults& faults) {
        faults.slow = FaultSpec::once();
        faults.slow_ms = 300;
    }));
    const auto started = std::chrono::steady_clock::now();
    CHECK(get(server, data).status == 200);
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(300));
    CHECK(server.fault_counters().slow == 1);

    server.set_faults(faults_with([](Faults& faults) {
        faults.custom_body = FaultSpec::once();
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

    server.set_faults(
        faults_with([](Faults& faults) { faults.foreign_next_url = FaultSpec::once(); }));
    const auto foreign = get(server, data).body().at("next_url").get<std::string>();
    CHECK(foreign.rfind("http://127.0.0.2:" + std::to_string(server.port()) + "/v3/data/", 0) == 0);
    CHECK(foreign.find("page=2") != std::string::npos);

    server.set_faults(faults_with([](Faults& faults) {
        faults.foreign_next_url = FaultSpec::once();
        faults.foreign_origin = "http://evil.example";
    }));
    CHECK(get(server, data)
              .body()
              .at("next_url")
              .get<std::string>()
              .rfind("http://evil.example/v3/", 0) == 0);

    server.set_faults(
        faults_with([](Faults& faults) { faults.looping_next_url = FaultSpec::once(1); }));
    const auto page1 = get(server, data).body();
    const auto page2_url = page1.at("next_url").get<std::string>();
    const auto page2 = get(server, page2_url).body();
    CHECK(page2.at("next_url") == page2_url);  // points at itself

    server.set_faults(faults_with([](Faults& faults) { faults.wrong_count = FaultSpec::once(); }));
    const auto miscounted = get(server, data).body();
    CHECK(miscounted.at("count") == 3);
    CHECK(miscounted.at("values").size() == 2);
}

TEST_CASE("fake server: a revision between pages changes what the next page holds") {
    Running running;
    auto& server = running.server;
    Faults faults;
    faults.revision = [](Dataset& dataset) {
        dataset.set_value("N00957", "2505", 2022, Gender::T, -1.0, "2025-06-01");
        dataset.set_value("N00957", "0025", 2019, Gender::T, 7.0, "2025-06-01");  // shifts items
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

TEST_CASE("fake server: the generator makes millions of compact cells, served in order") {
    CHECK(sizeof(kolcat::fake::PeriodCells) <= 48);  // 16 bytes per cell
    const long before = resident_kib();
    const auto dataset = kolcat::fake::generate_dataset(40, 200, 30, 42);
    const long grown = resident_kib() - before;
    const auto expected = kolcat::fake::generated_value_count(40, 200, 30);
    CHECK(expected == (36 * 3 + 4) * 200 * 30);
    CHECK(dataset.value_count() == static_cast<std::size_t>(expected));
    MESSAGE("generated " << expected << " values, resident memory grew by " << grown << " KiB");
    CHECK(grown < 40 * 1024);  // 672 000 cells: about 11 MB of cells and series
    CHECK(dataset.kpis.size() == 40);
    CHECK(dataset.municipalities.size() == 200);
    std::set<std::string> unit_ids;
    for (const auto& unit : dataset.municipalities) {
        CHECK(unit.id.size() == 4);
        CHECK(unit.id.rfind("00", 0) != 0);
        unit_ids.insert(unit.id);
    }
    CHECK(unit_ids.size() == 200);
    CHECK(dataset.kpis[0].id == "N10000");
    CHECK_FALSE(dataset.kpis[9].is_divided_by_gender);  // every tenth: T only
    // Same seed, same data.
    const auto again = kolcat::fake::generate_dataset(40, 200, 30, 42);
    kolcat::fake::DataQuery query{{"N10000", "N10027"}, {dataset.municipalities[5].id}, {}, {}};
    const auto a = dataset.answer(query);
    const auto b = again.answer(query);
    REQUIRE(a.size() == 30 * 3 + 30);
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].value == b[i].value);
    }

    // Served page by page in Kolada's order; from_date selects the recently published years.
    Running running(kolcat::fake::generate_dataset(30, 30, 30, 7));
    const auto [items, pages] =
        get_all_pages(running.server, "/v3/data/kpi/" + std::string("N10000,N10003,N10006") +
                                          "/municipality/0110,0310,0410?per_page=50");
    CHECK(items.size() == 3 * 3 * 30);
    CHECK(pages == 6);
    for (std::size_t i = 1; i < items.size(); ++i) {
        const auto key = [](const json& item) {
            return std::make_tuple(item.at("kpi").get<std::string>(),
                                   item.at("municipality").get<std::string>(),
                                   item.at("period").get<int>());
        };
        CHECK(key(items[i - 1]) < key(items[i]));
    }
    const auto recent =
        get(running.server, "/v3/data/kpi/N10000/municipality/0110?from_date=2024-01-01").body();
    CHECK(recent.at("count") == 2);  // 2023 and 2024, published 2024-03-15 and 2025-03-15
}

TEST_CASE("fake server: the demo data loads, is labelled [DEMO] and covers the default scope") {
    const std::filesystem::path dir = KOLCAT_SOURCE_DIR "/tests/fixtures/demo";
    std::uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) {
            bytes += entry.file_size();
        }
    }
    CHECK(bytes < 1536 * 1024);  // every curated KPI and partner, made-up values
    const auto dataset = kolcat::fake::load_dataset(dir);
    REQUIRE(dataset.kpis.size() >= 8);
    for (const auto& kpi : dataset.kpis) {
        CHECK_MESSAGE(kpi.title.rfind("[DEMO] ", 0) == 0, kpi.id);
    }
    for (const auto& group : dataset.kpi_groups) {
        CHECK_MESSAGE(group.title.rfind("[DEMO] ", 0) == 0, group.id);
        for (const auto& member : group.members) {
            CHECK_MESSAGE(member.title.rfind("[DEMO] ", 0) == 0, member.id);
        }
    }
    std::set<std::string> kpi_types;
    for (const auto& kpi : dataset.kpis) {
        kpi_types.insert(kpi.municipality_type);
    }
    CHECK(kpi_types == std::set<std::string>{"A", "K", "L"});

    std::set<std::string> units;
    for (const auto& unit : dataset.municipalities) {
        units.insert(unit.id);
    }
    for (const std::string id :
         {"0000", "0001", "0025", "2505", "2506", "2510", "2513", "2514", "2518", "2521", "2523",
          "2560", "2580", "2581", "2582", "2583", "2584"}) {
        CHECK_MESSAGE(units.count(id) == 1, id);
    }
    int regions = 0;
    for (const auto& unit : dataset.municipalities) {
        regions += unit.type == "L" && unit.id != "0000";
    }
    CHECK(regions == 21);
    std::set<std::string> groups;
    for (const auto& group : dataset.municipality_groups) {
        groups.insert(group.id);
    }
    for (int id = 33612; id <= 33632; ++id) {
        CHECK(groups.count("G" + std::to_string(id)) == 1);
    }
    CHECK(groups.count("G176784") == 1);
    CHECK(groups.count("G43577") == 1);
    std::set<std::string> kpi_groups;
    for (const auto& group : dataset.kpi_groups) {
        kpi_groups.insert(group.id);
        CHECK(group.members.size() >= 3);
    }
    CHECK(kpi_groups == std::set<std::string>{"G2KPI148333", "G2KPI148336"});

    // Values: K/M where the KPI has them, county groups computed from members, years 2010-2023.
    CHECK(dataset.value_count() > 5000);
    const auto norrbotten = dataset.answer({{}, {"G33632"}, {2023}, std::nullopt});
    CHECK(norrbotten.size() >= 10);
    bool has_k = false;
    bool t_only_somewhere = false;
    for (const auto& kpi : dataset.kpis) {
        const auto values = dataset.answer({{kpi.id}, {"0025", "2580"}, {}, std::nullopt});
        int k = 0;
        for (const auto& value : values) {
            k += value.gender == Gender::K;
            CHECK(value.period >= 2010);
            CHECK(value.period <= 2023);
        }
        has_k = has_k || k > 0;
        t_only_somewhere = t_only_somewhere || (!values.empty() && k == 0);
    }
    CHECK(has_k);
    CHECK(t_only_somewhere);
}

TEST_CASE("fake server: load_dataset reads envelopes, compact series and snapshot CSV files") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("kolcat-fake-load-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "values");
    const auto write = [&dir](const std::string& name, const std::string& text) {
        std::ofstream(dir / name) << text;
    };
    write("kpi.json", R"({"values":[{"id":"N00002","title":"Två","description":null,
        "is_divided_by_gender":1,"municipality_type":"K","auspice":null,"operating_area":"X",
        "perspective":null,"prel_publication_date":null,"publication_date":"2025-01-01",
        "publ_period":"2024","has_ou_data":false}],"count":1})");
    write("municipality.json", R"({"values":[{"id":"2505","title":"Arvidsjaur","type":"K"}]})");
    write("values.json", R"({"changed_on":"2024-06-15","first_period":2020,"series":[
        {"kpi":"N00002","municipality":"2505","T":[1.5,null,3.25],"K":[1.0]},
        {"kpi":"N00002","municipality":"2506","first_period":2000,"M":[7]}]})");
    write("values/N00009.csv", "municipality,period,gender,value\n0000,2019,K,6.3\n0000,2019,T,\n");

    const auto dataset = kolcat::fake::load_dataset(dir);
    REQUIRE(dataset.kpis.size() == 1);
    CHECK(dataset.kpis[0].title == "Två");
    CHECK(dataset.kpis[0].is_divided_by_gender);  // v2's 1 reads as true
    CHECK(dataset.kpis[0].description.empty());
    CHECK(dataset.kpis[0].operating_area == "X");
    CHECK_FALSE(dataset.kpis[0].perspective.has_value());
    CHECK(dataset.municipality_groups.empty());  // missing file: empty list
    CHECK(dataset.value_count() == 6);
    CHECK(dataset.value("N00002", "2505", 2022, Gender::T)->value == 3.25);
    CHECK(dataset.value("N00002", "2505", 2022, Gender::T)->changed_on == "2024-06-15");
    CHECK_FALSE(dataset.value("N00002", "2505", 2021, Gender::T));
    CHECK(dataset.value("N00002", "2506", 2000, Gender::M)->value == 7.0);
    CHECK(dataset.value("N00009", "0000", 2019, Gender::K)->value == 6.3);
    CHECK_FALSE(dataset.value("N00009", "0000", 2019, Gender::T)->value.has_value());  // null

    write("values/N00010.csv", "municipality,period,gender,value\n0000,2019,X,1\n");
    CHECK_THROWS_WITH_AS(kolcat::fake::load_dataset(dir), doctest::Contains("N00010.csv:2"),
                         std::runtime_error);
    std::filesystem::remove(dir / "values/N00010.csv");
    write("municipality.json", R"({"values":[{"id":"2505"}]})");
    CHECK_THROWS_WITH_AS(kolcat::fake::load_dataset(dir), doctest::Contains("municipality.json"),
                         std::runtime_error);
    CHECK_THROWS_AS(kolcat::fake::load_dataset(dir / "missing"), std::runtime_error);
    std::filesystem::remove_all(dir);
}

TEST_CASE("fake server: kolcat-demo-server prints its URL, serves demo data, stops on SIGTERM") {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    // Not CTest's stderr: a server left behind by a crashed test would hold that pipe open and
    // make CTest wait for it until the timeout.
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::string binary = KOLCAT_DEMO_SERVER_BINARY;
    std::vector<char*> argv{binary.data(), nullptr};
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    // A failed REQUIRE below leaves by exception: the server must not outlive the test.
    struct StopOnExit {
        pid_t& pid;
        ~StopOnExit() {
            if (pid > 0) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, nullptr, 0);
            }
        }
    } stop_on_exit{pid};

    std::string line;
    char c = 0;
    while (::read(out[0], &c, 1) == 1 && c != '\n') {
        line.push_back(c);
    }
    INFO("first line: " << line);
    REQUIRE(line.rfind("http://127.0.0.1:", 0) == 0);
    REQUIRE(line.size() > 20);
    CHECK(line.substr(line.size() - 3) == "/v3");
    const int port = std::stoi(line.substr(17));

    httplib::Client client("127.0.0.1", port);
    const auto kpis = client.Get("/v3/kpi");
    REQUIRE(kpis);
    CHECK(kpis->status == 200);
    CHECK(kpis->get_header_value("X-Kolcat-Demo") == "true");
    // Named: a range-for over a member of a temporary would read freed memory.
    const json catalogue = json::parse(kpis->body);
    for (const auto& kpi : catalogue.at("values")) {
        CHECK(kpi.at("title").get<std::string>().rfind("[DEMO] ", 0) == 0);
    }
    const auto data = client.Get("/v3/data/kpi/N00957/municipality/G33632,0025");
    REQUIRE(data);
    CHECK(json::parse(data->body).at("count").get<int>() > 0);

    REQUIRE(::kill(pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    pid = 0;  // reaped
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // Exactly one line on stdout.
    std::string rest;
    while (::read(out[0], &c, 1) == 1) {
        rest.push_back(c);
    }
    ::close(out[0]);
    CHECK(rest.empty());
}
