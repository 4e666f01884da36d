// `kolcat serve` as a command: its flags, the URLs it prints, the warning when it is opened to
// the network, a port in use, stopping on SIGINT and SIGTERM, and answering (read-only) while
// `kolcat sync` writes the same catalogue, with the new data visible after the sync.

#include <doctest/doctest.h>
#include <signal.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "catalogue/database.hpp"
#include "demo/calendar.hpp"
#include "tests/support/test_serve_support.hpp"

namespace kolcat {
namespace {

using serve_test::ScratchDir;
using serve_test::ServeProcess;

// A small catalogue synced by the real binary: three key figures of the generated data.
struct SmallCatalogue {
    ScratchDir scratch{"serve-command"};
    hardening::SmallDataset data = hardening::small_dataset(3, 4, 2);
    demo::FakeKoladaServer demo{data.dataset};
    std::filesystem::path catalogue = scratch.path() / "catalogue.sqlite";

    SmallCatalogue() {
        demo.start();
        sync();
    }
    hardening::ProcessResult sync() {
        const auto result = serve_test::kolcat(
            scratch, catalogue,
            {"sync", "--api-url", demo.base_url(), "--max-rps", "0", "--quiet", "--kpi",
             hardening::join_ids(data.kpis), "--unit", hardening::join_ids(data.units)});
        REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
        return result;
    }
    std::string value_target() const {
        return "/v3/data/kpi/" + data.kpis.front() + "/municipality/" + data.units.front() +
               "/year/" + std::to_string(first_year());
    }
    int first_year() const {
        int year = 0;
        demo.read_dataset([&](const demo::Dataset& dataset) {
            const auto values = dataset.answer({{data.kpis.front()}, {data.units.front()}, {}, {}});
            REQUIRE(!values.empty());
            year = values.front().period;
        });
        return year;
    }
};

}  // namespace

TEST_CASE("serve: bad flags are one-line usage errors, exit 2") {
    SmallCatalogue small;
    for (const auto& args : std::vector<std::vector<std::string>>{{"serve", "--port", "http"},
                                                                  {"serve", "--port", "70000"},
                                                                  {"serve", "--port", "-1"},
                                                                  {"serve", "--listen", ""},
                                                                  {"serve", "--bogus"}}) {
        const auto result = serve_test::kolcat(small.scratch, small.catalogue, args);
        CAPTURE(hardening::describe(result));
        CHECK(result.exit_code == 2);
        CHECK(hardening::line_count(result.err) == 1);
        CHECK(result.out.empty());
    }
    // No catalogue: the catalogue's own one-line error, exit 4, before listening.
    const auto missing =
        serve_test::kolcat(small.scratch, small.scratch.path() / "none.sqlite", {"serve"});
    CHECK(missing.exit_code == 4);
    CHECK(hardening::line_count(missing.err) == 1);
    CHECK(missing.err.find("no catalogue at") != std::string::npos);
}

TEST_CASE("serve: prints its URL, stops cleanly on SIGINT (130) and SIGTERM (143)") {
    SmallCatalogue small;
    for (const auto& [signal, code] :
         std::vector<std::pair<int, int>>{{SIGINT, 130}, {SIGTERM, 143}}) {
        ServeProcess serve(small.scratch, small.catalogue);
        const auto out = serve.child().out_so_far();
        CHECK(out.find("http://127.0.0.1:" + std::to_string(serve.port()) + "/v3\n") !=
              std::string::npos);
        CHECK(serve.child().err_so_far().find("WARNING") == std::string::npos);
        CHECK(serve.get("/v3/kpi").status == 200);
        serve.child().kill(signal);
        const auto result = serve.child().wait(std::chrono::seconds(10));
        CAPTURE(hardening::describe(result));
        CHECK(!result.timed_out);
        CHECK(result.exit_code == code);
    }
}

TEST_CASE("serve: a port in use is a one-line error") {
    SmallCatalogue small;
    ServeProcess first(small.scratch, small.catalogue);
    const auto second = serve_test::kolcat(small.scratch, small.catalogue,
                                           {"serve", "--port", std::to_string(first.port())});
    CAPTURE(hardening::describe(second));
    CHECK(second.exit_code == 4);
    CHECK(hardening::line_count(second.err) == 1);
    CHECK(second.err.find("cannot listen on 127.0.0.1 port " + std::to_string(first.port())) !=
          std::string::npos);
    CHECK(first.get("/v3/kpi").status == 200);  // the first one still answers
}

TEST_CASE("serve: --listen 0.0.0.0 warns loudly that the catalogue is open to the network") {
    SmallCatalogue small;
    ServeProcess serve(small.scratch, small.catalogue, {"--listen", "0.0.0.0"});
    CHECK(serve.child().err_so_far().find("WARNING: kolcat serve is open to the network") !=
          std::string::npos);
    CHECK(serve.get("/v3/kpi").status == 200);
    // Listening everywhere, a name that is not this machine's is still refused.
    CHECK(serve.get("/v3/kpi", {{"Host", "rebound.example"}}).status == 421);
}

TEST_CASE("serve: answers while kolcat sync writes, and shows the new value after it") {
    SmallCatalogue small;
    ServeProcess serve(small.scratch, small.catalogue);
    const auto target = small.value_target();
    const auto before = nlohmann::json::parse(serve.get(target).body);
    REQUIRE(before["count"] == 1);

    // A revised value, and a sync that takes a while (every data page is slow).
    const int year = small.first_year();
    small.demo.update_dataset([&](demo::Dataset& dataset) {
        dataset.today = demo::utc_today();
        dataset.set_value(small.data.kpis.front(), small.data.units.front(), year,
                          catalogue::Gender::T, 12345.5);
    });
    demo::Faults faults;
    faults.slow = demo::FaultSpec::chance(1.0);
    faults.slow_ms = 150;
    small.demo.set_faults(faults);

    std::atomic<bool> done{false};
    hardening::ProcessResult synced;
    std::thread writer([&] {
        synced = hardening::run_kolcat(
            {"sync", "--api-url", small.demo.base_url(), "--max-rps", "0", "--quiet", "--kpi",
             hardening::join_ids(small.data.kpis), "--unit", hardening::join_ids(small.data.units),
             "--catalogue", small.catalogue.string()},
            small.scratch.path());
        done = true;
    });
    int answered = 0;
    while (!done) {
        const auto answer = serve.get(target);
        CHECK(answer.status == 200);
        ++answered;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    writer.join();
    REQUIRE_MESSAGE(synced.exit_code == 0, hardening::describe(synced));
    CHECK(answered > 3);
    const auto after = nlohmann::json::parse(serve.get(target).body);
    CHECK(after["values"][0]["values"][0]["value"] == 12345.5);
    CHECK(before["values"][0]["values"][0]["value"] != 12345.5);
}

TEST_CASE("serve: from_date before an upgrade's start says since when deletions are known") {
    SmallCatalogue small;
    const auto target = small.value_target() + "?from_date=2026-01-01";
    {
        ServeProcess serve(small.scratch, small.catalogue);
        // A catalogue made by this kolcat has known every deletion from its start.
        CHECK(serve.get(target).header("X-Kolcat-Deletions-Known-Since") == "<absent>");
    }
    {
        // As an upgrade from an older schema leaves it: changes known from 2026-06-01 10:00 on.
        catalogue::Database db(small.catalogue, SQLITE_OPEN_READWRITE);
        db.exec("UPDATE meta SET value = '1780308000' WHERE key = 'deletions_known_since'");
    }
    ServeProcess serve(small.scratch, small.catalogue);
    const auto answer = serve.get(target);
    CHECK(answer.status == 200);
    CHECK(answer.header("X-Kolcat-Deletions-Known-Since") == "2026-06-01T10:00:00Z");
    CHECK(serve.get(small.value_target() + "?from_date=2026-06-02")
              .header("X-Kolcat-Deletions-Known-Since") == "<absent>");
}

}  // namespace kolcat
