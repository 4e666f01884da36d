// `kolcat serve`'s limits against hostile or careless clients: a URL over 4096 bytes (414), a
// request body (413), catalogue work past the request's time limit (400), malformed requests,
// and clients that stop sending half-way (disconnected after the read timeout, never holding
// the server). Every refusal carries the v3 error envelope {"detail": "..."}.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "serve/server.hpp"
#include "tests/support/test_serve_support.hpp"

namespace kolcat {
namespace {

using Clock = std::chrono::steady_clock;
using serve_test::ScratchDir;

// A catalogue the real binary synced: 20 key figures x 30 units x 10 years of generated data.
struct LimitsCatalogue {
    ScratchDir scratch{"serve-limits"};
    hardening::SmallDataset data = hardening::small_dataset(20, 30, 10);
    demo::FakeKoladaServer demo{data.dataset};
    std::filesystem::path catalogue = scratch.path() / "catalogue.sqlite";

    LimitsCatalogue() {
        demo.start();
        const auto result = serve_test::kolcat(
            scratch, catalogue,
            {"sync", "--api-url", demo.base_url(), "--max-rps", "0", "--quiet", "--kpi",
             hardening::join_ids(data.kpis), "--unit", hardening::join_ids(data.units)});
        REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
    }
    // Every value of every key figure: thousands of items, a scan of the whole catalogue.
    std::string big_page() const {
        std::string years;
        for (int year = 2000; year < 2025; ++year) {
            years += (years.empty() ? "" : ",") + std::to_string(year);
        }
        return "/v3/data?kpi_id=" + hardening::join_ids(data.kpis) + "&year=" + years +
               "&per_page=5000";
    }
};

LimitsCatalogue& limits_catalogue() {
    static LimitsCatalogue instance;
    return instance;
}

// An in-process server on the catalogue, with the limits the test sets.
struct RunningServer {
    serve::Server server;
    explicit RunningServer(serve::ServeOptions options) : server(with_port(std::move(options))) {
        server.bind();
        server.start();
    }
    static serve::ServeOptions with_port(serve::ServeOptions options) {
        options.port = 0;
        options.catalogue = limits_catalogue().catalogue;
        return options;
    }
    int port() const { return server.port(); }
    serve_test::Answer get(const std::string& target) const {
        return serve_test::http_get(port(), target);
    }
};

std::string detail_of(const std::string& body) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    REQUIRE_MESSAGE(json.is_object(), "not a JSON object: " << body.substr(0, 200));
    return json.value("detail", std::string("<no detail>"));
}

// A plain TCP connection to the server, for requests no HTTP client would send.
class RawConnection {
  public:
    explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(fd_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Sends `piece` again and again, up to `total` bytes, until the server stops taking them
    // (it closed the connection, or took none for 5 s); returns how many it took.
    std::size_t flood(const std::string& piece, std::size_t total) const {
        timeval patience{5, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &patience, sizeof patience);
        std::size_t sent = 0;
        while (sent < total) {
            const auto wrote = ::send(fd_, piece.data(), piece.size(), MSG_NOSIGNAL);
            if (wrote <= 0) {
                break;
            }
            sent += static_cast<std::size_t>(wrote);
        }
        return sent;
    }
    // True when the server has closed the connection (a send fails).
    bool send_fails(const std::string& bytes) const {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) < 0;
    }

    void send(const std::string& bytes) const {
        REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(bytes.size()));
    }
    // What the server sends until it closes the connection; nullopt when it has not closed it
    // within `patience`.
    std::optional<std::string> read_until_closed(std::chrono::milliseconds patience) const {
        std::string received;
        const auto deadline = Clock::now() + patience;
        while (Clock::now() < deadline) {
            pollfd poll_fd{fd_, POLLIN, 0};
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (::poll(&poll_fd, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) {
                continue;
            }
            char buffer[4096];
            const auto got = ::recv(fd_, buffer, sizeof buffer, 0);
            if (got <= 0) {
                return received;
            }
            received.append(buffer, static_cast<std::size_t>(got));
        }
        return std::nullopt;
    }

  private:
    int fd_;
};

}  // namespace

TEST_CASE("serve limits: a URL over 4096 bytes gets 414 with a message, up to it an answer") {
    RunningServer running(serve::ServeOptions{});
    const std::string prefix = "/v3/kpi?title=";
    const auto at_limit = prefix + std::string(serve::kMaxTargetLength - prefix.size(), 'a');
    CHECK(running.get(at_limit).status == 200);
    const auto over = running.get(at_limit + "a");
    CHECK(over.status == 414);
    CHECK(detail_of(over.body) == "The URL is longer than 4096 bytes");
    CHECK(over.header("X-Content-Type-Options") == "nosniff");
    // Beyond cpp-httplib's own limit (8 KiB of request line) its 414 carries the envelope too.
    const auto far_over = running.get(prefix + std::string(10000, 'a'));
    CHECK(far_over.status == 414);
    CHECK(detail_of(far_over.body) == "The URL is too long");
    CHECK(far_over.header("Content-Security-Policy") == "default-src 'none'");
}

TEST_CASE("serve limits: a body, a malformed request or another method get an error envelope") {
    RunningServer running(serve::ServeOptions{});
    {
        RawConnection connection(running.port());
        connection.send(
            "POST /v3/kpi HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 20\r\n"
            "Connection: close\r\n\r\n01234567890123456789");
        const auto answer = connection.read_until_closed(std::chrono::seconds(20));
        REQUIRE(answer);
        INFO(*answer);
        CHECK(answer->rfind("HTTP/1.1 413", 0) == 0);
        CHECK(answer->find(R"({"detail":"A request to this server has no body"})") !=
              std::string::npos);
    }
    {
        RawConnection connection(running.port());
        connection.send("NONSENSE\r\n\r\n");
        const auto answer = connection.read_until_closed(std::chrono::seconds(20));
        REQUIRE(answer);
        INFO(*answer);
        CHECK(answer->rfind("HTTP/1.1 400", 0) == 0);
        CHECK(answer->find(R"({"detail":"Malformed HTTP request"})") != std::string::npos);
    }
    // A refusal that echoes bytes of the URL that are not UTF-8 is still valid JSON.
    const auto not_utf8 = running.get("/v3/data/kpi/N1/year/20%FF");
    CHECK(not_utf8.status == 400);
    CHECK(detail_of(not_utf8.body) == "Not a year: 20\xef\xbf\xbd");
    httplib::Client client("127.0.0.1", running.port());
    const auto posted = client.Post("/v3/kpi", "", "application/json");
    REQUIRE(posted);
    CHECK(posted->status >= 400);
    CHECK(detail_of(posted->body) != "<no detail>");
}

TEST_CASE("serve limits: catalogue work past the time limit is stopped with 400 and a message") {
    const auto target = limits_catalogue().big_page();
    RunningServer patient(serve::ServeOptions{});
    const auto whole = patient.get(target);
    REQUIRE(whole.status == 200);
    const auto count = nlohmann::json::parse(whole.body)["count"].get<int>();
    CHECK(count > 1000);  // 20 key figures x 30 units x the years generated

    serve::ServeOptions hasty;
    hasty.request_time_limit = std::chrono::milliseconds(1);
    RunningServer running(hasty);
    const auto started = Clock::now();
    const auto stopped = running.get(target);
    CHECK(stopped.status == 400);
    CHECK(detail_of(stopped.body) ==
          "The request took longer than 1 ms and was stopped: ask for less (fewer ids or years, a "
          "smaller per_page)");
    CHECK(Clock::now() - started < std::chrono::seconds(5));
    // The server goes on answering; its connection to the catalogue was not spoiled.
    CHECK(running.get("/v3/nothing").status == 404);
    CHECK(patient.get(target).body == whole.body);

    // A page is held to the same limit, and says so on a page of its own.
    const std::string page = "/breakdown?all=1&region=" + limits_catalogue().data.units.front();
    const auto whole_page = patient.get(page);
    CHECK_MESSAGE(whole_page.status == 200, whole_page.body.substr(0, 2000));
    const auto stopped_page = running.get(page);
    CHECK(stopped_page.status == 400);
    CHECK(stopped_page.body.find("took longer than the server") != std::string::npos);
    CHECK(stopped_page.body.find("<!DOCTYPE html>") == 0);
    CHECK(patient.get(page).status == 200);
}

TEST_CASE("serve limits: clients that stop sending half-way are cut off and hold no worker") {
    serve::ServeOptions options;
    options.read_timeout = std::chrono::milliseconds(500);
    RunningServer running(options);
    // More stalled clients than the server has workers: each sent part of its headers only.
    std::vector<std::unique_ptr<RawConnection>> stalled;
    for (std::size_t i = 0; i < serve::kWorkerThreads + 4; ++i) {
        stalled.push_back(std::make_unique<RawConnection>(running.port()));
        stalled.back()->send(i % 2 == 0 ? "GET /v3/kpi HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                                        : "GET /v3/kp");
    }
    // A normal client is answered once the stalled ones have been cut off.
    const auto started = Clock::now();
    const auto answer = running.get("/v3/kpi/" + limits_catalogue().data.kpis.front());
    CHECK(answer.status == 200);
    CHECK(Clock::now() - started < std::chrono::seconds(10));
    for (const auto& connection : stalled) {
        CHECK(connection->read_until_closed(std::chrono::seconds(10)).has_value());
    }
}

TEST_CASE("serve limits: headers trickling in are cut off when the head takes too long") {
    serve::ServeOptions options;
    options.read_timeout = std::chrono::milliseconds(1000);
    RunningServer running(options);
    RawConnection connection(running.port());
    connection.send("GET /v3/kpi HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    // One byte every 100 ms: never silent for the read timeout, but the head never ends.
    const auto started = Clock::now();
    bool cut_off = false;
    while (!cut_off && Clock::now() - started < std::chrono::seconds(20)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cut_off = connection.send_fails("a");
    }
    CHECK(cut_off);
    CHECK(Clock::now() - started < std::chrono::seconds(10));
    CHECK(running.get("/v3/kpi/" + limits_catalogue().data.kpis.front()).status == 200);
}

TEST_CASE("serve limits: headers without end are cut off after 32 KiB, not stored") {
    RunningServer running(serve::ServeOptions{});
    RawConnection connection(running.port());
    connection.send("GET /v3/kpi HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const std::string headers = [] {
        std::string text;
        for (int i = 0; i < 600; ++i) {
            text += "X-Flood: " + std::string(100, 'a') + "\r\n";
        }
        return text;
    }();
    // 64 MiB offered: a server that stored every header would take them all.
    const std::size_t offered = 64u << 20;
    const auto taken = connection.flood(headers, offered);
    CHECK(taken < offered / 4);
    CHECK(running.get("/v3/kpi/" + limits_catalogue().data.kpis.front()).status == 200);
}

}  // namespace kolcat
