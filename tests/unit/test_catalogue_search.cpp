// Full-text search over key figures, and the FTS query built from user text.
#include <doctest/doctest.h>

#include "catalogue/catalogue.hpp"
#include "catalogue/fts_query.hpp"
#include "test_catalogue_support.hpp"

using namespace kolcat;
using test::make_kpi;

namespace {

std::vector<std::string> ids_of(const std::vector<SearchHit>& hits) {
    std::vector<std::string> ids;
    for (const auto& hit : hits) {
        ids.push_back(hit.kpi);
    }
    return ids;
}

Catalogue searchable(const test::TempCatalogueFile& file) {
    Catalogue catalogue = Catalogue::open(file.path());
    Kpi vab = make_kpi("N00945",
                       "Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, andel av antal "
                       "dagar (%)",
                       "Antal dagar med tillfällig föräldrapenning som tagits ut av män.");
    vab.is_divided_by_gender = false;
    Kpi equality = make_kpi("N00401", "Jämställdhetsindex, kommunens anställda",
                            "Ett index över jämställdhet bland anställda.");
    equality.is_divided_by_gender = true;
    equality.municipality_type = "K";
    Kpi mention = make_kpi("N00500", "Kostnad för äldreomsorg",
                           "Jämställdhet nämns här bara i en lång beskrivning om kostnader.");
    Kpi gone = make_kpi("N07401", "Jämställdhet, ett utgånget nyckeltal");
    catalogue.replace_kpis({vab, equality, mention, gone});
    catalogue.replace_kpis({vab, equality, mention});  // N07401 is now retired
    return catalogue;
}

}  // namespace

TEST_CASE("to_fts_query quotes every word as a prefix phrase") {
    CHECK(to_fts_query("jämställdhet") == "\"jämställdhet\"*");
    CHECK(to_fts_query("  VAB  män ") == "\"VAB\"* \"män\"*");
    CHECK(to_fts_query("a\"b") == "\"a\"* \"b\"*");
    CHECK(to_fts_query("AND (") == "\"AND\"*");
    CHECK(to_fts_query("N00945") == "\"N00945\"*");
    CHECK(to_fts_query("\"").empty());
    CHECK(to_fts_query("*").empty());
    CHECK(to_fts_query("").empty());
    CHECK(to_fts_query("()^:-+{}").empty());
}

TEST_CASE("Search folds diacritics and case") {
    test::TempCatalogueFile file;
    const Catalogue catalogue = searchable(file);
    const auto folded = catalogue.search("jamstalldhet");
    CHECK(ids_of(folded) == std::vector<std::string>{"N00401", "N00500"});  // title hit first
    CHECK(ids_of(catalogue.search("JÄMSTÄLLDHET")) == ids_of(folded));
    CHECK(ids_of(catalogue.search("VAB")) == std::vector<std::string>{"N00945"});
    CHECK(ids_of(catalogue.search("vab")) == std::vector<std::string>{"N00945"});
    CHECK(ids_of(catalogue.search("aldreomsorg")) == std::vector<std::string>{"N00500"});
}

TEST_CASE("Search matches word prefixes, every word, and ids; it ranks and limits") {
    test::TempCatalogueFile file;
    const Catalogue catalogue = searchable(file);
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
    const Catalogue catalogue = searchable(file);
    CHECK(catalogue.search("utgånget").empty());
}

TEST_CASE("Search follows revised titles") {
    test::TempCatalogueFile file;
    Catalogue catalogue = searchable(file);
    catalogue.replace_kpis({make_kpi("N00945", "Vård av barn, andel män")});
    CHECK(ids_of(catalogue.search("vård barn")) == std::vector<std::string>{"N00945"});
    CHECK(catalogue.search("föräldrapenningdagar").empty());
}

TEST_CASE("Hostile search text never reaches FTS5 as syntax") {
    test::TempCatalogueFile file;
    const Catalogue catalogue = searchable(file);
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
