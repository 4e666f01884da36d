#pragma once
// Request planning: turns what a sync asks for into the fewest requests Kolada allows.
// Pure functions of their arguments (no clock, no I/O), so every decision is testable.

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalogue/pair_types.hpp"
#include "catalogue/sync_state.hpp"
#include "catalogue/synced_dates.hpp"

namespace kolcat::sync {

// Kolada answers 400 when a request names more than 25 kpis, units or years.
inline constexpr std::size_t max_ids_per_request = 25;

// `items` in consecutive runs of at most max_ids_per_request, as one request may name them.
template <typename T>
std::vector<std::vector<T>> request_chunks(const std::vector<T>& items) {
    std::vector<std::vector<T>> out;
    for (std::size_t start = 0; start < items.size(); start += max_ids_per_request) {
        const auto end = std::min(items.size(), start + max_ids_per_request);
        out.emplace_back(items.begin() + static_cast<std::ptrdiff_t>(start),
                         items.begin() + static_cast<std::ptrdiff_t>(end));
    }
    return out;
}

// The segment at position `seq` of a plan over these lists: every planner builds its segments
// here, so a field added to SyncSegment is set in one place.
catalogue::SyncSegment make_segment(std::size_t seq, std::vector<std::string> kpis,
                                    std::vector<std::string> units, std::vector<int> years = {},
                                    std::optional<std::string> from_date = std::nullopt,
                                    catalogue::OpenList open = catalogue::OpenList::none);

// Kolada's largest page.
inline constexpr int max_per_page = 5000;

// (kpi, unit) -> the date ("YYYY-MM-DD") it last completed a sync over every year, as
// Catalogue::synced_dates returns it.
using SyncedDates = catalogue::SyncedDates;

// Plans the segments of a sync, numbered from 0 in a deterministic order. A full sync's plan; an
// incremental run's plan is change_check.hpp's, which uses this one for what it fetches whole.
//  - Lists are de-duplicated (first occurrence wins) and split into chunks of at most 25.
//  - No years: the segment has no year list, so one request returns every year.
//  - Units (municipalities, regions, Riket) and municipality groups never share a segment.
//  - Incremental units: a KPI whose every unit in the scope (groups aside) has a synced date
//    gets from_date = (earliest of those dates, capped at `today`) minus one day; the day of
//    margin covers changes made while that sync ran and clocks that disagree. A KPI with any
//    unit never synced, or every KPI when `full`, is fetched whole (no from_date).
//  - KPIs with the same from_date share requests: full fetches first, then by date ascending;
//    within a group the KPIs keep the scope's order.
//  - Municipality groups come last, every KPI of the scope in its order, and always whole (no
//    from_date), on every sync, so the run's sweep (Catalogue::commit_page) also removes group
//    cells that no longer exist. Why: Kolada stores member values and computes a group's
//    value (the unweighted mean of the members that have one, and their count) when asked.
//    Its change feed reports changed and deleted member cells, never a group cell, so a
//    from_date answer cannot tell that a mean moved, that a cell appeared, or that one
//    vanished with its last member value. The other way, refetching a group only when one of
//    its members changed, needs the change feed of every member: most members of the county
//    groups are outside the default scope, so that costs more requests than it saves (about
//    12 member chunks per KPI chunk against one group chunk), and it would still miss a
//    membership change or a revision Kolada's feed does not show. Fetching the groups whole
//    needs no knowledge of members at all, and being planned segments, they are stored with
//    the run and resumed after a kill like any other. Last, because a group's mean is then
//    at least as new as the member values stored with it.
// Throws std::invalid_argument when `today` is not a valid "YYYY-MM-DD" date.
// Without `types`, every pair can hold a value.
std::vector<catalogue::SyncSegment> plan_sync(const catalogue::SyncScope& scope,
                                              const SyncedDates& synced, bool full,
                                              std::string_view today);

// The same, asking for no (kpi, unit) pair that `types` rules out (pair_types.hpp), with the
// lists packed so that a sync makes as few requests as the 25-id limit allows:
//  - Units (not groups) fall in three parts: municipalities, regions, and those on both sides
//    (Riket, ids the metadata does not know). Key figures likewise: K, L and the rest (A).
//    Each request names key figures and units that can all go together, so it asks for no
//    pair that cannot hold a value. Of the layouts below, the one with the fewest segments
//    wins (the first on a tie):
//      1. (K and A) x (municipalities + both); L x (regions + both); A x regions;
//      2. (L and A) x (regions + both); K x (municipalities + both); A x municipalities;
//      3. A x every unit; K x (municipalities + both); L x (regions + both).
//    Why the count of segments: a request cannot name more than 25 key figures and 25 units, and
//    each segment's last page is the only one that is not full, so fewer segments is fewer
//    requests beyond the floor (sync_floor.hpp).
//  - Groups likewise by their side: groups of municipalities x (K and A), groups of regions x
//    (L and A), the others (mixed, unknown) x every key figure.
//  - A key figure's from_date is taken over the units it can have values for: a pair never
//    asked for is never synced, and must not make every later sync a full one.
std::vector<catalogue::SyncSegment> plan_sync(const catalogue::SyncScope& scope,
                                              const SyncedDates& synced, bool full,
                                              std::string_view today,
                                              const catalogue::PairTypes& types);

// What Kolada holds beyond the scope, for a full plan that may leave a list out of its requests.
// Any two of kpi, municipality and year make a valid data query: /data/kpi/{k}/year/{y} answers
// every unit Kolada stores (municipalities, regions, Riket; never a municipality group, which
// Kolada computes only when its id is asked for) and /data/municipality/{u}/year/{y} every key
// figure. Such a request returns tens of full pages where one naming 25 key figures and 25 units
// returns about a quarter of one, so a full sync of the whole catalogue comes close to the floor.
struct OpenCover {
    std::vector<std::string> kolada_kpis;   // every key figure of the metadata; empty: unknown
    std::vector<std::string> kolada_units;  // every unit of the metadata; empty: unknown
    // The years an open request names when the scope names none (it must name some):
    // change_check_years (change_check.hpp), the range a change check names for the same reason.
    std::vector<int> years;
};

// plan_sync with `types`, leaving a list open where that covers the scope:
//  - Open units (kpi chunks x year chunks, every unit) when the scope's units, groups aside,
//    include every unit of `cover.kolada_units`; open key figures (unit chunks x year chunks,
//    every key figure) when the scope's key figures include every one of `cover.kolada_kpis`.
//    The list left out holds the scope's ids (all its key figures, or all its units but the
//    groups): only those are stored, swept and recorded as synced, and an answer's other ids
//    (a retired key figure, a unit the metadata does not know) are dropped.
//  - Of the open layouts that apply, the one with fewer segments (open units on a tie), and it
//    only when twice its segments are no more than the named layout's (groups aside). Why:
//    requests beyond the floor come from segments. A named segment of the small kind (25 x 25)
//    costs at least one request. An open segment costs its full pages, plus its last page,
//    which is not full, and the items its overlapping pages repeat (overlapping_pages.hpp),
//    up to one page more; one whose chunk of years holds nothing still costs a request. And
//    with no years in the scope, the named layout needs one chunk of years where the open one
//    needs three (1970-2044): so on a small scope (the default one: 36 units, 2 chunks) the
//    named lists make fewer requests, on a scope of every unit (13 chunks) or every key figure
//    the open ones far fewer. The open layouts ask for no impossible pair either: an answer
//    holds only the cells Kolada has.
//  - Years: the scope's, or `cover.years` when it names none; with neither, nothing is left
//    open (a request that leaves a list out must name its years).
//  - Only when `full` (every key figure fetched whole): an open request with a from_date is a
//    change check (change_check.hpp), which the engine reads differently.
//  - Municipality groups are planned as by plan_sync above: named, whole, after the units.
std::vector<catalogue::SyncSegment> plan_sync(const catalogue::SyncScope& scope,
                                              const SyncedDates& synced, bool full,
                                              std::string_view today,
                                              const catalogue::PairTypes& types,
                                              const OpenCover& cover);

// The from_date of a key figure over `units`: (the earliest of the pairs' synced dates, capped at
// `today`) minus one day, or nullopt (fetch whole) when a pair was never synced, its date is not
// a valid date, or `units` is empty.
std::optional<std::string> synced_from_date(const std::string& kpi,
                                            const std::vector<std::string>& units,
                                            const SyncedDates& synced, std::string_view today);

// True for a municipality group id ("G33632"); Kolada computes such a unit's values on request.
bool is_municipality_group_id(std::string_view id);
// True when every unit of a (non-empty) list is a municipality group.
bool only_municipality_groups(const std::vector<std::string>& units);

// The request for one segment, in the API's path form:
// {api_url}/data/kpi/{k,..}/municipality/{u,..}[/year/{y,..}]?per_page=N[&from_date=D]
// A segment with an open list leaves that part out: /data/kpi/{k,..}/year/{y,..} (every unit)
// or /data/municipality/{u,..}/year/{y,..} (every key figure).
// The path form is used rather than /data?kpi_id=..: a misspelt path segment fails loudly with
// 404, while an unknown query parameter (municipality= for municipality_id=) is silently
// ignored by Kolada and returns the wrong data.
std::string segment_url(std::string_view api_url, const catalogue::SyncSegment& segment,
                        int per_page = max_per_page);

// A metadata list: {api_url}/{endpoint}?per_page=N, e.g. endpoint "kpi" or "municipality_groups".
std::string metadata_url(std::string_view api_url, std::string_view endpoint,
                         int per_page = max_per_page);

// True for a real calendar date written "YYYY-MM-DD".
bool is_iso_date(std::string_view date);
// The day before a "YYYY-MM-DD" date, across month and year ends and leap days.
// Throws std::invalid_argument on an invalid date.
std::string day_before(std::string_view date);

}  // namespace kolcat::sync
