#include "report/html.hpp"

#include <set>

#include "report/csv_download.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"
#include "report/summary.hpp"
#include "text/number_format.hpp"

namespace kolcat::report {

text::NumberStyle number_style(ReportLanguage language) {
    return language == ReportLanguage::sv ? text::NumberStyle::swedish()
                                          : text::NumberStyle::english();
}

void number_cell(HtmlBuilder& out, const std::optional<double>& value, int decimals,
                 ReportLanguage language, bool with_sign) {
    if (!value) {
        out.element("td", {{"class", "num missing"}}, "–");
        return;
    }
    std::string text = text::format_number(*value, decimals, number_style(language));
    if (with_sign && text.front() != '-' && text.find_first_not_of("0,. ") != std::string::npos) {
        text = "+" + text;
    }
    out.element("td", {{"class", "num"}, {"data-value", text::format_full_precision(*value)}},
                text);
}

std::string percent_text(double share, ReportLanguage language) {
    const std::string number = text::format_number(share * 100, 0, number_style(language));
    return language == ReportLanguage::sv ? number + "\u00A0%" : number + "%";
}

std::string goal_anchor(int goal) {
    return "goal-" + std::to_string(goal);
}

std::string date_of(const std::string& timestamp) {
    // "2026-11-26T13:38:54Z" -> "2026-11-26 13:38 UTC"
    if (timestamp.size() >= 16 && timestamp[10] == 'T') {
        return timestamp.substr(0, 10) + " " + timestamp.substr(11, 5) + " UTC";
    }
    return timestamp;
}

namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

std::string selection_text(const ReportSelection& selection, const ReportStrings& strings) {
    std::vector<std::string> parts;
    if (!selection.goals.empty()) {
        std::vector<std::string> goals;
        for (const int goal : selection.goals) {
            goals.push_back(std::to_string(goal));
        }
        parts.push_back(fill(strings.selection_goals, {joined(goals)}));
    }
    if (selection.sdg) {
        parts.push_back(fill(strings.selection_sdg, {std::to_string(*selection.sdg)}));
    }
    if (selection.target) {
        parts.push_back(fill(strings.selection_target, {*selection.target}));
    }
    if (!selection.kpis.empty()) {
        parts.push_back(fill(strings.selection_kpis, {joined(selection.kpis)}));
    }
    std::string text;
    for (const auto& part : parts) {
        text += (text.empty() ? "" : "; ") + part;
    }
    return text;
}

void write_head(HtmlBuilder& out, const ReportData& data, const ReportStrings& strings) {
    out.open("head").newline();
    out.empty("meta", {{"charset", "utf-8"}}).newline();
    out.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}})
        .newline();
    out.empty("meta", {{"name", "generator"}, {"content", "kolcat " KOLCAT_VERSION}}).newline();
    out.element("title", {}, fill(strings.document_title, {data.focus_title})).newline();
    out.open("style").trusted(report_style_sheet()).close("style").newline();
    out.close("head").newline();
}

void write_header(HtmlBuilder& out, const ReportData& data, const ReportStrings& strings) {
    out.open("header", {{"class", "report-header"}}).newline();
    out.element("h1", {}, fill(strings.heading, {data.focus_title})).newline();
    if (data.demo_data) {
        out.element("p", {{"class", "demo-warning"}, {"role", "alert"}}, strings.demo_warning)
            .newline();
    }
    out.open("p", {{"class", "meta"}})
        .open("strong")
        .text(std::string(strings.compared_with) + ": ")
        .close("strong")
        .text(data.against_title + " (" + data.against_label + ", " +
              std::to_string(data.against_units.size()) + ")")
        .close("p")
        .newline();
    if (!data.selection.empty()) {
        out.open("p", {{"class", "meta selection"}})
            .open("strong")
            .text(std::string(strings.selection_label) + ": ")
            .close("strong")
            .text(selection_text(data.selection, strings))
            .close("p")
            .newline();
    }
    out.open("p", {{"class", "meta"}})
        .open("strong")
        .text(std::string(strings.data_synced) + ": ")
        .close("strong")
        .text(data.synced_at ? date_of(*data.synced_at) : std::string(strings.never_synced))
        .text(" · ")
        .open("strong")
        .text(std::string(strings.report_generated) + ": ")
        .close("strong")
        .text(date_of(data.generated_at))
        .text(" · ")
        .element("span", {{"class", "source"}}, strings.source)
        .close("p")
        .newline();
    out.close("header").newline();
}

void write_contents(HtmlBuilder& out, const ReportData& data, const ReportStrings& strings) {
    out.open("nav", {{"class", "contents"}, {"aria-label", std::string(strings.contents)}});
    out.open("ol");
    out.open("li").element("a", {{"href", "#summary"}}, strings.summary_heading).close("li");
    if (data.compact && data.flags_computed) {
        out.open("li").element("a", {{"href", "#flagged"}}, strings.flagged_heading).close("li");
    }
    for (const auto& section : data.sections) {
        out.open("li")
            .element("a", {{"href", "#" + goal_anchor(section.goal)}},
                     fill(strings.goal_heading, {std::to_string(section.goal),
                                                 std::string(goal_name(section, data.language))}))
            .close("li");
    }
    if (data.coverage) {
        out.open("li").element("a", {{"href", "#coverage"}}, strings.coverage_heading).close("li");
    }
    out.open("li")
        .element("a", {{"href", "#sex-breakdown"}}, strings.breakdown_heading)
        .close("li");
    out.close("ol").close("nav").newline();
}

void count_cell(HtmlBuilder& out, int count) {
    out.element("td", {{"class", "num"}}, std::to_string(count));
}

void write_summary(HtmlBuilder& out, const ReportData& data, const ReportStrings& strings) {
    out.open("section", {{"class", "summary"}, {"id", "summary"}}).newline();
    out.element("h2", {}, strings.summary_heading).newline();
    out.element("p", {}, fill(strings.summary_intro, {data.focus_title})).newline();
    out.open("table", {{"class", "summary-table"}}).open("thead").open("tr");
    out.element("th", {}, strings.col_goal);
    for (const auto heading :
         {strings.col_kpis, strings.col_better_median, strings.col_worse_median,
          strings.col_better_national, strings.col_worse_national, strings.col_not_judged,
          strings.col_no_data, strings.col_lacking, strings.col_partial}) {
        out.element("th", {{"class", "num"}}, heading);
    }
    out.close("tr").close("thead").newline().open("tbody").newline();

    const auto tallies = tally_by_goal(data);
    CsvTable csv;
    csv.header = {"goal",
                  "goal_name",
                  "kpis",
                  "better_median",
                  "worse_median",
                  "better_national",
                  "worse_national",
                  "not_judged",
                  "no_data_median",
                  "no_data_national",
                  "lacking_breakdown",
                  "partial_breakdown"};
    for (std::size_t i = 0; i < tallies.size(); ++i) {
        const GoalTally& tally = tallies[i];
        const bool total = i == data.sections.size();
        csv.rows.push_back({total ? "total" : std::to_string(data.sections[i].goal),
                            total ? std::string(strings.total)
                                  : std::string(goal_name(data.sections[i], data.language)),
                            std::to_string(tally.kpis), std::to_string(tally.versus_median.better),
                            std::to_string(tally.versus_median.worse),
                            std::to_string(tally.versus_national.better),
                            std::to_string(tally.versus_national.worse),
                            std::to_string(tally.versus_median.not_judged),
                            std::to_string(tally.versus_median.no_data),
                            std::to_string(tally.versus_national.no_data),
                            std::to_string(tally.lacking_breakdown),
                            std::to_string(tally.partial_breakdown)});
        out.open("tr", {{"class", total ? "total" : "goal-row"}});
        if (total) {
            out.element("td", {}, strings.total);
        } else {
            const ReportSection& section = data.sections[i];
            out.open("td")
                .element("a", {{"href", "#" + goal_anchor(section.goal)}},
                         std::to_string(section.goal) + ". " +
                             std::string(goal_name(section, data.language)))
                .close("td");
        }
        count_cell(out, tally.kpis);
        count_cell(out, tally.versus_median.better);
        count_cell(out, tally.versus_median.worse);
        count_cell(out, tally.versus_national.better);
        count_cell(out, tally.versus_national.worse);
        count_cell(out, tally.versus_median.not_judged);
        out.element("td", {{"class", "num"}},
                    std::to_string(tally.versus_median.no_data) + " / " +
                        std::to_string(tally.versus_national.no_data));
        count_cell(out, tally.lacking_breakdown);
        count_cell(out, tally.partial_breakdown);
        out.close("tr").newline();
    }
    out.close("tbody").close("table").newline();
    if (data.csv_downloads) {
        write_download_link(out, csv, "summary.csv", strings.download_csv);
    }
    out.close("section").newline();
}

void write_goal_section(HtmlBuilder& out, const ReportSection& section, const ReportData& data,
                        const ReportStrings& strings) {
    out.open("section", {{"class", "goal"}, {"id", goal_anchor(section.goal)}}).newline();
    out.element("h2", {},
                fill(strings.goal_heading, {std::to_string(section.goal),
                                            std::string(goal_name(section, data.language))}))
        .newline();
    if (data.language == ReportLanguage::en && !section.description.empty()) {
        out.element("p", {{"class", "goal-description"}}, section.description).newline();
    }
    if (section.kpis.empty()) {
        out.element("p", {{"class", "note"}}, strings.no_kpis_in_goal).newline();
    }
    for (const auto& kpi : section.kpis) {
        write_kpi_article(out, kpi, section, data);
    }
    out.close("section").newline();
}

void write_footer(HtmlBuilder& out, const ReportData& data, const ReportStrings& strings) {
    out.open("footer").newline();
    out.element("h2", {}, strings.footer_heading).newline();
    out.open("p")
        .element("span", {{"class", "source"}}, strings.source)
        .text(" (www.kolada.se). ")
        .open("strong")
        .text(std::string(strings.data_synced) + ": ")
        .close("strong")
        .text(data.synced_at ? date_of(*data.synced_at) : std::string(strings.never_synced))
        .text(". ")
        .open("strong")
        .text(std::string(strings.report_generated) + ": ")
        .close("strong")
        .text(date_of(data.generated_at) + ". kolcat " KOLCAT_VERSION ".")
        .close("p")
        .newline();
    out.open("table", {{"class", "publication"}}).open("thead").open("tr");
    out.element("th", {}, strings.col_kpi)
        .element("th", {}, strings.col_title)
        .element("th", {}, strings.col_publication_date);
    out.close("tr").close("thead").newline().open("tbody").newline();
    std::set<std::string> listed;
    CsvTable csv;
    csv.header = {"kpi", "title", "publication_date"};
    for (const auto& section : data.sections) {
        for (const auto& kpi : section.kpis) {
            if (!listed.insert(kpi.id).second) {
                continue;
            }
            csv.rows.push_back({kpi.id, kpi.title, kpi.publication_date.value_or("")});
            out.open("tr")
                .open("td")
                .element("code", {}, kpi.id)
                .close("td")
                .element("td", {}, kpi.title)
                .element("td", {{"class", "publication-date"}},
                         kpi.publication_date.value_or(std::string(strings.unknown_date)))
                .close("tr")
                .newline();
        }
    }
    out.close("tbody").close("table").newline();
    if (data.csv_downloads) {
        write_download_link(out, csv, "publication.csv", strings.download_csv);
    }
    out.close("footer").newline();
}

}  // namespace

std::string render_report_html(const ReportData& data) {
    const ReportStrings& strings = report_strings(data.language);
    HtmlBuilder out;
    out.doctype();
    out.open("html", {{"lang", std::string(strings.html_lang)}}).newline();
    write_head(out, data, strings);
    out.open("body").newline();
    write_header(out, data, strings);
    write_contents(out, data, strings);
    out.open("main").newline();
    write_summary(out, data, strings);
    if (data.compact) {
        write_compact_sections(out, data);
    } else {
        for (const auto& section : data.sections) {
            write_goal_section(out, section, data, strings);
        }
    }
    if (data.coverage) {
        write_coverage_section(out, data);
    }
    write_breakdown_section(out, data);
    out.close("main").newline();
    write_footer(out, data, strings);
    out.close("body").newline().close("html").newline();
    return out.finish();
}

}  // namespace kolcat::report
