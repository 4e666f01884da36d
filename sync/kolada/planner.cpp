#include "sync/kolada/planner.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <stdexcept>
#include <type_traits>

#include "sync/http/url.hpp"

namespace kolcat::sync {
namespace {

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int i = 0; i < 3; ++i) {
        for (std::size_t j = 0; j < lengths[i]; ++j) {
            const char c = text[starts[i] + j];
            if (c < '0' || c > '9') {
                return std::nullopt;
            }
            parts[i] = parts[i] * 10 + (c - '0');
        }
    }
    const std::chrono::year_month_day date{std::chrono::year{parts[0]},
                                           std::chrono::month{static_cast<unsigned>(parts[1])},
                                           std::chrono::day{static_cast<unsigned>(parts[2])}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return date;
}

std::string format_date(const std::chrono::year_month_day& date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

template <typename T>
std::vector<T> unique_in_order(const std::vector<T>& items) {
    std::vector<T> out;
    std::set<T> seen;
    for (const auto& item : items) {
        if (seen.insert(item).second) {
            out.push_back(item);
        }
    }
    return out;
}

template <typename T>
std::string join(const std::vector<T>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += ',';
        }
        if constexpr (std::is_same_v<T, int>) {
            out += std::to_string(item);
        } else {
            out += http::percent_encode(item);
        }
    }
    return out;
}

// True when `list` holds every id of `every`, which must not be empty (an unknown whole).
bool covers(const std::vector<std::string>& list, const std::vector<std::string>& every) {
    if (every.empty()) {
        return false;
    }
    const std::set<std::string> have(list.begin(), list.end());
    return std::all_of(every.begin(), every.end(),
                       [&have](const std::string& id) { return have.count(id) != 0; });
}

std::string_view without_trailing_slash(std::string_view url) {
    while (!url.empty() && url.back() == '/') {
        url.remove_suffix(1);
    }
    return url;
}

}  // namespace

bool is_iso_date(std::string_view date) {
    return parse_date(date).has_value();
}

std::optional<std::string> synced_from_date(const std::string& kpi,
                                            const std::vector<std::string>& units,
                                            const SyncedDates& synced, std::string_view today) {
    std::optional<std::string> earliest;
    for (const auto& unit : units) {
        const std::string* found = synced.find(kpi, unit);
        // A date the catalogue cannot vouch for is treated as never synced: a full fetch is
        // always correct, a wrong from_date would silently miss changes.
        if (found == nullptr || !is_iso_date(*found)) {
            return std::nullopt;
        }
        if (!earliest || *found < *earliest) {
            earliest = *found;  // ISO dates order as strings
        }
    }
    if (!earliest) {
        return std::nullopt;
    }
    // A synced date after today (a clock that went back) must not hide today's changes.
    const std::string capped = std::min(*earliest, std::string(today));
    return day_before(capped);
}

std::string day_before(std::string_view date) {
    const auto parsed = parse_date(date);
    if (!parsed) {
        throw std::invalid_argument("not a date (YYYY-MM-DD): '" + std::string(date) + "'");
    }
    return format_date(
        std::chrono::year_month_day{std::chrono::sys_days{*parsed} - std::chrono::days{1}});
}

catalogue::SyncSegment make_segment(std::size_t seq, std::vector<std::string> kpis,
                                    std::vector<std::string> units, std::vector<int> years,
                                    std::optional<std::string> from_date,
                                    catalogue::OpenList open) {
    catalogue::SyncSegment segment;
    segment.seq = static_cast<int>(seq);
    segment.kpis = std::move(kpis);
    segment.units = std::move(units);
    segment.years = std::move(years);
    segment.from_date = std::move(from_date);
    segment.open = open;
    return segment;
}

std::vector<catalogue::SyncSegment> plan_sync(const catalogue::SyncScope& scope,
                                              const SyncedDates& synced, bool full,
                                              std::string_view today) {
    return plan_sync(scope, synced, full, today, catalogue::PairTypes{});
}

std::vector<catalogue::SyncSegment> plan_sync(const catalogue::SyncScope& scope,
                                              const SyncedDates& synced, bool full,
                                              std::string_view today,
                                              const catalogue::PairTypes& types) {
    return plan_sync(scope, synced, full, today, types, OpenCover{});
}

std::vector<catalogue::SyncSegment> plan_sync(const catalogue::SyncScope& scope,
                                              const SyncedDates& synced, bool full,
                                              std::string_view today,
                                              const catalogue::PairTypes& types,
                                              const OpenCover& cover) {
    using catalogue::Side;
    if (!is_iso_date(today)) {
        throw std::invalid_argument("not a date (YYYY-MM-DD): '" + std::string(today) + "'");
    }
    const auto kpis = unique_in_order(scope.kpis);
    const auto years = unique_in_order(scope.years);
    std::vector<std::string> units;   // municipalities, regions and Riket: stored by Kolada
    std::vector<std::string> groups;  // municipality groups: computed by Kolada when asked
    for (const auto& unit : unique_in_order(scope.units)) {
        (is_municipality_group_id(unit) ? groups : units).push_back(unit);
    }
    if (kpis.empty()) {
        return {};
    }
    // No year list: one request per (kpi chunk, unit chunk) covers every year.
    const auto year_chunks =
        years.empty() ? std::vector<std::vector<int>>{{}} : request_chunks(years);

    // The ids of a list on the sides `keep` accepts, in the list's order.
    const auto kpis_where = [&](auto keep) {
        std::vector<std::string> out;
        for (const auto& kpi : kpis) {
            if (keep(types.kpi(kpi))) {
                out.push_back(kpi);
            }
        }
        return out;
    };
    const auto units_where = [&](const std::vector<std::string>& list, auto keep) {
        std::vector<std::string> out;
        for (const auto& unit : list) {
            if (keep(types.unit(unit))) {
                out.push_back(unit);
            }
        }
        return out;
    };
    const auto is = [](Side side) { return [side](Side s) { return s == side; }; };
    const auto is_not = [](Side side) { return [side](Side s) { return s != side; }; };
    const auto any = [](Side) { return true; };

    // The from_date of each KPI, over the units it can have values for.
    std::map<std::string, std::optional<std::string>> from_dates;
    if (!full) {
        std::map<Side, std::vector<std::string>> valid_units;
        for (const Side side : {Side::municipalities, Side::regions, Side::both}) {
            valid_units[side] = units_where(
                units, [side](Side unit) { return catalogue::can_hold_value(side, unit); });
        }
        for (const auto& kpi : kpis) {
            from_dates[kpi] = synced_from_date(kpi, valid_units[types.kpi(kpi)], synced, today);
        }
    }

    // Key figures that share their units, split by from_date (std::optional orders nullopt
    // first: full fetches come before incremental ones).
    struct Block {
        std::map<std::optional<std::string>, std::vector<std::string>> kpis_by_from_date;
        std::vector<std::string> units;
    };
    const auto block = [&](const std::vector<std::string>& block_kpis,
                           std::vector<std::string> block_units, bool dated) {
        Block out;
        out.units = std::move(block_units);
        if (out.units.empty()) {
            return out;
        }
        for (const auto& kpi : block_kpis) {
            out.kpis_by_from_date[dated && !full ? from_dates[kpi] : std::nullopt].push_back(kpi);
        }
        return out;
    };
    const auto chunks = [](std::size_t n) {
        return (n + max_ids_per_request - 1) / max_ids_per_request;
    };
    const auto segments_of = [&](const std::vector<Block>& blocks) {
        std::size_t count = 0;
        for (const auto& b : blocks) {
            for (const auto& [from_date, list] : b.kpis_by_from_date) {
                count += chunks(list.size()) * chunks(b.units.size()) * year_chunks.size();
            }
        }
        return count;
    };

    const std::vector<std::vector<Block>> layouts{
        {block(kpis_where(is_not(Side::regions)), units_where(units, is_not(Side::regions)), true),
         block(kpis_where(is(Side::regions)), units_where(units, is_not(Side::municipalities)),
               true),
         block(kpis_where(is(Side::both)), units_where(units, is(Side::regions)), true)},
        {block(kpis_where(is_not(Side::municipalities)),
               units_where(units, is_not(Side::municipalities)), true),
         block(kpis_where(is(Side::municipalities)), units_where(units, is_not(Side::regions)),
               true),
         block(kpis_where(is(Side::both)), units_where(units, is(Side::municipalities)), true)},
        {block(kpis_where(is(Side::both)), units_where(units, any), true),
         block(kpis_where(is(Side::municipalities)), units_where(units, is_not(Side::regions)),
               true),
         block(kpis_where(is(Side::regions)), units_where(units, is_not(Side::municipalities)),
               true)},
    };
    const std::vector<Block>* best = &layouts.front();
    for (const auto& layout : layouts) {
        if (segments_of(layout) < segments_of(*best)) {
            best = &layout;
        }
    }

    // The open layouts (planner.hpp): their segment counts, when they cover the scope.
    const auto open_year_chunks =
        years.empty() ? request_chunks(unique_in_order(cover.years)) : year_chunks;
    const bool may_open = full && !units.empty() && !open_year_chunks.empty();
    const std::size_t by_kpi_chunks = may_open && covers(units, cover.kolada_units)
                                          ? chunks(kpis.size()) * open_year_chunks.size()
                                          : 0;
    const std::size_t by_unit_chunks = may_open && covers(kpis, cover.kolada_kpis)
                                           ? chunks(units.size()) * open_year_chunks.size()
                                           : 0;
    // An open segment costs up to two requests beyond its full pages (its last page, the items
    // its overlapping pages repeat), a named one at least one: see planner.hpp.
    const std::size_t named = segments_of(*best);
    catalogue::OpenList open = catalogue::OpenList::none;
    if (by_kpi_chunks > 0 && 2 * by_kpi_chunks <= named &&
        (by_unit_chunks == 0 || by_kpi_chunks <= by_unit_chunks)) {
        open = catalogue::OpenList::units;
    } else if (by_unit_chunks > 0 && 2 * by_unit_chunks <= named) {
        open = catalogue::OpenList::kpis;
    }

    std::vector<catalogue::SyncSegment> plan;
    const auto add_open = [&](const std::vector<std::string>& kpi_list,
                              const std::vector<std::string>& unit_list) {
        for (const auto& year_chunk : open_year_chunks) {
            plan.push_back(
                make_segment(plan.size(), kpi_list, unit_list, year_chunk, std::nullopt, open));
        }
    };
    // The chunks of years of the same lists come together: the last of them records the
    // lists' pairs as synced (Catalogue::commit_page).
    if (open == catalogue::OpenList::units) {
        for (const auto& kpi_chunk : request_chunks(kpis)) {
            add_open(kpi_chunk, units);
        }
    } else if (open == catalogue::OpenList::kpis) {
        for (const auto& unit_chunk : request_chunks(units)) {
            add_open(kpis, unit_chunk);
        }
    }
    const auto add_segments = [&](const std::vector<std::string>& kpi_list,
                                  const std::vector<std::string>& unit_list,
                                  const std::optional<std::string>& from_date) {
        for (const auto& kpi_chunk : request_chunks(kpi_list)) {
            for (const auto& unit_chunk : request_chunks(unit_list)) {
                for (const auto& year_chunk : year_chunks) {
                    plan.push_back(
                        make_segment(plan.size(), kpi_chunk, unit_chunk, year_chunk, from_date));
                }
            }
        }
    };
    // Full fetches first, then by date ascending; within a date, the layout's blocks in order.
    std::set<std::optional<std::string>> dates;
    for (const auto& b : *best) {
        for (const auto& [from_date, list] : b.kpis_by_from_date) {
            if (open == catalogue::OpenList::none) {
                dates.insert(from_date);
            }
        }
    }
    for (const auto& from_date : dates) {
        for (const auto& b : *best) {
            if (const auto found = b.kpis_by_from_date.find(from_date);
                found != b.kpis_by_from_date.end()) {
                add_segments(found->second, b.units, from_date);
            }
        }
    }
    // Groups are fetched whole on every sync, never with a from_date, after the units: see
    // plan_sync in planner.hpp for why.
    for (const auto& b : {block(kpis_where(is_not(Side::regions)),
                                units_where(groups, is(Side::municipalities)), false),
                          block(kpis_where(is_not(Side::municipalities)),
                                units_where(groups, is(Side::regions)), false),
                          block(kpis, units_where(groups, is(Side::both)), false)}) {
        for (const auto& [from_date, list] : b.kpis_by_from_date) {
            add_segments(list, b.units, std::nullopt);
        }
    }
    return plan;
}

bool is_municipality_group_id(std::string_view id) {
    return !id.empty() && id.front() == 'G';
}

bool only_municipality_groups(const std::vector<std::string>& units) {
    return !units.empty() && std::all_of(units.begin(), units.end(), [](const std::string& unit) {
        return is_municipality_group_id(unit);
    });
}

std::string segment_url(std::string_view api_url, const catalogue::SyncSegment& segment,
                        int per_page) {
    std::string url(without_trailing_slash(api_url));
    url += "/data";
    if (segment.open != catalogue::OpenList::kpis) {
        url += "/kpi/" + join(segment.kpis);
    }
    if (segment.open != catalogue::OpenList::units) {
        url += "/municipality/" + join(segment.units);
    }
    if (!segment.years.empty()) {
        url += "/year/" + join(segment.years);
    }
    url += "?per_page=" + std::to_string(per_page);
    if (segment.from_date) {
        url += "&from_date=" + http::percent_encode(*segment.from_date);
    }
    return url;
}

std::string metadata_url(std::string_view api_url, std::string_view endpoint, int per_page) {
    return std::string(without_trailing_slash(api_url)) + "/" + std::string(endpoint) +
           "?per_page=" + std::to_string(per_page);
}

}  // namespace kolcat::sync
