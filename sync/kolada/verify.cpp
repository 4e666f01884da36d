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

CellDifference difference_of(DifferenceKind kind, const CellKey& key) {
    CellDifference difference;
    difference.kind = kind;
    difference.kpi = std::get<0>(key);
    difference.unit = std::get<1>(key);
    difference.period = std::get<2>(key);
    difference.gender = static_cast<catalogue::Gender>(std::get<3>(key));
    return difference;
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
    std::vector<std::pair<std::string, std::string>> pairs) {
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    std::map<std::string, std::vector<std::string>> units_of_kpi;
    for (auto& [kpi, unit] : pairs) {
        units_of_kpi[kpi].push_back(std::move(unit));
    }
    std::map<std::vector<std::string>, std::vector<std::string>> kpis_by_units;
    for (auto& [kpi, units] : units_of_kpi) {
        kpis_by_units[std::move(units)].push_back(kpi);
    }
    std::vector<catalogue::SyncSegment> plan;
    for (const auto& [units, kpis] : kpis_by_units) {
        const auto unit_chunks = request_chunks(units);
        for (const auto& kpi_chunk : request_chunks(kpis)) {
            for (const auto& unit_chunk : unit_chunks) {
                catalogue::SyncSegment segment;
                segment.seq = static_cast<int>(plan.size());
                segment.kpis = kpi_chunk;
                segment.units = unit_chunk;
                plan.push_back(std::move(segment));
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
            difference.stored = *mine->second;
            differences.push_back(std::move(difference));
            ++mine;
            continue;
        }
        if (mine == stored_cells.end() || theirs->first < mine->first) {
            auto difference = difference_of(DifferenceKind::missing_locally, theirs->first);
            difference.kolada = *theirs->second;
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
            difference.stored = a;
            difference.kolada = b;
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
