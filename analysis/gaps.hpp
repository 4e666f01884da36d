#pragma once
// `kolcat gaps`: which key figures lack a breakdown by sex? Checks each key figure's stored
// values against Kolada's is_divided_by_gender flag and the curated design, and gives one
// verdict per key figure (see gaps_verdict.hpp for the exact definitions).
//
// The focus unit per key figure: the region (default 0025) for L- and A-type key figures, the
// region's county group (G33632 for 0025) for K-type ones; for a --region that is not a region
// (a municipality, say) the unit itself. When the focus unit has no T value at all, every stored
// unit is examined instead (used_fallback).
//
// Speed: a few key figures (the curated set) are read by their primary-key ranges. For many
// (`gaps --all`), the per-key-figure summary stored in kpi_breakdown_summary (gaps_summary.hpp)
// is used when it is fresh, and then only each key figure's focus unit is looked up (when the
// focus has no T value, the summary's fallback evidence stands for every unit's values);
// otherwise one scan of every value (rows folded into cells in primary-key order, no sort)
// gives the answer and a fresh summary to store for the next time.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analysis/gaps_verdict.hpp"
#include "catalogue/catalogue.hpp"
#include "curated/indicators.hpp"

namespace kolcat::analysis {

// The values the check counts, as an SQL condition on kpi_value: every value that is not null,
// and a K or M value that Kolada withholds (null with a status, e.g. for confidentiality).
// Kolada has the breakdown by sex of such a cell and only does not publish the number, so the
// cell is no missing breakdown. A withheld T value is not counted: it gives the cell no T.
// Constant SQL text, no user input. On the stored columns, because the check scans millions
// of rows (catalogue/packed_value.hpp).
inline constexpr const char* kCountedValue =
    "(value_digits IS NOT NULL OR (count_status >= '' AND gender <> 0))";

// A curated key figure, as far as the check needs it.
struct GapsKpi {
    std::string id;
    curated::Breakdown breakdown = curated::Breakdown::values;
    std::optional<std::string> partner;
    std::vector<int> goals;
};

struct GapsRequest {
    std::vector<GapsKpi> curated;
    // Every key figure in the catalogue's metadata (retired ones left out), as well as the
    // curated ones.
    bool all = false;
    std::string region = "0025";
    int recent_year_count = kRecentYearCount;
    // Filters applied before the values are read: only key figures serving this sub-goal, or
    // whose operating area contains this text (case-insensitive).
    std::optional<int> goal;
    std::optional<std::string> operating_area;
    // Applied last.
    std::optional<Verdict> verdict;
};

struct GapsEntry {
    std::string kpi;
    std::string title;              // empty when the catalogue has no metadata for it
    std::string municipality_type;  // "K", "L", "A"; empty when unknown
    std::optional<std::string> operating_area;
    bool flag = false;  // Kolada's is_divided_by_gender
    bool has_metadata = false;
    bool retired = false;
    bool curated = false;
    std::optional<curated::Breakdown> design;  // the curated breakdown design
    std::optional<std::string> partner;
    std::vector<int> goals;
    Verdict verdict = Verdict::no_data;
    std::optional<double> coverage;  // complete cells with T / cells with T
    std::string focus_unit;          // the unit examined ("0025", "G33632")
    // False when the catalogue never synced the key figure for its focus unit. With nothing
    // stored the verdict is then not_synced, not no_data.
    bool synced = true;
    bool used_fallback = false;  // the focus unit had no T: every unit was examined
    std::vector<int> recent_years;
    std::vector<std::string> missing;  // "0025: 2021, 2022 (no M)", focus-set cells lacking K/M
};

// The JSON form of an entry (`kolcat gaps --format json`), found by ADL:
// {"kpi","title","verdict","flag","coverage","recent_years","goals","missing","synced"}.
void to_json(nlohmann::ordered_json& j, const GapsEntry& entry);

// The curated key figures in the request's order, then (with `all`) the others sorted by id.
// Throws CatalogueError on a storage failure.
std::vector<GapsEntry> check_sex_breakdown(catalogue::Catalogue& catalogue,
                                           const GapsRequest& request);

// Brings the stored per-key-figure summary (gaps_summary.hpp) up to date with one scan of every
// value, unless it is fresh already, so that the next `gaps --all` is fast. Meant for the end
// of a sync (`gaps --all` also does it itself when it finds it stale). Returns false when it
// could not store it (read-only catalogue, or another process writing).
bool refresh_breakdown_summary(catalogue::Catalogue& catalogue);

// True when the operating area contains `text`, ignoring case (å/Å too).
bool operating_area_matches(const std::optional<std::string>& operating_area,
                            const std::string& text);

}  // namespace kolcat::analysis
