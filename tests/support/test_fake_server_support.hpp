#pragma once
// Helpers for the demo server's tests (tests/integration/demo/): plain and raw-socket clients,
// a small data set, and fault switches.

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

#include "demo/calendar.hpp"
#include "demo/fake_kolada_server.hpp"
#include "demo/generate_dataset.hpp"
#include "demo/load_dataset.hpp"

extern char** environ;

namespace kolcat::test_fake {

using kolcat::catalogue::Gender;
using kolcat::demo::Dataset;
using kolcat::demo::FakeKoladaServer;
using kolcat::demo::Faults;
using kolcat::demo::FaultScope;
using kolcat::demo::FaultSpec;
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
inline Answer get(const demo::FakeKoladaServer& server, std::string target) {
    if (target.rfind(server.origin(), 0) == 0) {
        target = target.substr(server.origin().size());
    }
    httplib::Client client("127.0.0.1", server.port());
    const auto result = client.Get(target.c_str());
    REQUIRE_MESSAGE(result, "request failed: " << target);
    return {result->status, result->body, result->headers};
}

// Follows next_url from the first page to the last; returns every item and the page count.
inline std::pair<std::vector<json>, int> get_all_pages(const demo::FakeKoladaServer& server,
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

inline RawAnswer raw_get(int port, const std::string& target) {
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

inline kolcat::catalogue::Kpi make_kpi(std::string id, std::string title, std::string type,
                                       bool divided) {
    kolcat::catalogue::Kpi kpi;
    kpi.id = std::move(id);
    kpi.title = std::move(title);
    kpi.description = "Beskrivning av " + kpi.id;
    kpi.municipality_type = std::move(type);
    kpi.is_divided_by_gender = divided;
    kpi.publication_date = "2026-01-16";
    return kpi;
}

// A small Norrbotten: Riket, the region, three municipalities and their county group.
inline demo::Dataset small_dataset() {
    demo::Dataset dataset;
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
            dataset.set_value("N00957", unit, period, catalogue::Gender::T, base + period - 2020,
                              "2024-01-01");
            dataset.set_value("N00957", unit, period, catalogue::Gender::K, base + 1.5,
                              "2024-01-01");
            dataset.set_value("N00957", unit, period, catalogue::Gender::M, base - 1.25,
                              "2024-01-01");
            dataset.set_value("N00945", unit, period, catalogue::Gender::T, 30.0 + period - 2020,
                              "2024-01-01");
        }
    }
    // A suppressed value: stored, but null; the group mean must skip it.
    dataset.set_value("N00957", "2506", 2022, catalogue::Gender::K, std::nullopt, "2024-01-01");
    return dataset;
}

struct Running {
    demo::FakeKoladaServer server;
    explicit Running(demo::Dataset dataset = small_dataset(),
                     kolcat::demo::ServerOptions options = {})
        : server(std::move(dataset), std::move(options)) {
        server.start();
    }
};

inline std::vector<std::string> ids_of(const json& values, const char* key = "id") {
    std::vector<std::string> ids;
    for (const auto& value : values) {
        ids.push_back(value.at(key).get<std::string>());
    }
    return ids;
}

inline std::string many_ids(char prefix, int n) {
    std::string ids;
    for (int i = 0; i < n; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "%c%05d", prefix, i);
        ids += (i ? "," : "") + std::string(id);
    }
    return ids;
}

inline std::string many_years(int n) {
    std::string years;
    for (int i = 0; i < n; ++i) {
        years += (i ? "," : "") + std::to_string(1990 + i);
    }
    return years;
}

inline demo::Faults faults_with(const std::function<void(demo::Faults&)>& set) {
    demo::Faults faults;
    set(faults);
    return faults;
}

inline long resident_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return 0;
}

}  // namespace kolcat::test_fake
