// `kolcat serve` under concurrency: 100 clients at once, each on its own keep-alive
// connection, for two seconds, over a mix of metadata and data requests. Every answer must be
// exactly what the demo Kolada server answers for the same request (the data the catalogue
// was synced from), and no request may go unanswered. No timing is asserted (bench_serve
// measures speed); this proves correct answers while requests share the server's workers and
// its pooled catalogue connections.

#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_serve_support.hpp"

namespace kolcat {
namespace {
using Clock = std::chrono::steady_clock;
}  // namespace

TEST_CASE("serve load: 100 concurrent clients for 2 s get exactly the expected answers") {
    serve_test::ScratchDir scratch{"serve-load"};
    const auto data = hardening::small_dataset(6, 12, 5);
    demo::FakeKoladaServer demo{data.dataset};
    demo.start();
    const auto catalogue = scratch.path() / "catalogue.sqlite";
    const auto synced = serve_test::kolcat(
        scratch, catalogue,
        {"sync", "--api-url", demo.base_url(), "--max-rps", "0", "--quiet", "--kpi",
         hardening::join_ids(data.kpis), "--unit", hardening::join_ids(data.units)});
    REQUIRE_MESSAGE(synced.exit_code == 0, hardening::describe(synced));

    std::vector<std::string> targets = {"/v3/municipality", "/v3/kpi?title=a&per_page=3"};
    for (const auto& kpi : data.kpis) {
        targets.push_back("/v3/kpi/" + kpi);
        targets.push_back("/v3/data/kpi/" + kpi + "/municipality/" +
                          hardening::join_ids(data.units));
        targets.push_back("/v3/data/kpi/" + kpi + "/municipality/" + data.units.front() +
                          "/year/2022,2023?per_page=1&page=2");
    }
    serve_test::ServeProcess serve(scratch, catalogue);
    const std::string serve_origin = "http://127.0.0.1:" + std::to_string(serve.port());
    // The expected answers come from the demo server, not from kolcat serve itself.
    std::map<std::string, std::string> expected;
    for (const auto& target : targets) {
        const auto answer = serve_test::http_get(demo.port(), target);
        REQUIRE(answer.status == 200);
        expected[target] = serve_test::replace_all(answer.body, demo.origin(), serve_origin);
    }

    constexpr int kClients = 100;
    std::atomic<long> correct{0};
    std::atomic<long> wrong{0};
    std::atomic<long> failed{0};
    std::vector<long> per_client(kClients, 0);
    const auto end = Clock::now() + std::chrono::seconds(2);
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", serve.port());
            client.set_keep_alive(true);
            client.set_read_timeout(std::chrono::seconds(60));
            std::size_t i = static_cast<std::size_t>(c);
            do {
                const auto& target = targets[i++ % targets.size()];
                const auto result = client.Get(target.c_str());
                if (!result || result->status != 200) {
                    ++failed;
                } else if (result->body != expected[target]) {
                    ++wrong;
                } else {
                    ++correct;
                    ++per_client[static_cast<std::size_t>(c)];
                }
            } while (Clock::now() < end);
        });
    }
    for (auto& client : clients) {
        client.join();
    }
    MESSAGE(correct.load() << " correct answers to " << kClients << " clients");
    CHECK(wrong == 0);
    CHECK(failed == 0);
    CHECK(correct >= kClients);
    CHECK(std::count(per_client.begin(), per_client.end(), 0L) == 0);
}

}  // namespace kolcat
