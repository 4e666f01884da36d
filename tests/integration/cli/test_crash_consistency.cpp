// Crash consistency: `kolcat sync` is killed with SIGKILL at random moments (process
// start, metadata, between and during page commits, the end of the run), 50 times. After every
// kill, PRAGMA integrity_check is ok; then the same command resumes, and the catalogue it ends
// with equals the one an uninterrupted sync made. Every other time, the resume is killed too
// before a last resume finishes the job.
//
// KOLCAT_CRASH_ITERATIONS and KOLCAT_CRASH_SEED change the loop (scripts/crash-loop runs it
// longer, with a fresh seed); the seed is printed with any failure. KOLCAT_CRASH_VERBOSE=1
// prints every kill.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "demo/fake_kolada_server.hpp"
#include "tests/support/test_hostile_support.hpp"

using namespace kolcat;
using namespace kolcat::hardening;
using kolcat::demo::FakeKoladaServer;
using kolcat::demo::Faults;
using kolcat::demo::FaultSpec;
using namespace std::chrono_literals;

namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* text = std::getenv(name);
    return text != nullptr && *text != '\0' ? std::stoull(text) : fallback;
}

void remove_catalogue(const std::filesystem::path& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal", ".lock"}) {
        std::filesystem::remove(path.string() + suffix, ignored);
    }
}

}  // namespace

TEST_CASE(
    "crash consistency: kill -9 at random points; every resume ends as an uninterrupted sync") {
    const auto iterations = static_cast<int>(env_number("KOLCAT_CRASH_ITERATIONS", 50));
    const auto seed = env_number("KOLCAT_CRASH_SEED", 20261126);
    const bool verbose = env_number("KOLCAT_CRASH_VERBOSE", 0) != 0;
    INFO("KOLCAT_CRASH_SEED=" << seed);
    std::mt19937_64 random(seed);

    // 10 key figures x 100 units x 4 years: four segments (one per 25 units) of 1 000 items,
    // about 11 000 values. Small pages spread the commits over the sync, and a little latency
    // per data request, as a real network has, spreads them further; so random kills land in
    // every phase: process start, metadata, plan, between commits and inside them, the end.
    SmallDataset data = small_dataset(10, 100, 4);
    demo::FakeKoladaServer server(data.dataset);
    server.start();
    demo::Faults faults;
    faults.slow = demo::FaultSpec::chance(1.0);
    faults.slow_ms = 50;
    server.set_faults(faults);

    ScratchDir scratch("crash");
    const auto sync_args = [&](const std::filesystem::path& catalogue) {
        return std::vector<std::string>{kolcat_binary(),     "sync",
                                        "--catalogue",       catalogue.string(),
                                        "--api-url",         server.base_url(),
                                        "--max-rps",         "0",
                                        "--quiet",           "--kpi",
                                        join_ids(data.kpis), "--unit",
                                        join_ids(data.units)};
    };

    // The reference: one uninterrupted sync, timed.
    const auto reference_path = scratch / "reference.sqlite";
    const auto started = std::chrono::steady_clock::now();
    const auto reference_run = Child(sync_args(reference_path), scratch.path()).wait();
    const auto sync_time = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    REQUIRE_MESSAGE(reference_run.exit_code == 0, describe(reference_run));
    if (verbose) {
        const auto wall_start = std::chrono::system_clock::now() -
                                std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                    std::chrono::steady_clock::now() - started);
        for (const auto& request : server.request_log()) {
            MESSAGE(
                "request answered after "
                << std::chrono::duration_cast<std::chrono::milliseconds>(request.time - wall_start)
                       .count()
                << " ms: " << request.target.substr(0, 60));
        }
    }
    const std::string reference = RawCatalogue(reference_path).logical_contents();
    const auto reference_values = RawCatalogue(reference_path).count("kpi_value");
    REQUIRE(reference_values > 10000);
    MESSAGE("uninterrupted sync: " << sync_time.count() / 1000 << " ms, " << reference_values
                                   << " values");

    // Every other first kill aims at the data phase: it waits until the killed sync has had its
    // first data page answered, then a random part of the data phase. Timed from the start
    // alone, kills land in the process start and the metadata more often the more loaded the
    // machine is, and the test must hit the pages often whatever the load.
    const auto wall_started = std::chrono::system_clock::now() -
                              std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                  std::chrono::steady_clock::now() - started);
    const auto is_data_request = [](const demo::LoggedRequest& request) {
        return request.target.rfind("/v3/data/", 0) == 0;
    };
    std::int64_t first_data_request = sync_time.count();
    for (const auto& request : server.request_log()) {
        if (is_data_request(request)) {
            first_data_request = std::min<std::int64_t>(
                first_data_request,
                std::chrono::duration_cast<std::chrono::microseconds>(request.time - wall_started)
                    .count());
        }
    }
    REQUIRE(first_data_request < sync_time.count());
    std::uniform_int_distribution<std::int64_t> kill_any_time(0, sync_time.count());
    std::uniform_int_distribution<std::int64_t> kill_in_data_phase(
        0, sync_time.count() - std::max<std::int64_t>(0, first_data_request));
    const auto wait_for_data_phase = [&] {
        const auto give_up = std::chrono::steady_clock::now() + 60s;
        while (std::chrono::steady_clock::now() < give_up) {
            const auto log = server.request_log();
            if (std::any_of(log.begin(), log.end(), is_data_request)) {
                return;
            }
            std::this_thread::sleep_for(1ms);
        }
    };
    int before_any_value = 0;
    int with_some_values = 0;
    int after_the_end = 0;
    for (int iteration = 0; iteration < iterations; ++iteration) {
        CAPTURE(iteration);
        const auto path = scratch / ("crash-" + std::to_string(iteration) + ".sqlite");
        const int kills = 1 + iteration % 2;
        for (int kill = 0; kill < kills; ++kill) {
            CAPTURE(kill);
            const bool aim_at_data = kill == 0 && iteration % 4 >= 2;
            server.clear_request_log();
            Child sync(sync_args(path), scratch.path());
            if (aim_at_data) {
                wait_for_data_phase();
            }
            const auto kill_at = std::chrono::microseconds(aim_at_data ? kill_in_data_phase(random)
                                                                       : kill_any_time(random));
            std::this_thread::sleep_for(kill_at);
            sync.kill(SIGKILL);
            const auto result = sync.wait();
            // The sync may have ended just before the kill: then it must have succeeded.
            CHECK_MESSAGE((result.signal == SIGKILL || result.exit_code == 0), describe(result));
            if (!std::filesystem::exists(path)) {
                before_any_value += kill == 0 ? 1 : 0;
                continue;
            }
            const RawCatalogue killed(path);
            CHECK(killed.integrity_check() == "ok\n");
            // Killed before the schema was created, the file may be empty.
            const bool has_values_table =
                killed.rows("SELECT count(*) FROM sqlite_schema WHERE name = 'kpi_value'") == "1\n";
            const auto values = has_values_table ? killed.count("kpi_value") : 0;
            if (verbose) {
                MESSAGE("iteration " << iteration << ", kill " << kill << " after "
                                     << kill_at.count() / 1000 << " ms: " << values << " values");
            }
            if (kill == 0) {
                before_any_value += values == 0 ? 1 : 0;
                with_some_values += values > 0 && result.signal == SIGKILL ? 1 : 0;
                after_the_end += result.exit_code == 0 ? 1 : 0;
            }
        }
        const auto resumed = Child(sync_args(path), scratch.path()).wait(60s);
        REQUIRE_MESSAGE(resumed.exit_code == 0, describe(resumed));
        const RawCatalogue catalogue(path);
        CHECK(catalogue.integrity_check() == "ok\n");
        CHECK(catalogue.logical_contents() == reference);
        // The killed runs were resumed (or abandoned, when killed before their plan was
        // stored); the last run finished.
        CHECK(catalogue.rows("SELECT status FROM sync_run ORDER BY id DESC LIMIT 1") ==
              "finished\n");
        if (iteration + 1 < iterations) {
            remove_catalogue(path);
        } else {
            // Once, through the public output too.
            const auto values =
                run_kolcat({"values", "--catalogue", path.string()}, scratch.path());
            const auto expected =
                run_kolcat({"values", "--catalogue", reference_path.string()}, scratch.path());
            CHECK(values.exit_code == 0);
            CHECK(line_count(values.out) == static_cast<std::size_t>(reference_values) + 1);
            CHECK(values.out == expected.out);
        }
    }
    MESSAGE(iterations << " first kills: " << before_any_value << " before any value, "
                       << with_some_values << " with some values stored, " << after_the_end
                       << " after the sync had ended");
    // The kills must have hit the data phase often, or the test proves little.
    CHECK(with_some_values * 4 >= iterations);
}

TEST_CASE("crash consistency: a lock file left empty by a killed sync does not lock out syncs") {
    // QLockFile creates the lock file, then writes the holder's pid into it: a sync killed in
    // between leaves an empty file (the 50 kills above hit that window under AddressSanitizer).
    SmallDataset data = small_dataset(2, 3, 2);
    demo::FakeKoladaServer server(data.dataset);
    server.start();
    ScratchDir scratch("lock");
    const auto catalogue = scratch / "catalogue.sqlite";
    const auto lock_file = std::filesystem::path(catalogue.string() + ".lock");
    const auto sync = [&](std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"sync",
                                      "--catalogue",
                                      catalogue.string(),
                                      "--api-url",
                                      server.base_url(),
                                      "--max-rps",
                                      "0",
                                      "--quiet",
                                      "--kpi",
                                      join_ids(data.kpis),
                                      "--unit",
                                      join_ids(data.units)};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_kolcat(args, scratch.path(), {}, 60s);
    };
    const auto leave_empty_lock = [&](std::filesystem::file_time_type::duration age) {
        {
            std::ofstream empty(lock_file, std::ios::trunc);
        }
        std::filesystem::last_write_time(lock_file,
                                         std::filesystem::file_time_type::clock::now() - age);
    };

    SUBCASE("an old one is removed") {
        leave_empty_lock(std::chrono::hours(1));
        const auto result = sync();
        CHECK_MESSAGE(result.exit_code == 0, describe(result));
    }
    SUBCASE("a fresh one (it may be a sync starting) is given a second, then removed") {
        leave_empty_lock(std::chrono::seconds(0));
        const auto started = std::chrono::steady_clock::now();
        const auto result = sync();
        CHECK_MESSAGE(result.exit_code == 0, describe(result));
        CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(900));
        leave_empty_lock(std::chrono::seconds(0));
        const auto waited = sync({"--wait"});
        CHECK_MESSAGE(waited.exit_code == 0, describe(waited));
    }
    SUBCASE("one that a live process holds locked (it is writing its pid) is never removed") {
        leave_empty_lock(std::chrono::hours(1));
        const int fd = ::open(lock_file.c_str(), O_RDWR);
        REQUIRE(fd >= 0);
        REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
        const auto refused = sync();
        CHECK_MESSAGE(refused.exit_code == 4, describe(refused));
        CHECK(std::filesystem::exists(lock_file));
        ::close(fd);
        const auto after = sync();
        CHECK_MESSAGE(after.exit_code == 0, describe(after));
    }
}
