// kolcat gaps: which key figures lack a breakdown by sex? One verdict per key figure, from the
// values actually stored as well as Kolada's flag and the curated design.

#include "analysis/gaps.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/not_synced.hpp"
#include "catalogue/catalogue.hpp"
#include "cli/analysis_answer.hpp"
#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output/year_ranges.hpp"
#include "curated/indicators_store.hpp"
#include "text/text_width.hpp"

namespace kolcat::cli {
namespace {

using nlohmann::ordered_json;

constexpr std::size_t kTitleWidth = 60;
constexpr std::size_t kMissingShown = 3;

analysis::GapsRequest build_request(catalogue::Catalogue& catalogue,
                                    const CommandLine& command_line) {
    if (!command_line.positional().empty()) {
        throw UsageError(
            "gaps takes no key figure ids: it checks the curated set, or every key "
            "figure with --all");
    }
    analysis::GapsRequest request;
    request.all = command_line.flag("all");
    request.goal = command_line.int_value("goal", 1, 6);
    request.operating_area = command_line.value("operating-area");
    if (const auto verdict = command_line.value("verdict")) {
        request.verdict = analysis::parse_verdict(*verdict);
        if (!request.verdict) {
            throw UsageError("unknown --verdict '" + *verdict + "': use " +
                             analysis::verdict_choices());
        }
    }
    request.region = command_line.id_value("region").value_or("0025");
    if (!unit_may_exist(catalogue, request.region)) {
        throw NotFoundError("unit " + request.region + " (--region) is not in the catalogue");
    }
    for (const curated::CuratedKpi& kpi : curated::curated_kpis(catalogue)) {
        request.curated.push_back({kpi.id, kpi.breakdown, kpi.partner, kpi.goals});
    }
    return request;
}

// The recent years as a list, "2017,2018,2022": every year used, none implied by a range.
std::string years_list(const std::vector<int>& years) {
    std::string text;
    for (const int year : years) {
        text += (text.empty() ? "" : ",") + std::to_string(year);
    }
    return text;
}

// --- the headline: the answer to "which key figures lack a breakdown by sex?" ---

std::string headline(const std::vector<analysis::GapsEntry>& entries,
                     const analysis::GapsRequest& request, const std::string& region_title,
                     bool markdown) {
    std::map<analysis::Verdict, int> counts;
    for (const auto& entry : entries) {
        ++counts[entry.verdict];
    }
    auto list = [&](std::initializer_list<analysis::Verdict> verdicts) {
        int total = 0;
        std::string parts;
        for (const analysis::Verdict verdict : verdicts) {
            total += counts[verdict];
            if (!parts.empty()) {
                parts += ", ";
            }
            parts += to_string(verdict);
            parts += ' ';
            parts += std::to_string(counts[verdict]);
        }
        return std::to_string(total) + " (" + parts + ")";
    };
    const std::string bullet = markdown ? "- " : "  ";
    std::string what = request.all ? "key figures in the catalogue" : "curated key figures";
    if (request.goal) {
        what += " of sub-goal " + std::to_string(*request.goal);
    }
    if (request.operating_area) {
        what += " in operating areas matching '" + *request.operating_area + "'";
    }
    std::string text =
        std::string(markdown ? "**" : "") + "Which key figures lack a breakdown by sex? " +
        std::to_string(counts[analysis::Verdict::none] +
                       counts[analysis::Verdict::flag_without_values]) +
        " of " + std::to_string(entries.size()) + " " + what + (markdown ? "**" : "") + "\n";
    if (markdown) {
        text += "\n";
    }
    text += bullet + "lack one:        " +
            list({analysis::Verdict::none, analysis::Verdict::flag_without_values}) + "\n";
    text += bullet + "incomplete:      " + list({analysis::Verdict::partial}) + "\n";
    text += bullet + "covered:         " +
            list({analysis::Verdict::by_values, analysis::Verdict::values_without_flag,
                  analysis::Verdict::pair, analysis::Verdict::by_construction}) +
            "\n";
    text += bullet + "nothing stored:  " + list({analysis::Verdict::no_data}) + "\n";
    if (counts[analysis::Verdict::not_synced] > 0) {
        text += bullet + "not synced:      " + list({analysis::Verdict::not_synced}) + "\n";
    }
    if (markdown) {
        text += "\n";
    }
    text += "Focus: " + request.region + (region_title.empty() ? "" : " " + region_title) +
            " (its county group for K-type key figures); recent years = the last " +
            std::to_string(request.recent_year_count) +
            " years with a T value for the focus (all units when the focus has none). "
            "Coverage = share of (unit, year) cells with T that also have K and M.\n";
    return text;
}

// --- table and markdown: grouped by sub-goal ---

std::string notes_text(const analysis::GapsEntry& entry) {
    std::vector<std::string> notes;
    if (entry.verdict == analysis::Verdict::pair && entry.partner) {
        notes.push_back("partner " + *entry.partner);
    }
    if (!entry.missing.empty()) {
        std::string missing = "missing K/M ";
        for (std::size_t i = 0; i < entry.missing.size() && i < kMissingShown; ++i) {
            if (i > 0) {
                missing += "; ";
            }
            missing += entry.missing[i];
        }
        if (entry.missing.size() > kMissingShown) {
            missing += "; +" + std::to_string(entry.missing.size() - kMissingShown) + " units";
        }
        notes.push_back(missing);
    }
    if (entry.used_fallback) {
        notes.push_back("no T for " + entry.focus_unit + ": all units checked");
    }
    if (!entry.synced && entry.verdict != analysis::Verdict::not_synced) {
        notes.push_back(entry.focus_unit + " not synced");
    }
    if (!entry.has_metadata) {
        notes.push_back("not in the catalogue's metadata");
    } else if (entry.retired) {
        notes.push_back("retired by Kolada");
    }
    std::string text;
    for (const auto& note : notes) {
        if (!text.empty()) {
            text += " | ";
        }
        text += note;
    }
    return text;
}

Table group_table(const std::vector<const analysis::GapsEntry*>& entries, bool truncate) {
    Table table;
    table.columns = {
        {"kpi", Align::left, {}},     {"title", Align::left, {}}, {"type", Align::left, {}},
        {"verdict", Align::left, {}}, {"flag", Align::left, {}},  {"coverage %", Align::right, 0},
        {"focus", Align::left, {}},   {"years", Align::left, {}}, {"notes", Align::left, {}}};
    for (const analysis::GapsEntry* entry : entries) {
        const std::string title =
            truncate ? text::truncate_to_width(entry->title, kTitleWidth) : entry->title;
        table.add_row({entry->kpi, title, entry->municipality_type,
                       std::string(to_string(entry->verdict)), entry->flag,
                       entry->coverage ? Cell(*entry->coverage * 100.0) : Cell(Missing{}),
                       entry->focus_unit, compress_years(entry->recent_years), notes_text(*entry)});
    }
    return table;
}

std::string render_groups(const std::vector<analysis::GapsEntry>& entries,
                          catalogue::Catalogue& catalogue, const analysis::GapsRequest& request,
                          const RenderOptions& options) {
    const bool markdown = options.format == OutputFormat::markdown;
    std::string out;
    auto section = [&](const std::string& heading,
                       const std::vector<const analysis::GapsEntry*>& group) {
        if (group.empty()) {
            return;
        }
        out += markdown ? "\n### " : "\n";
        out += heading;
        out += " (" + std::to_string(group.size()) + ")\n";
        if (markdown) {
            out += "\n";
        }
        out += render(group_table(group, !markdown), options);
    };
    for (const curated::SubGoal& goal : curated::sub_goals(catalogue)) {
        if (request.goal && *request.goal != goal.number) {
            continue;  // its key figures may serve other sub-goals too: show only the one asked
        }
        std::vector<const analysis::GapsEntry*> group;
        for (const auto& entry : entries) {
            if (std::find(entry.goals.begin(), entry.goals.end(), goal.number) !=
                entry.goals.end()) {
                group.push_back(&entry);
            }
        }
        section("Sub-goal " + std::to_string(goal.number) + ": " + goal.name_en + " (" +
                    goal.name_sv + ")",
                group);
    }
    std::vector<const analysis::GapsEntry*> others;
    for (const auto& entry : entries) {
        if (entry.goals.empty()) {
            others.push_back(&entry);
        }
    }
    section("Not tagged with a sub-goal", others);
    return out;
}

// --- CSV and JSON: one row or object per key figure ---

Table csv_table(const std::vector<analysis::GapsEntry>& entries) {
    Table table;
    table.columns = {{"kpi", Align::left, {}},
                     {"title", Align::left, {}},
                     {"municipality_type", Align::left, {}},
                     {"verdict", Align::left, {}},
                     {"flag", Align::left, {}},
                     {"coverage", Align::right, {}},
                     {"focus", Align::left, {}},
                     {"recent_years", Align::left, {}},
                     {"goals", Align::left, {}},
                     {"missing", Align::left, {}}};
    for (const auto& entry : entries) {
        std::string goals;
        for (const int goal : entry.goals) {
            if (!goals.empty()) {
                goals += ' ';
            }
            goals += std::to_string(goal);
        }
        std::string missing;
        for (const auto& item : entry.missing) {
            if (!missing.empty()) {
                missing += "; ";
            }
            missing += item;
        }
        table.add_row({entry.kpi, entry.title, entry.municipality_type,
                       std::string(to_string(entry.verdict)), entry.flag, cell(entry.coverage),
                       entry.focus_unit, years_list(entry.recent_years), goals, missing});
    }
    return table;
}

}  // namespace

int run_gaps_command(const QStringList& arguments) {
    CommandLine command_line(
        "gaps",
        "Which key figures lack a breakdown by sex? Checks every curated key figure (or every "
        "key figure with --all) against the values stored: one verdict each, grouped by "
        "sub-goal.\n"
        "Verdicts: by_values (K and M stored for the focus in the recent years), partial (only "
        "for some units or years: the missing ones are listed), flag_without_values (Kolada "
        "says divided by sex, no K/M stored), values_without_flag (K/M stored, flag false), "
        "pair (a partner key figure holds the other sex), by_construction (measures one sex or "
        "a sex difference), none, not_synced (nothing stored, and the catalogue never synced "
        "the key figure for the focus: unknown, not missing at Kolada; the 'kolcat sync' "
        "command that fetches it is printed), no_data (nothing stored although synced).\n"
        "A K or M value that Kolada withholds (null with a status, e.g. for confidentiality) "
        "counts as present: Kolada has that breakdown and only does not publish the number, so "
        "such a cell is no missing breakdown. A withheld T value gives a cell no T.\n"
        "The focus is --region (default 0025) for L/A key figures and its county group for K "
        "ones; the recent years are the last 3 with a T value for the focus (every unit when "
        "the focus has none). Coverage: the share of (unit, year) cells with T that also have "
        "K and M.",
        {"kolcat gaps", "kolcat gaps --goal 5", "kolcat gaps --verdict flag_without_values",
         "kolcat gaps --all --operating-area 'hälso' --format csv > gaps.csv",
         "kolcat gaps --all --verdict values_without_flag --format json"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    command_line.add_flag("all", "Check every key figure in the catalogue, not only the curated.");
    command_line.add_value_option("goal", "Only key figures of this sub-goal (1-6).", "N");
    command_line.add_value_option("verdict", "Only key figures with this verdict.", "V");
    command_line.add_value_option("operating-area",
                                  "Only key figures whose operating area contains this text.", "A");
    command_line.add_value_option("region", "The focus region (default 0025).", "ID");
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    const RenderOptions options = command_line.render_options();
    catalogue::Catalogue catalogue =
        open_synced(command_line.catalogue_path(), CuratedCopy::refresh);
    analysis::GapsRequest request = build_request(catalogue, command_line);
    // The headline counts every verdict; --verdict only narrows what is listed.
    const std::optional<analysis::Verdict> shown_verdict = request.verdict;
    request.verdict.reset();
    const std::vector<analysis::GapsEntry> checked =
        analysis::check_sex_breakdown(catalogue, request);
    if (checked.empty() && request.operating_area) {
        // An empty answer for a typo would read as "no gaps": say why it is empty.
        write_stderr_line("kolcat: note: no key figure's operating area contains '" +
                          *request.operating_area + "'" +
                          (request.all ? "" : " among the curated ones (add --all for every one)") +
                          "; areas are Kolada's, e.g. 'Arbetsmarknad' or 'Hälso- och sjukvård'");
    }
    std::vector<analysis::GapsEntry> entries;
    std::copy_if(checked.begin(), checked.end(), std::back_inserter(entries),
                 [&](const analysis::GapsEntry& entry) {
                     return !shown_verdict || entry.verdict == *shown_verdict;
                 });

    std::vector<analysis::KpiUnitPair> never_synced;
    for (const auto& entry : entries) {
        if (!entry.synced) {
            never_synced.emplace_back(entry.kpi, entry.focus_unit);
        }
    }
    const analysis::NotSynced not_synced(never_synced, catalogue_argument(command_line));
    const auto text = [&] {
        const bool markdown = options.format == OutputFormat::markdown;
        std::string out =
            headline(checked, request, catalogue.unit_title(request.region).value_or(""), markdown);
        if (shown_verdict) {
            out += "Listed: verdict " + std::string(to_string(*shown_verdict)) + ", " +
                   std::to_string(entries.size()) + " key figures.\n";
        }
        return out + render_groups(entries, catalogue, request, options);
    };
    write_analysis_answer(
        {[&] { return ordered_json(entries); }, [&] { return csv_table(entries); }, text},
        not_synced, catalogue, options);
    return exit_ok;
}

}  // namespace kolcat::cli
