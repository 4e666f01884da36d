// One key figure in the report: what was compared and how the focus region stands, the three
// charts (latest values, women and men, trend) and the numbers under them.

#include "cli/report_html_parts.hpp"
#include "cli/report_strings.hpp"
#include "cli/svg_bar_chart.hpp"
#include "cli/svg_dumbbell_chart.hpp"
#include "cli/svg_line_chart.hpp"

namespace kolcat::cli {
namespace {

std::string period_text(const ReportKpi& kpi, const ReportData& data,
                        const ReportStrings& strings) {
    if (!kpi.period) {
        return std::string(strings.no_period);
    }
    std::string why;
    switch (kpi.period_source) {
        case PeriodChoice::Source::requested: why = strings.period_requested; break;
        case PeriodChoice::Source::focus_latest:
            why = fill(strings.period_focus_latest, {data.focus_title});
            break;
        case PeriodChoice::Source::others_latest:
            why = fill(strings.period_others_latest, {data.focus_title});
            break;
        case PeriodChoice::Source::none: break;
    }
    return std::to_string(*kpi.period) + (why.empty() ? "" : " (" + why + ")");
}

std::string design_text(const ReportKpi& kpi, const ReportStrings& strings) {
    if (!kpi.design) {
        return {};
    }
    switch (*kpi.design) {
        case Breakdown::values: return std::string(strings.design_values);
        case Breakdown::pair: return fill(strings.design_pair, {kpi.partner.value_or("?")});
        case Breakdown::by_construction: return std::string(strings.design_by_construction);
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
        case Standing::better: return "standing standing-better";
        case Standing::worse: return "standing standing-worse";
        default: return "standing";
    }
}

void write_meta(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                const ReportStrings& strings) {
    const ReportLanguage language = data.language;
    out.open("p", {{"class", "kpi-meta"}});
    labelled(out, strings.year_compared, period_text(kpi, data, strings));
    labelled(out, strings.direction_label, std::string(direction_label(kpi.direction, language)));
    labelled(out, strings.versus_median,
             std::string(standing_label(kpi.versus_median, language)),
             standing_class(kpi.versus_median));
    labelled(out, strings.versus_national,
             std::string(standing_label(kpi.versus_national, language)),
             standing_class(kpi.versus_national));
    std::string breakdown = design_text(kpi, strings);
    if (kpi.verdict) {
        breakdown += (breakdown.empty() ? "" : "; ") +
                     std::string(verdict_label(*kpi.verdict, language));
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

void write_charts(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data,
                  const ReportStrings& strings) {
    const svg::ChartNumbers numbers = chart_numbers(kpi, data, strings);
    out.open("div", {{"class", "charts"}}).newline();

    const std::string latest = fill(strings.chart_latest, {year_text(kpi.period, strings)});
    BarChart bars;
    bars.title = kpi.title + ": " + latest;
    for (const auto& unit : kpi.units) {
        bars.bars.push_back({unit.short_label, unit.values.t, unit.is_focus});
    }
    bars.reference = ReferenceValue{kpi.national.short_label, kpi.national.values.t};
    bars.numbers = numbers;
    open_figure(out, "chart-latest", latest);
    draw_bar_chart(out, bars);
    out.close("figure").newline();

    const std::string sexes = fill(strings.chart_sexes, {year_text(kpi.period, strings)});
    DumbbellChart dumbbell;
    dumbbell.title = kpi.title + ": " + sexes;
    for (const auto& unit : kpi.units) {
        dumbbell.rows.push_back({unit.short_label, unit.values.k, unit.values.m, unit.is_focus});
    }
    dumbbell.rows.push_back(
        {kpi.national.short_label, kpi.national.values.k, kpi.national.values.m, false});
    dumbbell.women_label = strings.women;
    dumbbell.men_label = strings.men;
    dumbbell.women_short = strings.women_short;
    dumbbell.men_short = strings.men_short;
    dumbbell.numbers = numbers;
    open_figure(out, "chart-sexes", sexes);
    draw_dumbbell_chart(out, dumbbell);
    if (kpi.design && *kpi.design != Breakdown::values) {
        out.element("p", {{"class", "note"}},
                    std::string(strings.breakdown_label) + ": " + design_text(kpi, strings));
    }
    out.close("figure").newline();

    if (kpi.period) {
        const std::string trend = fill(strings.chart_trend, {std::to_string(kpi.trend_first_year),
                                                             std::to_string(kpi.trend_last_year)});
        LineChart line;
        line.title = kpi.title + ": " + trend;
        line.first_year = kpi.trend_first_year;
        line.last_year = kpi.trend_last_year;
        const auto focus_label = [&] {
            for (const auto& unit : kpi.units) {
                if (unit.is_focus) return unit.short_label;
            }
            return data.focus_title;
        }();
        LineSeries focus{focus_label, LineStyle::solid_circles, {}};
        for (const auto& [year, value] : kpi.focus_trend) focus.points.push_back({year, value});
        LineSeries national{kpi.national.short_label, LineStyle::dashed_squares, {}};
        for (const auto& [year, value] : kpi.national_trend) {
            national.points.push_back({year, value});
        }
        line.series = {focus, national};
        line.numbers = numbers;
        open_figure(out, "chart-trend", trend);
        draw_line_chart(out, line);
    } else {
        open_figure(out, "chart-trend", fill(strings.chart_trend, {"", ""}));
        out.element("p", {{"class", "note no-data"}}, strings.no_data);
    }
    out.close("figure").newline();
    out.close("div").newline();
}

void write_unit_row(HtmlBuilder& out, const ReportUnit& unit, const ReportKpi& kpi,
                    ReportLanguage language) {
    std::string row_class = unit.is_focus ? "focus" : (unit.is_national ? "national" : "unit");
    out.open("tr", {{"class", row_class}, {"data-unit", unit.id}});
    out.element("td", {{"class", "unit-name"}}, unit.label);
    number_cell(out, unit.values.t, kpi.decimals, language);
    number_cell(out, unit.values.k, kpi.decimals, language);
    number_cell(out, unit.values.m, kpi.decimals, language);
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
    for (const auto heading : {strings.col_total, strings.col_women, strings.col_men,
                               strings.col_gap, strings.col_ratio, strings.col_rank,
                               strings.col_difference}) {
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
    if (!kpi.period) {
        return;
    }
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

}  // namespace

void write_kpi_article(HtmlBuilder& out, const ReportKpi& kpi, const ReportSection& section,
                       const ReportData& data) {
    const ReportStrings& strings = report_strings(data.language);
    out.open("article", {{"class", "kpi"},
                         {"id", goal_anchor(section.goal) + "-" + kpi.id},
                         {"data-kpi", kpi.id}})
        .newline();
    out.open("h3").text(kpi.title).element("span", {{"class", "kpi-id"}}, kpi.id).close("h3");
    out.newline();
    write_meta(out, kpi, data, strings);
    write_charts(out, kpi, data, strings);
    out.open("div", {{"class", "tables"}}).newline();
    write_numbers_table(out, kpi, data, strings);
    write_trend_table(out, kpi, data, strings);
    out.close("div").newline();
    std::string note = std::string(strings.missing_legend) + " " +
                       fill(strings.units_with_data, {std::to_string(kpi.units_with_data),
                                                      std::to_string(kpi.units_ranked)});
    if (kpi.direction == Direction::neutral) {
        note += " " + std::string(strings.neutral_rank_note);
    }
    out.element("p", {{"class", "note"}}, note).newline();
    out.close("article").newline();
}

}  // namespace kolcat::cli
