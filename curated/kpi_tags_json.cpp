// The curated set's answers as JSON: KpiTags for `kolcat show`, GoalKpi for `kolcat goals`.

#include <nlohmann/json.hpp>

#include "curated/indicators_store.hpp"

namespace kolcat::curated {

void to_json(nlohmann::ordered_json& json, const KpiTags& tags) {
    nlohmann::ordered_json goals = nlohmann::ordered_json::array();
    for (const auto& goal : tags.sub_goals) {
        goals.push_back(
            {{"number", goal.number}, {"name_sv", goal.name_sv}, {"name_en", goal.name_en}});
    }
    nlohmann::ordered_json targets = nlohmann::ordered_json::array();
    for (const auto& target : tags.targets) {
        targets.push_back({{"id", target.id}, {"goal", target.goal}, {"text_en", target.text_en}});
    }
    json = {{"sub_goals", goals},
            {"targets", targets},
            {"direction", to_string(tags.kpi.direction)},
            {"breakdown", to_string(tags.kpi.breakdown)},
            {"partner", tags.kpi.partner ? nlohmann::ordered_json(*tags.kpi.partner) : nullptr},
            {"level", to_string(tags.kpi.level)},
            {"rationale", tags.kpi.rationale}};
}

void to_json(nlohmann::ordered_json& json, const GoalKpi& kpi) {
    json = {{"kpi", kpi.kpi}, {"title", kpi.title}, {"has_data", kpi.has_data}};
}

}  // namespace kolcat::curated
