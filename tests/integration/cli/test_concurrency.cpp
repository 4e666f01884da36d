// Concurrency, with the real `kolcat` binary as child processes against the in-process
// fake Kolada, whose slow answers keep a sync busy:
//  - a second `kolcat sync` on the same catalogue refuses at once (exit 4, one clear line), or
//    with --wait waits for the first to end, and their requests never interleave;
//  - a waiting sync takes over when the holder is killed (kill -9), and resumes its run;
//  - readers (status, values, search, show, and compare/gaps/report when they exist) work
//    while a sync writes, and always see whole pages.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
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

class ConcurrentSyncs {
  public:
    ConcurrentSyncs(int kpis, int units, int years)
        : data_(small_dataset(kpis, units, years)), server_(data_.dataset) {
        server_.start();
    }

    demo::FakeKoladaServer& server() { return server_; }
    const SmallDataset& data() const { return data_; }
    const ScratchDir& scratch() const { return scratch_; }
    std::string catalogue() const { return (scratch_ / "catalogue.sqlite").string(); }

    std::vector<std::string> sync_args(const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> args{kolcat_binary(),
                                      "sync",
                                      "--catalogue",
                                      catalogue(),
                                      "--api-url",
                                      server_.base_url(),
                                      "--max-rps",
                                      "0",
                                      "--quiet",
                                      "--kpi",
                                      join_ids(data_.kpis),
                                      "--unit",
                                      join_ids(data_.units)};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    // Every request is answered after `ms` milliseconds.
    void slow_down(int ms) {
        demo::Faults faults;
        faults.scope = demo::FaultScope::all;
        faults.slow = demo::FaultSpec::chance(1.0);
        faults.slow_ms = ms;
        server_.set_faults(faults);
    }

    // Blocks until the server has logged `n` requests (the syncing child holds its lock then).
    void wait_for_requests(std::size_t n) const {
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (server_.request_log().size() < n) {
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(2ms);
        }
    }

  private:
    SmallDataset data_;
    demo::FakeKoladaServer server_;
    ScratchDir scratch_{"concurrency"};
};

std::set<int> ports_of(const std::vector<demo::LoggedRequest>& log) {
    std::set<int> ports;
    for (const auto& entry : log) {
        ports.insert(entry.remote_port);
    }
    return ports;
}

}  // namespace

TEST_CASE("concurrency: a second sync refuses (exit 4) or waits (--wait), never interleaving") {
    ConcurrentSyncs fixture(3, 30, 4);
    fixture.slow_down(300);  // about 2 s for the first sync's seven requests

    Child first(fixture.sync_args(), fixture.scratch().path());
    fixture.wait_for_requests(1);
    // The first sync holds the lock from before its first request until it exits.
    const std::set<int> first_ports = ports_of(fixture.server().request_log());

    const auto refused =
        run_kolcat({"sync", "--catalogue", fixture.catalogue(), "--api-url",
                    fixture.server().base_url(), "--max-rps", "0", "--kpi",
                    join_ids(fixture.data().kpis), "--unit", join_ids(fixture.data().units)},
                   fixture.scratch().path());
    CAPTURE(describe(refused));
    CHECK(refused.exit_code == 4);
    CHECK(refused.err.starts_with("kolcat: catalogue error: another kolcat sync is running on " +
                                  fixture.catalogue() + " (process " +
                                  std::to_string(first.pid())));
    CHECK(refused.err.find("--wait") != std::string::npos);
    CHECK(line_count(refused.err) == 1);
    CHECK(refused.out.empty());
    REQUIRE_FALSE(first.finished());  // the refusal happened while the first one ran

    Child waiting(fixture.sync_args({"--wait"}), fixture.scratch().path());
    std::this_thread::sleep_for(300ms);
    CHECK_FALSE(waiting.finished());

    const auto first_result = first.wait();
    CHECK_MESSAGE(first_result.exit_code == 0, describe(first_result));
    const auto waited = waiting.wait();
    CHECK_MESSAGE(waited.exit_code == 0, describe(waited));

    // In the server's log, every request of the first sync (its connection) comes before any
    // request of the one that waited: no interleaving. The refused one made no request at all.
    const auto log = fixture.server().request_log();
    bool second_started = false;
    std::size_t first_count = 0;
    for (const auto& entry : log) {
        const bool from_first = first_ports.count(entry.remote_port) != 0;
        if (!from_first) {
            second_started = true;
        }
        CHECK_FALSE((from_first && second_started));
        first_count += from_first ? 1 : 0;
    }
    CHECK(second_started);
    CHECK(first_count > 4);

    // Two runs, both finished, one after the other.
    const RawCatalogue catalogue(fixture.catalogue());
    CHECK(catalogue.rows("SELECT id, status FROM sync_run ORDER BY id") ==
          "1,finished\n2,finished\n");
    CHECK(catalogue.rows("SELECT (SELECT started_at FROM sync_run WHERE id = 2) >= "
                         "(SELECT finished_at FROM sync_run WHERE id = 1)") == "1\n");
    CHECK(catalogue.integrity_check() == "ok\n");
}

TEST_CASE("concurrency: a waiting sync takes over from a killed one and resumes its run") {
    ConcurrentSyncs fixture(3, 150, 4);  // six data segments
    fixture.slow_down(200);

    Child first(fixture.sync_args(), fixture.scratch().path());
    fixture.wait_for_requests(6);  // metadata done, data under way
    Child waiting(fixture.sync_args({"--wait"}), fixture.scratch().path());
    std::this_thread::sleep_for(200ms);
    REQUIRE_FALSE(first.finished());
    CHECK_FALSE(waiting.finished());

    first.kill(SIGKILL);
    const auto killed = first.wait();
    CHECK(killed.signal == SIGKILL);
    fixture.server().clear_faults();
    const auto resumed = waiting.wait(60s);
    CHECK_MESSAGE(resumed.exit_code == 0, describe(resumed));

    const RawCatalogue catalogue(fixture.catalogue());
    CHECK(catalogue.integrity_check() == "ok\n");
    // The killed run was resumed, not abandoned: one run, finished.
    CHECK(catalogue.rows("SELECT id, status FROM sync_run ORDER BY id") == "1,finished\n");
    CHECK(catalogue.count("kpi_value") > 0);
}

TEST_CASE("concurrency: readers work while a sync writes, and see whole pages") {
    ConcurrentSyncs fixture(10, 150, 4);  // six data segments
    const auto sync_command = fixture.sync_args();
    const auto baseline =
        run_kolcat({sync_command.begin() + 1, sync_command.end()}, fixture.scratch().path());
    REQUIRE_MESSAGE(baseline.exit_code == 0, describe(baseline));
    const auto values_args =
        std::vector<std::string>{"values", "--catalogue", fixture.catalogue(), "--format", "csv"};
    const auto baseline_values = run_kolcat(values_args, fixture.scratch().path());
    REQUIRE(baseline_values.exit_code == 0);
    const std::size_t value_lines = line_count(baseline_values.out);
    REQUIRE(value_lines > 1000);

    // Commands that may not exist yet in this build; each is tried only if it answers --help.
    std::vector<std::vector<std::string>> readers = {
        {"status", "--catalogue", fixture.catalogue()},
        values_args,
        {"search", "--catalogue", fixture.catalogue(), "Genererat nyckeltal"},
        {"show", "--catalogue", fixture.catalogue(), fixture.data().kpis[0]},
        {"goals", "--catalogue", fixture.catalogue()},
    };
    for (const char* command : {"compare", "gaps", "report"}) {
        const auto help = run_kolcat({command, "--help"}, fixture.scratch().path());
        if (help.exit_code != 0) {
            MESSAGE("kolcat " << command << " does not exist yet: not tried during a sync");
            continue;
        }
        if (std::string(command) == "compare") {
            readers.push_back({"compare", "--catalogue", fixture.catalogue(),
                               fixture.data().kpis[0], "--region", fixture.data().units[0],
                               "--against",
                               join_ids({fixture.data().units[1], fixture.data().units[2]})});
        } else if (std::string(command) == "gaps") {
            readers.push_back({"gaps", "--catalogue", fixture.catalogue(), "--all"});
        } else {
            readers.push_back({"report", "--catalogue", fixture.catalogue(), "--out",
                               (fixture.scratch() / "report.html").string()});
        }
    }

    // A full refresh rewrites every value, page by page, slowly enough to read in between. A
    // loaded machine (the sanitizer pass) may finish one refresh before every kind of reader has
    // had its turn, so refreshes repeat until each kind has started at least once during one.
    demo::Faults faults;
    faults.slow = demo::FaultSpec::chance(1.0);
    faults.slow_ms = 400;
    fixture.server().set_faults(faults);
    std::vector<bool> started_during_sync(readers.size(), false);
    std::size_t next_reader = 0;
    std::size_t runs_during_sync = 0;
    const auto every_kind_started = [&] {
        return std::all_of(started_during_sync.begin(), started_during_sync.end(),
                           [](bool started) { return started; });
    };
    for (int refresh = 0; refresh < 5 && !every_kind_started(); ++refresh) {
        const auto requests_before = fixture.server().request_log().size();
        Child sync(fixture.sync_args({"--full"}), fixture.scratch().path());
        // The metadata (4 or more requests) and a data page.
        fixture.wait_for_requests(requests_before + 6);
        while (!sync.finished()) {
            const auto& reader = readers[next_reader];
            if (!sync.finished()) {
                started_during_sync[next_reader] = true;
                ++runs_during_sync;
            }
            next_reader = (next_reader + 1) % readers.size();
            const auto started = std::chrono::steady_clock::now();
            const auto result = run_kolcat(reader, fixture.scratch().path(), {}, 30s);
            const auto took = std::chrono::steady_clock::now() - started;
            CAPTURE(reader[0]);
            CAPTURE(describe(result));
            // Never blocked by the writer, never a catalogue error or a crash. compare and
            // report may find too little in the generated data (exit 3 or 6), which is fine.
            CHECK(took < 10s);
            CHECK(result.exit_code != 1);
            CHECK(result.exit_code != 4);
            CHECK(result.signal == 0);
            if (reader[0] == "status" || reader[0] == "values" || reader[0] == "search" ||
                reader[0] == "show" || reader[0] == "goals") {
                CHECK(result.exit_code == 0);
            }
            if (reader[0] == "values") {
                // Pages are committed whole and a full refresh removes nothing here: a reader
                // always sees every value, never half a page.
                CHECK(line_count(result.out) == value_lines);
            }
        }
        const auto sync_result = sync.wait();
        CHECK_MESSAGE(sync_result.exit_code == 0, describe(sync_result));
    }
    // Every kind of reader ran at least once while a sync wrote.
    CHECK(every_kind_started());
    MESSAGE(runs_during_sync << " reader runs started during a sync (" << readers.size()
                             << " kinds)");
    const auto final_values = run_kolcat(values_args, fixture.scratch().path());
    CHECK(final_values.out == baseline_values.out);
}
