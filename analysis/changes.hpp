#pragma once
// The values that changed in the catalogue since a date, with their old and new values where
// known: what `kolcat changes` lists and the "what is new" page shows. One query for both, so
// that they agree (over Catalogue::for_each_value_change).

#include <cstddef>
#include <cstdint>
#include <functional>
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

// What the catalogue's record cannot tell about a date: set when `since` is earlier than the
// record, so the deletions before this time are not known (and not listed), and the old values
// before it may show as unknown.
struct ChangeRecordGaps {
    std::optional<std::int64_t> deletions_unknown_before;
    std::optional<std::int64_t> old_values_unknown_before;
};
ChangeRecordGaps change_record_gaps(const catalogue::Catalogue& catalogue, std::int64_t since);

// Each changed cell with its unit's title (empty when the metadata does not know it), sorted by
// kpi, unit, period and gender (T, K, M), as the catalogue reads them: one key figure's cells
// at a time, so a full mirror's millions of changes stream in bounded memory. Returns how many
// there were.
using ChangeVisitor =
    std::function<void(const catalogue::ValueChange& change, const std::string& unit_name)>;
std::size_t for_each_change(const catalogue::Catalogue& catalogue,
                            const catalogue::ValueQuery& query, std::int64_t since,
                            const ChangeVisitor& visit);

// The changes for a page that shows only the first few: for_each_change's first `kept_rows`,
// and how many there are in all.
struct Changes {
    std::int64_t since = 0;       // Unix seconds
    std::vector<ChangeRow> rows;  // the first kept_rows, sorted like for_each_change
    std::size_t total = 0;        // every change, also those not kept
    ChangeRecordGaps gaps;
};
Changes changes_since(const catalogue::Catalogue& catalogue, const catalogue::ValueQuery& query,
                      std::int64_t since, std::size_t kept_rows);

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
