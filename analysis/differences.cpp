#include "analysis/differences.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "analysis/compare.hpp"
#include "analysis/gaps.hpp"
#include "analysis/title_sex.hpp"

namespace kolcat::analysis {

namespace {

constexpr std::array<std::pair<std::string_view, DifferenceFlag>, 4> kFlags{{
    {"widening", DifferenceFlag::widening},
    {"larger_than_riket", DifferenceFlag::larger_than_riket},
    {"larger_than_most", DifferenceFlag::larger_than_most},
    {"reversed", DifferenceFlag::reversed},
}};
constexpr std::array<DifferenceFlag, 4> kFlagOrder{
    DifferenceFlag::widening, DifferenceFlag::larger_than_riket, DifferenceFlag::larger_than_most,
    DifferenceFlag::reversed};

// "3 in 4", and the fewest compared units for which such a share means anything.
constexpr int kMostNumerator = 3;
constexpr int kMostDenominator = 4;
constexpr int kMostMinimumUnits = 4;

}  // namespace

std::string_view to_string(DifferenceFlag flag) {
    for (const auto& [name, value] : kFlags) {
        if (value == flag) {
            return name;
        }
    }
    return "?";
}

std::optional<DifferenceFlag> parse_difference_flag(std::string_view text) {
    for (const auto& [name, value] : kFlags) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

std::span<const DifferenceFlag> all_difference_flags() {
    return kFlagOrder;
}

std::string difference_flag_choices() {
    std::string choices;
    for (const auto& [name, value] : kFlags) {
        choices += choices.empty() ? "" : ", ";
        choices += name;
    }
    return choices;
}

std::string_view to_string(Behind behind) {
    switch (behind) {
        case Behind::women:
            return "women";
        case Behind::men:
            return "men";
        case Behind::neither:
            return "neither";
        case Behind::not_judged:
            return "not_judged";
    }
    return "?";
}

DifferencesKpi differences_kpi(const curated::CuratedKpi& kpi) {
    return {kpi.id, kpi.direction, true, kpi.breakdown, kpi.partner};
}

// --- the rules ---

std::optional<double> relative_gap(const std::optional<double>& k, const std::optional<double>& m) {
    if (!k || !m) {
        return std::nullopt;
    }
    if (*k == *m) {
        return 0.0;  // K = M = 0 included: no difference, whatever the scale
    }
    return (*k - *m) / ((std::abs(*k) + std::abs(*m)) / 2.0);
}

std::optional<Behind> who_is_behind(curated::Direction direction, const std::optional<double>& k,
                                    const std::optional<double>& m) {
    if (!k || !m) {
        return std::nullopt;
    }
    if (direction == curated::Direction::neutral) {
        return Behind::not_judged;
    }
    if (*k == *m) {
        return Behind::neither;
    }
    const bool women_lower = *k < *m;
    const bool lower_is_worse = direction == curated::Direction::higher_is_better;
    return women_lower == lower_is_worse ? Behind::women : Behind::men;
}

std::optional<double> median(std::vector<double> values) {
    if (values.empty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    if (values.size() % 2 == 1) {
        return values[middle];
    }
    return (values[middle - 1] + values[middle]) / 2.0;
}

int smaller_gaps(const GapFacts& facts) {
    if (!facts.gap) {
        return 0;
    }
    const double size = std::abs(*facts.gap);
    return static_cast<int>(std::count_if(facts.compared_gaps.begin(), facts.compared_gaps.end(),
                                          [&](double gap) { return std::abs(gap) < size; }));
}

std::vector<DifferenceFlag> difference_flags(const GapFacts& facts) {
    std::vector<DifferenceFlag> flags;
    if (!facts.gap) {
        return flags;
    }
    const double gap = *facts.gap;
    if (facts.gap_change) {
        // The base year's gap, tidied like the others so that noise decides nothing.
        const auto base = tidy_number(gap - *facts.gap_change);
        if (base && std::abs(gap) > std::abs(*base)) {
            flags.push_back(DifferenceFlag::widening);
        }
    }
    if (facts.riket_gap && std::abs(gap) > std::abs(*facts.riket_gap)) {
        flags.push_back(DifferenceFlag::larger_than_riket);
    }
    const int with_gap = static_cast<int>(facts.compared_gaps.size());
    if (with_gap >= kMostMinimumUnits &&
        kMostDenominator * smaller_gaps(facts) >= kMostNumerator * with_gap) {
        flags.push_back(DifferenceFlag::larger_than_most);
    }
    if (facts.riket_gap && gap != 0.0 && *facts.riket_gap != 0.0 &&
        (gap > 0.0) != (*facts.riket_gap > 0.0)) {
        flags.push_back(DifferenceFlag::reversed);
    }
    return flags;
}

bool sorts_before(const DifferenceRow& a, const DifferenceRow& b) {
    if (a.judged != b.judged) {
        return a.judged;
    }
    if (!a.judged) {
        return false;
    }
    const double size_a = a.relative_gap ? std::abs(*a.relative_gap) : 0.0;
    const double size_b = b.relative_gap ? std::abs(*b.relative_gap) : 0.0;
    if (size_a != size_b) {
        return size_a > size_b;
    }
    return a.kpi < b.kpi;
}

// --- the rows ---

namespace {

DifferenceRow row_of(const KpiComparison& comparison, const DifferencesRequest& request) {
    DifferenceRow row;
    row.kpi = comparison.kpi;
    row.title = comparison.title;
    row.municipality_type = comparison.municipality_type;
    row.direction = comparison.direction;
    row.curated = comparison.curated;
    row.period = comparison.period.period;

    GapFacts facts;
    for (const UnitComparison& unit : comparison.units) {
        if (!unit.synced) {
            row.not_synced_units.push_back(unit.id);
        }
        if (unit.is_focus) {
            row.focus_unit = unit.id;
            row.synced = unit.synced;
            row.k = unit.values.k;
            row.m = unit.values.m;
            row.gap = tidy_number(unit.gap);
            row.ratio = tidy_number(unit.ratio);
            if (unit.trend && unit.trend->gap) {
                row.gap_change = tidy_number(unit.trend->gap);
                row.base_year = unit.trend->from_period;
            }
            continue;
        }
        if (unit.is_reference) {
            continue;
        }
        ++row.units_compared;
        if (const auto gap = tidy_number(unit.gap)) {
            facts.compared_gaps.push_back(*gap);
        }
    }
    row.riket_synced = comparison.national.synced;
    if (!comparison.national.synced) {
        row.not_synced_units.push_back(comparison.national.id);
    }
    row.riket_gap = tidy_number(comparison.national.gap);
    row.judged = row.k.has_value() && row.m.has_value();
    row.relative_gap = tidy_number(relative_gap(row.k, row.m));
    row.behind = who_is_behind(row.direction, row.k, row.m);
    row.median_gap = tidy_number(median(facts.compared_gaps));
    row.units_with_gap = static_cast<int>(facts.compared_gaps.size());

    facts.gap = row.gap;
    facts.gap_change = row.gap_change;
    facts.riket_gap = row.riket_gap;
    row.units_smaller_gap = smaller_gaps(facts);
    row.flags = difference_flags(facts);
    for (const curated::Note& note : request.notes) {
        if (note.kpi == row.kpi) {
            row.notes.push_back(note);
        }
    }
    return row;
}

const UnitComparison* unit_in(const KpiComparison& comparison, const std::string& id) {
    const auto found = std::find_if(comparison.units.begin(), comparison.units.end(),
                                    [&](const UnitComparison& unit) { return unit.id == id; });
    return found == comparison.units.end() ? nullptr : &*found;
}

// K from the women's key figure's T, M from the men's, and the gap and ratio between them.
GenderValues pair_values(const std::optional<double>& women, const std::optional<double>& men) {
    return {std::nullopt, women, men};
}

std::optional<Change> pair_trend(const std::optional<Change>& women,
                                 const std::optional<Change>& men) {
    if (!women || !men || women->from_period != men->from_period ||
        women->to_period != men->to_period) {
        return std::nullopt;
    }
    Change change;
    change.from_period = women->from_period;
    change.to_period = women->to_period;
    change.k = women->t;
    change.m = men->t;
    change.gap = difference(women->t, men->t);
    return change;
}

// A pair (curated `breakdown: pair`: one key figure for women, one for men, as N00925 and
// N00923) judged as one key figure: K is the women's key figure's T value and M the men's, unit
// by unit, so that the gap is theirs. Only when the titles say which is which and both were
// compared for the same period; otherwise the member stays a key figure that cannot be judged.
std::optional<KpiComparison> joined_pair(const KpiComparison& member, const DifferencesKpi& kpi,
                                         const std::vector<KpiComparison>& comparisons) {
    if (kpi.breakdown != curated::Breakdown::pair || !kpi.partner) {
        return std::nullopt;
    }
    const auto partner = std::find_if(comparisons.begin(), comparisons.end(),
                                      [&](const KpiComparison& c) { return c.kpi == kpi.partner; });
    if (partner == comparisons.end()) {
        return std::nullopt;
    }
    const auto sex = sex_in_title(member.title);
    const auto partner_sex = sex_in_title(partner->title);
    if (!sex || !partner_sex || *sex == *partner_sex || !member.period.period ||
        member.period.period != partner->period.period) {
        return std::nullopt;
    }
    const KpiComparison& women = *sex == TitleSex::women ? member : *partner;
    const KpiComparison& men = *sex == TitleSex::women ? *partner : member;
    KpiComparison joined = member;
    for (UnitComparison& unit : joined.units) {
        const UnitComparison* of_women = unit_in(women, unit.id);
        const UnitComparison* of_men = unit_in(men, unit.id);
        unit.values = pair_values(of_women ? of_women->values.t : std::nullopt,
                                  of_men ? of_men->values.t : std::nullopt);
        unit.synced = of_women && of_women->synced && of_men && of_men->synced;
        unit.gap = sex_gap(unit.values);
        unit.ratio = sex_ratio(unit.values);
        unit.trend = pair_trend(of_women ? of_women->trend : std::nullopt,
                                of_men ? of_men->trend : std::nullopt);
    }
    joined.national.values = pair_values(women.national.values.t, men.national.values.t);
    joined.national.synced = women.national.synced && men.national.synced;
    joined.national.gap = sex_gap(joined.national.values);
    joined.national.ratio = sex_ratio(joined.national.values);
    joined.national.trend = pair_trend(women.national.trend, men.national.trend);
    return joined;
}

bool has_any_flag(const DifferenceRow& row, const std::vector<DifferenceFlag>& wanted) {
    return std::any_of(wanted.begin(), wanted.end(), [&](DifferenceFlag flag) {
        return std::find(row.flags.begin(), row.flags.end(), flag) != row.flags.end();
    });
}

}  // namespace

std::vector<DifferenceRow> find_differences(catalogue::Catalogue& catalogue,
                                            const DifferencesRequest& request) {
    CompareRequest compare_request;
    for (const DifferencesKpi& kpi : request.kpis) {
        compare_request.kpis.push_back({kpi.id, kpi.direction, kpi.curated});
    }
    // A pair's partner is compared too, when the request leaves it out, to join the pair.
    for (const DifferencesKpi& kpi : request.kpis) {
        const auto& compared = compare_request.kpis;
        if (kpi.breakdown == curated::Breakdown::pair && kpi.partner &&
            std::none_of(compared.begin(), compared.end(),
                         [&](const CompareKpi& c) { return c.id == *kpi.partner; })) {
            compare_request.kpis.push_back({*kpi.partner, kpi.direction, kpi.curated});
        }
    }
    compare_request.focus = request.focus;
    compare_request.against = request.against;
    compare_request.trend_years = request.trend_years;
    compare_request.years = request.years;
    compare_request.common_year = request.common_year;
    const std::vector<KpiComparison> comparisons = compare(catalogue, compare_request);

    std::vector<DifferenceRow> rows;
    rows.reserve(request.kpis.size());
    for (std::size_t i = 0; i < request.kpis.size() && i < comparisons.size(); ++i) {
        if (const auto joined = joined_pair(comparisons[i], request.kpis[i], comparisons)) {
            DifferenceRow row = row_of(*joined, request);
            const bool women_here = sex_in_title(comparisons[i].title) == TitleSex::women;
            row.pair_women = women_here ? request.kpis[i].id : *request.kpis[i].partner;
            row.pair_men = women_here ? *request.kpis[i].partner : request.kpis[i].id;
            rows.push_back(std::move(row));
        } else {
            rows.push_back(row_of(comparisons[i], request));
        }
    }

    // Why the others cannot be judged: the sex-breakdown check of `gaps`, for them only.
    GapsRequest gaps_request;
    gaps_request.region = request.focus;
    for (const DifferencesKpi& kpi : request.kpis) {
        const auto row = std::find_if(rows.begin(), rows.end(),
                                      [&](const DifferenceRow& r) { return r.kpi == kpi.id; });
        if (row != rows.end() && !row->judged) {
            gaps_request.curated.push_back({kpi.id, kpi.breakdown, kpi.partner, {}});
        }
    }
    if (!gaps_request.curated.empty()) {
        std::map<std::string, Verdict> verdicts;
        for (const GapsEntry& entry : check_sex_breakdown(catalogue, gaps_request)) {
            verdicts.emplace(entry.kpi, entry.verdict);
        }
        for (DifferenceRow& row : rows) {
            if (const auto found = verdicts.find(row.kpi); !row.judged && found != verdicts.end()) {
                row.verdict = found->second;
            }
        }
    }

    if (!request.flags.empty()) {
        std::erase_if(rows, [&](const DifferenceRow& row) {
            return row.judged && !has_any_flag(row, request.flags);
        });
    }
    std::stable_sort(rows.begin(), rows.end(), sorts_before);
    return rows;
}

// --- JSON ---

namespace {

using nlohmann::ordered_json;

ordered_json number(const std::optional<double>& value) {
    return value && std::isfinite(*value) ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json optional_int(const std::optional<int>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

}  // namespace

void to_json(ordered_json& json, const DifferenceRow& row) {
    ordered_json flags = ordered_json::array();
    for (const DifferenceFlag flag : row.flags) {
        flags.push_back(std::string(to_string(flag)));
    }
    ordered_json notes = ordered_json::array();
    for (const curated::Note& note : row.notes) {
        notes.push_back(note);
    }
    json = {
        {"kpi", row.kpi},
        {"title", row.title},
        {"period", optional_int(row.period)},
        {"K", number(row.k)},
        {"M", number(row.m)},
        {"gap", number(row.gap)},
        {"ratio", number(row.ratio)},
        {"relative_gap", number(row.relative_gap)},
        {"behind",
         row.behind ? ordered_json(std::string(to_string(*row.behind))) : ordered_json(nullptr)},
        {"gap_change", number(row.gap_change)},
        {"base_year", optional_int(row.base_year)},
        {"riket_gap", number(row.riket_gap)},
        {"median_gap", number(row.median_gap)},
        {"flags", std::move(flags)},
        {"judged", row.judged},
        {"verdict",
         row.verdict ? ordered_json(std::string(to_string(*row.verdict))) : ordered_json(nullptr)},
        {"direction", std::string(curated::to_string(row.direction))},
        {"focus", row.focus_unit},
        {"synced", row.synced},
        {"riket_synced", row.riket_synced},
        {"units_compared", row.units_compared},
        {"units_with_gap", row.units_with_gap},
        {"notes", std::move(notes)},
        {"pair", row.pair_women ? ordered_json{{"women", *row.pair_women}, {"men", *row.pair_men}}
                                : ordered_json(nullptr)}};
}

}  // namespace kolcat::analysis
