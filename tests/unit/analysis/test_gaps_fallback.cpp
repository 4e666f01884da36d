// The fallback evidence stored with the gaps summary (gaps_summary.hpp): when a key figure's
// focus unit has no T value, `gaps --all` takes what every unit's values show from the summary
// instead of reading them. It must give exactly what reading them gives.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/gaps.hpp"
#include "analysis/gaps_summary.hpp"
#include "catalogue/database.hpp"
#include "tests/support/test_catalogue_support.hpp"
#include "tests/support/test_compare_fixture.hpp"
#include "tests/support/test_gaps_support.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;
using kolcat::test_gaps::summarise;

namespace {

constexpr int kPatterns = 7;
constexpr int kKpiCount = 420;  // more than a curated set: `gaps --all` takes its summary paths

std::string id_of(int i) {
    return "K" + std::to_string(10000 + i);
}

// K-type key figures (the focus of 0025 is the county group G33632, of 0024 G33631), mostly
// stored for two of Norrbotten's municipalities only, 2018-2022, in seven patterns:
//  0 complete everywhere;
//  1 T only;
//  2 Piteå (2581) lacks K in 2020 and M in 2022; its M of 2021 is withheld (present);
//  3 G33632 has K and M but no T; Luleå (2580) has T only, Piteå T, K and M;
//  4 (flag false) Luleå has K and M in 2021 only, Piteå T only;
//  5 Luleå K only: no T anywhere;
//  6 G33632 complete in 2020-2022 (the focus of 0025 has T), Luleå T only.
std::vector<catalogue::Value> pattern_values() {
    std::vector<catalogue::Value> values;
    const std::optional<double> no;
    for (int i = 0; i < kKpiCount; ++i) {
        const std::string id = id_of(i);
        for (int year = 2018; year <= 2022; ++year) {
            switch (i % kPatterns) {
                case 0:
                    add_tkm(values, id, "2580", year, 1.0, 2.0, 3.0);
                    add_tkm(values, id, "2581", year, 1.0, 2.0, 3.0);
                    break;
                case 1:
                    add_tkm(values, id, "2580", year, 1.0, no, no);
                    add_tkm(values, id, "2581", year, 1.0, no, no);
                    break;
                case 2:
                    add_tkm(values, id, "2580", year, 1.0, 2.0, 3.0);
                    add_tkm(values, id, "2581", year, 1.0, year == 2020 ? no : std::optional(2.0),
                            year == 2021 || year == 2022 ? no : std::optional(3.0));
                    if (year == 2021) {
                        catalogue::Value withheld =
                            make_value(id, "2581", year, catalogue::Gender::M, no);
                        withheld.status = "B";
                        values.push_back(withheld);
                    }
                    break;
                case 3:
                    add_tkm(values, id, "G33632", year, no, 2.0, 3.0);
                    add_tkm(values, id, "2580", year, 1.0, no, no);
                    add_tkm(values, id, "2581", year, 1.0, 2.0, 3.0);
                    break;
                case 4:
                    add_tkm(values, id, "2580", year, 1.0, year == 2021 ? std::optional(2.0) : no,
                            year == 2021 ? std::optional(3.0) : no);
                    add_tkm(values, id, "2581", year, 1.0, no, no);
                    break;
                case 5:
                    add_tkm(values, id, "2580", year, no, 2.0, no);
                    break;
                default:
                    if (year >= 2020) {
                        add_tkm(values, id, "G33632", year, 1.0, 2.0, 3.0);
                    }
                    add_tkm(values, id, "2580", year, 1.0, no, no);
                    break;
            }
        }
    }
    return values;
}

std::vector<catalogue::Kpi> pattern_kpis() {
    std::vector<catalogue::Kpi> kpis;
    for (int i = 0; i < kKpiCount; ++i) {
        kpis.push_back(make_kpi(id_of(i), "K", i % kPatterns != 4));
    }
    return kpis;
}

analysis::GapsRequest all_request(const std::string& region, int recent_year_count) {
    analysis::GapsRequest request;
    request.all = true;
    request.region = region;
    request.recent_year_count = recent_year_count;
    return request;
}

// The same key figures as a curated request (fewer than the many-key-figures threshold): read
// by primary-key ranges, every unit's cells examined at once, never the summary.
analysis::GapsRequest curated_request(const std::string& region, int recent_year_count, int first) {
    analysis::GapsRequest request;
    request.region = region;
    request.recent_year_count = recent_year_count;
    for (int i = first; i < first + 2 * kPatterns; ++i) {
        request.curated.push_back({id_of(i), curated::Breakdown::values, std::nullopt, {}});
    }
    return request;
}

struct PatternCatalogue {
    TestCatalogue test{pattern_kpis()};
    PatternCatalogue() { store_values(test.catalogue(), pattern_values()); }
    catalogue::Database& db() { return test.catalogue().database(); }
    std::vector<analysis::GapsEntry> check(const std::string& region, int recent_year_count = 3) {
        return analysis::check_sex_breakdown(test.catalogue(),
                                             all_request(region, recent_year_count));
    }
    void make_stale() { test.catalogue().set_meta("breakdown_summary_stamp", "stale"); }
};

// The entries of key figures first..first+count-1.
std::vector<analysis::GapsEntry> slice(const std::vector<analysis::GapsEntry>& entries, int first,
                                       int count) {
    return {entries.begin() + first, entries.begin() + first + count};
}

}  // namespace

TEST_CASE("gaps fallback: the stored evidence gives what every unit's values give") {
    PatternCatalogue fixture;
    for (const std::string region : {"0025", "0024", "0000"}) {
        CAPTURE(region);
        fixture.make_stale();
        const auto scanned = fixture.check(region);  // a scan of every value, storing the summary
        REQUIRE(analysis::breakdown_summary_is_fresh(fixture.db()));
        const auto from_summary = fixture.check(region);
        REQUIRE(from_summary.size() == static_cast<std::size_t>(kKpiCount));
        CHECK(summarise(from_summary) == summarise(scanned));
        // And what reading each key figure's values by its primary-key range gives.
        for (const int first : {0, 2 * kPatterns, kKpiCount - 2 * kPatterns}) {
            CAPTURE(first);
            CHECK(summarise(analysis::check_sex_breakdown(fixture.test.catalogue(),
                                                          curated_request(region, 3, first))) ==
                  summarise(slice(from_summary, first, 2 * kPatterns)));
        }
    }
}

TEST_CASE("gaps fallback: the verdicts, worked out by hand") {
    PatternCatalogue fixture;
    fixture.check("0025");  // stores the summary
    REQUIRE(analysis::breakdown_summary_is_fresh(fixture.db()));
    const std::vector<int> recent{2020, 2021, 2022};
    for (const std::string region : {"0025", "0024"}) {
        CAPTURE(region);
        const auto entries = fixture.check(region);
        // The same in both regions: no T for either county group.
        for (const int pattern : {0, 1, 2, 3, 4, 5}) {
            CAPTURE(pattern);
            CHECK(entries[pattern].used_fallback);
            CHECK(entries[pattern].recent_years == recent);
        }
        CHECK(entries[0].verdict == analysis::Verdict::by_values);
        CHECK(*entries[0].coverage == doctest::Approx(1.0));
        CHECK(entries[1].verdict == analysis::Verdict::flag_without_values);
        CHECK(*entries[1].coverage == doctest::Approx(0.0));
        CHECK(entries[1].missing.empty());
        // 10 cells with T; complete: Luleå's 5, Piteå's 2018, 2019 and 2021 (withheld M).
        CHECK(entries[2].verdict == analysis::Verdict::partial);
        CHECK(*entries[2].coverage == doctest::Approx(0.8));
        CHECK(entries[2].missing == std::vector<std::string>{"2581: 2020 (no K), 2022 (no M)"});
        // G33632's cells have no T, so they do not count; 5 of 10 cells with T are complete.
        CHECK(entries[3].verdict == analysis::Verdict::partial);
        CHECK(*entries[3].coverage == doctest::Approx(0.5));
        CHECK(entries[3].missing == std::vector<std::string>{"2580: 2020, 2021, 2022"});
        CHECK(entries[4].verdict == analysis::Verdict::values_without_flag);
        CHECK(*entries[4].coverage == doctest::Approx(0.1));
        CHECK(entries[4].missing ==
              std::vector<std::string>{"2580: 2020, 2022", "2581: 2020, 2021, 2022"});
        // No T anywhere: the recent years are the last with any value.
        CHECK(entries[5].verdict == analysis::Verdict::partial);
        CHECK_FALSE(entries[5].coverage);
        CHECK(entries[5].missing ==
              std::vector<std::string>{"2580: 2020 (no M), 2021 (no M), 2022 (no M)"});
        // 8 cells with T (G33632's 3, Luleå's 5), 3 complete.
        CHECK(*entries[6].coverage == doctest::Approx(0.375));
        CHECK(entries[6].recent_years == recent);
    }
    const auto norrbotten = fixture.check("0025");
    CHECK_FALSE(norrbotten[6].used_fallback);
    CHECK(norrbotten[6].verdict == analysis::Verdict::by_values);
    const auto vasterbotten = fixture.check("0024");
    CHECK(vasterbotten[6].used_fallback);
    CHECK(vasterbotten[6].verdict == analysis::Verdict::partial);
    CHECK(vasterbotten[6].missing == std::vector<std::string>{"2580: 2020, 2021, 2022"});
}

TEST_CASE("gaps fallback: the answer comes from the stored evidence when it is fresh") {
    PatternCatalogue fixture;
    fixture.check("0025");
    REQUIRE(analysis::breakdown_summary_is_fresh(fixture.db()));
    // Forget the missing cells stored for K10002 (pattern 2) behind the stamp's back: the next
    // answer shows they were read from the summary, not from the values.
    catalogue::Statement forget = fixture.db().prepare(
        "DELETE FROM kpi_breakdown_fallback_missing "
        "WHERE kpi = (SELECT key FROM kpi_key WHERE id = ?1)");
    forget.bind(1, id_of(2)).run();
    const auto entries = fixture.check("0025");
    CHECK(entries[2].verdict == analysis::Verdict::by_values);
    CHECK(entries[2 + kPatterns].verdict == analysis::Verdict::partial);
}

TEST_CASE("gaps fallback: another number of recent years reads every unit's values") {
    PatternCatalogue fixture;
    fixture.check("0025");
    REQUIRE(analysis::breakdown_summary_is_fresh(fixture.db()));
    const auto from_values = fixture.check("0025", 2);
    CHECK(analysis::breakdown_summary_is_fresh(fixture.db()));
    fixture.make_stale();
    CHECK(summarise(fixture.check("0025", 2)) == summarise(from_values));  // the scan's answer
    CHECK(summarise(analysis::check_sex_breakdown(fixture.test.catalogue(),
                                                  curated_request("0025", 2, 0))) ==
          summarise(slice(from_values, 0, 2 * kPatterns)));

    const std::vector<int> recent{2021, 2022};
    CHECK(from_values[2].recent_years == recent);
    CHECK(from_values[2].missing == std::vector<std::string>{"2581: 2022 (no M)"});
    CHECK(from_values[4].missing == std::vector<std::string>{"2580: 2022", "2581: 2021, 2022"});
    CHECK(from_values[5].missing == std::vector<std::string>{"2580: 2021 (no M), 2022 (no M)"});
}

TEST_CASE("gaps fallback: evidence stored before the values changed is not used") {
    PatternCatalogue fixture;
    fixture.check("0025");
    REQUIRE(analysis::breakdown_summary_is_fresh(fixture.db()));
    // Piteå's missing K of 2020 and M of 2022 arrive for K10002 only.
    std::vector<catalogue::Value> more;
    add_tkm(more, id_of(2), "2581", 2020, std::nullopt, 2.0, std::nullopt);
    add_tkm(more, id_of(2), "2581", 2022, std::nullopt, std::nullopt, 3.0);
    store_values(fixture.test.catalogue(), more);
    CHECK_FALSE(analysis::breakdown_summary_is_fresh(fixture.db()));
    CHECK_FALSE(analysis::fresh_breakdown_summary(fixture.db()));

    const auto entries = fixture.check("0025");
    CHECK(entries[2].verdict == analysis::Verdict::by_values);
    CHECK(*entries[2].coverage == doctest::Approx(1.0));
    CHECK(entries[2].missing.empty());
    CHECK(entries[2 + kPatterns].verdict == analysis::Verdict::partial);
    REQUIRE(analysis::breakdown_summary_is_fresh(fixture.db()));
    CHECK(summarise(fixture.check("0025")) == summarise(entries));
}

TEST_CASE("gaps fallback: a summary stored before schema step 10 is stale after the upgrade") {
    test::TempCatalogueFile file;
    // As schema 9 left it: one finished run, and totals stored under that run's stamp.
    test::create_catalogue_at_schema(file.path(), 9, R"sql(
        INSERT INTO sync_run (id, started_at, status, api_url, scope_kpis, scope_units,
                              scope_years, full, values_written)
        VALUES (1, '2026-01-01T00:00:00Z', 'finished', 'http://127.0.0.1/v3', '[]', '[]', '[]',
                0, 3);
        INSERT INTO kpi_breakdown_summary VALUES (1, 1, 1, 1, 1);
        INSERT INTO meta (key, value) VALUES ('breakdown_summary_stamp', 'withheld-present:1:1:3');
    )sql");
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue::Database& db = catalogue.database();
    CHECK_FALSE(analysis::breakdown_summary_is_fresh(db));
    CHECK_FALSE(analysis::fresh_breakdown_summary(db));
    CHECK(db.query_int("SELECT count(*) FROM kpi_breakdown_summary") == 0);
    CHECK(analysis::refresh_breakdown_summary(catalogue));
    CHECK(analysis::breakdown_summary_is_fresh(db));
}

TEST_CASE("gaps fallback: the summary of cells rebuilds examine_cells' evidence") {
    // Every mix of genders over two units and four years, some cells empty, in a fixed
    // pseudo-random sample: the rebuilt evidence equals the examined, field by field.
    std::uint32_t state = 12345;
    auto next_mask = [&] {
        state = state * 1103515245u + 12345u;
        return static_cast<analysis::GenderMask>((state >> 16) % 8);
    };
    for (int sample = 0; sample < 3000; ++sample) {
        std::vector<analysis::ValueCell> cells;
        for (std::int64_t unit = 1; unit <= 2; ++unit) {
            for (int year = 2019; year <= 2022; ++year) {
                if (const auto mask = next_mask(); mask != 0 || sample % 2 == 0) {
                    cells.push_back({unit, year, mask});
                }
            }
        }
        CAPTURE(sample);
        const analysis::BreakdownEvidence examined = analysis::examine_cells(cells, 3);
        const analysis::BreakdownEvidence rebuilt =
            analysis::fallback_evidence(analysis::summarise_cells(cells));
        CHECK(rebuilt.any_value == examined.any_value);
        CHECK(rebuilt.any_sex_value == examined.any_sex_value);
        CHECK(rebuilt.cells_with_t == examined.cells_with_t);
        CHECK(rebuilt.complete_cells_with_t == examined.complete_cells_with_t);
        CHECK(rebuilt.used_fallback == examined.used_fallback);
        CHECK(rebuilt.recent_years == examined.recent_years);
        CHECK(rebuilt.focus_complete == examined.focus_complete);
        if (examined.any_sex_value) {
            REQUIRE(rebuilt.missing.size() == examined.missing.size());
            for (std::size_t i = 0; i < examined.missing.size(); ++i) {
                CHECK(rebuilt.missing[i].unit == examined.missing[i].unit);
                CHECK(rebuilt.missing[i].periods == examined.missing[i].periods);
            }
        }
    }
}
