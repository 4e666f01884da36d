// kolcat goals: the six equality sub-goals and the Agenda 2030 goals in use, each with its
// curated key figures and how many of them have data in the catalogue.

#include <nlohmann/json.hpp>

#include "cli/catalogue_access.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "curated/indicators_store.hpp"

namespace kolcat::cli {
namespace {

struct GoalGroup {
    const char* kind;  // "sub_goal" or "sdg_goal"
    std::vector<curated::GoalSummary> goals;
};

std::string goal_heading(const char* kind, const curated::GoalSummary& goal) {
    const std::string prefix = std::string(kind) == "sub_goal" ? "Sub-goal " : "Agenda 2030 goal ";
    return prefix + std::to_string(goal.number) + ": " + goal.name_en + " (" + goal.name_sv +
           ") - " + std::to_string(goal.kpis_with_data) + " of " +
           std::to_string(goal.kpis.size()) + " key figures have data";
}

Table goal_kpi_table(const curated::GoalSummary& goal) {
    Table table;
    table.columns = {
        {"kpi", Align::left, {}}, {"title", Align::left, {}, 72}, {"has_data", Align::left, {}}};
    for (const auto& kpi : goal.kpis) {
        table.add_row(
            {kpi.kpi, kpi.title.empty() ? Cell(Missing{}) : Cell(kpi.title), kpi.has_data});
    }
    return table;
}

// CSV is one flat table: a row per (goal, key figure).
Table flat_table(const std::vector<GoalGroup>& groups) {
    Table table;
    table.columns = {{"kind", Align::left, {}},    {"goal", Align::right, {}},
                     {"name_sv", Align::left, {}}, {"name_en", Align::left, {}},
                     {"kpi", Align::left, {}},     {"title", Align::left, {}},
                     {"has_data", Align::left, {}}};
    for (const auto& group : groups) {
        for (const auto& goal : group.goals) {
            for (const auto& kpi : goal.kpis) {
                table.add_row({std::string(group.kind), static_cast<std::int64_t>(goal.number),
                               goal.name_sv, goal.name_en, kpi.kpi, kpi.title, kpi.has_data});
            }
        }
    }
    return table;
}

// One goal as `goals --format json` prints it: its kind, then the goal.
struct GoalEntry {
    const char* kind;  // "sub_goal" or "sdg_goal"
    const curated::GoalSummary& goal;
};

void to_json(nlohmann::ordered_json& json, const GoalEntry& entry) {
    const curated::GoalSummary& goal = entry.goal;
    json = {{"kind", entry.kind},
            {"number", goal.number},
            {"name_sv", goal.name_sv},
            {"name_en", goal.name_en}};
    if (std::string(entry.kind) == "sdg_goal") {
        json["targets"] = goal.targets;
    }
    json["kpis"] = goal.kpis;
    json["kpis_with_data"] = goal.kpis_with_data;
}

nlohmann::ordered_json goals_json(const std::vector<GoalGroup>& groups) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& group : groups) {
        for (const auto& goal : group.goals) {
            out.push_back(GoalEntry{group.kind, goal});
        }
    }
    return out;
}

}  // namespace

int run_goals_command(const QStringList& arguments) {
    CommandLine command_line(
        "goals",
        "Lists the six national gender-equality sub-goals and each Agenda 2030 goal that the "
        "curated key figures follow, with their key figures and how many of them have data in "
        "the catalogue.",
        {"kolcat goals", "kolcat goals --format markdown > goals.md",
         "kolcat goals --format json"});
    command_line.add_catalogue_option();
    command_line.add_output_options(OutputFormat::table);
    if (!command_line.parse(arguments)) {
        return exit_ok;
    }
    const RenderOptions options = command_line.render_options();
    catalogue::Catalogue catalogue =
        open_synced(command_line.catalogue_path(), CuratedCopy::refresh);
    const std::vector<GoalGroup> groups = {{"sub_goal", curated::sub_goal_summaries(catalogue)},
                                           {"sdg_goal", curated::sdg_goal_summaries(catalogue)}};

    switch (options.format) {
        case OutputFormat::json:
            write_stdout(goals_json(groups).dump(2) + "\n");
            return exit_ok;
        case OutputFormat::csv:
            write_stdout(render(flat_table(groups), options));
            return exit_ok;
        case OutputFormat::markdown:
        case OutputFormat::table:
            break;
    }
    const bool markdown = options.format == OutputFormat::markdown;
    for (const auto& group : groups) {
        for (const auto& goal : group.goals) {
            write_stdout((markdown ? "## " : "") + goal_heading(group.kind, goal) + "\n\n");
            if (!goal.kpis.empty()) {
                write_stdout(render(goal_kpi_table(goal), options) + "\n");
            }
        }
    }
    if (const auto note = data_age_note(catalogue)) {
        write_stdout(*note + "\n");
    }
    return exit_ok;
}

}  // namespace kolcat::cli
