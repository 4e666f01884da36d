#pragma once
// The plan of an incremental sync: one change check per run, over every key figure or every unit
// at once, instead of one from_date request per (key figure chunk, unit chunk), and then only
// the municipality groups whose members changed.
//
// Why one check per run gives the same guarantee as a check per segment:
//  - A from_date answer holds every cell Kolada changed, added or deleted (isdeleted) since that
//    date, for the key figures, units and years it names. Kolada needs two of kpi, municipality
//    and year in a data query, so /data/kpi/{k}/year/{y}?from_date=D holds the changes of every
//    unit for the key figures k, and /data/municipality/{u}/year/{y}?from_date=D those of every
//    key figure for the units u. A per-segment check asked for the changes of its key figures x
//    units since the earliest synced date of its pairs; the run's check asks for a superset:
//    more pairs (dropped unless they are the scope's), and the earliest date of them all. So the
//    scope's stored cells end as the per-segment checks would leave them: every change is
//    applied from the check's answer itself, and no pair needs a request of its own.
//  - Years: a check must name its years (at most 25 to a request). With no --years it names
//    every year from 1970 (or the earliest stored year, if earlier: the start of every open
//    year range a sync names, sync_years in scope.hpp) to the latest of the current year, the
//    latest stored year and the key figures' publ_period (which runs ahead of the current year
//    for forecasts). A new year is found because it lies in that range: Kolada publishes a new
//    year at the end of a series (the current year or a publ_period), and a back series still
//    starts after 1970. The last request of years is filled up to 25 with the years after,
//    which costs nothing: three requests per chunk of ids (1970-1994, 1995-2019, 2020-2044).
//    Fewer years would leave an old year Kolada adds unseen.
//  - Pages: a from_date answer never shrinks while it is read (a deletion stays in it, as
//    isdeleted), so paging it by offset loses no item: its pages need not overlap, nor end with
//    a closing check (what guards a full segment's pages against shrinking, sync_engine.cpp).
//  - Groups: Kolada computes a group's cell from its members when asked, and its change feed
//    holds member cells only. A stored group cell is still Kolada's while no member's cell of
//    its key figure changed since the group was fetched and the membership did not change (the
//    metadata sync forgets a group's dates when its members change: Catalogue::
//    forget_synced_units). So the check covers the members too (a check by key figure covers
//    every unit; one by unit names the members), the from_date also goes back to the groups'
//    synced dates, a (key figure, group) with a changed member is fetched whole after the
//    checks (plan_group_refetch), and a group never synced, or whose key figure is fetched
//    whole, is fetched whole from the start.
//  - A run resumed after a kill may have lost which members its earlier process saw change:
//    it then fetches every group of the checked key figures whole (the engine decides).
// Pure functions of their arguments, like planner.hpp.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/pair_types.hpp"
#include "catalogue/sync_state.hpp"
#include "sync/kolada/planner.hpp"

namespace kolcat::sync {

// The scope's municipality groups and their members' ids.
using GroupMembers = std::map<std::string, std::vector<std::string>>;

// The years a change check names when the scope names none: from 1970, or `earliest_stored` if
// earlier, to the latest of `current_year` and `latest_known` (the latest stored year or
// publ_period), and on to fill the last request's 25 years.
std::vector<int> change_check_years(std::optional<int> earliest_stored,
                                    std::optional<int> latest_known, int current_year);

// The segments of a new run:
//  - `full`: plan_sync's full plan.
//  - Otherwise a key figure with a pair (of the units it can have values for) never synced is
//    fetched whole as plan_sync does, its groups whole too. Every other key figure is covered
//    by the change checks, which come last, all with one from_date: the earliest synced date
//    of the checked key figures' pairs, groups included, minus a day (synced_from_date). The
//    checks go by key figure (units open) or by unit (key figures open, naming the scope's
//    units and the groups' members), whichever makes fewer requests (by key figure on a tie:
//    its answers hold only the scope's key figures). A checked key figure with a group pair
//    never synced has its groups fetched whole before the checks.
// The key figures fetched whole leave a list open as plan_sync does with `cover` (planner.hpp).
// Segments are numbered from 0.
std::vector<catalogue::SyncSegment> plan_incremental_sync(
    const catalogue::SyncScope& scope, const SyncedDates& synced, bool full, std::string_view today,
    const catalogue::PairTypes& types, const GroupMembers& groups,
    const std::vector<int>& check_years, const OpenCover& cover = {});

// The whole fetches of `groups` for `kpis` over `years` (empty: every year), as plan_sync plans
// groups, numbered from `first_seq`: the groups a change check found a member of changed.
std::vector<catalogue::SyncSegment> plan_group_refetch(const std::vector<std::string>& kpis,
                                                       const std::vector<std::string>& groups,
                                                       const std::vector<int>& years,
                                                       const catalogue::PairTypes& types,
                                                       std::string_view today, int first_seq);

// True for a change check: a segment that leaves a list out of its URL and asks for changes. A
// full fetch may leave a list out too (plan_sync with an OpenCover); it is read like any other.
inline bool is_open_check(const catalogue::SyncSegment& segment) {
    return segment.open != catalogue::OpenList::none && segment.from_date.has_value();
}

}  // namespace kolcat::sync
