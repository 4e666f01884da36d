// One key figure in the report: what was compared and how the focus region stands, the three
// charts (latest values, women and men, trend) and the numbers under them.
// Longer than 400 lines: one <article> per key figure, whose parts (meta, three figures, two
// tables, the legend of substitutes) share the same inputs and are read top to bottom as one
// page section.

#include <algorithm>
#include <set>

#include "analysis/not_synced.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"
#include "report/svg/bar_chart.hpp"
#include "report/svg/dumbbell_chart.hpp"
#include "report/svg/line_chart.hpp"

namespace kolcat::report {
namespace {

std::string period_text(const ReportKpi& kpi, const ReportData& data,
                        const ReportStrings& strings) {
    if (!kpi.period) {
        return std::string(strings.no_period);
    }
    std::string why;
    switch (kpi.period_source) {
        case analysis::PeriodChoice::Source::requested:
            why = strings.period_requested;
            break;
        case analysis::PeriodChoice::Source::focus_latest:
            why = fill(strings.period_focus_latest, {data.focus_title});
            break;
        case analysis::PeriodChoice::Source::others_latest:
            why = fill(strings.period_others_latest, {data.focus_title});
            break;
        case analysis::PeriodChoice::Source::set_focus:
            why = fill(strings.period_set_focus, {data.focus_title});
            break;
        case analysis::PeriodChoice::Source::set_others:
            why = fill(strings.period_set_others, {data.focus_title});
            break;
        case analysis::PeriodChoice::Source::common:
            why = strings.period_common;
            break;
        case analysis::PeriodChoice::Source::none:
            break;
    }
    return std::to_string(*kpi.period) + (why.empty() ? "" : " (" + why + ")");
}

std::string design_text(const ReportKpi& kpi, const ReportStrings& strings) {
    if (!kpi.design) {
        return {};
    }
    switch (*kpi.design) {
        case curated::Breakdown::values:
        case curated::Breakdown::flag_only:
            return std::string(strings.design_values);
        case curated::Breakdown::pair:
            return fill(strings.design_pair, {kpi.partner.value_or("?")});
        case curated::Breakdown::by_construction:
            return std::string(strings.design_by_construction);
    }
    return {};
}

void labelled(HtmlBuilder& out, std::string_view label, const std::string& value,
              std::string_view value_class = {}) {
    out.open("span").text(std::string(label) + ": ");
    if (value_class.empty()) {
        out.text(value);
    } else {
        out.element("span", {{"class", std::string(value_class)}}, value);
    }
    out.close("span").text(" ");
}

std::string standing_class(Standing standing) {
    switch (standing) {
        case Standing::better:
            return "standing standing-better";
        case Standing::worse:
            return "standing standing-worse";
        default:
            return "standing";
    }
}

void write_meta(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                const ReportStrings& strings) {
    const ReportLanguage language = data.language;
    out.open("p", {{"class", "kpi-meta"}});
    labelled(out, strings.year_compared, period_text(kpi, data, strings));
    labelled(out, strings.direction_label, std::string(direction_label(kpi.direction, language)));
    labelled(out, strings.versus_median, std::string(standing_label(kpi.versus_median, language)),
             standing_class(kpi.versus_median));
    labelled(out, strings.versus_national,
             std::string(standing_label(kpi.versus_national, language)),
             standing_class(kpi.versus_national));
    // The verdict says what the values show; the design is added where it explains the verdict
    // (a partner key figure, or a key figure that measures one sex by construction).
    std::string breakdown =
        kpi.verdict ? std::string(verdict_label(*kpi.verdict, language)) : std::string();
    if (kpi.design && *kpi.design != curated::Breakdown::values) {
        breakdown +=
            (breakdown.empty() ? "" : " (") + design_text(kpi, strings) + (kpi.verdict ? ")" : "");
    }
    if (!breakdown.empty()) {
        labelled(out, strings.breakdown_label, breakdown);
    }
    out.close("p").newline();
    if (kpi.uses_county_groups) {
        out.element("p", {{"class", "note"}}, strings.county_groups_note).newline();
    }
}

svg::ChartNumbers chart_numbers(const ReportKpi& kpi, const ReportData& data,
                                const ReportStrings& strings) {
    svg::ChartNumbers numbers;
    numbers.style = number_style(data.language);
    numbers.decimals = kpi.decimals;
    numbers.unit = kpi.unit_of_measure;
    numbers.no_data = std::string(strings.no_data);
    return numbers;
}

std::string year_text(const std::optional<int>& period, const ReportStrings& strings) {
    return period ? std::to_string(*period) : std::string(strings.no_data);
}

void open_figure(HtmlBuilder& out, std::string_view css_class, const std::string& caption) {
    out.open("figure", {{"class", "chart-figure " + std::string(css_class)}});
    out.element("figcaption", {}, caption);
}

bool any_total(const ReportKpi& kpi) {
    return kpi.national.values.t ||
           std::any_of(kpi.units.begin(), kpi.units.end(),
                       [](const ReportUnit& unit) { return unit.values.t.has_value(); });
}

bool any_sex_value(const ReportKpi& kpi) {
    const auto has = [](const ReportUnit& unit) { return unit.values.k || unit.values.m; };
    return has(kpi.national) || std::any_of(kpi.units.begin(), kpi.units.end(), has);
}

bool any_trend_value(const ReportKpi& kpi) {
    const auto present = [](const auto& point) { return point.second.has_value(); };
    return std::any_of(kpi.focus_trend.begin(), kpi.focus_trend.end(), present) ||
           std::any_of(kpi.national_trend.begin(), kpi.national_trend.end(), present);
}

// A figure whose chart would only say "no data" on every row holds one line instead.
void empty_figure_note(HtmlBuilder& out, std::string_view text) {
    out.element("p", {{"class", "note no-data"}}, text);
}

void write_bar_figure(HtmlBuilder& out, const ReportKpi& kpi, const svg::ChartNumbers& numbers,
                      const ReportStrings& strings) {
    const std::string caption = fill(strings.chart_latest, {year_text(kpi.period, strings)});
    open_figure(out, "chart-latest", caption);
    if (!any_total(kpi)) {
        empty_figure_note(out, strings.no_values_any_unit);
    } else {
        BarChart bars;
        bars.title = kpi.title + ": " + caption;
        for (const auto& unit : kpi.units) {
            bars.bars.push_back({unit.short_label, unit.values.t, unit.is_focus});
        }
        bars.reference = ReferenceValue{kpi.national.short_label, kpi.national.values.t};
        bars.numbers = numbers;
        draw_bar_chart(out, bars);
    }
    out.close("figure").newline();
}

void write_sexes_figure(HtmlBuilder& out, const ReportKpi& kpi, const svg::ChartNumbers& numbers,
                        const ReportStrings& strings) {
    const std::string caption = fill(strings.chart_sexes, {year_text(kpi.period, strings)});
    open_figure(out, "chart-sexes", caption);
    if (!any_sex_value(kpi)) {
        empty_figure_note(out, strings.no_sex_values);
    } else {
        DumbbellChart dumbbell;
        dumbbell.title = kpi.title + ": " + caption;
        for (const auto& unit : kpi.units) {
            dumbbell.rows.push_back(
                {unit.short_label, unit.values.k, unit.values.m, unit.is_focus});
        }
        dumbbell.rows.push_back(
            {kpi.national.short_label, kpi.national.values.k, kpi.national.values.m, false});
        dumbbell.women_label = strings.women;
        dumbbell.men_label = strings.men;
        dumbbell.women_short = strings.women_short;
        dumbbell.men_short = strings.men_short;
        dumbbell.missing_short = strings.missing_short;
        dumbbell.numbers = numbers;
        draw_dumbbell_chart(out, dumbbell);
    }
    if (kpi.design && *kpi.design != curated::Breakdown::values) {
        out.element("p", {{"class", "note"}},
                    std::string(strings.breakdown_label) + ": " + design_text(kpi, strings));
    }
    out.close("figure").newline();
}

void write_trend_figure(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                        const svg::ChartNumbers& numbers, const ReportStrings& strings) {
    if (!kpi.period) {
        open_figure(out, "chart-trend", std::string(strings.chart_trend_no_years));
        empty_figure_note(out, strings.no_trend_values);
        out.close("figure").newline();
        return;
    }
    const std::string caption = fill(strings.chart_trend, {std::to_string(kpi.trend_first_year),
                                                           std::to_string(kpi.trend_last_year)});
    open_figure(out, "chart-trend", caption);
    if (!any_trend_value(kpi)) {
        empty_figure_note(out, strings.no_trend_values);
        out.close("figure").newline();
        return;
    }
    LineChart line;
    line.title = kpi.title + ": " + caption;
    line.first_year = kpi.trend_first_year;
    line.last_year = kpi.trend_last_year;
    std::string focus_label = data.focus_title;
    for (const auto& unit : kpi.units) {
        if (unit.is_focus) {
            focus_label = unit.short_label;
        }
    }
    LineSeries focus{focus_label, LineStyle::solid_circles, {}};
    for (const auto& [year, value] : kpi.focus_trend) {
        focus.points.push_back({year, value});
    }
    LineSeries national{kpi.national.short_label, LineStyle::dashed_squares, {}};
    for (const auto& [year, value] : kpi.national_trend) {
        national.points.push_back({year, value});
    }
    line.series = {focus, national};
    line.numbers = numbers;
    draw_line_chart(out, line);
    out.close("figure").newline();
}

// Three figures for every key figure, always in the same order, so a reader (and a test) finds
// them; a figure with nothing to draw says so in one line.
void write_charts(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                  const ReportStrings& strings) {
    const svg::ChartNumbers numbers = chart_numbers(kpi, data, strings);
    out.open("div", {{"class", "charts"}}).newline();
    write_bar_figure(out, kpi, numbers, strings);
    write_sexes_figure(out, kpi, numbers, strings);
    write_trend_figure(out, kpi, data, numbers, strings);
    out.close("div").newline();
}

// A T, K or M cell: the value; "ej synkad" for a unit never synced; Kolada's status for a
// value it does not publish; else missing.
void value_cell(HtmlBuilder& out, const std::optional<double>& value, const std::string& status,
                bool synced, const ReportKpi& kpi, const ReportStrings& strings,
                ReportLanguage language) {
    if (!synced) {
        out.element("td", {{"class", "num not-synced"}}, strings.not_synced);
    } else if (!value && !status.empty()) {
        out.element("td", {{"class", "num status"}}, status);
    } else {
        number_cell(out, value, kpi.decimals, language);
    }
}

void write_unit_row(HtmlBuilder& out, const ReportUnit& unit, const ReportKpi& kpi,
                    ReportLanguage language) {
    const ReportStrings& strings = report_strings(language);
    std::string row_class = unit.is_focus ? "focus" : (unit.is_national ? "national" : "unit");
    out.open("tr", {{"class", row_class}, {"data-unit", unit.id}});
    out.element("td", {{"class", "unit-name"}}, unit.label);
    value_cell(out, unit.values.t, unit.status.t, unit.synced, kpi, strings, language);
    value_cell(out, unit.values.k, unit.status.k, unit.synced, kpi, strings, language);
    value_cell(out, unit.values.m, unit.status.m, unit.synced, kpi, strings, language);
    number_cell(out, unit.gap, kpi.decimals, language, true);
    number_cell(out, unit.ratio, 2, language);
    if (unit.rank) {
        out.element("td", {{"class", "num rank"}}, std::to_string(*unit.rank));
    } else if (unit.is_national) {
        out.element("td", {{"class", "num rank"}}, "");
    } else {
        out.element("td", {{"class", "num rank missing"}}, "–");
    }
    number_cell(out, unit.difference_from_national, kpi.decimals, language, true);
    out.close("tr").newline();
}

void write_numbers_table(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                         const ReportStrings& strings) {
    const ReportLanguage language = data.language;
    out.open("table", {{"class", "numbers"}, {"data-kpi", kpi.id}}).open("thead").open("tr");
    out.element("th", {}, strings.col_unit);
    for (const auto heading :
         {strings.col_total, strings.col_women, strings.col_men, strings.col_gap, strings.col_ratio,
          strings.col_rank, strings.col_difference}) {
        out.element("th", {{"class", "num"}}, heading);
    }
    out.close("tr").close("thead").newline().open("tbody").newline();
    for (const auto& unit : kpi.units) {
        write_unit_row(out, unit, kpi, language);
    }
    out.open("tr", {{"class", "median"}});
    out.element("td", {}, strings.median_row);
    number_cell(out, kpi.comparison_median, kpi.decimals, language);
    out.element("td", {{"colspan", "6"}}, "");
    out.close("tr").newline();
    write_unit_row(out, kpi.national, kpi, language);
    out.close("tbody").close("table").newline();
}

void write_trend_table(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                       const ReportStrings& strings) {
    out.open("table", {{"class", "trend"}, {"data-kpi", kpi.id}}).open("thead").open("tr");
    out.element("th", {}, strings.col_year);
    for (const auto& [year, value] : kpi.focus_trend) {
        out.element("th", {{"class", "num"}}, std::to_string(year));
    }
    out.close("tr").close("thead").open("tbody").newline();
    const auto row = [&](const std::string& label, const std::string& unit_id, bool focus,
                         const std::vector<std::pair<int, std::optional<double>>>& series) {
        out.open("tr", {{"class", focus ? "focus" : "national"}, {"data-unit", unit_id}});
        out.element("td", {}, label);
        for (const auto& [year, value] : series) {
            number_cell(out, value, kpi.decimals, data.language);
        }
        out.close("tr").newline();
    };
    for (const auto& unit : kpi.units) {
        if (unit.is_focus) {
            row(unit.short_label, unit.id, true, kpi.focus_trend);
        }
    }
    row(kpi.national.short_label, kpi.national.id, false, kpi.national_trend);
    out.close("tbody").close("table").newline();
}

// Legends for what stands in place of a value: Kolada's statuses, and units never synced (with
// the command that fetches them). Empty when neither occurs; else starts with a space.
std::string substitutes_legend(const ReportKpi& kpi, const ReportData& data,
                               const ReportStrings& strings) {
    std::string note;
    std::set<std::string> statuses;
    std::vector<analysis::KpiUnitPair> never_synced;
    const auto see = [&](const ReportUnit& unit) {
        if (!unit.synced) {
            never_synced.emplace_back(kpi.id, unit.id);
            return;
        }
        for (const auto& [value, status] :
             {std::pair{&unit.values.t, &unit.status.t}, std::pair{&unit.values.k, &unit.status.k},
              std::pair{&unit.values.m, &unit.status.m}}) {
            if (!*value && !status->empty()) {
                statuses.insert(*status);
            }
        }
    };
    for (const auto& unit : kpi.units) {
        see(unit);
    }
    see(kpi.national);
    if (!statuses.empty()) {
        std::string list;
        for (const auto& status : statuses) {
            list += (list.empty() ? "”" : ", ”") + status + "”";
        }
        note += " " + fill(strings.status_legend, {list});
    }
    if (!never_synced.empty()) {
        const analysis::NotSynced never(never_synced, data.catalogue_argument);
        note += " " + fill(strings.not_synced_legend, {never.sync_commands().front()});
    }
    return note;
}

}  // namespace

void write_kpi_article(HtmlBuilder& out, const ReportKpi& kpi, const ReportSection& section,
                       const ReportData& data) {
    const ReportStrings& strings = report_strings(data.language);
    out.open("article", {{"class", "kpi"},
                         {"id", goal_anchor(section.goal) + "-" + kpi.id},
                         {"data-kpi", kpi.id}})
        .newline();
    out.open("h3");
    if (data.kpi_href) {
        out.element("a", {{"href", data.kpi_href(kpi.id)}}, kpi.title);
    } else {
        out.text(kpi.title);
    }
    if (kpi.title != kpi.id) {
        out.element("span", {{"class", "kpi-id"}}, kpi.id);
    }
    out.close("h3");
    out.newline();
    write_meta(out, kpi, data, strings);
    write_charts(out, kpi, data, strings);
    if (!kpi.period) {
        // Nothing stored for any compared unit: a table of dashes would say no more. Units never
        // synced must still be named, so that "nothing stored" is not read as "no value".
        if (const auto legend = substitutes_legend(kpi, data, strings); !legend.empty()) {
            out.element("p", {{"class", "note"}}, legend.substr(1)).newline();
        }
        out.close("article").newline();
        return;
    }
    out.open("div", {{"class", "tables"}}).newline();
    write_numbers_table(out, kpi, data, strings);
    write_trend_table(out, kpi, data, strings);
    out.close("div").newline();
    std::string note = std::string(strings.missing_legend) + " " +
                       fill(strings.units_with_data, {std::to_string(kpi.units_with_data),
                                                      std::to_string(kpi.units_ranked)});
    if (kpi.direction == curated::Direction::neutral) {
        note += " " + std::string(strings.neutral_rank_note);
    }
    note += substitutes_legend(kpi, data, strings);
    out.element("p", {{"class", "note"}}, note).newline();
    out.close("article").newline();
}

}  // namespace kolcat::report
