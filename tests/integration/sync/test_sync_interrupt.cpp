// A sync stopped by SIGINT or SIGTERM, and `kolcat status` while a sync runs, with the real
// `kolcat` binary as a child process against the in-process fake Kolada, whose slow answers
// keep the sync at work:
//  - the signal aborts the request in flight (no wait for the slow answer), prints one line
//    and exits 130 (SIGINT) or 143 (SIGTERM); the catalogue is whole, the lock released, and
//    the next sync resumes the run and ends with the catalogue an uninterrupted sync makes;
//  - status names the process that syncs and when it started, and tells it from a run left
//    unfinished by a killed sync.

#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "demo/fake_kolada_server.hpp"
#include "tests/support/test_hostile_support.hpp"

using namespace kolcat;
using namespace kolcat::hardening;
using kolcat::demo::FakeKoladaServer;
using kolcat::demo::Faults;
using kolcat::demo::FaultScope;
using kolcat::demo::FaultSpec;
using namespace std::chrono_literals;

namespace {

constexpr const char* kInterrupted =
    "kolcat: interrupted; run 'kolcat sync' to continue where it stopped\n";
constexpr int kSlowMs = 4000;

class SlowSync {
  public:
    // 4 key figures x 75 units x 4 years: three data requests, one per 25 units.
    SlowSync() : data_(small_dataset(4, 75, 4)), server_(data_.dataset) { server_.start(); }

    std::vector<std::string> sync_args(const std::filesystem::path& catalogue) const {
        return {kolcat_binary(),
                "sync",
                "--catalogue",
                catalogue.string(),
                "--api-url",
                server_.base_url(),
                "--max-rps",
                "0",
                "--quiet",
                "--kpi",
                join_ids(data_.kpis),
                "--unit",
                join_ids(data_.units)};
    }

    // Data answers come after kSlowMs; metadata at once.
    void slow_data() {
        server_.clear_request_log();
        demo::Faults faults;
        faults.scope = demo::FaultScope::data_only;
        faults.slow = demo::FaultSpec::chance(1.0);
        faults.slow_ms = kSlowMs;
        server_.set_faults(faults);
    }
    void fast() { server_.set_faults(demo::Faults{}); }

    // Blocks until `n` data requests of the sync started last have been answered. An aborted
    // request of an earlier sync may still be logged late (its answer waited kSlowMs): only
    // requests on the connection of the new sync's metadata requests count.
    void wait_for_data_answers(std::size_t n) const {
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        for (;;) {
            std::set<int> ports;
            std::size_t answered = 0;
            for (const auto& entry : server_.request_log()) {
                if (!entry.data) {
                    ports.insert(entry.remote_port);
                } else {
                    answered += ports.count(entry.remote_port);
                }
            }
            if (answered >= n) {
                return;
            }
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(2ms);
        }
    }

    const ScratchDir& scratch() const { return scratch_; }

  private:
    SmallDataset data_;
    demo::FakeKoladaServer server_;
    ScratchDir scratch_{"interrupt"};
};

nlohmann::json status_json(const std::filesystem::path& catalogue, const ScratchDir& scratch,
                           const std::vector<std::string>& env = {}) {
    const auto status =
        run_kolcat({"status", "--catalogue", catalogue.string(), "--format", "json"},
                   scratch.path(), SpawnOptions{env, std::nullopt, {}});
    INFO(describe(status));
    REQUIRE(status.exit_code == 0);
    return nlohmann::json::parse(status.out);
}

// "HH:MM" of a time in a zone `offset` east of UTC, worked out without the C library's zones.
std::string clock_at(std::chrono::system_clock::time_point time, std::chrono::hours offset) {
    const auto local = std::chrono::floor<std::chrono::minutes>(time + offset);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss clock{local - day};
    char text[16];  // room for any int the compiler cannot rule out
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()));
    return text;
}

}  // namespace

TEST_CASE("interrupt: SIGINT and SIGTERM stop a sync cleanly, and the next sync resumes it") {
    SlowSync fixture;
    const auto reference_path = fixture.scratch() / "reference.sqlite";
    const auto reference_run =
        Child(fixture.sync_args(reference_path), fixture.scratch().path()).wait();
    REQUIRE_MESSAGE(reference_run.exit_code == 0, describe(reference_run));
    const std::string reference = RawCatalogue(reference_path).logical_contents();
    REQUIRE(RawCatalogue(reference_path).count("kpi_value") > 0);

    for (const auto& [signal, name, code] :
         {std::tuple{SIGINT, "SIGINT", 130}, std::tuple{SIGTERM, "SIGTERM", 143}}) {
        CAPTURE(name);
        const auto path = fixture.scratch() / (std::string(name) + ".sqlite");
        fixture.slow_data();
        Child sync(fixture.sync_args(path), fixture.scratch().path());
        // The first data page is answered; the second request waits for its slow answer.
        fixture.wait_for_data_answers(1);
        std::this_thread::sleep_for(300ms);
        const auto signalled = std::chrono::steady_clock::now();
        sync.kill(signal);
        const auto result = sync.wait();
        const auto took = std::chrono::steady_clock::now() - signalled;
        CAPTURE(describe(result));
        CHECK(result.signal == 0);
        CHECK(result.exit_code == code);
        CHECK(result.err == kInterrupted);
        CHECK(result.out.empty());
        // It did not wait for the answer in flight (kSlowMs), nor retry it.
        CHECK(took < std::chrono::milliseconds(kSlowMs / 2));

        {
            const RawCatalogue stopped(path);
            CHECK(stopped.integrity_check() == "ok\n");
            CHECK(stopped.count("kpi_value") > 0);  // the first page stayed
            CHECK(stopped.rows("SELECT status, error FROM sync_run") ==
                  std::string("failed,interrupted by ") + name + "\n");
        }
        // The lock is released: status sees no sync at work, and says how the run ended.
        const auto status = status_json(path, fixture.scratch());
        CAPTURE(status.dump());
        CHECK(status.at("latest_run").get<std::string>().starts_with("failed, started "));
        CHECK(status.at("last_sync_failure")
                  .get<std::string>()
                  .ends_with(std::string(" interrupted by ") + name));

        // The next sync, without --wait (a held lock would refuse it), continues the run.
        fixture.fast();
        const auto resumed = Child(fixture.sync_args(path), fixture.scratch().path()).wait();
        REQUIRE_MESSAGE(resumed.exit_code == 0, describe(resumed));
        const RawCatalogue catalogue(path);
        CHECK(catalogue.integrity_check() == "ok\n");
        CHECK(catalogue.logical_contents() == reference);
        // One run, resumed and finished: not a fresh one beside an abandoned one.
        CHECK(catalogue.rows("SELECT status FROM sync_run") == "finished\n");
    }
}

TEST_CASE("interrupt: status names a running sync, and tells it from one a kill left") {
    SlowSync fixture;
    const auto path = fixture.scratch() / "catalogue.sqlite";
    fixture.slow_data();
    const auto before = std::chrono::system_clock::now();
    Child sync(fixture.sync_args(path), fixture.scratch().path());
    fixture.wait_for_data_answers(1);

    // Local time five hours east of UTC, in a zone that needs no time-zone database.
    const auto running = status_json(path, fixture.scratch(), {"TZ=XYZ-5"});
    const auto after = std::chrono::system_clock::now();
    REQUIRE_FALSE(sync.finished());
    CAPTURE(running.dump());
    const std::string prefix = "running (process " + std::to_string(sync.pid()) + ", since ";
    const std::string latest = running.at("latest_run").get<std::string>();
    CHECK((latest == prefix + clock_at(before, 5h) + ")" ||
           latest == prefix + clock_at(after, 5h) + ")"));
    CHECK_FALSE(running.contains("latest_run_error"));

    // Killed, the sync leaves its lock file and its run behind, but no process holds them.
    sync.kill(SIGKILL);
    CHECK(sync.wait().signal == SIGKILL);
    REQUIRE(std::filesystem::exists(path.string() + ".lock"));
    const auto left = status_json(path, fixture.scratch());
    CAPTURE(left.dump());
    CHECK(left.at("latest_run")
              .get<std::string>()
              .starts_with("unfinished (run 'kolcat sync' to resume), started "));
}
