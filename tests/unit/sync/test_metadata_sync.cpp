// The metadata sync stores a list only when it differs from the stored one (its fingerprint),
// so that syncs with unchanged metadata leave the key figures and their full-text index as they
// are; and the SHA-256 behind the fingerprints, against the FIPS 180-4 examples.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "sync/kolada/metadata_fingerprint.hpp"
#include "sync/kolada/metadata_sync.hpp"
#include "tests/support/scripted_json_fetcher.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using kolcat::testing::envelope;
using kolcat::testing::ScriptedJsonFetcher;
using nlohmann::json;

namespace {

const std::string api = "http://kolada.test/v3";

json kpi(const std::string& id, const std::string& title) {
    return {{"id", id},
            {"title", title},
            {"description", "Beskrivning av " + id},
            {"is_divided_by_gender", true},
            {"municipality_type", "A"},
            {"auspice", "X"},
            {"operating_area", "Arbetsmarknad"},
            {"perspective", "Övrigt"},
            {"prel_publication_date", nullptr},
            {"publication_date", "2026-01-16"},
            {"publ_period", "2025"},
            {"has_ou_data", false}};
}

void script(ScriptedJsonFetcher& fetcher, const std::string& n2_title) {
    fetcher.on(api + "/municipality?per_page=5000",
               envelope({{{"id", "0000"}, {"title", "Riket"}, {"type", "L"}},
                         {{"id", "2580"}, {"title", "Luleå"}, {"type", "K"}}}));
    fetcher.on(api + "/municipality_groups?per_page=5000",
               envelope({{{"id", "G1"},
                          {"title", "Grupp"},
                          {"members", {{{"member_id", "2580"}, {"member_title", "Luleå"}}}}}}));
    fetcher.on(api + "/kpi?per_page=5000",
               envelope({kpi("N1", "Arbetslöshet"), kpi("N2", n2_title), kpi("N3", "Skatt")}));
    fetcher.on(api + "/kpi_groups?per_page=5000", envelope({}));
}

sync::MetadataSyncOptions options() {
    sync::MetadataSyncOptions options;
    options.api_url = api;
    return options;
}

// What a rewrite of the key figures or their index would change: the index's own pages and
// the rows of kpi as stored (a rewritten row of equal content still counts as a change).
struct Footprint {
    std::int64_t fts_blocks = 0;
    std::int64_t fts_bytes = 0;
    std::int64_t changes = 0;  // sqlite3_total_changes of the connection after the sync
};

Footprint footprint(catalogue::Catalogue& catalogue) {
    catalogue::Database& db = catalogue.database();
    return {db.query_int("SELECT count(*) FROM kpi_fts_data"),
            db.query_int("SELECT coalesce(sum(length(block)), 0) FROM kpi_fts_data"),
            sqlite3_total_changes64(db.handle())};
}

std::vector<std::string> search_ids(const catalogue::Catalogue& catalogue,
                                    const std::string& text) {
    std::vector<std::string> ids;
    for (const auto& hit : catalogue.search(text)) {
        ids.push_back(hit.kpi);
    }
    return ids;
}

}  // namespace

TEST_CASE("metadata sync: unchanged lists are not stored again, a changed title is") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    ScriptedJsonFetcher fetcher;
    script(fetcher, "Befolkning");
    sync::sync_metadata(catalogue, fetcher, options());
    CHECK(search_ids(catalogue, "befolkning") == std::vector<std::string>{"N2"});
    const Footprint first = footprint(catalogue);

    // The same answers again: not one row written, the index as it was.
    const auto counts = sync::sync_metadata(catalogue, fetcher, options());
    CHECK(counts.kpis == 3);
    CHECK(counts.municipalities == 2);
    const Footprint second = footprint(catalogue);
    CHECK(second.changes == first.changes);
    CHECK(second.fts_blocks == first.fts_blocks);
    CHECK(second.fts_bytes == first.fts_bytes);

    // One title changed: stored, and searchable under the new words only.
    script(fetcher, "Invånare");
    sync::sync_metadata(catalogue, fetcher, options());
    CHECK(catalogue.kpi("N2")->title == "Invånare");
    CHECK(search_ids(catalogue, "invanare") == std::vector<std::string>{"N2"});
    CHECK(search_ids(catalogue, "befolkning").empty());
    CHECK(search_ids(catalogue, "arbetsloshet") == std::vector<std::string>{"N1"});

    // A key figure Kolada dropped is retired, and comes back when Kolada has it again.
    fetcher.on(api + "/kpi?per_page=5000",
               envelope({kpi("N1", "Arbetslöshet"), kpi("N2", "Invånare")}));
    sync::sync_metadata(catalogue, fetcher, options());
    CHECK(catalogue.kpi_is_retired("N3"));
    CHECK_FALSE(catalogue.kpi_is_retired("N2"));
    script(fetcher, "Invånare");
    sync::sync_metadata(catalogue, fetcher, options());
    CHECK_FALSE(catalogue.kpi_is_retired("N3"));
}

TEST_CASE("metadata sync: a list stored without a fingerprint is stored again") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    ScriptedJsonFetcher fetcher;
    script(fetcher, "Befolkning");
    sync::sync_metadata(catalogue, fetcher, options());
    REQUIRE(catalogue.metadata_fingerprint("kpi").has_value());
    // Another writer replaced the list: its fingerprint no longer describes what is stored.
    catalogue.replace_kpis({});
    CHECK_FALSE(catalogue.metadata_fingerprint("kpi").has_value());
    sync::sync_metadata(catalogue, fetcher, options());
    CHECK_FALSE(catalogue.kpi_is_retired("N1"));
    CHECK(catalogue.metadata_fingerprint("kpi").has_value());
}

TEST_CASE("metadata fingerprint: SHA-256 of the FIPS 180-4 examples") {
    const auto sha = [](const std::string& text) {
        sync::Sha256 hash;
        hash.add(text);
        return hash.hex();
    };
    CHECK(sha("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    sync::Sha256 million;
    const std::string thousand(1000, 'a');
    for (int i = 0; i < 1000; ++i) {
        million.add(thousand);
    }
    CHECK(million.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("metadata fingerprint: every stored field counts, and where one ends") {
    catalogue::Municipality a{"2580", "Luleå", "K"};
    catalogue::Municipality b{"2580", "Luleå", "L"};
    CHECK(sync::metadata_fingerprint(std::vector{a}) != sync::metadata_fingerprint(std::vector{b}));
    catalogue::Group one{"G1", "ab", {{"c", "t"}}};
    catalogue::Group two{"G1", "a", {{"bc", "t"}}};
    CHECK(sync::metadata_fingerprint(std::vector{one}) !=
          sync::metadata_fingerprint(std::vector{two}));
    catalogue::Kpi with;
    with.id = "N1";
    with.auspice = "";
    catalogue::Kpi without;
    without.id = "N1";
    CHECK(sync::metadata_fingerprint(std::vector{with}) !=
          sync::metadata_fingerprint(std::vector{without}));
}
