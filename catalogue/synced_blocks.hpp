#pragma once
// Internal to the catalogue library: the record of which (key figure, unit) pairs completed a
// sync over every year, and when (the table synced_block, see migrations.cpp).
//
// A block says "every pair of kpis x units completed a sync over every year on synced_on". A
// sync records one block per rectangle it completes (a segment's lists, a change check's lists,
// the group pairs a run's checks vouch for), so the record grows by blocks, not by pairs. A
// pair's date is that of the last block written (highest id) holding it, as a row replaced on
// each record would be: a later sync's date wins even when it is earlier, because a clock that
// ran ahead and was put right must not leave a future date that asks for too few changes; an
// earlier date only asks for more. A pair no block holds never completed a sync.
//
// Kept bounded by compact_synced_blocks when a run finishes: walking blocks newest first (by
// id, descending), a block every pair of which a block written after it holds is dropped, since
// that block decides the pair's date. Then neighbouring blocks (nothing written between them)
// of one date with the same key figures (or the same units) become one block over the union of
// their units (key figures): the same pairs with the same date. So a run that syncs a scope
// again drops the blocks it supersedes, and the record stays about one run's blocks in size.

#include <cstdint>
#include <string>
#include <vector>

#include "catalogue/database.hpp"
#include "catalogue/key_interner.hpp"
#include "catalogue/synced_dates.hpp"

namespace kolcat::catalogue {

struct SyncedBlock {
    std::int64_t id = 0;
    std::string synced_on;            // "YYYY-MM-DD"
    std::vector<std::int64_t> kpis;   // kpi_key.key, sorted
    std::vector<std::int64_t> units;  // unit_key.key, sorted
};

// Every block, in the order written (by id).
std::vector<SyncedBlock> load_synced_blocks(Database& db);
// Records kpis x units (keys, in any order, repeats allowed) as synced on `synced_on`. Does
// nothing when either list is empty. Call inside a write.
void record_synced_block(Database& db, std::vector<std::int64_t> kpis,
                         std::vector<std::int64_t> units, const std::string& synced_on);
// Drops superseded blocks and merges blocks of one date (see above). Call inside a write.
void compact_synced_blocks(Database& db);
// Removes the units from every block, dropping blocks left without units. Call inside a write.
void forget_units_in_blocks(Database& db, const std::vector<std::int64_t>& units);
// The dates of the pairs kpis x units.
SyncedDates read_synced_dates(Database& db, KeyInterner& kpi_keys, KeyInterner& unit_keys,
                              const std::vector<std::string>& kpis,
                              const std::vector<std::string>& units);

}  // namespace kolcat::catalogue
