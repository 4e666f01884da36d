// The compact report's body, for a meeting: the key figures whose sex gap `kolcat differences`
// flags, then one short section per sub-goal, a table with one row per key figure. Each key
// figure appears once, under the first of its sub-goals shown, with all its sub-goals named;
// a later sub-goal it serves names it and links to that row.

#include <map>
#include <set>

#include "report/csv_download.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"

namespace kolcat::report {
namespace {

std::string row_anchor(int goal, const std::string& kpi) {
    return goal_anchor(goal) + "-" + kpi;
}

const ReportUnit* focus_of(const ReportKpi& kpi) {
    for (const auto& unit : kpi.units) {
        if (unit.is_focus) {
            return &unit;
        }
    }
    return nullptr;
}

std::string standing_code(Standing standing) {
    switch (standing) {
        case Standing::better:
            return "better";
        case Standing::worse:
            return "worse";
        case Standing::equal:
            return "equal";
        case Standing::not_judged:
            return "not_judged";
        case Standing::no_data:
            return "no_data";
    }
    return {};
}

std::string flags_text(const ReportKpi& kpi, ReportLanguage language) {
    std::string text;
    for (const auto& flag : kpi.flags) {
        text += (text.empty() ? "" : ", ") + flag_label(flag, language);
    }
    return text;
}

void kpi_title_cell(HtmlBuilder& out, const ReportKpi& kpi, const ReportData& data) {
    out.open("td", {{"class", "kpi-title"}});
    if (data.kpi_href) {
        out.element("a", {{"href", data.kpi_href(kpi.id)}}, kpi.title);
    } else {
        out.text(kpi.title);
    }
    if (kpi.title != kpi.id) {
        out.element("span", {{"class", "kpi-id"}}, kpi.id);
    }
    out.close("td");
}

// A member of a pair that `differences` judged as one key figure (pair_women/pair_men).
bool judged_as_pair(const ReportKpi& kpi) {
    return kpi.partner && (kpi.pair_women || kpi.pair_men);
}

std::string year_of(const ReportKpi& kpi) {
    return kpi.period ? std::to_string(*kpi.period) : std::string();
}

void write_flagged_section(HtmlBuilder& out, const ReportData& data, const ReportStrings& strings) {
    out.open("section", {{"class", "flagged"}, {"id", "flagged"}}).newline();
    out.element("h2", {}, strings.flagged_heading).newline();
    out.element("p", {}, fill(strings.flagged_intro, {data.focus_title})).newline();
    std::set<std::string> seen;
    std::vector<std::pair<const ReportKpi*, int>> flagged;  // with the sub-goal that lists it
    std::map<std::string, std::pair<const ReportKpi*, int>> by_id;  // the first sub-goal's row
    for (const auto& section : data.sections) {
        for (const auto& kpi : section.kpis) {
            by_id.emplace(kpi.id, std::pair{&kpi, section.goal});
            if (!kpi.flags.empty() && seen.insert(kpi.id).second) {
                flagged.emplace_back(&kpi, section.goal);
                // A pair is judged as one key figure, so it is one row: both members carry the
                // same K, M and flags.
                if (judged_as_pair(kpi)) {
                    seen.insert(*kpi.partner);
                }
            }
        }
    }
    if (flagged.empty()) {
        out.element("p", {{"class", "note"}}, strings.no_flags).newline();
        out.close("section").newline();
        return;
    }
    out.open("table", {{"class", "flagged-kpis"}}).open("thead").open("tr");
    out.element("th", {}, strings.col_kpi).element("th", {}, strings.col_goals);
    out.element("th", {{"class", "num"}}, strings.col_year);
    for (const auto heading : {strings.col_women, strings.col_men, strings.col_gap}) {
        out.element("th", {{"class", "num"}}, heading);
    }
    out.element("th", {}, strings.col_flags);
    out.close("tr").close("thead").newline().open("tbody").newline();
    CsvTable csv;
    csv.header = {"kpi", "title", "goals", "period", "K", "M", "gap", "flags"};
    for (const auto& [kpi, goal] : flagged) {
        const ReportUnit* focus = focus_of(*kpi);
        analysis::GenderValues values = focus ? focus->values : analysis::GenderValues{};
        std::optional<double> gap = focus ? focus->gap : std::nullopt;
        if (kpi->pair_women || kpi->pair_men) {
            values = {std::nullopt, kpi->pair_women, kpi->pair_men};
            gap = analysis::tidy_number(analysis::sex_gap(values));
        }
        const std::pair<const ReportKpi*, int>* partner = nullptr;
        if (judged_as_pair(*kpi)) {
            const auto found = by_id.find(*kpi->partner);
            partner = found == by_id.end() ? nullptr : &found->second;
        }
        out.open("tr", {{"data-kpi", kpi->id}});
        // An index into the sub-goals' tables, where the key figure's row is.
        out.open("td", {{"class", "kpi-title"}})
            .element("a", {{"href", "#" + row_anchor(goal, kpi->id)}}, kpi->title)
            .element("span", {{"class", "kpi-id"}}, kpi->id);
        std::string csv_id = kpi->id;
        std::string csv_title = kpi->title;
        if (partner) {
            const auto& [other, other_goal] = *partner;
            out.text(" / ")
                .element("a", {{"href", "#" + row_anchor(other_goal, other->id)}}, other->title)
                .element("span", {{"class", "kpi-id"}}, other->id);
            csv_id += "/" + other->id;
            csv_title += " / " + other->title;
        }
        out.close("td");
        out.element("td", {}, goals_list(kpi->goals));
        out.element("td", {{"class", "num"}}, year_of(*kpi));
        number_cell(out, values.k, kpi->decimals, data.language);
        number_cell(out, values.m, kpi->decimals, data.language);
        number_cell(out, gap, kpi->decimals, data.language, true);
        out.element("td", {{"class", "flags"}}, flags_text(*kpi, data.language));
        out.close("tr").newline();
        std::string codes;
        for (const auto& flag : kpi->flags) {
            codes += (codes.empty() ? "" : " ") + flag;
        }
        csv.rows.push_back({csv_id, csv_title, goals_list(kpi->goals), year_of(*kpi),
                            csv_number(values.k), csv_number(values.m), csv_number(gap), codes});
    }
    out.close("tbody").close("table").newline();
    if (data.csv_downloads) {
        write_download_link(out, csv, "flagged.csv", strings.download_csv);
    }
    out.close("section").newline();
}

void standing_cell(HtmlBuilder& out, Standing standing, ReportLanguage language) {
    const std::string css = standing == Standing::better  ? "standing standing-better"
                            : standing == Standing::worse ? "standing standing-worse"
                                                          : "standing";
    out.element("td", {{"class", css}}, standing_label(standing, language));
}

void write_compact_goal(HtmlBuilder& out, const ReportSection& section, const ReportData& data,
                        const ReportStrings& strings, std::map<std::string, int>& first_goal_of) {
    out.open("section", {{"class", "goal compact-goal"}, {"id", goal_anchor(section.goal)}})
        .newline();
    out.element("h2", {},
                fill(strings.goal_heading, {std::to_string(section.goal),
                                            std::string(goal_name(section, data.language))}))
        .newline();
    std::vector<const ReportKpi*> fresh;
    std::vector<const ReportKpi*> earlier;
    for (const auto& kpi : section.kpis) {
        if (first_goal_of.emplace(kpi.id, section.goal).second) {
            fresh.push_back(&kpi);
        } else {
            earlier.push_back(&kpi);
        }
    }
    if (section.kpis.empty()) {
        out.element("p", {{"class", "note"}}, strings.no_kpis_in_goal).newline();
    }
    if (!fresh.empty()) {
        out.open("table", {{"class", "compact-kpis"}, {"data-goal", std::to_string(section.goal)}})
            .open("thead")
            .open("tr");
        out.element("th", {}, strings.col_kpi).element("th", {}, strings.col_goals);
        for (const auto heading :
             {strings.col_year, strings.col_value, strings.col_median, strings.col_national,
              strings.col_rank, strings.col_women, strings.col_men, strings.col_gap}) {
            out.element("th", {{"class", "num"}}, heading);
        }
        out.element("th", {}, strings.col_vs_median).element("th", {}, strings.col_vs_national);
        out.close("tr").close("thead").newline().open("tbody").newline();
        CsvTable csv;
        csv.header = {"kpi",    "title",      "goals",         "period",         "T",
                      "median", "national_T", "rank",          "units_ranked",   "K",
                      "M",      "gap",        "versus_median", "versus_national"};
        for (const ReportKpi* kpi : fresh) {
            const ReportUnit* focus = focus_of(*kpi);
            const analysis::GenderValues values = focus ? focus->values : analysis::GenderValues{};
            const std::optional<double> gap = focus ? focus->gap : std::nullopt;
            // As text, not as an optional<int> copy: GCC's -O2 takes that copy for uninitialized.
            const std::string rank =
                focus && focus->rank ? std::to_string(*focus->rank) : std::string();
            out.open("tr", {{"class", "kpi-row"},
                            {"id", row_anchor(section.goal, kpi->id)},
                            {"data-kpi", kpi->id}});
            kpi_title_cell(out, *kpi, data);
            out.element("td", {{"class", "goals"}}, goals_list(kpi->goals));
            out.element("td", {{"class", "num"}}, year_of(*kpi));
            number_cell(out, values.t, kpi->decimals, data.language);
            number_cell(out, kpi->comparison_median, kpi->decimals, data.language);
            number_cell(out, kpi->national.values.t, kpi->decimals, data.language);
            if (!rank.empty()) {
                out.element("td", {{"class", "num rank"}},
                            rank + " / " + std::to_string(kpi->units_ranked));
            } else {
                out.element("td", {{"class", "num rank missing"}}, "–");
            }
            number_cell(out, values.k, kpi->decimals, data.language);
            number_cell(out, values.m, kpi->decimals, data.language);
            number_cell(out, gap, kpi->decimals, data.language, true);
            standing_cell(out, kpi->versus_median, data.language);
            standing_cell(out, kpi->versus_national, data.language);
            out.close("tr").newline();
            if (!kpi->notes.empty()) {
                out.open("tr", {{"class", "notes-row"}}).open("td", {{"colspan", "12"}});
                write_notes(out, *kpi, data);
                out.close("td").close("tr").newline();
            }
            csv.rows.push_back(
                {kpi->id, kpi->title, goals_list(kpi->goals), year_of(*kpi), csv_number(values.t),
                 csv_number(kpi->comparison_median), csv_number(kpi->national.values.t), rank,
                 std::to_string(kpi->units_ranked), csv_number(values.k), csv_number(values.m),
                 csv_number(gap), standing_code(kpi->versus_median),
                 standing_code(kpi->versus_national)});
        }
        out.close("tbody").close("table").newline();
        if (data.csv_downloads) {
            write_download_link(out, csv, "goal-" + std::to_string(section.goal) + ".csv",
                                strings.download_csv);
        }
    }
    if (!earlier.empty()) {
        const std::string template_text(strings.also_in_goal);
        const auto hole = template_text.find("{}");
        out.open("p", {{"class", "note also-in-goal"}}).text(template_text.substr(0, hole));
        for (std::size_t i = 0; i < earlier.size(); ++i) {
            const ReportKpi& kpi = *earlier[i];
            if (i > 0) {
                out.text(", ");
            }
            out.element("a", {{"href", "#" + row_anchor(first_goal_of.at(kpi.id), kpi.id)}},
                        kpi.title + " (" + kpi.id + ")");
        }
        out.text(template_text.substr(hole + 2)).close("p").newline();
    }
    out.close("section").newline();
}

}  // namespace

void write_compact_sections(HtmlBuilder& out, const ReportData& data) {
    const ReportStrings& strings = report_strings(data.language);
    out.element("p", {{"class", "note compact-intro"}}, strings.compact_intro).newline();
    if (data.flags_computed) {
        write_flagged_section(out, data, strings);
    }
    std::map<std::string, int> first_goal_of;
    for (const auto& section : data.sections) {
        write_compact_goal(out, section, data, strings, first_goal_of);
    }
}

}  // namespace kolcat::report
