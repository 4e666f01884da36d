#pragma once
// Small synthetic catalogues for the compare and gaps tests (unit and integration): a temporary
// catalogue file, metadata, and values stored the way a sync stores them (begin_run +
// commit_page), so the tests read exactly what the commands read.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/value.hpp"
#include "tests/support/temp_folder.hpp"
#include "tests/support/test_catalogue_support.hpp"

namespace kolcat::test_compare {

using TempFolder = testing::TempFolder;

inline catalogue::Kpi make_kpi(const std::string& id, const std::string& type, bool divided,
                               const std::string& title = "",
                               const std::string& operating_area = "Test") {
    catalogue::Kpi kpi;
    kpi.id = id;
    kpi.title = title.empty() ? "Key figure " + id : title;
    kpi.description = "Synthetic key figure for tests";
    kpi.is_divided_by_gender = divided;
    kpi.municipality_type = type;
    kpi.operating_area = operating_area;
    kpi.raw_json = "{}";
    return kpi;
}

// test::make_value without a member count.
inline catalogue::Value make_value(const std::string& kpi, const std::string& unit, int period,
                                   catalogue::Gender gender, std::optional<double> number) {
    return test::make_value(kpi, unit, period, gender, number, std::nullopt);
}

// T, K and M of one unit and year; a missing number stores no row for that gender.
inline void add_tkm(std::vector<catalogue::Value>& values, const std::string& kpi,
                    const std::string& unit, int period, std::optional<double> t,
                    std::optional<double> k, std::optional<double> m) {
    if (t) {
        values.push_back(make_value(kpi, unit, period, catalogue::Gender::T, t));
    }
    if (k) {
        values.push_back(make_value(kpi, unit, period, catalogue::Gender::K, k));
    }
    if (m) {
        values.push_back(make_value(kpi, unit, period, catalogue::Gender::M, m));
    }
}

// Stores values as one incremental sync run (no sweep), in pages of `page_size`.
inline void store_values(catalogue::Catalogue& catalogue,
                         const std::vector<catalogue::Value>& values,
                         std::size_t page_size = 50000) {
    catalogue::SyncRun run;
    run.started_at = "2026-01-01T00:00:00Z";
    run.api_url = "http://127.0.0.1/test";
    catalogue::SyncSegment segment;
    segment.seq = 0;
    segment.from_date = "2000-01-01";  // incremental: nothing is swept
    run.segments.push_back(segment);
    run = catalogue.begin_run(run);
    std::size_t start = 0;
    do {
        const std::size_t end = std::min(values.size(), start + page_size);
        std::vector<catalogue::Value> page(values.begin() + static_cast<std::ptrdiff_t>(start),
                                           values.begin() + static_cast<std::ptrdiff_t>(end));
        const bool last = end == values.size();
        catalogue.commit_page(run.id, 0, page,
                              last ? std::nullopt : std::optional<std::string>("more"), 1);
        start = end;
    } while (start < values.size());
    catalogue.finish_run(run.id, catalogue::RunStatus::finished, "2026-01-01T00:00:01Z", {},
                         std::nullopt, 1);
}

// Records (kpis x units) as synced over every year, as a finished full fetch that delivered no
// values does. Call it before storing values: the fetch sweeps what its scope held before.
inline void record_synced_pairs(catalogue::Catalogue& catalogue,
                                const std::vector<std::string>& kpis,
                                const std::vector<std::string>& units) {
    catalogue::SyncRun run;
    run.started_at = "2026-01-01T00:00:00Z";
    run.api_url = "http://127.0.0.1/test";
    catalogue::SyncSegment segment;
    segment.kpis = kpis;
    segment.units = units;
    run.segments.push_back(segment);
    run = catalogue.begin_run(run);
    catalogue.commit_page(run.id, 0, {}, std::nullopt, 1);
    catalogue.finish_run(run.id, catalogue::RunStatus::finished, "2026-01-01T00:00:01Z", {},
                         std::nullopt, 1);
}

// Riket, the 21 regions (titles as in Kolada), Norrbotten's 14 municipalities and a few others.
inline std::vector<catalogue::Municipality> test_municipalities() {
    return {
        {"0000", "Riket", "L"},
        {"0001", "Region Stockholm", "L"},
        {"0003", "Region Uppsala", "L"},
        {"0004", "Region Sörmland", "L"},
        {"0005", "Region Östergötland", "L"},
        {"0006", "Region Jönköpings län", "L"},
        {"0007", "Region Kronoberg", "L"},
        {"0008", "Region Kalmar", "L"},
        {"0009", "Region Gotland", "L"},
        {"0010", "Region Blekinge", "L"},
        {"0012", "Region Skåne", "L"},
        {"0013", "Region Halland", "L"},
        {"0014", "Västra Götalandsregionen", "L"},
        {"0017", "Region Värmland", "L"},
        {"0018", "Region Örebro län", "L"},
        {"0019", "Region Västmanland", "L"},
        {"0020", "Region Dalarna", "L"},
        {"0021", "Region Gävleborg", "L"},
        {"0022", "Region Västernorrland", "L"},
        {"0023", "Region Jämtland Härjedalen", "L"},
        {"0024", "Region Västerbotten", "L"},
        {"0025", "Region Norrbotten", "L"},
        {"2505", "Arvidsjaur", "K"},
        {"2506", "Arjeplog", "K"},
        {"2510", "Jokkmokk", "K"},
        {"2513", "Överkalix", "K"},
        {"2514", "Kalix", "K"},
        {"2518", "Övertorneå", "K"},
        {"2521", "Pajala", "K"},
        {"2523", "Gällivare", "K"},
        {"2560", "Älvsbyn", "K"},
        {"2580", "Luleå", "K"},
        {"2581", "Piteå", "K"},
        {"2582", "Boden", "K"},
        {"2583", "Haparanda", "K"},
        {"2584", "Kiruna", "K"},
        {"2480", "Umeå", "K"},
    };
}

// The 21 regions, without Riket.
inline std::vector<std::string> test_region_ids() {
    std::vector<std::string> ids;
    for (const auto& unit : test_municipalities()) {
        if (unit.type == "L" && unit.id != "0000") {
            ids.push_back(unit.id);
        }
    }
    return ids;
}

// A catalogue file in a temp folder, with the units above and the given key figures. `synced`:
// every key figure is recorded as synced for every unit and group, as after a sync of that
// scope, so that a unit without values reads as "Kolada has no value", not "not synced".
class TestCatalogue {
  public:
    explicit TestCatalogue(const std::vector<catalogue::Kpi>& kpis, bool synced = true)
        : catalogue_(catalogue::Catalogue::open(folder_.path() / "catalogue.sqlite")) {
        catalogue_.replace_kpis(kpis);
        catalogue_.replace_municipalities(test_municipalities());
        catalogue::Group norrbotten{"G33632", "Norrbottens läns kommuner (ovägt medel)", {}};
        for (const auto& unit : test_municipalities()) {
            if (unit.id.rfind("25", 0) == 0) {
                norrbotten.members.push_back({unit.id, unit.title});
            }
        }
        catalogue_.replace_groups(
            catalogue::GroupKind::municipality_group,
            {norrbotten,
             {"G33631", "Västerbottens läns kommuner (ovägt medel)", {{"2480", "Umeå"}}}});
        if (synced && !kpis.empty()) {
            std::vector<std::string> kpi_ids;
            for (const auto& kpi : kpis) {
                kpi_ids.push_back(kpi.id);
            }
            std::vector<std::string> units;
            for (int county = 12; county <= 32; ++county) {  // the county groups G33612..G33632
                units.push_back("G336" + std::to_string(county));
            }
            for (const auto& unit : test_municipalities()) {
                units.push_back(unit.id);
            }
            record_synced_pairs(catalogue_, kpi_ids, units);
        }
    }
    catalogue::Catalogue& catalogue() { return catalogue_; }
    std::filesystem::path path() const { return folder_.path() / "catalogue.sqlite"; }
    const std::filesystem::path& folder() const { return folder_.path(); }

  private:
    TempFolder folder_;
    catalogue::Catalogue catalogue_;
};

}  // namespace kolcat::test_compare
