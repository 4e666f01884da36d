#include "catalogue/gaps.hpp"

#include <QString>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "catalogue/database.hpp"
#include "catalogue/unit_mapping.hpp"

namespace kolcat {

namespace {

// Above this many key figures one scan of every value is cheaper than a range per key figure.
constexpr std::size_t kFullScanThreshold = 300;

void apply_metadata(GapsEntry& entry, const Statement& row) {
    entry.title = row.column_text(1);
    entry.flag = row.column_int(2) != 0;
    entry.municipality_type = row.column_text(3);
    entry.operating_area = row.column_optional_text(4);
    entry.retired = row.column_int(5) != 0;
    entry.has_metadata = true;
}

constexpr const char* kMetadataColumns =
    "SELECT id, title, is_divided_by_gender, municipality_type, operating_area, retired FROM kpi";

// The entries to check, with their metadata, curated ones first.
std::vector<GapsEntry> candidate_entries(Database& db, const GapsRequest& request) {
    std::vector<GapsEntry> entries;
    std::unordered_map<std::string, std::size_t> index;
    for (const GapsKpi& kpi : request.curated) {
        if (index.count(kpi.id) != 0) {
            continue;
        }
        GapsEntry entry;
        entry.kpi = kpi.id;
        entry.curated = true;
        entry.design = kpi.breakdown;
        entry.partner = kpi.partner;
        entry.goals = kpi.goals;
        index.emplace(kpi.id, entries.size());
        entries.push_back(std::move(entry));
    }
    if (request.all) {
        Statement select = db.prepare(std::string(kMetadataColumns) + " ORDER BY id");
        while (select.step()) {
            const std::string id = select.column_text(0);
            if (const auto found = index.find(id); found != index.end()) {
                apply_metadata(entries[found->second], select);
                continue;
            }
            if (select.column_int(5) != 0) {
                continue;  // retired, and nobody asked for it by name
            }
            GapsEntry entry;
            entry.kpi = id;
            apply_metadata(entry, select);
            entries.push_back(std::move(entry));
        }
    } else {
        Statement select = db.prepare(std::string(kMetadataColumns) +
                                      " WHERE id IN (SELECT value FROM json_each(?1))");
        nlohmann::json ids = nlohmann::json::array();
        for (const auto& entry : entries) {
            ids.push_back(entry.kpi);
        }
        select.bind(1, ids.dump());
        while (select.step()) {
            apply_metadata(entries[index.at(select.column_text(0))], select);
        }
    }
    return entries;
}

bool passes_pre_filters(const GapsEntry& entry, const GapsRequest& request) {
    if (request.goal &&
        std::find(entry.goals.begin(), entry.goals.end(), *request.goal) == entry.goals.end()) {
        return false;
    }
    return !request.operating_area ||
           operating_area_matches(entry.operating_area, *request.operating_area);
}

std::unordered_map<std::string, std::int64_t> keys_by_id(Database& db, const char* sql) {
    std::unordered_map<std::string, std::int64_t> keys;
    Statement select = db.prepare(sql);
    while (select.step()) {
        keys.emplace(select.column_text(0), select.column_int64(1));
    }
    return keys;
}

// One value row packed into one integer by the query, so that each of the millions of rows
// costs one column read (each sqlite3_column_* call takes the connection's mutex):
// kpi key << 40 | unit key << 16 | (period - kPeriodBase) << 2 | gender.
constexpr std::int64_t kPeriodBase = 1000;  // periods 1000..15383 fit in 14 bits
constexpr const char* kPackedRow =
    "SELECT (kpi << 40) | (unit << 16) | (((period - 1000) & 16383) << 2) | gender "
    "FROM kpi_value WHERE value IS NOT NULL";

// Streams every (kpi, unit, period) cell of the wanted key figures, one key figure at a time.
// The rows come in primary-key order (kpi, unit, period, gender), so a cell's genders are
// adjacent and are folded into one mask here: cheaper than SQL's GROUP BY, which costs more
// per row than the scan itself.
template <typename OnKpi>
void for_each_kpi_cells(Database& db, const std::vector<std::int64_t>& kpi_keys, bool full_scan,
                        OnKpi on_kpi) {
    Statement select = full_scan ? db.prepare(kPackedRow)
                                 : db.prepare(std::string(kPackedRow) +
                                              " AND kpi IN (SELECT value FROM json_each(?1)) "
                                              "ORDER BY kpi, unit, period, gender");
    if (!full_scan) {
        select.bind(1, nlohmann::json(kpi_keys).dump());
    }
    std::vector<ValueCell> cells;
    std::optional<std::int64_t> current;
    while (select.step()) {
        const std::int64_t packed = select.column_int64(0);
        const std::int64_t kpi = packed >> 40;
        const std::int64_t unit = (packed >> 16) & 0xFFFFFF;
        const int period = static_cast<int>((packed >> 2) & 16383) + static_cast<int>(kPeriodBase);
        const auto gender = static_cast<GenderMask>(1u << (packed & 3));
        if (current != kpi) {
            if (current) {
                on_kpi(*current, cells);
            }
            cells.clear();
            current = kpi;
        }
        if (!cells.empty() && cells.back().unit == unit && cells.back().period == period) {
            cells.back().genders = static_cast<GenderMask>(cells.back().genders | gender);
        } else {
            cells.push_back({unit, period, gender});
        }
    }
    if (current) {
        on_kpi(*current, cells);
    }
}

}  // namespace

bool operating_area_matches(const std::optional<std::string>& operating_area,
                            const std::string& text) {
    return operating_area && QString::fromStdString(*operating_area)
                                 .contains(QString::fromStdString(text), Qt::CaseInsensitive);
}

std::vector<GapsEntry> check_sex_breakdown(Catalogue& catalogue, const GapsRequest& request) {
    Database& db = catalogue.database();
    std::vector<GapsEntry> entries = candidate_entries(db, request);
    std::erase_if(entries,
                  [&](const GapsEntry& entry) { return !passes_pre_filters(entry, request); });

    const auto kpi_keys = keys_by_id(db, "SELECT id, key FROM kpi_key");
    const auto unit_keys = keys_by_id(db, "SELECT id, key FROM unit_key");
    std::unordered_map<std::int64_t, std::string> unit_ids;
    for (const auto& [id, key] : unit_keys) {
        unit_ids.emplace(key, id);
    }

    std::unordered_map<std::int64_t, std::size_t> entry_of_key;
    std::vector<std::int64_t> wanted_keys;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (const auto key = kpi_keys.find(entries[i].kpi); key != kpi_keys.end()) {
            entry_of_key.emplace(key->second, i);
            wanted_keys.push_back(key->second);
        }
    }
    std::sort(wanted_keys.begin(), wanted_keys.end());

    auto examine = [&](GapsEntry& entry, std::span<const ValueCell> cells) {
        const MappedUnit focus = map_unit_for_kpi(entry.municipality_type, request.region);
        entry.focus_unit = focus.data_unit;
        std::optional<std::int64_t> focus_key;
        if (const auto key = unit_keys.find(focus.data_unit); key != unit_keys.end()) {
            focus_key = key->second;
        }
        const BreakdownEvidence evidence =
            examine_cells(cells, focus_key, request.recent_year_count);
        entry.verdict = classify(entry.flag, entry.design, evidence);
        entry.coverage = coverage_share(evidence);
        entry.used_fallback = evidence.any_value && evidence.used_fallback;
        entry.recent_years = evidence.recent_years;
        entry.missing.clear();
        if (entry.verdict == Verdict::partial || entry.verdict == Verdict::values_without_flag) {
            for (const MissingCells& missing : evidence.missing) {
                const auto id = unit_ids.find(missing.unit);
                entry.missing.push_back(describe_missing(
                    id == unit_ids.end() ? std::to_string(missing.unit) : id->second, missing));
            }
        }
    };

    // Key figures without any stored value still get their verdict (no_data).
    for (auto& entry : entries) {
        examine(entry, {});
    }
    const bool full_scan = wanted_keys.size() > kFullScanThreshold;
    for_each_kpi_cells(
        db, wanted_keys, full_scan, [&](std::int64_t kpi, const std::vector<ValueCell>& cells) {
            if (const auto found = entry_of_key.find(kpi); found != entry_of_key.end()) {
                examine(entries[found->second], cells);
            }
        });

    if (request.verdict) {
        std::erase_if(entries,
                      [&](const GapsEntry& entry) { return entry.verdict != *request.verdict; });
    }
    return entries;
}

}  // namespace kolcat
