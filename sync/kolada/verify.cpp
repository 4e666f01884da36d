#include "sync/kolada/verify.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "sync/http/sync_error.hpp"
#include "sync/kolada/kolada_json.hpp"

namespace kolcat::sync {
namespace {

using CellKey = std::tuple<std::string, std::string, int, int>;

CellKey key_of(const catalogue::Value& value) {
    return {value.kpi, value.municipality, value.period, static_cast<int>(value.gender)};
}

// The cells of a list by key; the last of a repeated cell wins, deleted entries are dropped.
std::map<CellKey, const catalogue::Value*> by_key(const std::vector<catalogue::Value>& values) {
    std::map<CellKey, const catalogue::Value*> cells;
    for (const catalogue::Value& value : values) {
        if (value.is_deleted) {
            cells.erase(key_of(value));
        } else {
            cells[key_of(value)] = &value;
        }
    }
    return cells;
}

// What a difference keeps of a cell: its content, not its names again.
catalogue::StoredValue content_of(const catalogue::Value& value) {
    return {value.value, value.count, value.status};
}

CellDifference difference_of(DifferenceKind kind, const CellKey& key) {
    CellDifference difference;
    difference.kind = kind;
    difference.kpi = std::get<0>(key);
    difference.unit = std::get<1>(key);
    difference.period = std::get<2>(key);
    difference.gender = static_cast<catalogue::Gender>(std::get<3>(key));
    return difference;
}

void sort_unique(std::vector<std::string>& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

// The position of an id in a sorted list that holds it.
std::size_t position_of(const std::vector<std::string>& sorted, const std::string& id) {
    return static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), id) -
                                    sorted.begin());
}

// SplitMix64: a small generator whose output is fixed by its definition, so that a seed
// printed on one machine repeats the same sample on another (std::uniform_int_distribution
// is free to differ between standard libraries).
std::uint64_t split_mix(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace

std::string_view to_string(DifferenceKind kind) {
    switch (kind) {
        case DifferenceKind::changed:
            return "changed";
        case DifferenceKind::missing_locally:
            return "missing locally";
        case DifferenceKind::extra_locally:
            return "extra locally";
    }
    return "changed";
}

std::vector<catalogue::SyncSegment> plan_verify(
    const std::vector<catalogue::Catalogue::SyncedRectangle>& rectangles) {
    // Every key figure and unit of the rectangles, sorted: positions in these lists order as
    // the ids do.
    std::vector<std::string> kpis;
    std::vector<std::string> units;
    for (const auto& rectangle : rectangles) {
        if (!rectangle.kpis.empty() && !rectangle.units.empty()) {
            kpis.insert(kpis.end(), rectangle.kpis.begin(), rectangle.kpis.end());
            units.insert(units.end(), rectangle.units.begin(), rectangle.units.end());
        }
    }
    sort_unique(kpis);
    sort_unique(units);

    // Which units each key figure was synced for: a bit per (key figure, unit), 240 KB for a
    // full mirror's 6 099 x 312.
    const std::size_t width = units.size();
    std::vector<bool> synced(kpis.size() * width, false);
    for (const auto& rectangle : rectangles) {
        if (rectangle.kpis.empty() || rectangle.units.empty()) {
            continue;  // no pair; its ids were not counted above
        }
        std::vector<std::size_t> columns;
        for (const auto& unit : rectangle.units) {
            columns.push_back(position_of(units, unit));
        }
        for (const auto& kpi : rectangle.kpis) {
            const std::size_t row = position_of(kpis, kpi) * width;
            for (const std::size_t column : columns) {
                synced[row + column] = true;
            }
        }
    }

    // Key figures by their units, as positions: lists of positions compare as the lists of ids
    // do, so the groups come in the order of their unit sets.
    std::map<std::vector<std::size_t>, std::vector<std::string>> kpis_by_units;
    for (std::size_t row = 0; row < kpis.size(); ++row) {
        std::vector<std::size_t> columns;
        for (std::size_t column = 0; column < width; ++column) {
            if (synced[row * width + column]) {
                columns.push_back(column);
            }
        }
        kpis_by_units[std::move(columns)].push_back(kpis[row]);
    }
    std::vector<catalogue::SyncSegment> plan;
    for (const auto& [columns, group_kpis] : kpis_by_units) {
        std::vector<std::string> group_units;
        for (const std::size_t column : columns) {
            group_units.push_back(units[column]);
        }
        const auto unit_chunks = request_chunks(group_units);
        for (const auto& kpi_chunk : request_chunks(group_kpis)) {
            for (const auto& unit_chunk : unit_chunks) {
                plan.push_back(make_segment(plan.size(), kpi_chunk, unit_chunk));
            }
        }
    }
    return plan;
}

std::vector<std::size_t> sample_indexes(std::size_t total, std::size_t count, std::uint64_t seed) {
    std::vector<std::size_t> indexes(total);
    for (std::size_t i = 0; i < total; ++i) {
        indexes[i] = i;
    }
    if (count >= total) {
        return indexes;
    }
    // The first `count` steps of a Fisher-Yates shuffle.
    std::uint64_t state = seed;
    for (std::size_t i = 0; i < count; ++i) {
        const auto left = static_cast<std::uint64_t>(total - i);
        const auto pick = i + static_cast<std::size_t>(split_mix(state) % left);
        std::swap(indexes[i], indexes[pick]);
    }
    indexes.resize(count);
    std::sort(indexes.begin(), indexes.end());
    return indexes;
}

std::vector<CellDifference> compare_cells(const std::vector<catalogue::Value>& stored,
                                          const std::vector<catalogue::Value>& kolada) {
    const auto stored_cells = by_key(stored);
    const auto kolada_cells = by_key(kolada);
    std::vector<CellDifference> differences;
    auto mine = stored_cells.begin();
    auto theirs = kolada_cells.begin();
    while (mine != stored_cells.end() || theirs != kolada_cells.end()) {
        if (theirs == kolada_cells.end() ||
            (mine != stored_cells.end() && mine->first < theirs->first)) {
            auto difference = difference_of(DifferenceKind::extra_locally, mine->first);
            difference.stored = content_of(*mine->second);
            differences.push_back(std::move(difference));
            ++mine;
            continue;
        }
        if (mine == stored_cells.end() || theirs->first < mine->first) {
            auto difference = difference_of(DifferenceKind::missing_locally, theirs->first);
            difference.kolada = content_of(*theirs->second);
            differences.push_back(std::move(difference));
            ++theirs;
            continue;
        }
        const catalogue::Value& a = *mine->second;
        const catalogue::Value& b = *theirs->second;
        // Exact comparison on purpose: the catalogue stores the double Kolada sent.
        const bool value_differs = a.value != b.value;
        const bool count_differs = a.count != b.count;
        const bool status_differs = a.status != b.status;
        if (value_differs || count_differs || status_differs) {
            auto difference = difference_of(DifferenceKind::changed, mine->first);
            difference.stored = content_of(a);
            difference.kolada = content_of(b);
            difference.value_differs = value_differs;
            difference.count_differs = count_differs;
            difference.status_differs = status_differs;
            differences.push_back(std::move(difference));
        }
        ++mine;
        ++theirs;
    }
    return differences;
}

SegmentCheck verify_segment(const catalogue::Catalogue& catalogue, http::JsonFetcher& fetcher,
                            const std::string& api_url, const catalogue::SyncSegment& segment,
                            int per_page, std::size_t max_pages) {
    catalogue::SyncSegment whole = segment;
    whole.from_date.reset();
    whole.resume_url.reset();
    const std::set<std::string> kpis(whole.kpis.begin(), whole.kpis.end());
    const std::set<std::string> units(whole.units.begin(), whole.units.end());
    const std::set<int> years(whole.years.begin(), whole.years.end());

    std::vector<catalogue::Value> kolada;
    Pager pager(fetcher, segment_url(api_url, whole, per_page), api_url, max_pages);
    while (auto page = pager.next(&parse_value_text)) {
        for (catalogue::Value& value : page->items) {
            // An answer outside the request is broken: comparing it would report nonsense.
            if (kpis.count(value.kpi) == 0 || units.count(value.municipality) == 0 ||
                (!years.empty() && years.count(value.period) == 0)) {
                throw http::SyncError("answer from " + page->url +
                                      " holds a value outside the request: " + value.kpi + " " +
                                      value.municipality + " " + std::to_string(value.period));
            }
            kolada.push_back(std::move(value));
        }
    }

    std::vector<catalogue::Value> stored;
    catalogue::ValueQuery query;
    query.kpis = whole.kpis;
    query.units = whole.units;
    catalogue.for_each_value(query, [&](const catalogue::Value& value) {
        if (years.empty() || years.count(value.period) != 0) {
            stored.push_back(value);
        }
    });

    SegmentCheck check;
    check.segment = segment;
    check.stored_cells = stored.size();
    check.differences = compare_cells(stored, kolada);
    check.kolada_cells = by_key(kolada).size();
    return check;
}

}  // namespace kolcat::sync
