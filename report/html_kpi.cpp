// One key figure in the report: what was compared and how the focus region stands, its charts
// (html_charts.cpp) and the numbers under them.

#include <algorithm>
#include <map>
#include <set>

#include "analysis/not_synced.hpp"
#include "report/csv_download.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"

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
    const std::string breakdown =
        breakdown_text(kpi.verdict, kpi.design, kpi.partner, data.language);
    if (!breakdown.empty()) {
        labelled(out, strings.breakdown_label, breakdown);
    }
    out.close("p").newline();
    if (kpi.sums_counties) {
        out.element("p", {{"class", "note"}}, strings.county_sums_note).newline();
    } else if (kpi.uses_county_groups) {
        out.element("p", {{"class", "note"}}, strings.county_groups_note).newline();
    }
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

std::string rank_text(const std::optional<int>& rank) {
    return rank ? std::to_string(*rank) : std::string();
}

// The numbers table as CSV: the columns of `kolcat compare --format csv`, one row per unit,
// the median of the compared units, then Riket.
CsvTable numbers_csv(const ReportKpi& kpi) {
    CsvTable csv;
    csv.header = {"kpi", "kpi_title", "period", "unit",  "title", "role",          "T",
                  "K",   "M",         "gap",    "ratio", "rank",  "diff_national", "synced"};
    const std::string period = kpi.period ? std::to_string(*kpi.period) : std::string();
    const auto row = [&](const ReportUnit& unit, const std::string& role) {
        csv.rows.push_back({kpi.id, kpi.title, period, unit.id, unit.label, role,
                            csv_number(unit.values.t), csv_number(unit.values.k),
                            csv_number(unit.values.m), csv_number(unit.gap), csv_number(unit.ratio),
                            rank_text(unit.rank), csv_number(unit.difference_from_national),
                            unit.synced ? "true" : "false"});
    };
    for (const auto& unit : kpi.units) {
        row(unit, unit.is_focus ? "focus" : "compared");
    }
    csv.rows.push_back({kpi.id, kpi.title, period, "", "median", "median",
                        csv_number(kpi.comparison_median), "", "", "", "", "", "", ""});
    row(kpi.national, "national");
    return csv;
}

// The trend tables as CSV, long form: one row per unit and year, T and the gap K − M.
CsvTable trend_csv(const ReportKpi& kpi, const std::string& focus_id, const std::string& focus) {
    CsvTable csv;
    csv.header = {"kpi", "unit", "title", "year", "T", "gap"};
    const auto rows = [&](const std::string& id, const std::string& title,
                          const std::vector<std::pair<int, std::optional<double>>>& totals,
                          const std::vector<std::pair<int, std::optional<double>>>& gaps) {
        std::map<int, std::optional<double>> gap_of(gaps.begin(), gaps.end());
        for (const auto& [year, value] : totals) {
            const auto gap = gap_of.find(year);
            csv.rows.push_back({kpi.id, id, title, std::to_string(year), csv_number(value),
                                gap == gap_of.end() ? "" : csv_number(gap->second)});
        }
    };
    rows(focus_id, focus, kpi.focus_trend, kpi.focus_gap_trend);
    rows(kpi.national.id, kpi.national.label, kpi.national_trend, kpi.national_gap_trend);
    return csv;
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
    if (data.csv_downloads) {
        write_download_link(out, numbers_csv(kpi), kpi.id + ".csv", strings.download_csv);
    }
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
    std::string focus_id = data.focus_id;
    std::string focus_label = data.focus_title;
    for (const auto& unit : kpi.units) {
        if (unit.is_focus) {
            row(unit.short_label, unit.id, true, kpi.focus_trend);
            focus_id = unit.id;
            focus_label = unit.label;
        }
    }
    row(kpi.national.short_label, kpi.national.id, false, kpi.national_trend);
    out.close("tbody").close("table").newline();
    if (data.csv_downloads) {
        write_download_link(out, trend_csv(kpi, focus_id, focus_label), kpi.id + "-trend.csv",
                            strings.download_csv);
    }
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
            // A county sum is unknown until its municipalities are fetched.
            for (const auto& member :
                 unit.is_county_sum ? unit.sum_not_synced : std::vector<std::string>{unit.id}) {
                never_synced.emplace_back(kpi.id, member);
            }
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

std::string goals_list(const std::vector<int>& goals) {
    std::string text;
    for (const int goal : goals) {
        text += (text.empty() ? "" : ", ") + std::to_string(goal);
    }
    return text;
}

void write_notes(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data) {
    if (kpi.notes.empty()) {
        return;
    }
    const ReportStrings& strings = report_strings(data.language);
    out.open("div", {{"class", "notes"}, {"data-kpi", kpi.id}});
    out.element("p", {{"class", "notes-heading"}}, strings.notes_heading);
    out.open("ul");
    for (const auto& note : kpi.notes) {
        out.open("li", {{"class", "local-note"}});
        out.element("span", {{"class", "note-date"}}, note.date).text(" ");
        out.open("span", {{"class", "note-analysis"}})
            .open("strong")
            .text(std::string(strings.note_analysis) + ": ")
            .close("strong")
            .text(note.analysis)
            .close("span")
            .text(" ");
        out.open("span", {{"class", "note-action"}})
            .open("strong")
            .text(std::string(strings.note_action) + ": ")
            .close("strong")
            .text(note.action)
            .close("span");
        out.close("li");
    }
    out.close("ul").close("div").newline();
}

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
    write_notes(out, kpi, data);
    write_charts(out, kpi, data);
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
