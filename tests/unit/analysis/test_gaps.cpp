#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/gaps.hpp"
#include "tests/support/test_compare_fixture.hpp"

using namespace kolcat;
using namespace kolcat::test_compare;

namespace {

const analysis::GapsEntry& entry(const std::vector<analysis::GapsEntry>& entries,
                                 const std::string& kpi) {
    const auto found = std::find_if(entries.begin(), entries.end(),
                                    [&](const analysis::GapsEntry& e) { return e.kpi == kpi; });
    REQUIRE(found != entries.end());
    return *found;
}

void add_years(std::vector<catalogue::Value>& values, const std::string& kpi,
               const std::string& unit, int first, int last, bool by_sex) {
    for (int year = first; year <= last; ++year) {
        add_tkm(values, kpi, unit, year, 50.0, by_sex ? std::optional<double>(40.0) : std::nullopt,
                by_sex ? std::optional<double>(60.0) : std::nullopt);
    }
}

// One key figure per verdict, with Norrbotten (0025, G33632 for K) as the focus.
struct VerdictCatalogue {
    TestCatalogue test{{
        make_kpi("A00001", "A", true, "Complete", "Hälso- och sjukvård"),
        make_kpi("A00002", "A", true, "Partial", "Hälso- och sjukvård"),
        make_kpi("A00003", "A", true, "Flag only", "Arbetsmarknad"),
        make_kpi("A00004", "A", false, "Values only", "Arbetsmarknad"),
        make_kpi("A00005", "A", false, "Men's share", "Arbetsmarknad"),
        make_kpi("A00006", "A", false, "Life expectancy, men", "Befolkning"),
        make_kpi("A00007", "A", false, "Totals only", "Befolkning"),
        make_kpi("A00008", "A", true, "Nothing stored", "Befolkning"),
        make_kpi("K00001", "K", true, "Municipal, complete", "Kommunen, övergripande"),
        make_kpi("L00001", "L", true, "Elsewhere only", "Regionen, övergripande"),
    }};
    VerdictCatalogue() {
        std::vector<catalogue::Value> values;
        add_years(values, "A00001", "0025", 2018, 2022, true);
        add_years(values, "A00001", "0024", 2018, 2022, false);  // other units do not matter
        add_years(values, "A00002", "0025", 2018, 2020, true);
        add_years(values, "A00002", "0025", 2021, 2022, false);
        add_years(values, "A00003", "0025", 2018, 2022, false);
        add_years(values, "A00004", "0025", 2018, 2022, true);
        add_years(values, "A00005", "0025", 2018, 2022, false);
        add_years(values, "A00006", "0025", 2018, 2022, false);
        add_years(values, "A00007", "0025", 2018, 2022, false);
        values.push_back(
            make_value("A00008", "0025", 2022, catalogue::Gender::T, std::nullopt));  // null
        add_years(values, "K00001", "G33632", 2020, 2022, true);
        add_years(values, "K00001", "0025", 2020, 2022, false);  // not the focus of a K figure
        add_years(values, "L00001", "0024", 2020, 2022, true);
        add_years(values, "L00001", "0023", 2020, 2021, true);
        add_years(values, "L00001", "0023", 2022, 2022, false);
        store_values(test.catalogue(), values);
    }
    analysis::GapsRequest request() const {
        analysis::GapsRequest request;
        request.curated = {{"A00001", curated::Breakdown::values, std::nullopt, {5}},
                           {"A00002", curated::Breakdown::values, std::nullopt, {5, 2}},
                           {"A00003", curated::Breakdown::values, std::nullopt, {2}},
                           {"A00004", curated::Breakdown::values, std::nullopt, {2}},
                           {"A00005", curated::Breakdown::by_construction, std::nullopt, {4}},
                           {"A00006", curated::Breakdown::pair, "A00009", {5}},
                           {"A00007", curated::Breakdown::values, std::nullopt, {1}},
                           {"A00008", curated::Breakdown::values, std::nullopt, {1}},
                           {"K00001", curated::Breakdown::values, std::nullopt, {3}},
                           {"L00001", curated::Breakdown::values, std::nullopt, {3}},
                           {"N99999", curated::Breakdown::values, std::nullopt, {6}}};
        return request;
    }
};

}  // namespace

TEST_CASE("gaps: one verdict per curated key figure, from the stored values") {
    VerdictCatalogue fixture;
    const auto entries = analysis::check_sex_breakdown(fixture.test.catalogue(), fixture.request());
    REQUIRE(entries.size() == 11);
    CHECK(entries.front().kpi == "A00001");  // the curated order
    CHECK(entry(entries, "A00001").verdict == analysis::Verdict::by_values);
    CHECK(entry(entries, "A00002").verdict == analysis::Verdict::partial);
    CHECK(entry(entries, "A00003").verdict == analysis::Verdict::flag_without_values);
    CHECK(entry(entries, "A00004").verdict == analysis::Verdict::values_without_flag);
    CHECK(entry(entries, "A00005").verdict == analysis::Verdict::by_construction);
    CHECK(entry(entries, "A00006").verdict == analysis::Verdict::pair);
    CHECK(entry(entries, "A00006").partner == "A00009");
    CHECK(entry(entries, "A00007").verdict == analysis::Verdict::none);
    CHECK(entry(entries, "A00008").verdict == analysis::Verdict::no_data);
    // Never synced and nothing stored: unknown, not "no data at Kolada".
    CHECK(entry(entries, "N99999").verdict == analysis::Verdict::not_synced);
    CHECK_FALSE(entry(entries, "N99999").synced);
    CHECK(entry(entries, "A00008").synced);  // a stored null shows it was fetched
    CHECK_FALSE(entry(entries, "N99999").has_metadata);
}

TEST_CASE("gaps: coverage, recent years and what is missing") {
    VerdictCatalogue fixture;
    const auto entries = analysis::check_sex_breakdown(fixture.test.catalogue(), fixture.request());
    const analysis::GapsEntry& complete = entry(entries, "A00001");
    CHECK(complete.focus_unit == "0025");
    CHECK(complete.recent_years == std::vector<int>{2020, 2021, 2022});
    CHECK(*complete.coverage == doctest::Approx(0.5));
    CHECK(complete.missing.empty());
    CHECK(complete.flag);
    CHECK(complete.goals == std::vector<int>{5});

    const analysis::GapsEntry& partial = entry(entries, "A00002");
    CHECK(*partial.coverage == doctest::Approx(3.0 / 5.0));
    CHECK(partial.missing == std::vector<std::string>{"0025: 2021, 2022"});

    CHECK(*entry(entries, "A00003").coverage == doctest::Approx(0.0));
    CHECK_FALSE(entry(entries, "A00008").coverage);  // nothing with T: missing, not 0
}

TEST_CASE("gaps: K-type key figures are checked on the county group") {
    VerdictCatalogue fixture;
    const auto entries = analysis::check_sex_breakdown(fixture.test.catalogue(), fixture.request());
    const analysis::GapsEntry& municipal = entry(entries, "K00001");
    CHECK(municipal.focus_unit == "G33632");
    CHECK_FALSE(municipal.used_fallback);
    CHECK(municipal.verdict == analysis::Verdict::by_values);
}

TEST_CASE("gaps: without focus values every stored unit is examined") {
    VerdictCatalogue fixture;
    const auto entries = analysis::check_sex_breakdown(fixture.test.catalogue(), fixture.request());
    const analysis::GapsEntry& elsewhere = entry(entries, "L00001");
    CHECK(elsewhere.used_fallback);
    CHECK(elsewhere.verdict == analysis::Verdict::partial);
    CHECK(elsewhere.missing == std::vector<std::string>{"0023: 2022"});
}

TEST_CASE("gaps: another region as the focus") {
    VerdictCatalogue fixture;
    auto request = fixture.request();
    request.region = "0024";
    const auto entries = analysis::check_sex_breakdown(fixture.test.catalogue(), request);
    // Västerbotten has only totals for A00001.
    CHECK(entry(entries, "A00001").verdict == analysis::Verdict::partial);
    CHECK(entry(entries, "A00001").focus_unit == "0024");
    CHECK(entry(entries, "K00001").focus_unit == "G33631");
    CHECK(entry(entries, "L00001").verdict == analysis::Verdict::by_values);
}

TEST_CASE("gaps: filters by sub-goal, verdict and operating area") {
    VerdictCatalogue fixture;
    auto request = fixture.request();
    request.goal = 5;
    auto entries = analysis::check_sex_breakdown(fixture.test.catalogue(), request);
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].kpi == "A00001");
    CHECK(entries[1].kpi == "A00002");
    CHECK(entries[2].kpi == "A00006");

    request = fixture.request();
    request.verdict = analysis::Verdict::no_data;
    entries = analysis::check_sex_breakdown(fixture.test.catalogue(), request);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].kpi == "A00008");

    request = fixture.request();
    request.operating_area = "HÄLSO";  // case-insensitive, å ä ö too
    entries = analysis::check_sex_breakdown(fixture.test.catalogue(), request);
    REQUIRE(entries.size() == 2);
    CHECK(entries[1].kpi == "A00002");

    CHECK(analysis::operating_area_matches(std::string("Äldre och funktionshinder"), "äldre"));
    CHECK_FALSE(analysis::operating_area_matches(std::nullopt, "äldre"));
}

TEST_CASE("gaps: --all checks every key figure in the catalogue, curated ones first") {
    VerdictCatalogue fixture;
    analysis::GapsRequest request;
    request.curated = {{"L00001", curated::Breakdown::values, std::nullopt, {3}}};
    request.all = true;
    const auto entries = analysis::check_sex_breakdown(fixture.test.catalogue(), request);
    REQUIRE(entries.size() == 10);
    CHECK(entries[0].kpi == "L00001");
    CHECK(entries[0].curated);
    CHECK(entries[1].kpi == "A00001");
    CHECK_FALSE(entries[1].curated);
    CHECK(entries[1].goals.empty());
    // Without a curated design, a figure that measures one sex is indistinguishable from none.
    CHECK(entry(entries, "A00005").verdict == analysis::Verdict::none);
    CHECK(entry(entries, "A00006").verdict == analysis::Verdict::none);
    CHECK(entry(entries, "A00004").verdict == analysis::Verdict::values_without_flag);
    CHECK(entry(entries, "A00008").verdict == analysis::Verdict::no_data);
}

TEST_CASE("gaps: many key figures take the full-scan path with the same answers") {
    std::vector<catalogue::Kpi> kpis;
    std::vector<catalogue::Value> values;
    for (int i = 0; i < 400; ++i) {
        const std::string id = "X" + std::to_string(10000 + i);
        kpis.push_back(make_kpi(id, "A", i % 2 == 0));
        if (i % 4 != 3) {
            add_years(values, id, "0025", 2020, 2022, i % 3 == 0);
        }
    }
    TestCatalogue test(kpis);
    store_values(test.catalogue(), values);
    analysis::GapsRequest request;
    request.all = true;
    const auto entries = analysis::check_sex_breakdown(test.catalogue(), request);
    REQUIRE(entries.size() == 400);
    for (int i = 0; i < 400; ++i) {
        CAPTURE(i);
        const bool flag = i % 2 == 0;
        const bool by_sex = i % 3 == 0;
        analysis::Verdict expected = analysis::Verdict::no_data;
        if (i % 4 != 3) {
            expected =
                by_sex
                    ? (flag ? analysis::Verdict::by_values : analysis::Verdict::values_without_flag)
                    : (flag ? analysis::Verdict::flag_without_values : analysis::Verdict::none);
        }
        CHECK(entries[static_cast<std::size_t>(i)].verdict == expected);
    }
}

namespace {

catalogue::Value with_status(catalogue::Value value, const std::string& status) {
    value.status = status;
    return value;
}

}  // namespace

TEST_CASE("gaps: a K or M value withheld with a status is no missing breakdown; a plain null is") {
    TestCatalogue test{{make_kpi("W00001", "A", true, "Withheld M in 2022"),
                        make_kpi("W00002", "A", true, "Every K and M withheld"),
                        make_kpi("W00003", "A", true, "Plain null M in 2022"),
                        make_kpi("W00004", "A", true, "Withheld T only")}};
    std::vector<catalogue::Value> values;
    for (int year = 2020; year <= 2022; ++year) {
        add_tkm(values, "W00001", "0025", year, 50.0, 40.0,
                year == 2022 ? std::nullopt : std::optional(60.0));
        add_tkm(values, "W00002", "0025", year, 50.0, std::nullopt, std::nullopt);
        values.push_back(with_status(
            make_value("W00002", "0025", year, catalogue::Gender::K, std::nullopt), "withheld"));
        values.push_back(with_status(
            make_value("W00002", "0025", year, catalogue::Gender::M, std::nullopt), "withheld"));
        add_tkm(values, "W00003", "0025", year, 50.0, 40.0,
                year == 2022 ? std::nullopt : std::optional(60.0));
        add_tkm(values, "W00004", "0025", year, std::nullopt, 40.0, 60.0);
        values.push_back(with_status(
            make_value("W00004", "0025", year, catalogue::Gender::T, std::nullopt), "withheld"));
    }
    values.push_back(with_status(
        make_value("W00001", "0025", 2022, catalogue::Gender::M, std::nullopt), "withheld"));
    values.push_back(
        make_value("W00003", "0025", 2022, catalogue::Gender::M, std::nullopt));  // no status
    store_values(test.catalogue(), values);

    analysis::GapsRequest request;
    request.curated = {{"W00001", curated::Breakdown::values, std::nullopt, {5}},
                       {"W00002", curated::Breakdown::values, std::nullopt, {5}},
                       {"W00003", curated::Breakdown::values, std::nullopt, {5}},
                       {"W00004", curated::Breakdown::values, std::nullopt, {5}}};
    const auto entries = analysis::check_sex_breakdown(test.catalogue(), request);
    // 2020-2022 have T, K and M (M of 2022 withheld): complete, 3 of 3 cells.
    CHECK(entry(entries, "W00001").verdict == analysis::Verdict::by_values);
    CHECK(entry(entries, "W00001").missing.empty());
    CHECK(*entry(entries, "W00001").coverage == doctest::Approx(1.0));
    // T stored, K and M withheld every year: Kolada has the breakdown, it only withholds it.
    CHECK(entry(entries, "W00002").verdict == analysis::Verdict::by_values);
    CHECK(*entry(entries, "W00002").coverage == doctest::Approx(1.0));
    // A null without a status is a missing value: 2 of 3 cells complete.
    CHECK(entry(entries, "W00003").verdict == analysis::Verdict::partial);
    CHECK(entry(entries, "W00003").missing == std::vector<std::string>{"0025: 2022 (no M)"});
    CHECK(*entry(entries, "W00003").coverage == doctest::Approx(2.0 / 3.0));
    // A withheld T gives the cells no T: no coverage, recent years from any value.
    CHECK_FALSE(entry(entries, "W00004").coverage);
    CHECK(entry(entries, "W00004").verdict == analysis::Verdict::by_values);
    CHECK(entry(entries, "W00004").recent_years == std::vector<int>{2020, 2021, 2022});
}

TEST_CASE("gaps: the stored totals of gaps --all count withheld K and M values too") {
    // Over 300 key figures take the full scan and store totals; the second run reads them.
    std::vector<catalogue::Kpi> kpis;
    std::vector<catalogue::Value> values;
    for (int i = 0; i < 301; ++i) {
        const std::string id = "X" + std::to_string(10000 + i);
        kpis.push_back(make_kpi(id, "A", true));
        add_tkm(values, id, "0024", 2022, 50.0, 40.0, std::nullopt);
        values.push_back(with_status(
            make_value(id, "0024", 2022, catalogue::Gender::M, std::nullopt), "withheld"));
        add_tkm(values, id, "0025", 2022, 50.0, 40.0, 60.0);
    }
    TestCatalogue test{kpis};
    store_values(test.catalogue(), values);
    analysis::GapsRequest request;
    request.all = true;
    for (int run = 0; run < 2; ++run) {
        const auto entries = analysis::check_sex_breakdown(test.catalogue(), request);
        REQUIRE(entries.size() == 301);
        // Both cells complete: 0024's M is withheld, not missing.
        CHECK(*entry(entries, "X10000").coverage == doctest::Approx(1.0));
        CHECK(*entry(entries, "X10300").coverage == doctest::Approx(1.0));
    }
}

TEST_CASE(
    "gaps: not_synced only for a key figure never synced for its focus; synced and empty is "
    "no_data") {
    TestCatalogue test{{make_kpi("E00001", "A", true, "Synced, Kolada has nothing"),
                        make_kpi("E00002", "A", true, "Never synced"),
                        make_kpi("E00003", "K", true, "Municipal, county group never synced")},
                       false};
    record_synced_pairs(test.catalogue(), {"E00001"}, {"0025"});
    record_synced_pairs(test.catalogue(), {"E00003"}, {"0025"});  // not the focus of a K figure
    std::vector<catalogue::Value> values;
    add_tkm(values, "E00003", "2580", 2022, 50.0, std::nullopt, std::nullopt);
    store_values(test.catalogue(), values);

    analysis::GapsRequest request;
    request.all = true;
    const auto entries = analysis::check_sex_breakdown(test.catalogue(), request);
    CHECK(entry(entries, "E00001").verdict == analysis::Verdict::no_data);
    CHECK(entry(entries, "E00001").synced);
    CHECK(entry(entries, "E00002").verdict == analysis::Verdict::not_synced);
    CHECK_FALSE(entry(entries, "E00002").synced);
    // Values of other units are judged (every unit examined) and the focus marked not synced.
    CHECK(entry(entries, "E00003").verdict == analysis::Verdict::flag_without_values);
    CHECK(entry(entries, "E00003").focus_unit == "G33632");
    CHECK_FALSE(entry(entries, "E00003").synced);
    CHECK(analysis::parse_verdict("not_synced") == analysis::Verdict::not_synced);
}

TEST_CASE("gaps: an entry's JSON form, found by ADL, in the documented key order") {
    analysis::GapsEntry entry;
    entry.kpi = "N00945";
    entry.title = "Andel";
    entry.verdict = analysis::Verdict::partial;
    entry.flag = true;
    entry.coverage = 0.5;
    entry.recent_years = {2022, 2023};
    entry.goals = {5};
    entry.missing = {"0025: 2023 (no M)"};
    entry.synced = true;
    const nlohmann::ordered_json j = std::vector<analysis::GapsEntry>{entry};
    CHECK(j.dump() ==
          R"js([{"kpi":"N00945","title":"Andel","verdict":"partial","flag":true,"coverage":0.5,)js"
          R"js("recent_years":[2022,2023],"goals":[5],"missing":["0025: 2023 (no M)"],)js"
          R"js("synced":true}])js");
    entry.coverage.reset();
    CHECK(nlohmann::ordered_json(entry)["coverage"].is_null());
}

TEST_CASE("gaps: a key figure curated as flag_only is judged from its stored values") {
    // Three key figures flagged by Kolada and curated as flag_only (the claim rested on the flag
    // alone): one whose K and M values were stored since, one with T only, one with K and M for
    // the focus in 2 of its 3 recent years. The curated claim must not stand in for values.
    TestCatalogue test{{
        make_kpi("F00001", "L", true, "Confirmed since", "Hälso- och sjukvård"),
        make_kpi("F00002", "L", true, "Still T only", "Hälso- och sjukvård"),
        make_kpi("F00003", "A", true, "Confirmed in part", "Befolkning"),
    }};
    std::vector<catalogue::Value> values;
    add_years(values, "F00001", "0025", 2019, 2022, true);
    add_years(values, "F00002", "0025", 2019, 2022, false);
    add_years(values, "F00003", "0025", 2020, 2021, true);
    add_years(values, "F00003", "0025", 2022, 2022, false);
    store_values(test.catalogue(), values);
    analysis::GapsRequest request;
    request.curated = {{"F00001", curated::Breakdown::flag_only, std::nullopt, {5}},
                       {"F00002", curated::Breakdown::flag_only, std::nullopt, {5}},
                       {"F00003", curated::Breakdown::flag_only, std::nullopt, {2}}};
    const auto entries = analysis::check_sex_breakdown(test.catalogue(), request);
    REQUIRE(entries.size() == 3);
    // 4 cells, all with T, K and M.
    CHECK(entry(entries, "F00001").verdict == analysis::Verdict::by_values);
    CHECK(*entry(entries, "F00001").coverage == doctest::Approx(1.0));
    // 4 cells with T and none with K or M: the flag without values, as for "values".
    CHECK(entry(entries, "F00002").verdict == analysis::Verdict::flag_without_values);
    CHECK(*entry(entries, "F00002").coverage == doctest::Approx(0.0));
    // Recent years 2020-2022, 2022 lacks K and M: partial, 2 of 3 cells complete.
    CHECK(entry(entries, "F00003").verdict == analysis::Verdict::partial);
    CHECK(entry(entries, "F00003").missing == std::vector<std::string>{"0025: 2022"});
    CHECK(*entry(entries, "F00003").coverage == doctest::Approx(2.0 / 3.0));
    CHECK(entry(entries, "F00003").design == curated::Breakdown::flag_only);
}
