#include "report/collect.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "catalogue/unit_mapping.hpp"
#include "curated/indicators_store.hpp"
#include "curated/region_sets.hpp"
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
            unit.label = fill(strings.county_long, {name});
            unit.short_label = fill(strings.county_short, {name});
        }
    }
}

ReportUnit unit_row(const analysis::UnitComparison& compared, ReportLanguage language) {
    ReportUnit unit;
    unit.id = compared.id;
    unit.is_focus = compared.is_focus;
    unit.is_county_group = compared.is_county_group;
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

// T values of the focus unit and Riket in the years of the window, one entry per year.
void read_trend(const catalogue::Catalogue& catalogue, ReportKpi& kpi,
                const std::string& focus_unit, int years) {
    if (!kpi.period) {
        return;
    }
    kpi.trend_last_year = *kpi.period;
    kpi.trend_first_year = *kpi.period - (years - 1);
    std::map<int, double> focus;
    std::map<int, double> national;
    catalogue::ValueQuery query;
    query.kpis = {kpi.id};
    query.units = {focus_unit, std::string(catalogue::kRiketId)};
    query.first_year = kpi.trend_first_year;
    query.last_year = kpi.trend_last_year;
    catalogue.for_each_value(query, [&](const catalogue::Value& value) {
        if (value.gender != catalogue::Gender::T || !value.value) {
            return;
        }
        (value.municipality == focus_unit ? focus : national)[value.period] = *value.value;
    });
    for (int year = kpi.trend_first_year; year <= kpi.trend_last_year; ++year) {
        const auto at = [year](const std::map<int, double>& series) -> std::optional<double> {
            const auto found = series.find(year);
            return found == series.end() ? std::nullopt : std::optional<double>(found->second);
        };
        kpi.focus_trend.emplace_back(year, at(focus));
        kpi.national_trend.emplace_back(year, at(national));
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
    kpi.national = national_row(comparison.national);

    std::string focus_unit = request.region;
    std::optional<double> focus_value;
    std::vector<std::optional<double>> others;
    for (const auto& compared : comparison.units) {
        kpi.units.push_back(unit_row(compared, request.language));
        if (compared.is_focus) {
            focus_unit = compared.id;
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
    read_trend(catalogue, kpi, focus_unit, request.trend_years);
    kpi.decimals = decimals_for(kpi);
    return kpi;
}

ReportData collect_report(catalogue::Catalogue& catalogue, const ReportRequest& request) {
    ReportData data;
    data.language = request.language;
    data.focus_id = request.region;
    data.focus_title = catalogue.unit_title(request.region).value_or(request.region);
    data.goal_filter = request.goal;
    data.generated_at = request.generated_at;
    data.demo_data = catalogue::holds_demo_data(catalogue);
    if (const auto run = catalogue.last_finished_run()) {
        data.synced_at = run->finished_at;
    }

    const curated::ResolvedUnits against = curated::resolve_against(catalogue, request.against);
    data.against_label = against.label;
    data.against_units = against.units;
    data.against_title = against_title(catalogue, against, request.language);

    curated::CuratedKpiFilter filter;
    filter.sub_goal = request.goal;
    const std::vector<curated::CuratedKpi> curated = curated::curated_kpis(catalogue, filter);

    analysis::CompareRequest compare_request;
    compare_request.focus = request.region;
    compare_request.against = against.units;
    compare_request.years = request.years;
    compare_request.common_year = request.common_year;
    analysis::GapsRequest gaps_request;
    gaps_request.region = request.region;
    gaps_request.goal = request.goal;
    for (const auto& kpi : curated) {
        compare_request.kpis.push_back({kpi.id, kpi.direction, true});
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
    for (std::size_t i = 0; i < curated.size() && i < comparisons.size(); ++i) {
        kpis.emplace(curated[i].id,
                     report_kpi(catalogue, curated[i], comparisons[i], verdicts, request));
    }
    for (const auto& goal : curated::sub_goals(catalogue)) {
        if (request.goal && goal.number != *request.goal) {
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
        data.sections.push_back(std::move(section));
    }
    return data;
}

}  // namespace kolcat::report
