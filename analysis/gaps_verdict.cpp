#include "analysis/gaps_verdict.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace kolcat::analysis {

namespace {

constexpr std::array<std::pair<Verdict, std::string_view>, 9> kVerdictNames{{
    {Verdict::by_values, "by_values"},
    {Verdict::partial, "partial"},
    {Verdict::flag_without_values, "flag_without_values"},
    {Verdict::values_without_flag, "values_without_flag"},
    {Verdict::pair, "pair"},
    {Verdict::by_construction, "by_construction"},
    {Verdict::none, "none"},
    {Verdict::not_synced, "not_synced"},
    {Verdict::no_data, "no_data"},
}};

constexpr std::array<Verdict, 9> kAllVerdicts{Verdict::by_values,
                                              Verdict::partial,
                                              Verdict::flag_without_values,
                                              Verdict::values_without_flag,
                                              Verdict::pair,
                                              Verdict::by_construction,
                                              Verdict::none,
                                              Verdict::not_synced,
                                              Verdict::no_data};

constexpr GenderMask kHasBothSexes = kHasK | kHasM;

bool is_complete(GenderMask genders) {
    return (genders & kHasBothSexes) == kHasBothSexes;
}

// The last `count` distinct years among the cells that pass `keep`, ascending.
template <typename Keep>
std::vector<int> last_years(std::span<const ValueCell> cells, int count, Keep keep) {
    std::vector<int> years;
    for (const ValueCell& cell : cells) {
        if (keep(cell)) {
            years.push_back(cell.period);
        }
    }
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    if (years.size() > static_cast<std::size_t>(count)) {
        years.erase(years.begin(), years.end() - count);
    }
    return years;
}

}  // namespace

std::string_view to_string(Verdict verdict) {
    for (const auto& [value, name] : kVerdictNames) {
        if (value == verdict) {
            return name;
        }
    }
    return "?";
}

std::optional<Verdict> parse_verdict(std::string_view text) {
    for (const auto& [value, name] : kVerdictNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

std::span<const Verdict> all_verdicts() {
    return kAllVerdicts;
}

std::string verdict_choices() {
    std::string choices;
    for (const Verdict verdict : kAllVerdicts) {
        choices += choices.empty() ? "" : ", ";
        choices += to_string(verdict);
    }
    return choices;
}

BreakdownEvidence examine_cells(std::span<const ValueCell> cells,
                                std::optional<std::int64_t> focus_unit, int recent_year_count) {
    BreakdownEvidence evidence;
    bool focus_has_t = false;
    for (const ValueCell& cell : cells) {
        if (cell.genders == 0) {
            continue;
        }
        evidence.any_value = true;
        evidence.any_sex_value = evidence.any_sex_value || (cell.genders & kHasBothSexes) != 0;
        if (cell.genders & kHasT) {
            ++evidence.cells_with_t;
            evidence.complete_cells_with_t += is_complete(cell.genders) ? 1 : 0;
            focus_has_t = focus_has_t || (focus_unit && cell.unit == *focus_unit);
        }
    }
    if (!evidence.any_value) {
        return evidence;
    }
    evidence.used_fallback = !focus_has_t;
    auto in_focus_set = [&](const ValueCell& cell) {
        return cell.genders != 0 && (evidence.used_fallback || cell.unit == *focus_unit);
    };
    // Recent years follow T; a key figure stored only by sex falls back to any value.
    const bool any_t = evidence.cells_with_t > 0;
    evidence.recent_years = last_years(cells, recent_year_count, [&](const ValueCell& cell) {
        return in_focus_set(cell) && (!any_t || (cell.genders & kHasT));
    });

    evidence.focus_complete = !evidence.recent_years.empty();
    for (const ValueCell& cell : cells) {
        const bool recent = std::binary_search(evidence.recent_years.begin(),
                                               evidence.recent_years.end(), cell.period);
        const bool counts = any_t ? (cell.genders & kHasT) != 0 : true;
        if (!recent || !counts || !in_focus_set(cell) || is_complete(cell.genders)) {
            continue;
        }
        evidence.focus_complete = false;
        if (evidence.missing.empty() || evidence.missing.back().unit != cell.unit) {
            evidence.missing.push_back({cell.unit, {}});
        }
        const auto lacking = static_cast<GenderMask>(kHasBothSexes & ~cell.genders);
        evidence.missing.back().periods.emplace_back(cell.period, lacking);
    }
    return evidence;
}

std::optional<double> coverage_share(const BreakdownEvidence& evidence) {
    if (evidence.cells_with_t == 0) {
        return std::nullopt;
    }
    return static_cast<double>(evidence.complete_cells_with_t) /
           static_cast<double>(evidence.cells_with_t);
}

Verdict classify(bool flag, const std::optional<curated::Breakdown>& design,
                 const BreakdownEvidence& evidence) {
    if (!evidence.any_value) {
        return Verdict::no_data;
    }
    if (evidence.any_sex_value) {
        if (!flag) {
            return Verdict::values_without_flag;
        }
        return evidence.focus_complete ? Verdict::by_values : Verdict::partial;
    }
    if (design == curated::Breakdown::pair) {
        return Verdict::pair;
    }
    if (design == curated::Breakdown::by_construction) {
        return Verdict::by_construction;
    }
    return flag ? Verdict::flag_without_values : Verdict::none;
}

std::string describe_missing(std::string_view unit_id, const MissingCells& missing) {
    std::string text(unit_id);
    text += ": ";
    bool first = true;
    for (const auto& [period, lacking] : missing.periods) {
        text += first ? "" : ", ";
        first = false;
        text += std::to_string(period);
        if (lacking == kHasK) {
            text += " (no K)";
        } else if (lacking == kHasM) {
            text += " (no M)";
        }
    }
    return text;
}

}  // namespace kolcat::analysis
