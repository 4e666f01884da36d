#pragma once
// The sex-breakdown check of one key figure, free of any storage: from the (unit, year) cells
// that hold values, and Kolada's flag and the curated design, decide one verdict.
//
// Definitions (README, "kolcat gaps"):
//  - A cell is one (unit, year) with at least one stored value that is not null. It "has T",
//    "has K", "has M" when that gender's value is stored and not null. It is complete when it
//    has both K and M.
//  - The focus set: the focus unit's cells (the region for L/A key figures, the county group
//    for K ones, see unit_mapping.hpp). When the focus unit has no cell with T, the focus set
//    is every stored unit's cells instead (the fallback is reported).
//  - The recent years: the last 3 distinct years in which the focus set has a cell with T (when
//    no cell has T at all: the last 3 years with any value).
//  - The focus is complete when every focus-set cell in the recent years is complete.
//  - Coverage: complete cells with T / cells with T, over every unit and year stored.
// Verdicts, the first that applies:
//  no_data             nothing stored for the key figure;
//  values_without_flag some K or M value is stored although Kolada's flag says it is not
//                      divided by sex;
//  by_values           some K or M value is stored and the focus is complete;
//  partial             some K or M value is stored but the focus is not complete: `missing`
//                      lists the focus-set cells of the recent years that lack K or M;
//  pair                no K or M value; the curated design names a partner key figure;
//  by_construction     no K or M value; the curated design says it measures one sex or a gap;
//  flag_without_values no K or M value although Kolada's flag says it is divided by sex;
//  none                no K or M value and nothing else covers the sexes.
// A key figure curated as flag_only (its K/M claim rested on the flag alone) is judged like one
// curated as values: from what is stored, never from the curated claim.
// A key figure with nothing stored whose focus unit the catalogue never synced is not no_data
// but not_synced (decided by the caller, gaps.cpp): nothing is known of it, not that Kolada
// has no value.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "curated/indicators.hpp"

namespace kolcat::analysis {

enum class Verdict {
    by_values,
    partial,
    flag_without_values,
    values_without_flag,
    pair,
    by_construction,
    none,
    not_synced,
    no_data
};

std::string_view to_string(Verdict verdict);
std::optional<Verdict> parse_verdict(std::string_view text);
// Every verdict, in the order above (the order of the README and of the headline).
std::span<const Verdict> all_verdicts();
// "by_values, partial, ...": for error messages.
std::string verdict_choices();

// The genders with a value in one (unit, year) cell, as bits: 1 T, 2 K, 4 M (1 << gender code).
using GenderMask = std::uint8_t;
inline constexpr GenderMask kHasT = 1;
inline constexpr GenderMask kHasK = 2;
inline constexpr GenderMask kHasM = 4;

struct ValueCell {
    std::int64_t unit = 0;  // the catalogue's unit key (or any id number, in tests)
    int period = 0;
    GenderMask genders = 0;
};

// A unit's recent-year cells that lack K or M.
struct MissingCells {
    std::int64_t unit = 0;
    std::vector<std::pair<int, GenderMask>> periods;  // year, and which of K/M it lacks
};

// What the stored values say about one key figure.
struct BreakdownEvidence {
    bool any_value = false;         // some cell exists
    bool any_sex_value = false;     // some cell has K or M
    std::int64_t cells_with_t = 0;  // over every unit and year
    std::int64_t complete_cells_with_t = 0;
    bool used_fallback = false;     // the focus unit had no T: every unit was the focus set
    std::vector<int> recent_years;  // ascending
    bool focus_complete = false;
    std::vector<MissingCells> missing;  // focus-set cells of the recent years lacking K or M
};

inline constexpr int kRecentYearCount = 3;

// Examines one key figure's cells, sorted by unit then period. focus_unit: the focus unit's
// key, or nothing when the catalogue has never stored a value for it.
BreakdownEvidence examine_cells(std::span<const ValueCell> cells,
                                std::optional<std::int64_t> focus_unit,
                                int recent_year_count = kRecentYearCount);

// The share of cells with T that are complete; nothing when no cell has T.
std::optional<double> coverage_share(const BreakdownEvidence& evidence);

// design: the curated breakdown design, nothing for a key figure that is not curated.
Verdict classify(bool flag, const std::optional<curated::Breakdown>& design,
                 const BreakdownEvidence& evidence);

// "0025: 2021, 2022 (no M)": the years lacking both K and M bare, the others marked.
std::string describe_missing(std::string_view unit_id, const MissingCells& missing);

}  // namespace kolcat::analysis
