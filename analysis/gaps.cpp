#include "analysis/gaps.hpp"

#include <QString>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "analysis/gaps_summary.hpp"
#include "catalogue/database.hpp"
#include "catalogue/unit_mapping.hpp"

namespace kolcat::analysis {

namespace {

// Above this many key figures one scan of every value is cheaper than a range per key figure.
constexpr std::size_t kFullScanThreshold = 300;

void apply_metadata(GapsEntry& entry, const catalogue::Statement& row) {
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
std::vector<GapsEntry> candidate_entries(catalogue::Database& db, const GapsRequest& request) {
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
        catalogue::Statement select = db.prepare(std::string(kMetadataColumns) + " ORDER BY id");
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
        catalogue::Statement select = db.prepare(std::string(kMetadataColumns) +
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

std::unordered_map<std::string, std::int64_t> keys_by_id(catalogue::Database& db, const char* sql) {
    std::unordered_map<std::string, std::int64_t> keys;
    catalogue::Statement select = db.prepare(sql);
    while (select.step()) {
        keys.emplace(select.column_text(0), select.column_int64(1));
    }
    return keys;
}

// Folds value rows, which come in primary-key order (kpi, unit, period, gender), into cells:
// a cell's genders are adjacent. Cheaper than SQL's GROUP BY, which costs more per row than
// the scan itself.
void add_to_cells(std::vector<ValueCell>& cells, std::int64_t unit, int period, int gender) {
    const auto bit = static_cast<GenderMask>(1u << (gender & 3));
    if (!cells.empty() && cells.back().unit == unit && cells.back().period == period) {
        cells.back().genders = static_cast<GenderMask>(cells.back().genders | bit);
    } else {
        cells.push_back({unit, period, bit});
    }
}

// Streams every cell of the key figures, one key figure at a time: all of them (full_scan),
// or those in kpi_keys.
template <typename OnKpi>
void for_each_kpi_cells(catalogue::Database& db, const std::vector<std::int64_t>& kpi_keys,
                        bool full_scan, OnKpi on_kpi) {
    catalogue::Statement select =
        full_scan ? db.prepare(std::string("SELECT kpi, unit, period, gender "
                                           "FROM kpi_value WHERE ") +
                               kCountedValue)
                  : db.prepare(std::string("SELECT kpi, unit, period, gender "
                                           "FROM kpi_value "
                                           "WHERE kpi IN (SELECT value FROM "
                                           "json_each(?1)) AND ") +
                               kCountedValue + " ORDER BY kpi, unit, period, gender");
    if (!full_scan) {
        select.bind(1, nlohmann::json(kpi_keys).dump());
    }
    std::vector<ValueCell> cells;
    std::optional<std::int64_t> current;
    while (select.step()) {
        const std::int64_t kpi = select.column_int64(0);
        if (current != kpi) {
            if (current) {
                on_kpi(*current, cells);
            }
            cells.clear();
            current = kpi;
        }
        add_to_cells(cells, select.column_int64(1), select.column_int(2), select.column_int(3));
    }
    if (current) {
        on_kpi(*current, cells);
    }
}

// Reads the cells of one key figure: of one unit, or of every unit.
class KpiCellReader {
  public:
    explicit KpiCellReader(catalogue::Database& db)
        : one_unit_(db.prepare(std::string("SELECT period, gender FROM kpi_value "
                                           "WHERE kpi = ?1 AND unit = ?2 AND ") +
                               kCountedValue)),
          every_unit_(db.prepare(std::string("SELECT unit, period, gender FROM kpi_value "
                                             "WHERE kpi = ?1 AND ") +
                                 kCountedValue)) {}

    const std::vector<ValueCell>& of_unit(std::int64_t kpi, std::int64_t unit) {
        cells_.clear();
        catalogue::StatementReset reset(one_unit_);
        one_unit_.bind(1, kpi).bind(2, unit);
        while (one_unit_.step()) {
            add_to_cells(cells_, unit, one_unit_.column_int(0), one_unit_.column_int(1));
        }
        return cells_;
    }
    const std::vector<ValueCell>& of_every_unit(std::int64_t kpi) {
        cells_.clear();
        catalogue::StatementReset reset(every_unit_);
        every_unit_.bind(1, kpi);
        while (every_unit_.step()) {
            add_to_cells(cells_, every_unit_.column_int64(0), every_unit_.column_int(1),
                         every_unit_.column_int(2));
        }
        return cells_;
    }

  private:
    catalogue::Statement one_unit_;
    catalogue::Statement every_unit_;
    std::vector<ValueCell> cells_;
};

}  // namespace

bool operating_area_matches(const std::optional<std::string>& operating_area,
                            const std::string& text) {
    return operating_area && QString::fromStdString(*operating_area)
                                 .contains(QString::fromStdString(text), Qt::CaseInsensitive);
}

bool refresh_breakdown_summary(catalogue::Catalogue& catalogue) {
    catalogue::Database& db = catalogue.database();
    catalogue::Transaction read(db, catalogue::Transaction::Kind::deferred);
    if (breakdown_summary_is_fresh(db)) {
        return true;
    }
    const std::string stamp = values_stamp(db);
    BreakdownSummaryByKpi summary;
    for_each_kpi_cells(db, {}, true, [&](std::int64_t kpi, const std::vector<ValueCell>& cells) {
        summary[kpi] = summarise_cells(cells);
    });
    read.commit();
    return store_breakdown_summary(db, summary, stamp);
}

std::vector<GapsEntry> check_sex_breakdown(catalogue::Catalogue& catalogue,
                                           const GapsRequest& request) {
    catalogue::Database& db = catalogue.database();
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

    auto focus_key_of = [&](const GapsEntry& entry) -> std::optional<std::int64_t> {
        const auto key = unit_keys.find(entry.focus_unit);
        return key == unit_keys.end() ? std::nullopt : std::optional(key->second);
    };
    auto conclude = [&](GapsEntry& entry, const BreakdownEvidence& evidence) {
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
    auto examine = [&](GapsEntry& entry, std::span<const ValueCell> cells) {
        conclude(entry, examine_cells(cells, focus_key_of(entry), request.recent_year_count));
    };

    // Key figures without any stored value keep this verdict: no_data.
    for (auto& entry : entries) {
        entry.focus_unit =
            catalogue::map_unit_for_kpi(entry.municipality_type, request.region).data_unit;
        examine(entry, {});
    }

    // One read transaction: every number below describes the same state of the values.
    catalogue::Transaction read(db, catalogue::Transaction::Kind::deferred);
    if (wanted_keys.size() <= kFullScanThreshold) {
        // A few key figures (the curated set): read just theirs.
        for_each_kpi_cells(db, wanted_keys, false,
                           [&](std::int64_t kpi, const std::vector<ValueCell>& cells) {
                               examine(entries[entry_of_key.at(kpi)], cells);
                           });
        read.commit();
    } else if (const auto summary = fresh_breakdown_summary(db)) {
        // Many key figures and a fresh stored summary: look up only each one's focus unit. When
        // the focus has no T value, every unit is the focus set, and the summary holds what
        // they show for the default year count; any other count reads every unit's values.
        KpiCellReader reader(db);
        for (const std::int64_t kpi : wanted_keys) {
            const auto found = summary->find(kpi);
            if (found == summary->end() || found->second.totals.cells == 0) {
                continue;  // no_data
            }
            const BreakdownTotals& totals = found->second.totals;
            GapsEntry& entry = entries[entry_of_key.at(kpi)];
            const auto focus_key = focus_key_of(entry);
            if (focus_key) {
                const auto& cells = reader.of_unit(kpi, *focus_key);
                const bool focus_has_t = std::any_of(cells.begin(), cells.end(), [](const auto& c) {
                    return (c.genders & kHasT) != 0;
                });
                if (focus_has_t) {
                    BreakdownEvidence evidence =
                        examine_cells(cells, focus_key, request.recent_year_count);
                    evidence.any_sex_value = totals.sex_cells > 0;
                    evidence.cells_with_t = totals.cells_with_t;
                    evidence.complete_cells_with_t = totals.complete_cells_with_t;
                    conclude(entry, evidence);
                    continue;
                }
            }
            if (request.recent_year_count == kRecentYearCount) {
                conclude(entry, fallback_evidence(found->second));
            } else {
                examine(entry, reader.of_every_unit(kpi));
            }
        }
        read.commit();
    } else {
        // Many key figures and no fresh summary: one scan of every value, which also gives the
        // summary to store for the next time.
        const std::string stamp = values_stamp(db);
        BreakdownSummaryByKpi all_summary;
        for_each_kpi_cells(
            db, wanted_keys, true, [&](std::int64_t kpi, const std::vector<ValueCell>& cells) {
                all_summary[kpi] = summarise_cells(cells);
                if (const auto found = entry_of_key.find(kpi); found != entry_of_key.end()) {
                    examine(entries[found->second], cells);
                }
            });
        read.commit();
        store_breakdown_summary(db, all_summary, stamp);
    }

    // Never synced is not "no data at Kolada".
    std::vector<std::string> kpis;
    std::vector<std::string> focus_units;
    for (const auto& entry : entries) {
        kpis.push_back(entry.kpi);
        focus_units.push_back(entry.focus_unit);
    }
    const auto never = catalogue.never_synced_pairs(kpis, focus_units);
    for (auto& entry : entries) {
        entry.synced =
            !std::binary_search(never.begin(), never.end(), std::pair{entry.kpi, entry.focus_unit});
        if (!entry.synced && entry.verdict == Verdict::no_data) {
            entry.verdict = Verdict::not_synced;
        }
    }

    if (request.verdict) {
        std::erase_if(entries,
                      [&](const GapsEntry& entry) { return entry.verdict != *request.verdict; });
    }
    return entries;
}

void to_json(nlohmann::ordered_json& j, const GapsEntry& entry) {
    j = {{"kpi", entry.kpi},
         {"title", entry.title},
         {"verdict", std::string(to_string(entry.verdict))},
         {"flag", entry.flag},
         {"coverage", entry.coverage ? nlohmann::ordered_json(*entry.coverage)
                                     : nlohmann::ordered_json(nullptr)},
         {"recent_years", entry.recent_years},
         {"goals", entry.goals},
         {"missing", entry.missing},
         {"synced", entry.synced}};
}

}  // namespace kolcat::analysis
