// Hostile but valid JSON through a whole sync: the fake Kolada serves one hostile
// answer in place of a real one, and run_sync (HttpJsonFetcher over loopback, the real pager
// and catalogue) must stop with a clear one-line error and write NOTHING from it: the catalogue's
// contents are compared before and after. The server's data was revised in between, so a sync
// that took anything from the answer would show in the comparison; a last clean sync proves it.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
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
using kolcat::demo::FaultScope;
using kolcat::demo::FaultSpec;

namespace {

constexpr double revised_value = 12345.5;

class HostileSync {
  public:
    HostileSync() : data_(small_dataset(2, 3, 4)), server_(data_.dataset) { server_.start(); }

    const SmallDataset& data() const { return data_; }
    demo::FakeKoladaServer& server() { return server_; }
    std::filesystem::path catalogue_path() const { return dir_ / "catalogue.sqlite"; }

    // One sync of every key figure and unit (one segment, one page of data).
    void sync(bool full = false) {
        catalogue::Catalogue catalogue = catalogue::Catalogue::open(catalogue_path());
        http::FetcherOptions fetcher_options;
        fetcher_options.max_rps = 0;
        fetcher_options.retry.max_attempts = 3;
        fetcher_options.http.connect_timeout = std::chrono::seconds(5);
        fetcher_options.http.transfer_timeout = std::chrono::seconds(30);
        http::HttpJsonFetcher fetcher(fetcher_options, clock_, jitter_);
        sync::SyncOptions options;
        options.api_url = server_.base_url();
        options.scope.kpis = data_.kpis;
        options.scope.units = data_.units;
        options.full = full;
        sync::run_sync(catalogue, fetcher, options);
    }

    // Every T value changes on the server: a sync that stores anything shows it.
    void revise_server_data() {
        server_.update_dataset([&](demo::Dataset& dataset) {
            for (const auto& kpi : data_.kpis) {
                for (const auto& unit : data_.units) {
                    for (int year = demo::kLastGeneratedPeriod - 3;
                         year <= demo::kLastGeneratedPeriod; ++year) {
                        dataset.set_value(kpi, unit, year, catalogue::Gender::T, revised_value);
                    }
                }
            }
        });
    }

    std::int64_t revised_values_stored() const {
        return std::stoll(RawCatalogue(catalogue_path())
                              .rows("SELECT count(*) FROM kpi_value WHERE value = " +
                                    std::to_string(revised_value)));
    }

    // A data item for the first key figure and unit, with `period` and the T entry's JSON
    // spliced in as text.
    std::string item(const std::string& period, const std::string& t_entry) const {
        return R"({"kpi": ")" + data_.kpis[0] + R"(", "municipality": ")" + data_.units[0] +
               R"(", "period": )" + period + R"(, "values": [)" + t_entry + "]}";
    }
    static std::string page(const std::vector<std::string>& items) {
        std::string text = R"({"values": [)";
        for (std::size_t i = 0; i < items.size(); ++i) {
            text += (i == 0 ? "" : ",") + items[i];
        }
        return text + R"(], "count": )" + std::to_string(items.size()) + R"(, "next_url": null})";
    }

  private:
    SmallDataset data_;
    demo::FakeKoladaServer server_;
    ScratchDir dir_{"hostile-sync"};
    http::FakeClock clock_;
    http::FixedJitter jitter_{0.0};
};

// Runs the hostile sync and checks: a one-line SyncError naming the problem, the catalogue
// unchanged and intact, then a clean sync that does store the revised data.
void check_refused(HostileSync& fixture, const demo::Faults& faults, const std::string& expected) {
    fixture.sync();
    fixture.revise_server_data();
    const std::string before = RawCatalogue(fixture.catalogue_path()).contents();
    REQUIRE(before.find("== kpi_value\n") != std::string::npos);
    const auto finished_runs = [&] {
        return RawCatalogue(fixture.catalogue_path())
            .rows("SELECT count(*) FROM sync_run WHERE status = 'finished'");
    };
    const std::string finished_before = finished_runs();

    fixture.server().set_faults(faults);
    std::string message = "(no error)";
    try {
        fixture.sync(true);
    } catch (const http::SyncError& error) {
        message = error.what();
    }
    CAPTURE(message.substr(0, 300));
    CHECK(message.find(expected) != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.size() < 1000);

    const RawCatalogue after(fixture.catalogue_path());
    CHECK(after.integrity_check() == "ok\n");
    CHECK(after.contents() == before);
    CHECK(fixture.revised_values_stored() == 0);
    // No run finished (a failed data phase records a failed run; a failed metadata phase none).
    CHECK(finished_runs() == finished_before);
    CHECK(after.rows("SELECT count(*) FROM sync_run WHERE status = 'running'") == "0\n");

    fixture.server().clear_faults();
    fixture.sync(true);
    CHECK(fixture.revised_values_stored() ==
          static_cast<std::int64_t>(fixture.data().kpis.size() * fixture.data().units.size() * 4));
}

demo::Faults data_body(const std::string& body) {
    demo::Faults faults;
    faults.custom_body = demo::FaultSpec::once();
    faults.custom_status = 200;
    faults.custom_body_text = body;
    return faults;
}

// The `index`th request of a sync (0: /municipality, 1: /municipality_groups, 2: /kpi,
// 3: /kpi_groups; each fits one page here) gets `body`.
demo::Faults metadata_body(int index, const std::string& body) {
    demo::Faults faults = data_body(body);
    faults.scope = demo::FaultScope::all;
    faults.custom_body = demo::FaultSpec::once(index);
    return faults;
}

const std::string t_entry = R"({"gender": "T", "count": 1, "status": "", "value": 1.5})";

}  // namespace

TEST_CASE("hostile sync: wrong types write nothing") {
    HostileSync fixture;
    SUBCASE("a value as a string") {
        check_refused(
            fixture,
            data_body(HostileSync::page({fixture.item(
                "2024", R"({"gender": "T", "count": 1, "status": "", "value": "1.5"})")})),
            "item 0, values[0]: value is not a number (got string \"1.5\")");
    }
    SUBCASE("a period as a float") {
        check_refused(fixture, data_body(HostileSync::page({fixture.item("2024.0", t_entry)})),
                      "item 0: period is not an integer (got number 2024.0)");
    }
    SUBCASE("a number beyond double's range") {
        check_refused(
            fixture,
            data_body(HostileSync::page({fixture.item(
                "2024", R"({"gender": "T", "count": 1, "status": "", "value": 1e999})")})),
            "unreadable JSON");
    }
}

TEST_CASE("hostile sync: unknown gender codes and duplicate cells write nothing") {
    HostileSync fixture;
    SUBCASE("gender X") {
        check_refused(fixture,
                      data_body(HostileSync::page({fixture.item(
                          "2024", R"({"gender": "X", "count": 1, "status": "", "value": 1})")})),
                      "unknown gender code string \"X\" (expected T, K or M)");
    }
    SUBCASE("the same cell twice, after a good item") {
        const auto good = fixture.item("2023", t_entry);
        const auto twice = fixture.item("2024", t_entry);
        check_refused(fixture, data_body(HostileSync::page({good, twice, twice})),
                      "item 2, values[0]: duplicate cell");
    }
}

TEST_CASE("hostile sync: 10 MB strings write nothing") {
    HostileSync fixture;
    const std::string ten_mb(10 * 1024 * 1024, 'x');
    SUBCASE("in a value's status") {
        check_refused(fixture,
                      data_body(HostileSync::page({fixture.item(
                          "2024", R"({"gender": "T", "count": 1, "value": 1, "status": ")" +
                                      ten_mb + "\"}")})),
                      "status is 10485760 bytes long, more than the 1024 allowed");
    }
    SUBCASE("in a key figure's title (metadata)") {
        const std::string kpi = R"({"id": ")" + fixture.data().kpis[0] + R"(", "title": ")" +
                                ten_mb +
                                R"(", "is_divided_by_gender": true, "municipality_type": "K"})";
        check_refused(fixture, metadata_body(2, R"({"values": [)" + kpi + R"(], "count": 1})"),
                      "title is 10485760 bytes long, more than the 4096 allowed");
    }
}

TEST_CASE("hostile sync: 100 000 levels of nesting write nothing") {
    HostileSync fixture;
    const std::size_t depth = 100'000;
    SUBCASE("data") {
        check_refused(
            fixture,
            data_body(R"({"values": )" + std::string(depth, '[') + std::string(depth, ']') + "}"),
            "JSON nested deeper than 64 levels");
    }
    SUBCASE("metadata") {
        check_refused(fixture, metadata_body(0, std::string(depth, '[')),
                      "JSON nested deeper than 64 levels");
    }
}

TEST_CASE("hostile sync: next_url to another host or in a loop writes nothing of that page") {
    HostileSync fixture;
    demo::Faults faults;
    SUBCASE("another host") {
        faults.foreign_next_url = demo::FaultSpec::once();
        faults.foreign_origin = "http://evil.example";
        check_refused(fixture, faults, "refusing next_url to another host: http://evil.example/");
    }
    SUBCASE("a loop back to the page itself, as the client spelt it") {
        // The data page's URL as kolcat asks for it (the first sync logged it).
        fixture.sync();
        std::string first_page;
        for (const auto& request : fixture.server().request_log()) {
            if (request.data && first_page.empty()) {
                first_page = fixture.server().origin() + request.target;
            }
        }
        REQUIRE_FALSE(first_page.empty());
        std::string body = HostileSync::page({fixture.item("2024", t_entry)});
        body.replace(body.find(R"("next_url": null)"), 16, R"("next_url": ")" + first_page + "\"");
        check_refused(fixture, data_body(body),
                      "next_url loops back to a page already fetched: " + first_page);
    }
    SUBCASE("a loop through the server's own paging") {
        // The fake's loop names the page number the first request left out, so the second
        // answer closes the loop; the first answer is real data and lands, the second not.
        faults.looping_next_url = demo::FaultSpec::count(2);
        fixture.sync();
        fixture.server().set_faults(faults);
        std::string message = "(no error)";
        try {
            fixture.sync(true);
        } catch (const http::SyncError& error) {
            message = error.what();
        }
        CHECK(message.find("next_url loops back to a page already fetched") != std::string::npos);
        CHECK(RawCatalogue(fixture.catalogue_path()).integrity_check() == "ok\n");
    }
}

TEST_CASE("hostile sync: a count that disagrees with the items writes nothing") {
    HostileSync fixture;
    demo::Faults faults;
    faults.wrong_count = demo::FaultSpec::once();
    check_refused(fixture, faults, "count says 25 items but values holds 24");
}

TEST_CASE("hostile sync: negative or huge years write nothing") {
    HostileSync fixture;
    SUBCASE("negative") {
        check_refused(fixture, data_body(HostileSync::page({fixture.item("-2024", t_entry)})),
                      "item 0: period -2024 is outside 1900..2100");
    }
    SUBCASE("huge") {
        check_refused(fixture, data_body(HostileSync::page({fixture.item("99999999999", t_entry)})),
                      "item 0: period 99999999999 is outside 1900..2100");
    }
    SUBCASE("a value for a year, key figure or unit nobody asked for") {
        std::string other = fixture.item("2024", t_entry);
        other.replace(other.find(fixture.data().units[0]), fixture.data().units[0].size(), "9999");
        check_refused(fixture, data_body(HostileSync::page({other})),
                      "holds a value outside the request");
    }
}

TEST_CASE("hostile sync: the kolcat command reports a hostile answer in one line, exit 5") {
    HostileSync fixture;
    ScratchDir scratch("hostile-cli");
    const auto kolcat_sync = [&] {
        return run_kolcat({"sync", "--catalogue", fixture.catalogue_path().string(), "--api-url",
                           fixture.server().base_url(), "--max-rps", "0", "--full", "--kpi",
                           join_ids(fixture.data().kpis), "--unit", join_ids(fixture.data().units)},
                          scratch.path());
    };
    const auto first = kolcat_sync();
    REQUIRE_MESSAGE(first.exit_code == 0, describe(first));
    fixture.revise_server_data();
    const std::string before = RawCatalogue(fixture.catalogue_path()).contents();
    fixture.server().set_faults(data_body(HostileSync::page(
        {fixture.item("2024", R"({"gender": "T", "count": 1, "status": "", "value": "1.5"})")})));

    const auto result = kolcat_sync();
    CAPTURE(describe(result));
    CHECK(result.exit_code == 5);
    CHECK(result.err.starts_with("kolcat: sync failed: malformed answer from http://127.0.0.1:"));
    CHECK(result.err.find("item 0, values[0]: value is not a number (got string \"1.5\")") !=
          std::string::npos);
    CHECK(line_count(result.err) == 1);
    CHECK(RawCatalogue(fixture.catalogue_path()).contents() == before);
}
