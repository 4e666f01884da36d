#pragma once
// The values that changed in the catalogue since a date, with their old and new values where
// known: what `kolcat changes` lists and the "what is new" page shows. One query for both, so
// that they agree (over Catalogue::for_each_value_change).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/catalogue.hpp"

namespace kolcat::analysis {

struct ChangeRow {
    catalogue::ValueChange change;
    std::string unit_name;  // the unit's title; empty when the metadata does not know it
};

struct Changes {
    std::int64_t since = 0;       // Unix seconds
    std::vector<ChangeRow> rows;  // sorted by kpi, unit, period and gender (T, K, M)
    // Set when `since` is earlier than the catalogue's record: the deletions before this time
    // are not known (and not listed), and the old values before it may show as unknown.
    std::optional<std::int64_t> deletions_unknown_before;
    std::optional<std::int64_t> old_values_unknown_before;
};

Changes changes_since(const catalogue::Catalogue& catalogue, const catalogue::ValueQuery& query,
                      std::int64_t since);

// The date to list changes from when none is given: the start of the finished sync before the
// last one ("since the sync before this one"). With no such sync, 0: every change since the
// catalogue's first sync.
struct DefaultSince {
    std::int64_t since = 0;
    std::optional<std::string> sync_started_at;  // that sync's start; none: there is none
};
DefaultSince default_since(const catalogue::Catalogue& catalogue);

// A date "YYYY-MM-DD" (midnight UTC) or an ISO time "YYYY-MM-DDTHH:MM[:SS]" with "Z", an
// offset "+01:00" or no zone (UTC), as Unix seconds; nullopt for anything else.
std::optional<std::int64_t> parse_since(std::string_view text);
// "2026-11-20T08:00:00Z".
std::string format_utc_time(std::int64_t seconds);

}  // namespace kolcat::analysis
