// The charts of one key figure, always four and in the same order, so that a reader (and a
// test) finds them: the latest values (bars, or dots when the values lie far from zero), women
// and men (for a pair, its two key figures as women against men, drawn once), the trend of T
// and the trend of the sex gap K − M. A figure with nothing to draw says so in one line.

#include <algorithm>

#include "report/html_parts.hpp"
#include "report/strings.hpp"
#include "report/svg/bar_chart.hpp"
#include "report/svg/dot_chart.hpp"
#include "report/svg/dumbbell_chart.hpp"
#include "report/svg/line_chart.hpp"

namespace kolcat::report {
namespace {

using Series = std::vector<std::pair<int, std::optional<double>>>;

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

bool any_value(const Series& series) {
    return std::any_of(series.begin(), series.end(),
                       [](const auto& point) { return point.second.has_value(); });
}

// A figure whose chart would only say "no data" on every row holds one line instead.
void empty_figure_note(HtmlBuilder& out, std::string_view text) {
    out.element("p", {{"class", "note no-data"}}, text);
}

void write_latest_figure(HtmlBuilder& out, const ReportKpi& kpi, const svg::ChartNumbers& numbers,
                         const ReportStrings& strings) {
    const std::string caption = fill(strings.chart_latest, {year_text(kpi.period, strings)});
    open_figure(out, "chart-latest", caption);
    if (!any_total(kpi)) {
        empty_figure_note(out, strings.no_values_any_unit);
        out.close("figure").newline();
        return;
    }
    std::vector<BarDatum> rows;
    std::vector<std::optional<double>> values{kpi.national.values.t};
    for (const auto& unit : kpi.units) {
        rows.push_back({unit.short_label, unit.values.t, unit.is_focus});
        values.push_back(unit.values.t);
    }
    const ReferenceValue reference{kpi.national.short_label, kpi.national.values.t};
    if (values_far_from_zero(values)) {
        DotChart dots;
        dots.title = kpi.title + ": " + caption;
        dots.dots = std::move(rows);
        dots.reference = reference;
        dots.axis_note = std::string(strings.axis_not_zero);
        dots.numbers = numbers;
        draw_dot_chart(out, dots);
    } else {
        BarChart bars;
        bars.title = kpi.title + ": " + caption;
        bars.bars = std::move(rows);
        bars.reference = reference;
        bars.numbers = numbers;
        draw_bar_chart(out, bars);
    }
    out.close("figure").newline();
}

DumbbellChart sexes_chart(const std::string& title, const ReportStrings& strings,
                          const svg::ChartNumbers& numbers) {
    DumbbellChart dumbbell;
    dumbbell.title = title;
    dumbbell.women_label = strings.women;
    dumbbell.men_label = strings.men;
    dumbbell.women_short = strings.women_short;
    dumbbell.men_short = strings.men_short;
    dumbbell.missing_short = strings.missing_short;
    dumbbell.numbers = numbers;
    return dumbbell;
}

void write_sexes_figure(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                        const svg::ChartNumbers& numbers, const ReportStrings& strings) {
    if (kpi.pair_drawn_at) {
        open_figure(out, "chart-sexes",
                    fill(strings.chart_sexes, {year_text(kpi.period, strings)}));
        out.element("p", {{"class", "note pair-elsewhere"}},
                    fill(strings.pair_drawn_at, {*kpi.pair_drawn_at}));
        out.close("figure").newline();
        return;
    }
    if (kpi.pair_chart) {
        const ReportPairChart& pair = *kpi.pair_chart;
        const std::string caption = fill(
            strings.chart_pair, {year_text(kpi.period, strings), pair.women_kpi, pair.men_kpi});
        open_figure(out, "chart-sexes chart-pair", caption);
        const bool any = std::any_of(pair.rows.begin(), pair.rows.end(),
                                     [](const auto& row) { return row.women || row.men; });
        if (!any) {
            empty_figure_note(out, strings.no_sex_values);
        } else {
            DumbbellChart dumbbell = sexes_chart(kpi.title + ": " + caption, strings, numbers);
            for (const auto& row : pair.rows) {
                dumbbell.rows.push_back({row.label, row.women, row.men, row.focus});
            }
            draw_dumbbell_chart(out, dumbbell);
        }
        out.close("figure").newline();
        return;
    }
    const std::string caption = fill(strings.chart_sexes, {year_text(kpi.period, strings)});
    open_figure(out, "chart-sexes", caption);
    if (!any_sex_value(kpi)) {
        empty_figure_note(out, strings.no_sex_values);
    } else {
        DumbbellChart dumbbell = sexes_chart(kpi.title + ": " + caption, strings, numbers);
        for (const auto& unit : kpi.units) {
            dumbbell.rows.push_back(
                {unit.short_label, unit.values.k, unit.values.m, unit.is_focus});
        }
        dumbbell.rows.push_back(
            {kpi.national.short_label, kpi.national.values.k, kpi.national.values.m, false});
        draw_dumbbell_chart(out, dumbbell);
    }
    if (kpi.design && *kpi.design != curated::Breakdown::values) {
        out.element("p", {{"class", "note"}},
                    std::string(strings.breakdown_label) + ": " +
                        breakdown_text(kpi.verdict, kpi.design, kpi.partner, data.language));
    }
    out.close("figure").newline();
}

std::string focus_label(const ReportKpi& kpi, const ReportData& data) {
    for (const auto& unit : kpi.units) {
        if (unit.is_focus) {
            return unit.short_label;
        }
    }
    return data.focus_title;
}

// The focus region's line and Riket's over the window, or a note when no year has a value.
void write_trend_chart(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                       const std::string& title, const Series& focus_series,
                       const Series& national_series, const svg::ChartNumbers& numbers) {
    LineChart line;
    line.title = title;
    line.first_year = kpi.trend_first_year;
    line.last_year = kpi.trend_last_year;
    LineSeries focus{focus_label(kpi, data), LineStyle::solid_circles, {}};
    for (const auto& [year, value] : focus_series) {
        focus.points.push_back({year, value});
    }
    LineSeries national{kpi.national.short_label, LineStyle::dashed_squares, {}};
    for (const auto& [year, value] : national_series) {
        national.points.push_back({year, value});
    }
    line.series = {focus, national};
    line.numbers = numbers;
    draw_line_chart(out, line);
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
    if (!any_value(kpi.focus_trend) && !any_value(kpi.national_trend)) {
        empty_figure_note(out, strings.no_trend_values);
    } else {
        write_trend_chart(out, kpi, data, kpi.title + ": " + caption, kpi.focus_trend,
                          kpi.national_trend, numbers);
    }
    out.close("figure").newline();
}

void write_gap_trend_figure(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                            svg::ChartNumbers numbers, const ReportStrings& strings) {
    if (!kpi.period || kpi.pair_drawn_at) {
        open_figure(out, "chart-gap-trend", std::string(strings.chart_gap_trend_no_years));
        if (kpi.pair_drawn_at) {
            out.element("p", {{"class", "note pair-elsewhere"}},
                        fill(strings.pair_drawn_at, {*kpi.pair_drawn_at}));
        } else {
            empty_figure_note(out, strings.no_gap_trend_values);
        }
        out.close("figure").newline();
        return;
    }
    const std::string caption =
        fill(strings.chart_gap_trend,
             {std::to_string(kpi.trend_first_year), std::to_string(kpi.trend_last_year)});
    open_figure(out, "chart-gap-trend", caption);
    if (!any_value(kpi.focus_gap_trend) && !any_value(kpi.national_gap_trend)) {
        empty_figure_note(out, strings.no_gap_trend_values);
    } else {
        numbers.unit = std::string(strings.gap_axis);
        write_trend_chart(out, kpi, data, kpi.title + ": " + caption, kpi.focus_gap_trend,
                          kpi.national_gap_trend, numbers);
    }
    out.close("figure").newline();
}

}  // namespace

void write_charts(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data) {
    const ReportStrings& strings = report_strings(data.language);
    const svg::ChartNumbers numbers = chart_numbers(kpi, data, strings);
    out.open("div", {{"class", "charts"}}).newline();
    write_latest_figure(out, kpi, numbers, strings);
    write_sexes_figure(out, kpi, data, numbers, strings);
    write_trend_figure(out, kpi, data, numbers, strings);
    write_gap_trend_figure(out, kpi, data, numbers, strings);
    out.close("div").newline();
}

}  // namespace kolcat::report
