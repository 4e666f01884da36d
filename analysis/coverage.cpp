#include "analysis/coverage.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "catalogue/database.hpp"
#include "catalogue/unit_mapping.hpp"

namespace kolcat::analysis {

namespace {

using nlohmann::ordered_json;

// Recent cells of one (key figure, unit): how many, and how many have K and M.
struct CellCount {
    int cells = 0;
    int complete = 0;
};

// Reads the recent-year cells of one key figure for one unit, newest first, and stops as soon as
// it has passed the last recent year: a few rows per pair, read by primary key.
class RecentCellReader {
  public:
    explicit RecentCellReader(catalogue::Database& db)
        : select_(db.prepare(std::string("SELECT period, gender FROM kpi_value "
                                         "WHERE kpi = ?1 AND unit = ?2 AND ") +
                             kCountedValue + " ORDER BY period DESC")) {}

    // The recent years' cells (each has T): at most `count` of them. `years`, when given,
    // receives the recent years, ascending.
    CellCount read(std::int64_t kpi, std::int64_t unit, int count,
                   std::vector<int>* years = nullptr) {
        CellCount result;
        catalogue::StatementReset reset(select_);
        select_.bind(1, kpi).bind(2, unit);
        std::optional<int> period;
        GenderMask genders = 0;
        auto close_cell = [&] {
            if (period && (genders & kHasT) != 0) {
                ++result.cells;
                result.complete += (genders & (kHasK | kHasM)) == (kHasK | kHasM) ? 1 : 0;
                if (years != nullptr) {
                    years->insert(years->begin(), *period);
                }
            }
        };
        while (select_.step()) {
            const int row_period = select_.column_int(0);
            if (period != row_period) {
                close_cell();
                if (result.cells >= count) {
                    return result;
                }
                period = row_period;
                genders = 0;
            }
            genders = static_cast<GenderMask>(genders | (1u << (select_.column_int(1) & 3)));
        }
        close_cell();
        return result;
    }

  private:
    catalogue::Statement select_;
};

std::unordered_map<std::string, std::int64_t> keys_of(catalogue::Database& db, const char* sql) {
    std::unordered_map<std::string, std::int64_t> keys;
    catalogue::Statement select = db.prepare(sql);
    while (select.step()) {
        keys.emplace(select.column_text(0), select.column_int64(1));
    }
    return keys;
}

constexpr std::size_t kRegionCount = 21;

// One key figure in scope, measured for the unit and for every region.
struct Measured {
    const GapsEntry* entry = nullptr;
    bool synced = true;
    CellCount unit;
    std::vector<int> recent_years;
    std::array<CellCount, kRegionCount> regions{};
};

std::optional<double> share_of(std::int64_t complete, std::int64_t cells) {
    if (cells == 0) {
        return std::nullopt;
    }
    return static_cast<double>(complete) / static_cast<double>(cells);
}

CoverageGroup summarise(std::optional<int> goal, std::string name,
                        const std::vector<const Measured*>& members) {
    CoverageGroup group;
    group.goal = goal;
    group.name = std::move(name);
    std::array<CellCount, kRegionCount> regions{};
    for (const Measured* measured : members) {
        const GapsEntry& entry = *measured->entry;
        ++group.key_figures;
        for (std::size_t i = 0; i < kRegionCount; ++i) {
            regions[i].cells += measured->regions[i].cells;
            regions[i].complete += measured->regions[i].complete;
        }
        if (!measured->synced) {
            group.not_synced.push_back(entry.kpi);
            continue;
        }
        if (measured->unit.cells == 0) {
            group.without_t.push_back(entry.kpi);
            continue;
        }
        ++group.with_t;
        group.cells += measured->unit.cells;
        group.complete_cells += measured->unit.complete;
        if (measured->unit.complete == measured->unit.cells) {
            ++group.with_k_and_m;
            continue;
        }
        group.lacking.push_back({entry.kpi, entry.title, entry.focus_unit, entry.verdict,
                                 measured->recent_years, measured->unit.cells,
                                 measured->unit.complete});
    }
    group.share = share_of(group.complete_cells, group.cells);
    std::vector<double> shares;
    for (const CellCount& region : regions) {
        if (const auto share = share_of(region.complete, region.cells)) {
            shares.push_back(*share);
        }
    }
    group.regions = static_cast<int>(shares.size());
    group.median_region_share = median_of(std::move(shares));
    return group;
}

ordered_json number(const std::optional<double>& value) {
    return value && std::isfinite(*value) ? ordered_json(*value) : ordered_json(nullptr);
}

}  // namespace

std::string_view to_string(CoverageGrouping grouping) {
    return grouping == CoverageGrouping::goal ? "goal" : "operating-area";
}

std::optional<CoverageGrouping> parse_coverage_grouping(std::string_view text) {
    if (text == "goal") {
        return CoverageGrouping::goal;
    }
    if (text == "operating-area") {
        return CoverageGrouping::operating_area;
    }
    return std::nullopt;
}

std::optional<double> median_of(std::vector<double> values) {
    if (values.empty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    if (values.size() % 2 == 1) {
        return values[middle];
    }
    return (values[middle - 1] + values[middle]) / 2.0;
}

CoverageResult measure_coverage(catalogue::Catalogue& catalogue, const CoverageRequest& request) {
    CoverageResult result;
    result.unit = request.unit;
    result.unit_title = catalogue.unit_title(request.unit).value_or("");
    result.by = request.by;
    result.all = request.all;
    result.recent_year_count = request.recent_year_count;

    // gaps gives the scope's entries (metadata, curated goals, focus unit, synced) and the
    // verdicts, judged for the same unit.
    GapsRequest gaps;
    gaps.curated = request.curated;
    gaps.all = request.all;
    gaps.region = request.unit;
    gaps.recent_year_count = request.recent_year_count;
    const std::vector<GapsEntry> entries = check_sex_breakdown(catalogue, gaps);

    std::vector<Measured> measured;
    for (const GapsEntry& entry : entries) {
        if (request.all && !entry.synced) {
            continue;  // --all: only what the catalogue synced for the unit
        }
        measured.push_back({&entry, entry.synced, {}, {}, {}});
    }
    result.holds_unit_data =
        std::any_of(measured.begin(), measured.end(), [](const Measured& m) { return m.synced; });
    if (request.all && measured.empty()) {
        for (const GapsEntry& entry : entries) {
            if (entry.has_metadata) {  // an id Kolada does not list cannot be synced
                result.never_synced.emplace_back(entry.kpi, entry.focus_unit);
            }
        }
    }
    for (const Measured& m : measured) {
        if (!m.synced) {
            result.never_synced.emplace_back(m.entry->kpi, m.entry->focus_unit);
        }
    }

    catalogue::Database& db = catalogue.database();
    catalogue::Transaction read(db, catalogue::Transaction::Kind::deferred);
    const auto kpi_keys = keys_of(db, "SELECT id, key FROM kpi_key");
    const auto unit_keys = keys_of(db, "SELECT id, key FROM unit_key");
    RecentCellReader reader(db);
    const auto counties = catalogue::counties();
    for (Measured& m : measured) {
        const GapsEntry& entry = *m.entry;
        const auto kpi = kpi_keys.find(entry.kpi);
        if (kpi == kpi_keys.end()) {
            continue;  // nothing ever stored
        }
        if (const auto unit = unit_keys.find(entry.focus_unit);
            m.synced && unit != unit_keys.end()) {
            m.unit =
                reader.read(kpi->second, unit->second, request.recent_year_count, &m.recent_years);
        }
        for (std::size_t i = 0; i < counties.size() && i < kRegionCount; ++i) {
            const std::string region_unit =
                catalogue::map_unit_for_kpi(entry.municipality_type, counties[i].region).data_unit;
            if (region_unit == entry.focus_unit && m.synced) {
                m.regions[i] = m.unit;
            } else if (const auto unit = unit_keys.find(region_unit); unit != unit_keys.end()) {
                m.regions[i] = reader.read(kpi->second, unit->second, request.recent_year_count);
            }
        }
    }
    read.commit();

    std::vector<const Measured*> everything;
    for (const Measured& m : measured) {
        everything.push_back(&m);
    }
    result.total = summarise(std::nullopt, "all", everything);

    if (request.by == CoverageGrouping::goal) {
        std::map<int, std::string> names;
        for (const curated::SubGoal& goal : request.sub_goals) {
            names[goal.number] = goal.name_en;
        }
        for (const Measured& m : measured) {
            for (const int goal : m.entry->goals) {
                names.emplace(goal, "");
            }
        }
        for (const auto& [goal, name] : names) {
            std::vector<const Measured*> members;
            for (const Measured& m : measured) {
                const auto& goals = m.entry->goals;
                if (std::find(goals.begin(), goals.end(), goal) != goals.end()) {
                    members.push_back(&m);
                }
            }
            result.groups.push_back(summarise(goal, name, members));
        }
        std::vector<const Measured*> untagged;
        for (const Measured& m : measured) {
            if (m.entry->goals.empty()) {
                untagged.push_back(&m);
            }
        }
        if (!untagged.empty()) {
            result.groups.push_back(
                summarise(std::nullopt, "Not tagged with a sub-goal", untagged));
        }
    } else {
        // Kolada's operating areas, in byte order (Swedish letters after z); a key figure
        // without one is grouped last.
        std::map<std::string, std::vector<const Measured*>> areas;
        std::vector<const Measured*> without;
        for (const Measured& m : measured) {
            const auto& area = m.entry->operating_area;
            if (area && !area->empty()) {
                areas[*area].push_back(&m);
            } else {
                without.push_back(&m);
            }
        }
        for (const auto& [area, members] : areas) {
            result.groups.push_back(summarise(std::nullopt, area, members));
        }
        if (!without.empty()) {
            result.groups.push_back(summarise(std::nullopt, "No operating area", without));
        }
    }
    return result;
}

void to_json(ordered_json& json, const CoverageGroup& group) {
    ordered_json lacking = ordered_json::array();
    for (const CoverageKpi& kpi : group.lacking) {
        lacking.push_back({{"kpi", kpi.kpi},
                           {"title", kpi.title},
                           {"focus", kpi.focus_unit},
                           {"verdict", std::string(to_string(kpi.verdict))},
                           {"recent_years", kpi.recent_years},
                           {"cells", kpi.cells},
                           {"complete_cells", kpi.complete_cells}});
    }
    json = {{"goal", group.goal ? ordered_json(*group.goal) : ordered_json(nullptr)},
            {"name", group.name},
            {"key_figures", group.key_figures},
            {"with_t", group.with_t},
            {"with_k_and_m", group.with_k_and_m},
            {"cells", group.cells},
            {"complete_cells", group.complete_cells},
            {"share", number(group.share)},
            {"median_region_share", number(group.median_region_share)},
            {"regions", group.regions},
            {"lacking", std::move(lacking)},
            {"without_t", group.without_t},
            {"not_synced", group.not_synced}};
}

void to_json(ordered_json& json, const CoverageResult& result) {
    ordered_json groups = ordered_json::array();
    for (const CoverageGroup& group : result.groups) {
        ordered_json object = group;
        if (result.by == CoverageGrouping::operating_area) {
            object.erase("goal");
        }
        groups.push_back(std::move(object));
    }
    ordered_json total = result.total;
    total.erase("goal");
    json = {{"unit", result.unit},
            {"title", result.unit_title},
            {"by", std::string(to_string(result.by))},
            {"scope", result.all ? "all" : "curated"},
            {"recent_year_count", result.recent_year_count},
            {"holds_unit_data", result.holds_unit_data},
            {"total", std::move(total)},
            {"groups", std::move(groups)}};
}

}  // namespace kolcat::analysis
