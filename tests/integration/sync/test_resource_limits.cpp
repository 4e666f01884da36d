// Resource limits, end to end against the fake Kolada:
//  - an answer body over 64 MiB (announced by Content-Length, or only found out while gunzipping)
//    is refused with one clear line and not retried; nothing is written;
//  - a full disk stops the sync with a clear one-line error (exit 4 from the command) and leaves
//    the catalogue intact and unchanged; the next sync, with room again, completes.
//
// How the full disk is simulated, without a test hook in the product:
//  - in process, through PRAGMA max_page_count on the catalogue's own connection
//    (Catalogue::database() is public); SQLite then fails the page's INSERT with SQLITE_FULL,
//    exactly as when the file system is out of space;
//  - for the `kolcat` process, through RLIMIT_FSIZE (setrlimit in the child, SIGXFSZ ignored):
//    every write past the limit fails in the kernel, as on a full disk. max_page_count cannot
//    be used there: it is a per-connection setting that no file or environment carries.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "demo/fake_kolada_server.hpp"
#include "sync/http/clock.hpp"
#include "sync/http/http_json_fetcher.hpp"
#include "sync/http/sync_error.hpp"
#include "sync/kolada/sync_engine.hpp"
#include "tests/support/test_hostile_support.hpp"

using namespace kolcat;
using namespace kolcat::hardening;
using kolcat::demo::FakeKoladaServer;
using kolcat::demo::Faults;
using kolcat::demo::FaultSpec;
using kolcat::demo::ServerOptions;

namespace {

constexpr std::size_t body_limit = std::size_t{64} * 1024 * 1024;

class LimitedSync {
  public:
    explicit LimitedSync(demo::ServerOptions server_options = {})
        : data_(small_dataset(3, 6, 4)), server_(data_.dataset, server_options) {
        server_.start();
    }

    const SmallDataset& data() const { return data_; }
    demo::FakeKoladaServer& server() { return server_; }
    std::filesystem::path catalogue_path() const { return dir_ / "catalogue.sqlite"; }
    const ScratchDir& dir() const { return dir_; }

    sync::SyncOptions options(bool full, bool skip_metadata = false) const {
        sync::SyncOptions options;
        options.api_url = server_.base_url();
        options.scope.kpis = data_.kpis;
        options.scope.units = data_.units;
        options.full = full;
        options.skip_metadata = skip_metadata;
        return options;
    }

    void sync(catalogue::Catalogue& catalogue, bool full = false, bool skip_metadata = false) {
        http::FetcherOptions fetcher_options;
        fetcher_options.max_rps = 0;
        fetcher_options.retry.max_attempts = 3;
        http::HttpJsonFetcher fetcher(fetcher_options, clock_, jitter_);
        sync::run_sync(catalogue, fetcher, options(full, skip_metadata));
    }
    void sync(bool full = false) {
        catalogue::Catalogue catalogue = catalogue::Catalogue::open(catalogue_path());
        sync(catalogue, full);
    }

    std::vector<std::string> cli_sync_args() const {
        return {"sync",
                "--catalogue",
                catalogue_path().string(),
                "--api-url",
                server_.base_url(),
                "--max-rps",
                "0",
                "--full",
                "--kpi",
                join_ids(data_.kpis),
                "--unit",
                join_ids(data_.units)};
    }

    // Adds values for every year of the last two centuries: a sync that stores them needs many
    // new pages.
    std::int64_t add_many_years() {
        std::int64_t added = 0;
        server_.update_dataset([&](demo::Dataset& dataset) {
            for (const auto& kpi : data_.kpis) {
                for (const auto& unit : data_.units) {
                    for (int year = 1901; year < demo::kLastGeneratedPeriod - 3; ++year) {
                        for (const catalogue::Gender gender :
                             {catalogue::Gender::T, catalogue::Gender::K, catalogue::Gender::M}) {
                            dataset.set_value(kpi, unit, year, gender, year + 0.25);
                            ++added;
                        }
                    }
                }
            }
        });
        return added;
    }

  private:
    SmallDataset data_;
    demo::FakeKoladaServer server_;
    ScratchDir dir_{"limits"};
    http::FakeClock clock_;
    http::FixedJitter jitter_{0.0};
};

// A well-formed JSON answer of exactly `bytes` bytes.
std::string padded_answer(std::size_t bytes) {
    const std::string head = R"({"values": [], "count": 0, "pad": ")";
    const std::string tail = "\"}";
    return head + std::string(bytes - head.size() - tail.size(), 'x') + tail;
}

}  // namespace

TEST_CASE("resource limits: an answer over 64 MiB is refused at once, nothing written") {
    for (const bool gzip : {true, false}) {
        CAPTURE(gzip);
        demo::ServerOptions server_options;
        server_options.gzip = gzip;  // with gzip, only decoding finds out how large it is
        LimitedSync fixture(server_options);
        fixture.sync();
        fixture.add_many_years();
        const std::string before = RawCatalogue(fixture.catalogue_path()).contents();

        demo::Faults faults;
        faults.custom_body = demo::FaultSpec::count(5);  // more than one try would get it again
        faults.custom_status = 200;
        faults.custom_body_text = padded_answer(body_limit + 1);
        fixture.server().set_faults(faults);
        std::string message = "(no error)";
        try {
            fixture.sync(true);
        } catch (const http::SyncError& error) {
            message = error.what();
        }
        CHECK(message.starts_with("request to http://127.0.0.1:"));
        CHECK(message.ends_with(" failed: response larger than 64 MiB"));
        CHECK(fixture.server().fault_counters().custom_body == 1);  // not retried
        const RawCatalogue after(fixture.catalogue_path());
        CHECK(after.integrity_check() == "ok\n");
        CHECK(after.contents() == before);
    }
}

TEST_CASE("resource limits: exactly 64 MiB is still accepted") {
    LimitedSync fixture;
    demo::Faults faults;
    faults.custom_body = demo::FaultSpec::once();
    faults.custom_status = 200;
    faults.custom_body_text = padded_answer(body_limit);
    fixture.server().set_faults(faults);
    // The page is empty but well-formed: the sync goes on with the segment's next page... which
    // it does not have, so the segment ends with no values.
    fixture.sync();
    CHECK(fixture.server().fault_counters().custom_body == 1);
    CHECK(RawCatalogue(fixture.catalogue_path()).count("kpi_value") == 0);
}

TEST_CASE("resource limits: the kolcat command refuses an oversized answer in one line") {
    LimitedSync fixture;
    ScratchDir scratch("limits-cli");
    const auto first = run_kolcat(fixture.cli_sync_args(), scratch.path());
    REQUIRE_MESSAGE(first.exit_code == 0, describe(first));
    fixture.add_many_years();
    const std::string before = RawCatalogue(fixture.catalogue_path()).contents();
    demo::Faults faults;
    faults.custom_body = demo::FaultSpec::once();
    faults.custom_status = 200;
    faults.custom_body_text = padded_answer(body_limit + 4096);
    fixture.server().set_faults(faults);

    const auto result = run_kolcat(fixture.cli_sync_args(), scratch.path());
    CAPTURE(describe(result));
    CHECK(result.exit_code == 5);
    CHECK(result.err.starts_with("kolcat: sync failed: request to http://127.0.0.1:"));
    CHECK(result.err.find("failed: response larger than 64 MiB") != std::string::npos);
    CHECK(line_count(result.err) == 1);
    CHECK(RawCatalogue(fixture.catalogue_path()).contents() == before);
}

TEST_CASE("resource limits: a full disk (max_page_count) stops the sync; the catalogue is intact") {
    LimitedSync fixture;
    fixture.sync();
    const auto added = fixture.add_many_years();
    const std::string before = RawCatalogue(fixture.catalogue_path()).contents();
    const auto values_before = RawCatalogue(fixture.catalogue_path()).count("kpi_value");

    std::string message = "(no error)";
    {
        catalogue::Catalogue catalogue = catalogue::Catalogue::open(fixture.catalogue_path());
        // Room for the run's own records, not for the new values' pages.
        const auto pages = catalogue.database().query_int("PRAGMA page_count");
        catalogue.database().exec("PRAGMA max_page_count = " + std::to_string(pages + 2));
        try {
            fixture.sync(catalogue, true, true);
        } catch (const catalogue::CatalogueError& error) {
            message = error.what();
        }
    }
    CAPTURE(message);
    CHECK(message.find("database or disk is full") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);

    const RawCatalogue after(fixture.catalogue_path());
    CHECK(after.integrity_check() == "ok\n");
    CHECK(after.contents() == before);

    fixture.sync(true);  // room again: the same sync completes
    CHECK(RawCatalogue(fixture.catalogue_path()).count("kpi_value") == values_before + added);
}

TEST_CASE("resource limits: kolcat on a full disk (RLIMIT_FSIZE) exits 4 with one line, intact") {
    LimitedSync fixture;
    const auto first = run_kolcat(fixture.cli_sync_args(), fixture.dir().path());
    REQUIRE_MESSAGE(first.exit_code == 0, describe(first));
    const auto added = fixture.add_many_years();
    const std::string before = RawCatalogue(fixture.catalogue_path()).logical_contents();
    const auto values_before = RawCatalogue(fixture.catalogue_path()).count("kpi_value");

    // 64 KiB per file: SQLite's shared-memory index (32 KiB) fits, and the write-ahead log has
    // room for the metadata's small commits but not for the page of ~6 500 new values.
    SpawnOptions full_disk;
    full_disk.max_file_bytes = 64 * 1024;
    const auto result = run_kolcat(fixture.cli_sync_args(), fixture.dir().path(), full_disk);
    CAPTURE(describe(result));
    MESSAGE("on a full disk, kolcat says: " << result.err);
    CHECK(result.exit_code == 4);
    CHECK(result.signal == 0);
    CHECK(result.err.starts_with("kolcat: catalogue error: "));
    CHECK(line_count(result.err) == 1);

    const RawCatalogue after(fixture.catalogue_path());
    CHECK(after.integrity_check() == "ok\n");
    CHECK(after.logical_contents() == before);

    const auto again = run_kolcat(fixture.cli_sync_args(), fixture.dir().path());
    CHECK_MESSAGE(again.exit_code == 0, describe(again));
    CHECK(RawCatalogue(fixture.catalogue_path()).count("kpi_value") == values_before + added);
}
