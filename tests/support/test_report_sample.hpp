#pragma once
// A hand-made report for the report's rendering tests: two sub-goals, N00957 (sick days, values
// for women and men) in both, N65814 (no value at all) in one, and two sex-breakdown verdicts.

#include <optional>
#include <string>

#include "report/data.hpp"

namespace kolcat::report_sample {

using namespace kolcat::report;

inline ReportUnit unit(const std::string& id, const std::string& label, std::optional<double> t,
                       std::optional<double> k, std::optional<double> m, bool focus = false) {
    ReportUnit row;
    row.id = id;
    row.label = label;
    row.short_label = label;
    row.is_focus = focus;
    row.values = {t, k, m};
    if (k && m) {
        row.gap = *k - *m;
        row.ratio = *k / *m;
    }
    return row;
}

inline ReportKpi sick_days(const std::string& title = "Ohälsotal, dagar") {
    ReportKpi kpi;
    kpi.id = "N00957";
    kpi.title = title;
    kpi.unit_of_measure = "dagar";
    kpi.direction = curated::Direction::lower_is_better;
    kpi.design = curated::Breakdown::values;
    kpi.period = 2022;
    kpi.period_source = analysis::PeriodChoice::Source::focus_latest;
    kpi.units = {unit("0013", "Region Halland", 19.5, 23.0, 16.0),
                 unit("0025", "Region Norrbotten", 24.88, 30.39, 19.92, true),
                 unit("0024", "Region Västerbotten", std::nullopt, std::nullopt, std::nullopt)};
    kpi.units[0].rank = 1;
    kpi.units[1].rank = 2;
    kpi.national = unit("0000", "Riket", 22.4, 26.0, 18.75);
    kpi.national.is_national = true;
    kpi.units_ranked = 3;
    kpi.units_with_data = 2;
    kpi.trend_first_year = 2013;
    kpi.trend_last_year = 2022;
    for (int year = 2013; year <= 2022; ++year) {
        kpi.focus_trend.emplace_back(year, 30.0 - (year - 2013));
        kpi.national_trend.emplace_back(year,
                                        year < 2016 ? std::nullopt : std::optional<double>(22.0));
    }
    kpi.comparison_median = 19.5;
    kpi.versus_median = Standing::worse;
    kpi.versus_national = Standing::worse;
    kpi.verdict = analysis::Verdict::by_values;
    kpi.publication_date = "2023-05-04";
    kpi.decimals = 2;
    return kpi;
}

inline ReportKpi empty_kpi() {
    ReportKpi kpi;
    kpi.id = "N65814";
    kpi.title = "Kvinnor bland förtroendevalda regionpolitiker, andel (%)";
    kpi.direction = curated::Direction::neutral;
    kpi.design = curated::Breakdown::by_construction;
    kpi.units = {unit("0025", "Region Norrbotten", std::nullopt, std::nullopt, std::nullopt, true)};
    kpi.national = unit("0000", "Riket", std::nullopt, std::nullopt, std::nullopt);
    kpi.national.is_national = true;
    kpi.verdict = analysis::Verdict::no_data;
    return kpi;
}

inline ReportData sample_report(ReportLanguage language = ReportLanguage::sv) {
    ReportData data;
    data.language = language;
    data.focus_id = "0025";
    data.focus_title = "Region Norrbotten";
    data.against_label = "north";
    data.against_title = "De fyra nordligaste regionerna";
    data.against_units = {"0025", "0024", "0013"};
    data.synced_at = "2026-11-20T08:00:00Z";
    data.generated_at = "2026-11-26T13:38:54Z";
    ReportSection health{5, "Jämställd hälsa", "Equal health", "Equal conditions for health.", {}};
    health.kpis = {sick_days(), empty_kpi()};
    ReportSection economy{2, "Ekonomisk jämställdhet", "Economic equality", "Paid work.", {}};
    economy.kpis = {sick_days()};
    data.sections = {economy, health};
    analysis::GapsEntry entry;
    entry.kpi = "N00957";
    entry.title = "Ohälsotal, dagar";
    entry.flag = true;
    entry.verdict = analysis::Verdict::by_values;
    entry.coverage = 0.875;
    entry.goals = {2, 5};
    analysis::GapsEntry missing;
    missing.kpi = "N00090";
    missing.title = "Sjukfrånvaro totalt bland anställda, kommun, andel (%)";
    missing.flag = true;
    missing.verdict = analysis::Verdict::flag_without_values;
    missing.goals = {5};
    missing.missing = {"G33632: 2021, 2022"};
    data.gaps = {entry, missing};
    return data;
}

}  // namespace kolcat::report_sample
