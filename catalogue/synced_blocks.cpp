#include "catalogue/synced_blocks.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "catalogue/catalogue.hpp"

namespace kolcat::catalogue {

namespace {

std::vector<std::int64_t> parse_keys(const std::string& text) {
    try {
        return nlohmann::json::parse(text).get<std::vector<std::int64_t>>();
    } catch (const nlohmann::json::exception& error) {
        throw CatalogueError(std::string("corrupt synced_block in the catalogue: ") + error.what());
    }
}

void sort_unique(std::vector<std::int64_t>& keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

void insert_block(Database& db, const SyncedBlock& block) {
    db.prepare("INSERT INTO synced_block (synced_on, kpis, units) VALUES (?1, ?2, ?3)")
        .bind(1, block.synced_on)
        .bind(2, nlohmann::json(block.kpis).dump())
        .bind(3, nlohmann::json(block.units).dump())
        .run();
}

// Neighbouring blocks (in the order they were written, nothing written between them) of one
// date that share their key figures (same_kpis) or their units become one block over the union
// of the other list: the same pairs, with the same date, and no block written between them whose
// dates they would now override or be overridden by.
std::vector<SyncedBlock> merge_neighbours(std::vector<SyncedBlock> blocks, bool same_kpis) {
    std::vector<SyncedBlock> out;
    for (SyncedBlock& block : blocks) {
        if (!out.empty() && out.back().synced_on == block.synced_on &&
            (same_kpis ? out.back().kpis == block.kpis : out.back().units == block.units)) {
            auto& into = same_kpis ? out.back().units : out.back().kpis;
            const auto& from = same_kpis ? block.units : block.kpis;
            into.insert(into.end(), from.begin(), from.end());
            sort_unique(into);
            continue;
        }
        out.push_back(std::move(block));
    }
    return out;
}

}  // namespace

std::vector<SyncedBlock> load_synced_blocks(Database& db) {
    std::vector<SyncedBlock> blocks;
    Statement select =
        db.prepare("SELECT id, synced_on, kpis, units FROM synced_block ORDER BY id");
    while (select.step()) {
        SyncedBlock block{select.column_int64(0), select.column_text(1),
                          parse_keys(select.column_text(2)), parse_keys(select.column_text(3))};
        // Sorted whatever wrote them (the schema step that made the first blocks groups rows
        // without an order).
        sort_unique(block.kpis);
        sort_unique(block.units);
        blocks.push_back(std::move(block));
    }
    return blocks;
}

void record_synced_block(Database& db, std::vector<std::int64_t> kpis,
                         std::vector<std::int64_t> units, const std::string& synced_on) {
    if (kpis.empty() || units.empty()) {
        return;
    }
    sort_unique(kpis);
    sort_unique(units);
    insert_block(db, {0, synced_on, std::move(kpis), std::move(units)});
}

void compact_synced_blocks(Database& db) {
    const std::vector<SyncedBlock> blocks = load_synced_blocks(db);
    if (blocks.empty()) {
        return;
    }
    std::int64_t max_kpi = 0;
    std::int64_t max_unit = 0;
    for (const SyncedBlock& block : blocks) {
        max_kpi = std::max(max_kpi, block.kpis.empty() ? 0 : block.kpis.back());
        max_unit = std::max(max_unit, block.units.empty() ? 0 : block.units.back());
    }
    // Which pairs a block already walked holds: one bit per (kpi key, unit key).
    const auto width = static_cast<std::size_t>(max_unit) + 1;
    std::vector<bool> held((static_cast<std::size_t>(max_kpi) + 1) * width, false);
    std::vector<SyncedBlock> kept;  // newest first
    for (auto block = blocks.rbegin(); block != blocks.rend(); ++block) {
        bool holds_new_pair = false;
        for (const std::int64_t kpi : block->kpis) {
            for (const std::int64_t unit : block->units) {
                const std::size_t bit =
                    static_cast<std::size_t>(kpi) * width + static_cast<std::size_t>(unit);
                if (!held[bit]) {
                    held[bit] = true;
                    holds_new_pair = true;
                }
            }
        }
        if (holds_new_pair) {
            kept.push_back(*block);
        }
    }
    kept = merge_neighbours(merge_neighbours(std::move(kept), true), false);
    if (kept.size() == blocks.size()) {
        return;  // nothing dropped, nothing merged
    }
    db.prepare("DELETE FROM synced_block").run();
    for (auto block = kept.rbegin(); block != kept.rend(); ++block) {
        insert_block(db, *block);
    }
}

void forget_units_in_blocks(Database& db, const std::vector<std::int64_t>& units) {
    std::vector<std::int64_t> forgotten = units;
    sort_unique(forgotten);
    if (forgotten.empty()) {
        return;
    }
    Statement update = db.prepare("UPDATE synced_block SET units = ?2 WHERE id = ?1");
    Statement remove = db.prepare("DELETE FROM synced_block WHERE id = ?1");
    for (const SyncedBlock& block : load_synced_blocks(db)) {
        std::vector<std::int64_t> left;
        std::set_difference(block.units.begin(), block.units.end(), forgotten.begin(),
                            forgotten.end(), std::back_inserter(left));
        if (left.size() == block.units.size()) {
            continue;
        }
        if (left.empty()) {
            remove.bind(1, block.id).run();
        } else {
            update.bind(1, block.id).bind(2, nlohmann::json(left).dump()).run();
        }
    }
}

SyncedDates read_synced_dates(Database& db, KeyInterner& kpi_keys, KeyInterner& unit_keys,
                              const std::vector<std::string>& kpis,
                              const std::vector<std::string>& units) {
    SyncedDates dates(kpis, units);
    std::unordered_map<std::int64_t, std::size_t> kpi_positions;
    std::unordered_map<std::int64_t, std::size_t> unit_positions;
    for (const auto& kpi : kpis) {
        if (const auto key = kpi_keys.find(kpi)) {
            kpi_positions.emplace(*key, *dates.kpi_position(kpi));
        }
    }
    for (const auto& unit : units) {
        if (const auto key = unit_keys.find(unit)) {
            unit_positions.emplace(*key, *dates.unit_position(unit));
        }
    }
    if (kpi_positions.empty() || unit_positions.empty()) {
        return dates;
    }
    std::vector<std::size_t> block_units;
    for (const SyncedBlock& block : load_synced_blocks(db)) {
        block_units.clear();
        for (const std::int64_t unit : block.units) {
            if (const auto found = unit_positions.find(unit); found != unit_positions.end()) {
                block_units.push_back(found->second);
            }
        }
        if (block_units.empty()) {
            continue;
        }
        const std::uint16_t date = dates.date_index(block.synced_on);
        for (const std::int64_t kpi : block.kpis) {
            if (const auto found = kpi_positions.find(kpi); found != kpi_positions.end()) {
                for (const std::size_t unit : block_units) {
                    dates.assign(found->second, unit, date);
                }
            }
        }
    }
    return dates;
}

}  // namespace kolcat::catalogue
