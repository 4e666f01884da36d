#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analysis/gaps.hpp"
#include "analysis/gaps_summary.hpp"
#include "catalogue/database.hpp"
#include "tests/support/test_compare_fixture.hpp"
#include "tests/support/test_gaps_support.hpp"

using namespace kolcat::analysis;
using namespace kolcat::catalogue;
using namespace kolcat::curated;

using namespace kolcat;
using namespace kolcat::test_compare;
using kolcat::test_gaps::summarise;

namespace {

std::string id_of(int i) {
    return "X" + std::to_string(10000 + i);
}

// 400 key figures (more than a curated set, so `gaps --all` takes its many-key-figures paths):
// complete, totals only, sexes missing in the last years, values only outside the focus, none.
std::vector<catalogue::Value> many_values() {
    std::vector<catalogue::Value> values;
    for (int i = 0; i < 400; ++i) {
        const std::string id = id_of(i);
        for (int year = 2018; year <= 2022; ++year) {
            switch (i % 5) {
                case 0:
                    add_tkm(values, id, "0025", year, 1.0, 2.0, 3.0);
                    add_tkm(values, id, "0024", year, 1.0, std::nullopt, std::nullopt);
                    break;
                case 1:
                    add_tkm(values, id, "0025", year, 1.0, std::nullopt, std::nullopt);
                    break;
                case 2:
                    add_tkm(values, id, "0025", year, 1.0,
                            year < 2021 ? std::optional(2.0) : std::nullopt,
                            year < 2022 ? std::optional(3.0) : std::nullopt);
                    break;
                case 3:
                    add_tkm(values, id, "0024", year, 1.0, 2.0,
                            year < 2022 ? std::optional(3.0) : std::nullopt);
                    break;
                default:
                    break;  // nothing stored
            }
        }
    }
    return values;
}

std::vector<catalogue::Kpi> many_kpis() {
    std::vector<catalogue::Kpi> kpis;
    for (int i = 0; i < 400; ++i) {
        kpis.push_back(make_kpi(id_of(i), "A", true));
    }
    return kpis;
}

analysis::GapsRequest all_request() {
    analysis::GapsRequest request;
    request.all = true;
    return request;
}

}  // namespace

TEST_CASE("gaps summary: the stored totals give the same answers as a scan") {
    TestCatalogue test(many_kpis());
    store_values(test.catalogue(), many_values());
    catalogue::Database& db = test.catalogue().database();
    CHECK_FALSE(analysis::breakdown_summary_is_fresh(db));

    const auto scanned = analysis::check_sex_breakdown(test.catalogue(), all_request());
    CHECK(analysis::breakdown_summary_is_fresh(db));  // the scan stored them
    const auto from_summary = analysis::check_sex_breakdown(test.catalogue(), all_request());
    CHECK(summarise(from_summary) == summarise(scanned));

    REQUIRE(scanned.size() == 400);
    CHECK(scanned[0].verdict == analysis::Verdict::by_values);
    CHECK(*scanned[0].coverage == doctest::Approx(0.5));
    CHECK(scanned[1].verdict == analysis::Verdict::flag_without_values);
    CHECK(scanned[2].verdict == analysis::Verdict::partial);
    CHECK(scanned[2].missing == std::vector<std::string>{"0025: 2021 (no K), 2022"});
    CHECK(scanned[3].verdict == analysis::Verdict::partial);  // focus without values: every unit
    CHECK(scanned[3].used_fallback);
    CHECK(scanned[3].missing == std::vector<std::string>{"0024: 2022 (no M)"});
    CHECK(scanned[4].verdict == analysis::Verdict::no_data);
}

TEST_CASE("gaps summary: new values make it stale, and the answers follow the values") {
    TestCatalogue test(many_kpis());
    store_values(test.catalogue(), many_values());
    analysis::check_sex_breakdown(test.catalogue(), all_request());
    catalogue::Database& db = test.catalogue().database();
    REQUIRE(analysis::breakdown_summary_is_fresh(db));

    std::vector<catalogue::Value> more;
    add_tkm(more, id_of(1), "0025", 2022, 1.0, 2.0, 3.0);  // one K/M cell: no longer flag-only
    add_tkm(more, id_of(4), "0025", 2022, 1.0, std::nullopt, std::nullopt);
    store_values(test.catalogue(), more);
    CHECK_FALSE(analysis::breakdown_summary_is_fresh(db));

    const auto entries = analysis::check_sex_breakdown(test.catalogue(), all_request());
    CHECK(entries[1].verdict == analysis::Verdict::partial);
    CHECK(*entries[1].coverage == doctest::Approx(1.0 / 5.0));
    CHECK(entries[4].verdict == analysis::Verdict::flag_without_values);
    CHECK(analysis::breakdown_summary_is_fresh(db));
    CHECK(summarise(analysis::check_sex_breakdown(test.catalogue(), all_request())) ==
          summarise(entries));
}

TEST_CASE("gaps summary: refresh_breakdown_summary and what store refuses") {
    TestCatalogue test(many_kpis());
    store_values(test.catalogue(), many_values());
    catalogue::Database& db = test.catalogue().database();
    CHECK(analysis::refresh_breakdown_summary(test.catalogue()));
    CHECK(analysis::breakdown_summary_is_fresh(db));
    const auto totals = analysis::fresh_breakdown_summary(db);
    REQUIRE(totals);
    CHECK(totals->size() == 320);  // the key figures with values

    SUBCASE("totals computed before a write are not stored after it") {
        const std::string old_stamp = values_stamp(db);
        std::vector<catalogue::Value> more;
        add_tkm(more, id_of(4), "0025", 2022, 1.0, std::nullopt, std::nullopt);
        store_values(test.catalogue(), more);
        CHECK(values_stamp(db) != old_stamp);
        CHECK_FALSE(analysis::store_breakdown_summary(db, *totals, old_stamp));
        CHECK_FALSE(analysis::breakdown_summary_is_fresh(db));
    }
    SUBCASE("a read-only catalogue keeps working without storing") {
        std::vector<catalogue::Value> more;
        add_tkm(more, id_of(4), "0025", 2022, 1.0, std::nullopt, std::nullopt);
        store_values(test.catalogue(), more);
        catalogue::Catalogue reader =
            catalogue::Catalogue::open(test.path(), catalogue::OpenMode::read_only);
        CHECK_FALSE(analysis::refresh_breakdown_summary(reader));
        const auto entries = analysis::check_sex_breakdown(reader, all_request());
        CHECK(entries[4].verdict == analysis::Verdict::flag_without_values);
        CHECK_FALSE(analysis::breakdown_summary_is_fresh(reader.database()));
    }
}
