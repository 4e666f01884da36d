// The transport against a real HTTP server on loopback: a tiny cpp-httplib server per test,
// scripted for one fault at a time. Time is virtual (FakeClock), so backoff and Retry-After
// waits cost nothing, while every request really goes over TCP through libcurl.
// Longer than 400 lines: one case per fault of the transport, each short, all using the
// scripted loopback server defined at the top.

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "sync/http/clock.hpp"
#include "sync/http/http_client.hpp"
#include "sync/http/http_json_fetcher.hpp"
#include "sync/http/sync_error.hpp"

using namespace kolcat;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// Register handlers on server(), then start(); the destructor stops and joins.
class TinyServer {
  public:
    TinyServer() = default;
    TinyServer(const TinyServer&) = delete;
    TinyServer& operator=(const TinyServer&) = delete;
    ~TinyServer() {
        server_.stop();
        if (thread_.joinable()) {
            thread_.join();
        }
    }

    httplib::Server& server() { return server_; }

    void start() {
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) {
            std::this_thread::sleep_for(1ms);
        }
    }

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }

  private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

const json page = {{"values", json::array({{{"id", "0025"}, {"title", "Region Norrbotten"}}})},
                   {"count", 1},
                   {"next_url", nullptr}};

http::FetcherOptions test_options() {
    http::FetcherOptions options;
    options.max_rps = 0;
    options.http.connect_timeout = 2s;
    options.http.transfer_timeout = 2s;
    return options;
}

// The SyncError message of fetching `url`, or "(no error)".
std::string failure_of(http::HttpJsonFetcher& fetcher, const std::string& url) {
    try {
        fetcher.get_json(url);
    } catch (const http::SyncError& error) {
        return error.what();
    }
    return "(no error)";
}

constexpr std::size_t body_limit = 64 * 1024 * 1024;

// Streams `total` bytes of filler in 1 MiB pieces without holding them all in memory.
bool stream_filler(std::size_t offset, std::size_t total, httplib::DataSink& sink) {
    static const std::string chunk(1024 * 1024, 'x');
    if (offset >= total) {
        sink.done();
        return true;
    }
    const std::size_t n = std::min(chunk.size(), total - offset);
    return sink.write(chunk.data(), n);
}

}  // namespace

TEST_CASE("http_json_fetcher: 503 twice, then 200") {
    std::atomic<int> calls{0};
    TinyServer tiny;
    tiny.server().Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
        if (++calls <= 2) {
            res.status = 503;
            res.set_content("busy", "text/plain");
            return;
        }
        res.set_content(page.dump(), "application/json");
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::HttpJsonFetcher fetcher(test_options(), clock, full);
    std::vector<std::string> notices;
    fetcher.set_retry_notice(
        [&](const http::RetryNotice& notice) { notices.push_back(notice.message()); });

    CHECK(fetcher.get_json(tiny.url("/flaky")) == page);
    CHECK(calls == 3);
    CHECK(fetcher.requests() == 3);
    CHECK(fetcher.retries() == 2);
    CHECK(clock.sleeps() == std::vector<http::Clock::duration>{500ms, 1s});
    CHECK(notices == std::vector<std::string>{"waiting 0.5 s (HTTP 503), attempt 2 of 8",
                                              "waiting 1.0 s (HTTP 503), attempt 3 of 8"});
}

TEST_CASE("http_json_fetcher: 429 with Retry-After waits as told") {
    std::atomic<int> calls{0};
    TinyServer tiny;
    tiny.server().Get("/limited", [&](const httplib::Request&, httplib::Response& res) {
        if (++calls == 1) {
            res.status = 429;
            res.set_header("Retry-After", "1");
            return;
        }
        res.set_content(page.dump(), "application/json");
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter none(0.0);  // backoff alone would not wait at all
    http::HttpJsonFetcher fetcher(test_options(), clock, none);
    std::vector<std::string> notices;
    fetcher.set_retry_notice(
        [&](const http::RetryNotice& notice) { notices.push_back(notice.message()); });

    const auto real_start = std::chrono::steady_clock::now();
    CHECK(fetcher.get_json(tiny.url("/limited")) == page);
    CHECK(std::chrono::steady_clock::now() - real_start < 1s);
    CHECK(clock.total_slept() == 1s);
    CHECK(notices == std::vector<std::string>{"waiting 1.0 s (HTTP 429), attempt 2 of 8"});
}

TEST_CASE("http_json_fetcher: a body cut off mid-way is fetched again") {
    std::atomic<int> calls{0};
    const std::string body = page.dump();
    TinyServer tiny;
    tiny.server().Get("/cut", [&](const httplib::Request&, httplib::Response& res) {
        if (++calls == 1) {
            // Announce the whole length, send half, then drop the connection.
            res.set_content_provider(body.size(), "application/json",
                                     [&body](std::size_t, std::size_t, httplib::DataSink& sink) {
                                         sink.write(body.data(), body.size() / 2);
                                         return false;
                                     });
            return;
        }
        res.set_content(body, "application/json");
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::HttpJsonFetcher fetcher(test_options(), clock, full);
    std::vector<std::string> reasons;
    std::vector<std::string> details;
    fetcher.set_retry_notice([&](const http::RetryNotice& notice) {
        reasons.push_back(notice.reason);
        details.push_back(notice.detail);
    });

    CHECK(fetcher.get_json(tiny.url("/cut")) == page);
    CHECK(fetcher.requests() == 2);
    REQUIRE(reasons.size() == 1);
    CHECK(reasons[0] == "cut-off body");
    CHECK(details[0].starts_with("cut-off body (transfer closed with "));
}

TEST_CASE("http_json_fetcher: invalid JSON is fetched again") {
    std::atomic<int> calls{0};
    TinyServer tiny;
    tiny.server().Get("/garbled", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(++calls == 1 ? R"({"values": [1, 2)" : page.dump(), "application/json");
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::HttpJsonFetcher fetcher(test_options(), clock, full);
    std::vector<std::string> reasons;
    std::vector<std::string> details;
    fetcher.set_retry_notice([&](const http::RetryNotice& notice) {
        reasons.push_back(notice.reason);
        details.push_back(notice.detail);
    });

    CHECK(fetcher.get_json(tiny.url("/garbled")) == page);
    CHECK(calls == 2);
    CHECK(reasons == std::vector<std::string>{"invalid JSON"});
    CHECK(details ==
          std::vector<std::string>{"invalid JSON (the text ends early, after 16 bytes)"});
}

TEST_CASE("http_json_fetcher: a slow answer times out, and the next try succeeds") {
    std::atomic<int> calls{0};
    TinyServer tiny;
    tiny.server().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
        if (++calls == 1) {
            std::this_thread::sleep_for(600ms);
        }
        res.set_content(page.dump(), "application/json");
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::FetcherOptions options = test_options();
    options.http.transfer_timeout = 200ms;
    http::HttpJsonFetcher fetcher(options, clock, full);
    std::vector<std::string> reasons;
    std::vector<std::string> details;
    fetcher.set_retry_notice([&](const http::RetryNotice& notice) {
        reasons.push_back(notice.reason);
        details.push_back(notice.detail);
    });

    const auto real_start = std::chrono::steady_clock::now();
    CHECK(fetcher.get_json(tiny.url("/slow")) == page);
    CHECK(std::chrono::steady_clock::now() - real_start < 550ms);
    REQUIRE(reasons.size() == 1);
    CHECK(reasons[0] == "timeout");
    CHECK(details[0].starts_with("timeout (Operation timed out after "));
}

TEST_CASE("http_json_fetcher: bodies over 64 MiB are refused for good") {
    std::atomic<int> calls{0};
    TinyServer tiny;
    // No Content-Length: only the running count of received bytes can stop it.
    tiny.server().Get("/endless", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.set_chunked_content_provider(
            "application/octet-stream", [](std::size_t offset, httplib::DataSink& sink) {
                return stream_filler(offset, body_limit + 16 * 1024 * 1024, sink);
            });
    });
    // An honest Content-Length above the limit: refused before the body is read.
    tiny.server().Get("/announced", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.set_content_provider(body_limit + 1, "application/octet-stream",
                                 [](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                     return stream_filler(offset, body_limit + 1, sink);
                                 });
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    // Streaming 64 MiB can take longer than test_options' 2 s on a loaded machine under the
    // sanitizers; a timeout would be retried and blur what this case checks, the size limit.
    http::FetcherOptions options = test_options();
    options.http.transfer_timeout = 120s;
    http::HttpJsonFetcher fetcher(options, clock, full);
    CHECK(failure_of(fetcher, tiny.url("/endless")) ==
          "request to " + tiny.url("/endless") + " failed: response larger than 64 MiB");
    CHECK(failure_of(fetcher, tiny.url("/announced")) ==
          "request to " + tiny.url("/announced") + " failed: response larger than 64 MiB");
    CHECK(calls == 2);
    CHECK(fetcher.requests() == 2);
    CHECK(fetcher.retries() == 0);
}

TEST_CASE("http_json_fetcher: gzip is asked for and decoded") {
    std::mutex mutex;
    std::string accept_encoding;
    json big = {{"values", json::array()}, {"count", 400}, {"next_url", nullptr}};
    for (int i = 0; i < 400; ++i) {
        big["values"].push_back({{"id", "N" + std::to_string(10000 + i)},
                                 {"title", "Jämställdhet i kommunen, andel (%)"}});
    }
    TinyServer tiny;
    tiny.server().Get("/big", [&](const httplib::Request& req, httplib::Response& res) {
        {
            const std::lock_guard lock(mutex);
            accept_encoding = req.get_header_value("Accept-Encoding");
        }
        res.set_content(big.dump(), "application/json");
    });
    tiny.start();

    // The raw client shows that the answer really came compressed and was decoded.
    http::HttpClient client;
    const http::HttpResponse response = client.get(tiny.url("/big"));
    REQUIRE(response.transport_ok());
    CHECK(response.status == 200);
    const std::string encoding = response.header("content-encoding").value_or("");
    CHECK((encoding == "gzip" || encoding == "br"));
    CHECK(std::stoul(response.header("content-length").value_or("0")) < response.body.size());
    CHECK(json::parse(response.body) == big);

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::HttpJsonFetcher fetcher(test_options(), clock, full);
    CHECK(fetcher.get_json(tiny.url("/big")) == big);
    const std::lock_guard lock(mutex);
    CHECK(accept_encoding.find("gzip") != std::string::npos);
}

TEST_CASE("http_json_fetcher: a spent budget gives one clear line") {
    std::atomic<int> calls{0};
    TinyServer tiny;
    tiny.server().Get("/down", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.status = 503;
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::HttpJsonFetcher default_budget(test_options(), clock, full);
    CHECK(failure_of(default_budget, tiny.url("/down")) ==
          "giving up on " + tiny.url("/down") + " after 8 attempts: HTTP 503");
    CHECK(calls == 8);
    CHECK(default_budget.requests() == 8);
    // 0.5 + 1 + 2 + 4 + 8 + 16 + 30 (capped) seconds of virtual waiting.
    CHECK(clock.total_slept() == 61500ms);

    http::FetcherOptions small = test_options();
    small.retry.max_attempts = 2;
    http::HttpJsonFetcher small_budget(small, clock, full);
    CHECK(failure_of(small_budget, tiny.url("/down")) ==
          "giving up on " + tiny.url("/down") + " after 2 attempts: HTTP 503");
}

TEST_CASE("http_json_fetcher: a 4xx fails at once with the status and the body") {
    std::atomic<int> calls{0};
    TinyServer tiny;
    tiny.server().Get(R"(/v3/data/kpi/(.*))", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.status = 400;
        res.set_content("{\"error\":\n  \"More than 25 ids in kpi\"}", "application/json");
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::HttpJsonFetcher fetcher(test_options(), clock, full);
    const std::string url = tiny.url("/v3/data/kpi/N1,N2");
    CHECK(failure_of(fetcher, url) ==
          "request to " + url + " failed: HTTP 400: {\"error\": \"More than 25 ids in kpi\"}");
    CHECK(calls == 1);
    CHECK(clock.sleeps().empty());
}

TEST_CASE("http_json_fetcher: hostile JSON is refused without a retry") {
    std::atomic<int> calls{0};
    TinyServer tiny;
    tiny.server().Get("/deep", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.set_content(std::string(100'000, '[') + std::string(100'000, ']'), "application/json");
    });
    tiny.server().Get("/overflow", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.set_content(R"({"values":[1e999]})", "application/json");
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::HttpJsonFetcher fetcher(test_options(), clock, full);
    CHECK(failure_of(fetcher, tiny.url("/deep")) ==
          "request to " + tiny.url("/deep") + " failed: JSON nested deeper than 64 levels");
    CHECK(failure_of(fetcher, tiny.url("/overflow")) ==
          "request to " + tiny.url("/overflow") +
              " failed: unreadable JSON (number overflow parsing '1e999')");
    CHECK(calls == 2);
    CHECK(fetcher.retries() == 0);
}

TEST_CASE("http_json_fetcher: get_body checks the nesting unless the reader vouches for it") {
    std::atomic<int> calls{0};
    TinyServer tiny;
    const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
    tiny.server().Get("/deep", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.set_content(deep, "application/json");
    });
    tiny.server().Get("/flat", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.set_content(R"({"values":[]})", "application/json");
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::HttpJsonFetcher fetcher(test_options(), clock, full);
    const auto failure = [&](const std::string& path, const http::JsonFetcher::BodyReader& read) {
        try {
            fetcher.get_body(tiny.url(path), read);
        } catch (const http::SyncError& error) {
            return std::string(error.what());
        } catch (const std::runtime_error& error) {
            return std::string("passed through: ") + error.what();
        }
        return std::string("(read)");
    };
    const std::string refused =
        "request to " + tiny.url("/deep") + " failed: JSON nested deeper than 64 levels";
    int reads = 0;
    // The reader does not know the depth, accepts the text or refuses it: the nesting decides.
    CHECK(failure("/deep", [&](std::string_view) {
              ++reads;
              return 0;
          }) == refused);
    CHECK(failure("/deep", [&](std::string_view) -> int { throw std::runtime_error("no"); }) ==
          refused);
    CHECK(failure("/deep", [&](std::string_view) -> int {
              return static_cast<int>(nlohmann::json::parse("[").size());
          }) == refused);
    // A depth beyond the limit vouches for nothing.
    CHECK(failure("/deep", [&](std::string_view) {
              ++reads;
              return 65;
          }) == refused);
    // A reader that read the whole text and knows its depth saves the scan: the fetcher takes
    // its word.
    CHECK(failure("/deep", [&](std::string_view) {
              ++reads;
              return 5;
          }) == "(read)");
    // On a shallow text the reader's own exceptions pass through untouched.
    CHECK(failure("/flat", [&](std::string_view) -> int { throw std::runtime_error("no"); }) ==
          "passed through: no");
    CHECK(failure("/flat", [&](std::string_view) {
              ++reads;
              return 0;
          }) == "(read)");
    CHECK(reads == 4);
    CHECK(calls == 7);
    CHECK(fetcher.retries() == 0);
}

TEST_CASE("http_json_fetcher: credentials in the URL never reach a message") {
    TinyServer tiny;
    tiny.server().Get("/gone",
                      [&](const httplib::Request&, httplib::Response& res) { res.status = 410; });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::HttpJsonFetcher fetcher(test_options(), clock, full);
    const std::string plain = tiny.url("/gone");
    const std::string with_secret = "http://kolcat:s3cret@" + plain.substr(7);
    const std::string message = failure_of(fetcher, with_secret);
    CHECK(message == "request to http://***@" + plain.substr(7) + " failed: HTTP 410");
    CHECK(message.find("s3cret") == std::string::npos);
}

TEST_CASE(
    "http_json_fetcher: one connection is kept alive, the rate limit spaces requests, headers "
    "are kept") {
    std::mutex mutex;
    std::vector<int> remote_ports;
    TinyServer tiny;
    tiny.server().Get("/page", [&](const httplib::Request& req, httplib::Response& res) {
        {
            const std::lock_guard lock(mutex);
            remote_ports.push_back(req.remote_port);
        }
        res.set_header("X-Kolcat-Demo", "true");
        res.set_content(page.dump(), "application/json");
    });
    tiny.start();

    http::FakeClock clock;
    http::FixedJitter full(1.0);
    http::FetcherOptions options = test_options();
    options.max_rps = 5;
    http::HttpJsonFetcher fetcher(options, clock, full);
    CHECK_FALSE(fetcher.last_header("X-Kolcat-Demo").has_value());
    for (int i = 0; i < 4; ++i) {
        CHECK(fetcher.get_json(tiny.url("/page")) == page);
    }
    CHECK(fetcher.last_header("x-kolcat-demo") == "true");
    CHECK_FALSE(fetcher.last_header("x-kolcat-missing").has_value());
    CHECK(fetcher.connections_opened() == 1);
    CHECK(clock.sleeps() == std::vector<http::Clock::duration>{200ms, 200ms, 200ms});
    const std::lock_guard lock(mutex);
    REQUIRE(remote_ports.size() == 4);
    for (const int port : remote_ports) {
        CHECK(port == remote_ports.front());
    }
}
