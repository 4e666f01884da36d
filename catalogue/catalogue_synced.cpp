// What the record of synced pairs (synced_block, synced_blocks.hpp) tells: when each pair last
// completed a sync over every year, which pairs never did, and which units the catalogue keeps.
#include <algorithm>
#include <cstdint>
#include <set>

#include "catalogue/catalogue.hpp"
#include "catalogue/catalogue_impl.hpp"
#include "catalogue/pair_types.hpp"
#include "catalogue/synced_blocks.hpp"

namespace kolcat::catalogue {

namespace {

// Every key of a key table ("kpi_key" or "unit_key") with its id, sorted by id.
std::vector<std::pair<std::string, std::int64_t>> keys_by_id(Database& db,
                                                             const std::string& table) {
    std::vector<std::pair<std::string, std::int64_t>> keys;
    Statement select = db.prepare("SELECT id, key FROM " + table + " ORDER BY id");
    while (select.step()) {
        keys.emplace_back(select.column_text(0), select.column_int64(1));
    }
    return keys;
}

// key -> the position of its id in `keys` (sorted by id); -1 for a key the table lacks.
std::vector<std::int64_t> ranks_of_keys(
    const std::vector<std::pair<std::string, std::int64_t>>& keys) {
    std::int64_t max_key = 0;
    for (const auto& [id, key] : keys) {
        max_key = std::max(max_key, key);
    }
    std::vector<std::int64_t> ranks(static_cast<std::size_t>(max_key) + 1, -1);
    for (std::size_t rank = 0; rank < keys.size(); ++rank) {
        ranks[static_cast<std::size_t>(keys[rank].second)] = static_cast<std::int64_t>(rank);
    }
    return ranks;
}

// A key's rank in ranks_of_keys' answer; -1 for a key without an id.
std::int64_t rank_of(const std::vector<std::int64_t>& ranks, std::int64_t key) {
    return key >= 0 && static_cast<std::size_t>(key) < ranks.size()
               ? ranks[static_cast<std::size_t>(key)]
               : std::int64_t{-1};
}

std::vector<std::string> sorted_unique(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

}  // namespace

namespace {

// The synced pairs as (kpi rank, unit rank) in one integer each, sorted and unique: sorting them
// sorts by ids, in 8 bytes a pair until the ids are written out. Keys without an id are left out.
std::vector<std::uint64_t> packed_synced_pairs(
    Database& db, const std::vector<std::pair<std::string, std::int64_t>>& kpis,
    const std::vector<std::pair<std::string, std::int64_t>>& units) {
    const auto kpi_ranks = ranks_of_keys(kpis);
    const auto unit_ranks = ranks_of_keys(units);
    std::vector<std::uint64_t> packed;
    for (const SyncedBlock& block : load_synced_blocks(db)) {
        for (const std::int64_t kpi : block.kpis) {
            const std::int64_t kpi_rank = rank_of(kpi_ranks, kpi);
            if (kpi_rank < 0) {
                continue;
            }
            for (const std::int64_t unit : block.units) {
                if (const std::int64_t unit_rank = rank_of(unit_ranks, unit); unit_rank >= 0) {
                    packed.push_back(static_cast<std::uint64_t>(kpi_rank) << 32U |
                                     static_cast<std::uint64_t>(unit_rank));
                }
            }
        }
    }
    std::sort(packed.begin(), packed.end());
    packed.erase(std::unique(packed.begin(), packed.end()), packed.end());
    return packed;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> Catalogue::synced_pairs() const {
    Database& db = impl_->db;
    const auto kpis = keys_by_id(db, "kpi_key");
    const auto units = keys_by_id(db, "unit_key");
    const auto packed = packed_synced_pairs(db, kpis, units);
    std::vector<std::pair<std::string, std::string>> pairs;
    pairs.reserve(packed.size());
    for (const std::uint64_t pair : packed) {
        pairs.emplace_back(kpis[pair >> 32U].first, units[pair & 0xFFFFFFFFU].first);
    }
    return pairs;
}

std::vector<Catalogue::SyncedRectangle> Catalogue::synced_rectangles() const {
    Database& db = impl_->db;
    const auto kpis = keys_by_id(db, "kpi_key");
    const auto units = keys_by_id(db, "unit_key");
    const auto kpi_ranks = ranks_of_keys(kpis);
    const auto unit_ranks = ranks_of_keys(units);
    // The ids of keys, sorted (ranks follow the ids' order); keys without an id left out.
    const auto ids_of = [](const std::vector<std::int64_t>& keys,
                           const std::vector<std::int64_t>& ranks,
                           const std::vector<std::pair<std::string, std::int64_t>>& ids) {
        std::vector<std::int64_t> found;
        for (const std::int64_t key : keys) {
            if (const std::int64_t rank = rank_of(ranks, key); rank >= 0) {
                found.push_back(rank);
            }
        }
        std::sort(found.begin(), found.end());
        std::vector<std::string> out;
        out.reserve(found.size());
        for (const std::int64_t rank : found) {
            out.push_back(ids[static_cast<std::size_t>(rank)].first);
        }
        return out;
    };
    std::vector<SyncedRectangle> rectangles;
    for (const SyncedBlock& block : load_synced_blocks(db)) {
        SyncedRectangle rectangle{ids_of(block.kpis, kpi_ranks, kpis),
                                  ids_of(block.units, unit_ranks, units)};
        if (!rectangle.kpis.empty() && !rectangle.units.empty()) {
            rectangles.push_back(std::move(rectangle));
        }
    }
    return rectangles;
}

Catalogue::SyncedExtent Catalogue::synced_extent() const {
    Database& db = impl_->db;
    const auto kpis = keys_by_id(db, "kpi_key");
    const auto units = keys_by_id(db, "unit_key");
    const auto packed = packed_synced_pairs(db, kpis, units);
    std::vector<bool> kpi_seen(kpis.size(), false);
    std::vector<bool> unit_seen(units.size(), false);
    for (const std::uint64_t pair : packed) {
        kpi_seen[pair >> 32U] = true;
        unit_seen[pair & 0xFFFFFFFFU] = true;
    }
    SyncedExtent extent;
    extent.pairs = static_cast<std::int64_t>(packed.size());
    for (std::size_t rank = 0; rank < kpis.size(); ++rank) {
        if (kpi_seen[rank]) {
            extent.kpis.push_back(kpis[rank].first);  // ranks follow the ids' order
        }
    }
    for (std::size_t rank = 0; rank < units.size(); ++rank) {
        if (unit_seen[rank]) {
            extent.units.push_back(units[rank].first);
        }
    }
    return extent;
}

SyncedDates Catalogue::synced_dates(const std::vector<std::string>& kpis,
                                    const std::vector<std::string>& units) const {
    return read_synced_dates(impl_->db, impl_->kpi_keys, impl_->unit_keys, kpis, units);
}

void Catalogue::forget_synced_units(const std::vector<std::string>& units) {
    impl_->write([&] {
        std::vector<std::int64_t> keys;
        for (const auto& unit : units) {
            if (const auto key = impl_->unit_keys.find(unit)) {
                keys.push_back(*key);
            }
        }
        forget_units_in_blocks(impl_->db, keys);
    });
}

std::vector<std::pair<std::string, std::string>> Catalogue::never_synced_pairs(
    const std::vector<std::string>& kpis, const std::vector<std::string>& units) const {
    const std::vector<std::string> kpi_ids = sorted_unique(kpis);
    const std::vector<std::string> unit_ids = sorted_unique(units);
    const SyncedDates recorded = synced_dates(kpi_ids, unit_ids);
    Statement stored =
        impl_->db.prepare("SELECT 1 FROM kpi_value WHERE kpi = ?1 AND unit = ?2 LIMIT 1");
    auto found = [&](std::int64_t kpi, std::int64_t unit) {
        StatementReset reset(stored);
        stored.bind(1, kpi).bind(2, unit);
        return stored.step();
    };
    // A pair the metadata rules out is not unknown: Kolada has no value for it, and no sync
    // asks for it (see pair_types.hpp).
    const PairTypes types(*this, kpi_ids, unit_ids);
    std::vector<std::pair<std::string, std::string>> never;
    for (const auto& kpi : kpi_ids) {
        const auto kpi_key = impl_->kpi_keys.find(kpi);
        for (const auto& unit : unit_ids) {
            if (!types.can_hold_value(kpi, unit) || recorded.find(kpi, unit) != nullptr) {
                continue;
            }
            // An id without a key was never synced nor stored.
            const auto unit_key = impl_->unit_keys.find(unit);
            if (kpi_key && unit_key && found(*kpi_key, *unit_key)) {
                continue;
            }
            never.emplace_back(kpi, unit);
        }
    }
    return never;
}

std::vector<std::string> Catalogue::synced_units() const {
    Database& db = impl_->db;
    std::set<std::int64_t> keys;
    for (const SyncedBlock& block : load_synced_blocks(db)) {
        keys.insert(block.units.begin(), block.units.end());
    }
    std::vector<std::string> units;
    for (const auto& [id, key] : keys_by_id(db, "unit_key")) {
        if (keys.count(key) != 0) {
            units.push_back(id);  // in the order of ids
        }
    }
    return units;
}

}  // namespace kolcat::catalogue
