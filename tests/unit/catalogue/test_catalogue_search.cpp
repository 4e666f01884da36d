// Full-text search over key figures, and the FTS query built from user text.
#include <doctest/doctest.h>

#include "catalogue/catalogue.hpp"
#include "catalogue/fts_query.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_kpi;

namespace {

std::vector<std::string> ids_of(const std::vector<catalogue::SearchHit>& hits) {
    std::vector<std::string> ids;
    for (const auto& hit : hits) {
        ids.push_back(hit.kpi);
    }
    return ids;
}

catalogue::Catalogue searchable(const test::TempCatalogueFile& file) {
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue::Kpi vab =
        make_kpi("N00945",
                 "Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, andel av antal "
                 "dagar (%)",
                 "Antal dagar med tillfällig föräldrapenning som tagits ut av män.");
    vab.is_divided_by_gender = false;
    catalogue::Kpi equality = make_kpi("N00401", "Jämställdhetsindex, kommunens anställda",
                                       "Ett index över jämställdhet bland anställda.");
    equality.is_divided_by_gender = true;
    equality.municipality_type = "K";
    catalogue::Kpi mention =
        make_kpi("N00500", "Kostnad för äldreomsorg",
                 "Jämställdhet nämns här bara i en lång beskrivning om kostnader.");
    catalogue::Kpi gone = make_kpi("N07401", "Jämställdhet, ett utgånget nyckeltal");
    catalogue.replace_kpis({vab, equality, mention, gone});
    catalogue.replace_kpis({vab, equality, mention});  // N07401 is now retired
    return catalogue;
}

}  // namespace

TEST_CASE("to_fts_query quotes every word as a prefix phrase") {
    CHECK(catalogue::to_fts_query("jämställdhet") == "\"jämställdhet\"*");
    CHECK(catalogue::to_fts_query("  VAB  män ") == "\"VAB\"* \"män\"*");
    CHECK(catalogue::to_fts_query("a\"b") == "\"a\"* \"b\"*");
    CHECK(catalogue::to_fts_query("AND (") == "\"AND\"*");
    CHECK(catalogue::to_fts_query("N00945") == "\"N00945\"*");
    CHECK(catalogue::to_fts_query("\"").empty());
    CHECK(catalogue::to_fts_query("*").empty());
    CHECK(catalogue::to_fts_query("").empty());
    CHECK(catalogue::to_fts_query("()^:-+{}").empty());
}

TEST_CASE("Search folds diacritics and case") {
    test::TempCatalogueFile file;
    const catalogue::Catalogue catalogue = searchable(file);
    const auto folded = catalogue.search("jamstalldhet");
    CHECK(ids_of(folded) == std::vector<std::string>{"N00401", "N00500"});  // title hit first
    CHECK(ids_of(catalogue.search("JÄMSTÄLLDHET")) == ids_of(folded));
    CHECK(ids_of(catalogue.search("VAB")) == std::vector<std::string>{"N00945"});
    CHECK(ids_of(catalogue.search("vab")) == std::vector<std::string>{"N00945"});
    CHECK(ids_of(catalogue.search("aldreomsorg")) == std::vector<std::string>{"N00500"});
}

TEST_CASE("Search matches word prefixes, every word, and ids; it ranks and limits") {
    test::TempCatalogueFile file;
    const catalogue::Catalogue catalogue = searchable(file);
    CHECK(ids_of(catalogue.search("föräldrapen")) == std::vector<std::string>{"N00945"});
    CHECK(ids_of(catalogue.search("jämställdhet anställda")) == std::vector<std::string>{"N00401"});
    CHECK(catalogue.search("jämställdhet vab").empty());
    CHECK(ids_of(catalogue.search("n00945")) == std::vector<std::string>{"N00945"});
    CHECK(catalogue.search("jämställdhet", 1).size() == 1);
    const auto hits = catalogue.search("jämställdhet");
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].rank <= hits[1].rank);
    CHECK(hits[0].title == "Jämställdhetsindex, kommunens anställda");
    CHECK(hits[0].municipality_type == "K");
    CHECK(hits[0].is_divided_by_gender);
}

TEST_CASE("Retired key figures are not offered by search") {
    test::TempCatalogueFile file;
    const catalogue::Catalogue catalogue = searchable(file);
    CHECK(catalogue.search("utgånget").empty());
}

TEST_CASE("Search follows revised titles") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = searchable(file);
    catalogue.replace_kpis({make_kpi("N00945", "Vård av barn, andel män")});
    CHECK(ids_of(catalogue.search("vård barn")) == std::vector<std::string>{"N00945"});
    CHECK(catalogue.search("föräldrapenningdagar").empty());
}

TEST_CASE("Hostile search text never reaches FTS5 as syntax") {
    test::TempCatalogueFile file;
    const catalogue::Catalogue catalogue = searchable(file);
    for (const char* text :
         {"\"", "AND (", "*", "NOT", "OR OR", "jäm*", "title:vab", "^vab", "NEAR(vab män, 2)",
          "'; DROP TABLE kpi; --", "(((", "\"\"\"", "-", "–", "vab)", "{title}: vab", ""}) {
        CAPTURE(text);
        CHECK_NOTHROW(catalogue.search(text));
    }
    CHECK(ids_of(catalogue.search("vab)")) == std::vector<std::string>{"N00945"});
    CHECK(ids_of(catalogue.search("title:vab")).empty());  // "title" is a word like any other
    CHECK(catalogue.search("*").empty());
    CHECK(catalogue.counts().kpis == 3);  // and nothing was dropped
}

namespace {

// Key figures about violence ("våld") and elections ("Valdeltagande"), which the full-text
// index cannot tell apart: it folds å to a. And KPI groups, searched by title.
catalogue::Catalogue with_groups(const test::TempCatalogueFile& file) {
    catalogue::Catalogue catalogue = searchable(file);
    catalogue.replace_kpis(
        {make_kpi("N05401", "Valdeltagande, andel (%)"),
         make_kpi("N07403", "Anmälda våldsbrott i kommunen, antal per 100 000 invånare"),
         make_kpi("N01460", "Invånare 16-84 år som utsatts för våld eller hot om våld, andel (%)"),
         make_kpi("N00401", "Jämställdhetsindex, kommunens anställda",
                  "Ett index över jämställdhet bland anställda."),
         make_kpi("N00500", "Kostnad för äldreomsorg",
                  "Jämställdhet nämns här bara i en lång beskrivning om kostnader.")});
    catalogue.replace_groups(
        catalogue::GroupKind::kpi_group,
        {catalogue::Group{"G2KPI148336", "Jämställdhet", {{"N00401", "Jämställdhetsindex"}}},
         catalogue::Group{"G2KPI148333", "Jämställdhet", {{"N00500", "Kostnad för äldreomsorg"}}},
         catalogue::Group{"GKPI297", "Öppna jämförelser - Våld i nära relationer", {}},
         catalogue::Group{"GKPI100", "Kultur och fritid", {}}});
    return catalogue;
}

std::vector<std::string> kinds_of(const std::vector<catalogue::SearchHit>& hits) {
    std::vector<std::string> kinds;
    for (const auto& hit : hits) {
        kinds.push_back(catalogue::to_string(hit.kind));
    }
    return kinds;
}

}  // namespace

TEST_CASE("Search ranks hits with the letters typed above hits found by folding å, ä, ö") {
    test::TempCatalogueFile file;
    const catalogue::Catalogue catalogue = with_groups(file);
    // The index folds "våld" and "vald" alike and finds all four; the letters typed decide
    // which come first. Among the key figures holding "våld", bm25 decides (N01460 says it
    // twice in a shorter text).
    CHECK(ids_of(catalogue.search("våld")) ==
          std::vector<std::string>{"GKPI297", "N01460", "N07403", "N05401"});
    CHECK(ids_of(catalogue.search("VÅLD")) == ids_of(catalogue.search("våld")));
    CHECK(ids_of(catalogue.search("vald")) ==
          std::vector<std::string>{"N05401", "GKPI297", "N01460", "N07403"});
    // The limit cuts the ranked list, so the folded-only hit is the one left out.
    CHECK(ids_of(catalogue.search("våld", 3)) ==
          std::vector<std::string>{"GKPI297", "N01460", "N07403"});
    // Several words: the hit holding more of them as typed first.
    CHECK(ids_of(catalogue.search("våld andel")) == std::vector<std::string>{"N01460", "N05401"});
}

TEST_CASE("Search finds KPI groups by title and id, and names each hit's kind") {
    test::TempCatalogueFile file;
    const catalogue::Catalogue catalogue = with_groups(file);
    const auto hits = catalogue.search("jämställdhet");
    CHECK(ids_of(hits) ==
          std::vector<std::string>{"G2KPI148333", "G2KPI148336", "N00401", "N00500"});
    CHECK(kinds_of(hits) == std::vector<std::string>{"kpi_group", "kpi_group", "kpi", "kpi"});
    REQUIRE(hits.size() == 4);
    CHECK(hits[0].title == "Jämställdhet");
    CHECK(hits[0].municipality_type.empty());
    // Folded like the index: no letters typed as stored, so the same order by kind and rank.
    CHECK(ids_of(catalogue.search("JAMSTALLDHET")) == ids_of(hits));
    CHECK(ids_of(catalogue.search("g2kpi148336")) == std::vector<std::string>{"G2KPI148336"});
    CHECK(ids_of(catalogue.search("jämförelser nära")) == std::vector<std::string>{"GKPI297"});
    CHECK(ids_of(catalogue.search("kult")) == std::vector<std::string>{"GKPI100"});
    CHECK(catalogue.search("kultur våld").empty());  // every word must match
    CHECK(catalogue.search("*").empty());
}
