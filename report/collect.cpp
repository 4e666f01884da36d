#include "report/collect.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/county_sum.hpp"
#include "catalogue/unit_mapping.hpp"
#include "curated/indicators_store.hpp"
#include "curated/region_sets.hpp"
#include "report/collect_findings.hpp"
#include "report/strings.hpp"
#include "report/summary.hpp"
#include "report/svg/format.hpp"
#include "report/units.hpp"

namespace kolcat::report {
namespace {

// "Region Norrbotten" for 0025; the county's municipalities labelled as such for a county group.
void label_unit(ReportUnit& unit, const std::string& title, ReportLanguage language) {
    const ReportStrings& strings = report_strings(language);
    unit.label = title.empty() ? unit.id : title;
    unit.short_label = unit.label;
    if (unit.is_county_group) {
        if (const catalogue::County* county = catalogue::county_of_group(unit.id)) {
            const std::string name(county->name);
            unit.label =
                fill(unit.is_county_sum ? strings.county_sum_long : strings.county_long, {name});
            unit.short_label =
                fill(unit.is_county_sum ? strings.county_sum_short : strings.county_short, {name});
        }
    }
}

ReportUnit unit_row(const analysis::UnitComparison& compared, ReportLanguage language) {
    ReportUnit unit;
    unit.id = compared.id;
    unit.is_focus = compared.is_focus;
    unit.is_county_group = compared.is_county_group;
    unit.is_county_sum = compared.aggregate == analysis::CountyAggregate::county_sum;
    unit.sum_not_synced = compared.sum_not_synced;
    unit.values = compared.values;
    unit.status = compared.status;
    unit.synced = compared.synced;
    unit.gap = compared.gap;
    unit.ratio = compared.ratio;
    unit.rank = compared.rank;
    unit.difference_from_national = compared.difference_from_national;
    label_unit(unit, compared.title, language);
    return unit;
}

ReportUnit national_row(const analysis::NationalComparison& national) {
    ReportUnit unit;
    unit.id = national.id;
    unit.label = national.title;
    unit.short_label = national.title;
    unit.is_national = true;
    unit.values = national.values;
    unit.status = national.status;
    unit.synced = national.synced;
    unit.gap = national.gap;
    unit.ratio = national.ratio;
    unit.difference_from_national = analysis::difference(national.values.t, national.values.t);
    return unit;
}

// T values of the focus unit and Riket in the years of the window, one entry per year, and the
// sex gap K − M where both are stored. focus_is_sum: the focus is a county's municipalities' sum
// (a count), computed from theirs.
void read_trend(const catalogue::Catalogue& catalogue, ReportKpi& kpi,
                const std::string& focus_unit, bool focus_is_sum, int years) {
    if (!kpi.period) {
        return;
    }
    kpi.trend_last_year = *kpi.period;
    kpi.trend_first_year = *kpi.period - (years - 1);
    // [unit][gender][year]
    std::map<bool, std::map<catalogue::Gender, std::map<int, double>>> stored;
    catalogue::ValueQuery query;
    query.kpis = {kpi.id};
    query.units = {focus_unit, std::string(catalogue::kRiketId)};
    query.first_year = kpi.trend_first_year;
    query.last_year = kpi.trend_last_year;
    catalogue.for_each_value(query, [&](const catalogue::Value& value) {
        if (value.value) {
            stored[value.municipality == focus_unit][value.gender][value.period] = *value.value;
        }
    });
    if (focus_is_sum) {
        stored.erase(true);
        for (const auto& [year, sums] : analysis::read_county_sums(catalogue, kpi.id, focus_unit)) {
            if (year < kpi.trend_first_year || year > kpi.trend_last_year) {
                continue;
            }
            for (const auto& [gender, sum] :
                 {std::pair{catalogue::Gender::T, sums.t}, std::pair{catalogue::Gender::K, sums.k},
                  std::pair{catalogue::Gender::M, sums.m}}) {
                if (sum) {
                    stored[true][gender][year] = *sum;
                }
            }
        }
    }
    const auto at = [&](bool focus, catalogue::Gender gender, int year) -> std::optional<double> {
        const auto& series = stored[focus][gender];
        const auto found = series.find(year);
        return found == series.end() ? std::nullopt : std::optional<double>(found->second);
    };
    bool any_gap = false;
    std::vector<std::pair<int, std::optional<double>>> focus_gap;
    std::vector<std::pair<int, std::optional<double>>> national_gap;
    for (int year = kpi.trend_first_year; year <= kpi.trend_last_year; ++year) {
        kpi.focus_trend.emplace_back(year, at(true, catalogue::Gender::T, year));
        kpi.national_trend.emplace_back(year, at(false, catalogue::Gender::T, year));
        const auto gap = [&](bool focus) {
            return analysis::difference(at(focus, catalogue::Gender::K, year),
                                        at(focus, catalogue::Gender::M, year));
        };
        focus_gap.emplace_back(year, gap(true));
        national_gap.emplace_back(year, gap(false));
        any_gap = any_gap || focus_gap.back().second || national_gap.back().second;
    }
    if (any_gap) {
        kpi.focus_gap_trend = std::move(focus_gap);
        kpi.national_gap_trend = std::move(national_gap);
    }
}

// The women's key figure minus the men's, year by year, over the years of `window` (the
// drawing member's trend, so that the gap's chart covers the same years as its T chart).
std::vector<std::pair<int, std::optional<double>>> pair_gap(
    const std::vector<std::pair<int, std::optional<double>>>& window,
    const std::vector<std::pair<int, std::optional<double>>>& women,
    const std::vector<std::pair<int, std::optional<double>>>& men) {
    const std::map<int, std::optional<double>> women_by_year(women.begin(), women.end());
    const std::map<int, std::optional<double>> men_by_year(men.begin(), men.end());
    const auto at = [](const std::map<int, std::optional<double>>& series, int year) {
        const auto found = series.find(year);
        return found == series.end() ? std::nullopt : found->second;
    };
    std::vector<std::pair<int, std::optional<double>>> gaps;
    for (const auto& point : window) {
        const int year = point.first;
        gaps.emplace_back(year,
                          analysis::difference(at(women_by_year, year), at(men_by_year, year)));
    }
    return gaps;
}

// Joins the members of each pair whose titles say which sex each measures: the member shown
// first draws the women-against-men chart and carries the gap's trend; the other points to it.
// `kpis` holds every member, partners outside the report among them; `shown` is the report's
// order.
void join_pairs(std::map<std::string, ReportKpi>& kpis, const std::vector<std::string>& shown) {
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        position.emplace(shown[i], i);
    }
    for (const auto& id : shown) {
        ReportKpi& kpi = kpis.at(id);
        if (kpi.design != curated::Breakdown::pair || !kpi.partner) {
            continue;
        }
        const auto partner_found = kpis.find(*kpi.partner);
        if (partner_found == kpis.end()) {
            continue;
        }
        const ReportKpi& partner = partner_found->second;
        const auto sex = sex_in_title(kpi.title);
        const auto partner_sex = sex_in_title(partner.title);
        if (!sex || !partner_sex || *sex == *partner_sex) {
            continue;  // cannot tell women from men: each keeps its own charts
        }
        const auto partner_position = position.find(partner.id);
        if (partner_position != position.end() && partner_position->second < position.at(id)) {
            kpi.pair_drawn_at = partner.id;
            continue;
        }
        const bool women_here = *sex == TitleSex::women;
        const ReportKpi& women = women_here ? kpi : partner;
        const ReportKpi& men = women_here ? partner : kpi;
        ReportPairChart chart;
        chart.women_kpi = women.id;
        chart.men_kpi = men.id;
        const auto t_of = [](const ReportKpi& of, const std::string& unit) {
            if (of.national.id == unit) {
                return of.national.values.t;
            }
            for (const auto& row : of.units) {
                if (row.id == unit) {
                    return row.values.t;
                }
            }
            return std::optional<double>();
        };
        for (const auto& row : kpi.units) {
            chart.rows.push_back(
                {row.short_label, t_of(women, row.id), t_of(men, row.id), row.is_focus});
        }
        chart.rows.push_back({kpi.national.short_label, t_of(women, kpi.national.id),
                              t_of(men, kpi.national.id), false});
        kpi.focus_gap_trend = pair_gap(kpi.focus_trend, women.focus_trend, men.focus_trend);
        kpi.national_gap_trend =
            pair_gap(kpi.national_trend, women.national_trend, men.national_trend);
        kpi.pair_chart = std::move(chart);
    }
}

// The places every number of the key figure is shown with, from all its values.
int decimals_for(const ReportKpi& kpi) {
    std::vector<double> values;
    const auto add = [&](const std::optional<double>& value) {
        if (value) {
            values.push_back(*value);
        }
    };
    for (const auto& unit : kpi.units) {
        add(unit.values.t);
        add(unit.values.k);
        add(unit.values.m);
    }
    add(kpi.national.values.t);
    add(kpi.national.values.k);
    add(kpi.national.values.m);
    for (const auto& [year, value] : kpi.focus_trend) {
        add(value);
    }
    for (const auto& [year, value] : kpi.national_trend) {
        add(value);
    }
    return text::choose_decimals(values);
}

std::string against_title(catalogue::Catalogue& catalogue, const curated::ResolvedUnits& resolved,
                          ReportLanguage language) {
    if (const auto set = curated::region_set(catalogue, resolved.label)) {
        const std::string& title = language == ReportLanguage::sv ? set->title_sv : set->title;
        return title.empty() ? set->title : title;
    }
    std::string names;
    for (const auto& unit : resolved.units) {
        names += names.empty() ? "" : ", ";
        names += catalogue.unit_title(unit).value_or(unit);
    }
    return names;
}

}  // namespace

ReportKpi report_kpi(const catalogue::Catalogue& catalogue, const curated::CuratedKpi& curated,
                     const analysis::KpiComparison& comparison,
                     const std::map<std::string, analysis::Verdict>& verdicts,
                     const ReportRequest& request) {
    ReportKpi kpi;
    kpi.id = curated.id;
    kpi.title = comparison.title.empty() ? curated.id : comparison.title;
    kpi.unit_of_measure = unit_of_measure(comparison.title);
    kpi.direction = comparison.direction;
    // flag_only is the curators' note that K/M values were unconfirmed; the report shows what the
    // stored values say (the verdict), as for a key figure curated with values.
    kpi.design = curated.breakdown == curated::Breakdown::flag_only ? curated::Breakdown::values
                                                                    : curated.breakdown;
    kpi.partner = curated.partner;
    kpi.period = comparison.period.period;
    kpi.period_source = comparison.period.source;
    kpi.units_ranked = comparison.units_ranked;
    kpi.units_with_data = comparison.units_with_data;
    kpi.uses_county_groups = comparison.uses_county_groups;
    kpi.sums_counties = comparison.sums_counties;
    kpi.national = national_row(comparison.national);

    std::string focus_unit = request.region;
    bool focus_is_sum = false;
    std::optional<double> focus_value;
    std::vector<std::optional<double>> others;
    for (const auto& compared : comparison.units) {
        kpi.units.push_back(unit_row(compared, request.language));
        if (compared.is_focus) {
            focus_unit = compared.id;
            focus_is_sum = compared.aggregate == analysis::CountyAggregate::county_sum;
            focus_value = compared.values.t;
        } else if (!compared.is_reference) {
            others.push_back(compared.values.t);
        }
    }
    kpi.comparison_median = median_of(others);
    kpi.versus_median = standing_against(focus_value, kpi.comparison_median, kpi.direction);
    kpi.versus_national = standing_against(focus_value, kpi.national.values.t, kpi.direction);

    if (const auto found = verdicts.find(kpi.id); found != verdicts.end()) {
        kpi.verdict = found->second;
    }
    if (const auto metadata = catalogue.kpi(kpi.id)) {
        kpi.publication_date = metadata->publication_date;
    }
    read_trend(catalogue, kpi, focus_unit, focus_is_sum, request.trend_years);
    kpi.decimals = decimals_for(kpi);
    return kpi;
}

ReportData collect_report(catalogue::Catalogue& catalogue, const ReportRequest& request) {
    ReportData data;
    data.language = request.language;
    data.focus_id = request.region;
    data.focus_title = catalogue.unit_title(request.region).value_or(request.region);
    data.selection = request.selection;
    data.generated_at = request.generated_at;
    data.demo_data = catalogue::holds_demo_data(catalogue);
    if (const auto run = catalogue.last_finished_run()) {
        data.synced_at = run->finished_at;
    }

    const curated::ResolvedUnits against = curated::resolve_against(catalogue, request.against);
    data.against_label = against.label;
    data.against_units = against.units;
    data.against_title = against_title(catalogue, against, request.language);

    const ReportSelection& selection = request.selection;
    curated::CuratedKpiFilter filter;
    filter.sdg_goal = selection.sdg;
    filter.target = selection.target;
    std::vector<curated::CuratedKpi> curated;
    for (auto& kpi : curated::curated_kpis(catalogue, filter)) {
        const bool goal_chosen =
            selection.goals.empty() ||
            std::any_of(kpi.goals.begin(), kpi.goals.end(), [&](int goal) {
                return std::find(selection.goals.begin(), selection.goals.end(), goal) !=
                       selection.goals.end();
            });
        const bool kpi_chosen =
            selection.kpis.empty() ||
            std::find(selection.kpis.begin(), selection.kpis.end(), kpi.id) != selection.kpis.end();
        if (goal_chosen && kpi_chosen) {
            curated.push_back(std::move(kpi));
        }
    }
    // The partners of pairs that the selection left out are compared too, so that a pair is
    // still drawn as women against men; they get no section of their own.
    std::vector<curated::CuratedKpi> compared = curated;
    std::set<std::string> ids;
    for (const auto& kpi : curated) {
        ids.insert(kpi.id);
    }
    for (const auto& kpi : curated) {
        if (kpi.partner && ids.insert(*kpi.partner).second) {
            curated::CuratedKpi partner;
            partner.id = *kpi.partner;
            partner.direction = kpi.direction;
            if (const auto entry = curated::curated_kpi(catalogue, *kpi.partner)) {
                partner = *entry;
            }
            compared.push_back(std::move(partner));
        }
    }

    analysis::CompareRequest compare_request;
    compare_request.focus = request.region;
    compare_request.against = against.units;
    compare_request.years = request.years;
    compare_request.common_year = request.common_year;
    analysis::GapsRequest gaps_request;
    gaps_request.region = request.region;
    for (const auto& kpi : compared) {
        compare_request.kpis.push_back({kpi.id, kpi.direction, true});
    }
    for (const auto& kpi : curated) {
        gaps_request.curated.push_back({kpi.id, kpi.breakdown, kpi.partner, kpi.goals});
    }
    const std::vector<analysis::KpiComparison> comparisons =
        analysis::compare(catalogue, compare_request);
    data.gaps = analysis::check_sex_breakdown(catalogue, gaps_request);

    std::map<std::string, analysis::Verdict> verdicts;
    for (const auto& entry : data.gaps) {
        verdicts.emplace(entry.kpi, entry.verdict);
    }
    // Each key figure is compared once, then shown in every sub-goal it serves.
    std::map<std::string, ReportKpi> kpis;
    for (std::size_t i = 0; i < compared.size() && i < comparisons.size(); ++i) {
        ReportKpi kpi = report_kpi(catalogue, compared[i], comparisons[i], verdicts, request);
        kpi.goals = compared[i].goals;
        std::sort(kpi.goals.begin(), kpi.goals.end());
        kpis.emplace(compared[i].id, std::move(kpi));
    }
    std::vector<std::string> shown;
    for (const auto& kpi : curated) {
        shown.push_back(kpi.id);
    }
    join_pairs(kpis, shown);
    add_difference_flags(catalogue, request, against.units, curated, kpis);
    data.flags_computed = true;
    add_notes(request.notes, kpis);
    std::vector<curated::SubGoal> shown_goals;
    for (const auto& goal : curated::sub_goals(catalogue)) {
        if (!selection.goals.empty() && std::find(selection.goals.begin(), selection.goals.end(),
                                                  goal.number) == selection.goals.end()) {
            continue;
        }
        ReportSection section;
        section.goal = goal.number;
        section.name_sv = goal.name_sv;
        section.name_en = goal.name_en;
        section.description = goal.description;
        for (const auto& kpi : curated) {
            if (std::find(kpi.goals.begin(), kpi.goals.end(), goal.number) != kpi.goals.end()) {
                section.kpis.push_back(kpis.at(kpi.id));
            }
        }
        // Narrowed by key figure or Agenda 2030 tag, a sub-goal without any is left out.
        const bool narrowed = selection.sdg || selection.target || !selection.kpis.empty();
        if (narrowed && section.kpis.empty()) {
            continue;
        }
        data.sections.push_back(std::move(section));
        shown_goals.push_back(goal);
    }
    data.coverage = measure_report_coverage(catalogue, request, curated, shown_goals);
    return data;
}

}  // namespace kolcat::report
