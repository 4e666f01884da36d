#pragma once
// `kolcat verify`: fetches part of what the catalogue holds again, without from_date, and lists
// every cell where the stored copy and Kolada's fresh answer differ.
//
// A segment is the unit of work of a sync: up to 25 key figures x up to 25 units, fetched as one
// request chain without a year list (every year). Verify plans segments over the (kpi, unit)
// pairs the catalogue has synced over every year (Catalogue::synced_rectangles), municipality
// groups included: Kolada computes a group's mean when asked, so the fresh answer is the truth.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/sync_state.hpp"
#include "catalogue/value.hpp"
#include "catalogue/value_change.hpp"
#include "sync/http/json_fetcher.hpp"
#include "sync/kolada/pager.hpp"
#include "sync/kolada/planner.hpp"

namespace kolcat::sync {

// Segments over the pairs of the rectangles (which may overlap): key figures with the same set
// of units share segments, so every segment asks only for pairs the catalogue synced, each
// once. Deterministic for the same pairs: groups of key figures in the order of their unit sets
// (sorted ids compared as lists), key figures and units sorted, seq from 0. Takes a bit per
// (key figure, unit) of the rectangles while it plans, not a string pair per synced pair (a
// full mirror's 1.9 M pairs took 120 MB as strings).
std::vector<catalogue::SyncSegment> plan_verify(
    const std::vector<catalogue::Catalogue::SyncedRectangle>& rectangles);

// `count` distinct indexes below `total`, drawn with a generator seeded by `seed` (the same seed
// gives the same draw on every machine), sorted ascending. All of them when count >= total.
std::vector<std::size_t> sample_indexes(std::size_t total, std::size_t count, std::uint64_t seed);

enum class DifferenceKind {
    changed,          // both hold the cell; value, count or status differ
    missing_locally,  // Kolada has the cell, the catalogue does not
    extra_locally     // the catalogue has the cell, Kolada does not
};
// "changed", "missing locally", "extra locally".
std::string_view to_string(DifferenceKind kind);

struct CellDifference {
    DifferenceKind kind = DifferenceKind::changed;
    std::string kpi;
    std::string unit;
    int period = 0;
    catalogue::Gender gender = catalogue::Gender::T;
    // The cell's content only (the cell is named above): a segment's differences are held
    // together, tens of thousands when a whole segment changed.
    std::optional<catalogue::StoredValue> stored;  // nullopt when missing locally
    std::optional<catalogue::StoredValue> kolada;  // nullopt when extra locally
    // For changed cells: which of them differ.
    bool value_differs = false;
    bool count_differs = false;
    bool status_differs = false;
};

// Compares a segment's stored cells with Kolada's answer for it, cell by cell. A value equals
// only the same double (or both null); count and status compare as stored. Entries of the
// answer marked deleted are not cells. Where a list repeats a cell, the last one counts.
// Differences come sorted by kpi, unit, period, gender (T, K, M).
std::vector<CellDifference> compare_cells(const std::vector<catalogue::Value>& stored,
                                          const std::vector<catalogue::Value>& kolada);

struct SegmentCheck {
    catalogue::SyncSegment segment;
    std::size_t stored_cells = 0;
    std::size_t kolada_cells = 0;
    std::vector<CellDifference> differences;
};

// Fetches one segment whole (no from_date, every page) and compares it with the catalogue.
// Throws SyncError when the fetch fails for good or the answer holds a value outside the
// segment.
SegmentCheck verify_segment(const catalogue::Catalogue& catalogue, http::JsonFetcher& fetcher,
                            const std::string& api_url, const catalogue::SyncSegment& segment,
                            int per_page = max_per_page, std::size_t max_pages = default_max_pages);

}  // namespace kolcat::sync
