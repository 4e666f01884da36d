// kolcat verify's library part: the segments it plans over the blocks of synced pairs, the
// reproducible sample, and the cell-by-cell comparison of stored cells with Kolada's answer.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sync/kolada/verify.hpp"

using namespace kolcat::catalogue;
using namespace kolcat::http;
using namespace kolcat::sync;

using namespace kolcat;

namespace {

catalogue::Value cell(const std::string& kpi, const std::string& unit, int period,
                      catalogue::Gender gender, std::optional<double> value,
                      std::optional<int> count = 1, std::string status = {}) {
    catalogue::Value v;
    v.kpi = kpi;
    v.municipality = unit;
    v.period = period;
    v.gender = gender;
    v.value = value;
    v.count = count;
    v.status = std::move(status);
    return v;
}

std::string describe(const sync::CellDifference& d) {
    return d.kpi + "/" + d.unit + "/" + std::to_string(d.period) + "/" +
           std::string(to_string(d.gender)) + " " + std::string(to_string(d.kind));
}

using Rectangle = catalogue::Catalogue::SyncedRectangle;
using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs pairs_of(const std::vector<Rectangle>& rectangles) {
    Pairs pairs;
    for (const auto& rectangle : rectangles) {
        for (const auto& kpi : rectangle.kpis) {
            for (const auto& unit : rectangle.units) {
                pairs.emplace_back(kpi, unit);
            }
        }
    }
    return pairs;
}

std::string joined(const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) {
        text += (text.empty() ? "" : ",") + id;
    }
    return text;
}

// "seq kpis x units" for each segment.
std::vector<std::string> describe(const std::vector<catalogue::SyncSegment>& plan) {
    std::vector<std::string> lines;
    for (const auto& segment : plan) {
        lines.push_back(std::to_string(segment.seq) + " " + joined(segment.kpis) + " x " +
                        joined(segment.units));
    }
    return lines;
}

// The plan as verify made it from every synced pair as strings, before it planned from the
// blocks: the reference the blocks' plan must equal.
std::vector<catalogue::SyncSegment> plan_from_pairs(Pairs pairs) {
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    std::map<std::string, std::vector<std::string>> units_of_kpi;
    for (auto& [kpi, unit] : pairs) {
        units_of_kpi[kpi].push_back(std::move(unit));
    }
    std::map<std::vector<std::string>, std::vector<std::string>> kpis_by_units;
    for (auto& [kpi, units] : units_of_kpi) {
        kpis_by_units[std::move(units)].push_back(kpi);
    }
    std::vector<catalogue::SyncSegment> plan;
    for (const auto& [units, kpis] : kpis_by_units) {
        for (const auto& kpi_chunk : request_chunks(kpis)) {
            for (const auto& unit_chunk : request_chunks(units)) {
                plan.push_back(make_segment(plan.size(), kpi_chunk, unit_chunk));
            }
        }
    }
    return plan;
}

}  // namespace

TEST_CASE("verify: compare_cells lists changed, missing and extra cells, in key order") {
    const std::vector<catalogue::Value> stored = {
        cell("N1", "0025", 2020, catalogue::Gender::T, 10.0),
        cell("N1", "0025", 2020, catalogue::Gender::K, 11.0),
        cell("N1", "0025", 2021, catalogue::Gender::T, 12.0),  // gone at Kolada
        cell("N1", "G1", 2020, catalogue::Gender::T, 5.5, 3),  // group: count moved
        cell("N2", "0025", 2020, catalogue::Gender::T, std::nullopt, 0,
             "Sekretess"),                                          // status changed
        cell("N2", "0025", 2020, catalogue::Gender::M, 0.1 + 0.2),  // one ulp off
    };
    const std::vector<catalogue::Value> kolada = {
        cell("N2", "0025", 2020, catalogue::Gender::M, 0.3),
        cell("N1", "0025", 2020, catalogue::Gender::K, 11.0),  // equal, out of order
        cell("N1", "0025", 2020, catalogue::Gender::T, 10.5),  // value changed
        cell("N1", "G1", 2020, catalogue::Gender::T, 5.5, 2),
        cell("N1", "0025", 2022, catalogue::Gender::T, 1.0),  // new at Kolada
        cell("N2", "0025", 2020, catalogue::Gender::T, std::nullopt, 0, ""),
    };
    const auto differences = compare_cells(stored, kolada);
    std::vector<std::string> got;
    for (const auto& d : differences) {
        got.push_back(describe(d));
    }
    const std::vector<std::string> want = {
        "N1/0025/2020/T changed", "N1/0025/2021/T extra locally", "N1/0025/2022/T missing locally",
        "N1/G1/2020/T changed",   "N2/0025/2020/T changed",       "N2/0025/2020/M changed",
    };
    CHECK(got == want);
    REQUIRE(differences.size() == 6);
    CHECK(differences[0].value_differs);
    CHECK_FALSE(differences[0].count_differs);
    CHECK(differences[0].stored->value == 10.0);
    CHECK(differences[0].kolada->value == 10.5);
    CHECK_FALSE(differences[1].kolada.has_value());
    CHECK(differences[1].stored->value == 12.0);
    CHECK_FALSE(differences[2].stored.has_value());
    CHECK(differences[2].kolada->value == 1.0);
    CHECK(differences[3].count_differs);
    CHECK_FALSE(differences[3].value_differs);
    CHECK(differences[4].status_differs);
    CHECK_FALSE(differences[4].value_differs);  // both null
    CHECK(differences[5].value_differs);        // 0.1 + 0.2 is not 0.3
}

TEST_CASE("verify: equal lists have no differences; deleted entries are not cells") {
    std::vector<catalogue::Value> stored = {
        cell("N1", "0025", 2020, catalogue::Gender::T, 1.0),
        cell("N1", "0025", 2020, catalogue::Gender::K, std::nullopt, 0)};
    CHECK(compare_cells(stored, stored).empty());
    CHECK(compare_cells({}, {}).empty());
    std::vector<catalogue::Value> kolada = stored;
    catalogue::Value deleted = cell("N1", "0025", 2020, catalogue::Gender::K, std::nullopt, 0);
    deleted.is_deleted = true;
    kolada.push_back(deleted);
    const auto differences = compare_cells(stored, kolada);
    REQUIRE(differences.size() == 1);
    CHECK(describe(differences[0]) == "N1/0025/2020/K extra locally");
    // A repeated cell: the last one counts.
    std::vector<catalogue::Value> repeated = {cell("N1", "0025", 2020, catalogue::Gender::T, 9.0),
                                              cell("N1", "0025", 2020, catalogue::Gender::T, 1.0)};
    CHECK(compare_cells({stored[0]}, repeated).empty());
}

TEST_CASE("verify: plan_verify covers exactly the synced pairs in segments of at most 25 x 25") {
    std::vector<Rectangle> rectangles;
    std::set<std::pair<std::string, std::string>> expected;
    // 30 key figures over the same 30 units, and one key figure over a single extra unit, given
    // twice (blocks may repeat pairs).
    Rectangle square;
    for (int i = 0; i < 30; ++i) {
        square.kpis.push_back("N" + std::to_string(100 + i));
        square.units.push_back(std::to_string(1000 + i));
    }
    rectangles.push_back(square);
    rectangles.push_back({{"N999"}, {"0025"}});
    rectangles.push_back({{"N999"}, {"0025"}});
    for (const auto& pair : pairs_of(rectangles)) {
        expected.insert(pair);
    }
    const auto plan = plan_verify(rectangles);
    REQUIRE(plan.size() == 5);  // 2 x 2 chunks of the square, plus N999 x 0025
    std::set<std::pair<std::string, std::string>> covered;
    std::size_t asked = 0;
    for (std::size_t i = 0; i < plan.size(); ++i) {
        CHECK(plan[i].seq == static_cast<int>(i));
        CHECK(plan[i].kpis.size() <= 25);
        CHECK(plan[i].units.size() <= 25);
        CHECK(plan[i].years.empty());
        CHECK_FALSE(plan[i].from_date.has_value());
        CHECK(plan[i].open == catalogue::OpenList::none);
        for (const auto& k : plan[i].kpis) {
            for (const auto& u : plan[i].units) {
                covered.emplace(k, u);
                ++asked;
            }
        }
    }
    CHECK(covered == expected);
    CHECK(asked == expected.size());  // no pair asked twice, none that was never synced
    CHECK(plan_verify({}).empty());
    CHECK(plan_verify(rectangles).size() == plan.size());
}

TEST_CASE("verify: plan_verify over overlapping blocks groups key figures by their units") {
    // Blocks as syncs on three dates wrote them (dates do not matter to verify):
    //   {N2, N1} x {2580, 0025}, then {N3, N2} x {G1, 2580}, then N4 x {0025, 2580}.
    // Each key figure's units: N1 {0025, 2580}; N2 {0025, 2580, G1}; N3 {2580, G1};
    // N4 {0025, 2580}. Three unit sets, in the order of their sorted ids (a list before the
    // longer lists it begins): {0025, 2580} < {0025, 2580, G1} < {2580, G1}.
    const std::vector<Rectangle> rectangles{{{"N2", "N1"}, {"2580", "0025"}},
                                            {{"N3", "N2"}, {"G1", "2580"}},
                                            {{"N4"}, {"0025", "2580"}}};
    CHECK(describe(plan_verify(rectangles)) ==
          std::vector<std::string>{"0 N1,N4 x 0025,2580", "1 N2 x 0025,2580,G1", "2 N3 x 2580,G1"});
    // A block inside another adds nothing; a rectangle with an empty list holds no pair.
    auto more = rectangles;
    more.push_back({{"N1"}, {"0025"}});
    more.push_back({{"N5"}, {}});
    more.push_back({{}, {"9999"}});
    CHECK(describe(plan_verify(more)) == describe(plan_verify(rectangles)));
}

TEST_CASE("verify: plan_verify plans as the list of pairs it replaced did, seq for seq") {
    // Random blocks over 60 key figures x 70 units: sometimes a key figure's units cross a
    // chunk of 25, sometimes many key figures share a unit set.
    std::mt19937 random(20261205);
    const auto pick = [&random](const std::string& prefix, int size, int count) {
        std::set<std::string> ids;
        for (int i = 0; i < count; ++i) {
            ids.insert(prefix + std::to_string(100 + static_cast<int>(random() % size)));
        }
        return std::vector<std::string>(ids.begin(), ids.end());
    };
    for (int round = 0; round < 20; ++round) {
        CAPTURE(round);
        std::vector<Rectangle> rectangles;
        const int blocks = 1 + static_cast<int>(random() % 8);
        for (int b = 0; b < blocks; ++b) {
            rectangles.push_back({pick("N", 60, 1 + static_cast<int>(random() % 50)),
                                  pick("", 70, 1 + static_cast<int>(random() % 60))});
        }
        CHECK(describe(plan_verify(rectangles)) == describe(plan_from_pairs(pairs_of(rectangles))));
    }
}

TEST_CASE("verify: the sample is reproducible from its seed, distinct and sorted") {
    const auto first = sync::sample_indexes(100, 5, 421337);
    CHECK(first == sync::sample_indexes(100, 5, 421337));
    REQUIRE(first.size() == 5);
    CHECK(std::set<std::size_t>(first.begin(), first.end()).size() == 5);
    for (std::size_t i = 1; i < first.size(); ++i) {
        CHECK(first[i - 1] < first[i]);
    }
    for (const auto index : first) {
        CHECK(index < 100);
    }
    // Other seeds draw other samples (at least one of a few differs).
    bool other = false;
    for (std::uint64_t seed = 1; seed < 5; ++seed) {
        other = other || sync::sample_indexes(100, 5, seed) != first;
    }
    CHECK(other);
    // The draw is fixed by its definition (SplitMix64 steps a Fisher-Yates shuffle), not by
    // the standard library: these were worked out with an independent Python implementation.
    CHECK(first == std::vector<std::size_t>{37, 51, 68, 71, 84});
    CHECK(sync::sample_indexes(10, 3, 0) == std::vector<std::size_t>{1, 5, 9});
    CHECK(sync::sample_indexes(3, 5, 7) == std::vector<std::size_t>{0, 1, 2});
    CHECK(sync::sample_indexes(0, 5, 7).empty());
}
