#include "demo/generate_dataset.hpp"

#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "demo/calendar.hpp"

namespace kolcat::demo {

namespace {

// Every tenth key figure has a total only (like N00945, a share of men by construction).
bool total_only(int kpi) {
    return kpi % 10 == 9;
}

std::string kpi_id(int kpi) {
    char id[16];
    std::snprintf(id, sizeof id, "N%05d", 10000 + kpi * 3);
    return id;
}

// 4-digit codes spread over the 21 county prefixes, e.g. "0114", "2580"; never "00xx", which
// Kolada uses for regions and Riket.
std::string unit_id(int unit) {
    static constexpr int kCounties[] = {1,  3,  4,  5,  6,  7,  8,  9,  10, 12, 13,
                                        14, 17, 18, 19, 20, 21, 22, 23, 24, 25};
    const int county = kCounties[unit % 21];
    const int number = 10 + unit / 21;  // 10..438 for at most 9000 units
    char id[16];
    std::snprintf(id, sizeof id, "%02d%02d", county, number % 100);
    // Beyond 90 units per county the two-digit suffix would repeat: use the unit's own number.
    if (number >= 100) {
        std::snprintf(id, sizeof id, "%04d", 1000 + unit);
    }
    return id;
}

double round_to(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

catalogue::Kpi kpi_metadata(int kpi) {
    catalogue::Kpi metadata;
    metadata.id = kpi_id(kpi);
    metadata.title = "Genererat nyckeltal " + metadata.id + ", andel (%)";
    metadata.description = "Syntetiskt nyckeltal för prestandamätning.";
    metadata.is_divided_by_gender = !total_only(kpi);
    // "A": values for every kind of unit, so that a data set extended with regions (as the sync
    // tests extend it) stays true to its metadata and a sync asks for every pair.
    metadata.municipality_type = "A";
    metadata.operating_area = "Benchmark";
    metadata.perspective = "Resultat";
    metadata.publication_date = "2025-03-01";
    metadata.publ_period = std::to_string(kLastGeneratedPeriod);
    return metadata;
}

void check_range(int value, int low, int high, const char* what) {
    if (value < low || value > high) {
        throw std::invalid_argument(std::string("generate_dataset: ") + what + " must be " +
                                    std::to_string(low) + ".." + std::to_string(high));
    }
}

}  // namespace

std::int64_t generated_value_count(int kpis, int units, int years) {
    std::int64_t count = 0;
    for (int kpi = 0; kpi < kpis; ++kpi) {
        count += total_only(kpi) ? 1 : 3;
    }
    return count * units * years;
}

namespace {

// Which units a key figure of this type has values for: municipalities (K), regions (L), both
// (A); Riket has values of every type.
bool has_values(const std::string& kpi_type, const std::string& unit_type, bool riket) {
    return riket || kpi_type == "A" || kpi_type == unit_type;
}

Dataset generate(const std::vector<std::string>& kpi_types, int units, int regions, int years,
                 std::uint64_t seed) {
    const int kpis = static_cast<int>(kpi_types.size());
    check_range(kpis, 1, 30000, "kpis");
    check_range(units, 1, 9000, "units");
    check_range(years, 1, 60, "years");
    check_range(regions, 0, 99, "regions");
    Dataset dataset;
    std::mt19937_64 random(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    const int first_period = kLastGeneratedPeriod - years + 1;

    for (int unit = 0; unit < units; ++unit) {
        const auto id = unit_id(unit);
        dataset.municipalities.push_back({id, "Kommun " + id, "K"});
    }
    // Groups of ten units each, computed on request like Kolada's "(ovägt medel)" groups.
    for (int first = 0; first + 10 <= units; first += 10) {
        catalogue::Group group;
        group.id = "G9" + std::to_string(10000 + first / 10);
        group.title = "Genererad grupp " + std::to_string(first / 10) + " (ovägt medel)";
        for (int unit = first; unit < first + 10; ++unit) {
            group.members.push_back({dataset.municipalities[static_cast<std::size_t>(unit)].id,
                                     dataset.municipalities[static_cast<std::size_t>(unit)].title});
        }
        dataset.municipality_groups.push_back(std::move(group));
    }
    if (regions > 0) {
        catalogue::Group group{"G920000", "Genererade regioner (ovägt medel)", {}};
        for (int region = 1; region <= regions; ++region) {
            char id[16];
            std::snprintf(id, sizeof id, "00%02d", region);
            dataset.municipalities.push_back({id, std::string("Region ") + id, "L"});
            group.members.push_back({id, dataset.municipalities.back().title});
        }
        dataset.municipality_groups.push_back(std::move(group));
        dataset.municipalities.push_back({"0000", "Riket", "L"});
    }
    const auto all_units = static_cast<int>(dataset.municipalities.size());

    auto& store = dataset.store();
    store.reserve_series(static_cast<std::size_t>(kpis) * static_cast<std::size_t>(all_units));
    std::vector<ValueStore::Index> unit_indexes;
    for (const auto& municipality : dataset.municipalities) {
        unit_indexes.push_back(store.intern_unit(municipality.id));
    }
    const auto status = store.intern_status("");
    // Published the spring after the year, which makes from_date answers realistic.
    std::vector<std::uint16_t> published;
    for (int year = 0; year < years; ++year) {
        const auto day = parse_iso_date(std::to_string(first_period + year + 1) + "-03-15");
        published.push_back(static_cast<std::uint16_t>(day.value_or(0)));
    }
    std::int64_t live = 0;
    for (int kpi = 0; kpi < kpis; ++kpi) {
        dataset.kpis.push_back(kpi_metadata(kpi));
        dataset.kpis.back().municipality_type = kpi_types[static_cast<std::size_t>(kpi)];
        const auto kpi_index = store.intern_kpi(dataset.kpis.back().id);
        const double level = 5.0 + 90.0 * std::uniform_real_distribution<double>(0, 1)(random);
        const int decimals = kpi % 4 == 3 ? 15 : 1;  // some values need every digit
        const int genders = total_only(kpi) ? 1 : 3;
        for (int unit = 0; unit < all_units; ++unit) {
            const auto& municipality = dataset.municipalities[static_cast<std::size_t>(unit)];
            if (!has_values(dataset.kpis.back().municipality_type, municipality.type,
                            municipality.id == "0000")) {
                continue;
            }
            auto& series =
                store.series_for_update(kpi_index, unit_indexes[static_cast<std::size_t>(unit)]);
            series.reserve(static_cast<std::size_t>(years));
            const double unit_level = level * (1.0 + 0.1 * noise(random));
            for (int year = 0; year < years; ++year) {
                PeriodCells cells;
                cells.period = static_cast<std::int16_t>(first_period + year);
                const double total = unit_level * (1.0 + 0.01 * year + 0.02 * noise(random));
                const double gap = 0.05 * total * noise(random);
                const double by_gender[3] = {total, total + gap, total - gap};
                for (int g = 0; g < genders; ++g) {
                    cells.state[g] = CellState::value;
                    cells.value[g] = round_to(by_gender[g], decimals);
                    cells.count[g] = 1;
                    cells.status[g] = status;
                    cells.changed_day[g] = published[static_cast<std::size_t>(year)];
                }
                series.push_back(cells);
                live += genders;
            }
        }
    }
    store.add_live_cells(static_cast<std::ptrdiff_t>(live));
    return dataset;
}

}  // namespace

Dataset generate_dataset(int kpis, int units, int years, std::uint64_t seed) {
    check_range(kpis, 1, 30000, "kpis");
    return generate(std::vector<std::string>(static_cast<std::size_t>(kpis), "A"), units, 0, years,
                    seed);
}

Dataset generate_typed_dataset(const std::vector<std::string>& kpi_types, int municipalities,
                               int regions, int years, std::uint64_t seed) {
    return generate(kpi_types, municipalities, regions, years, seed);
}

}  // namespace kolcat::demo
