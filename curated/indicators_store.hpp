#pragma once
// The curated indicators inside the catalogue (schema step 2): storing a loaded IndicatorSet,
// and the questions the commands ask of it (`kolcat goals`, `kolcat show`, `compare --goal`,
// `gaps`, `--against NAME`).

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "curated/indicators.hpp"

namespace kolcat::catalogue {
class Catalogue;
}  // namespace kolcat::catalogue

namespace kolcat::curated {

// Replaces every stored sub-goal, SDG goal, target, curated KPI, tag and region set with the
// set's, in one transaction, and records set.fingerprint (meta "indicators_fingerprint").
// Needs a catalogue open for writing; throws CatalogueError otherwise.
void store_indicators(catalogue::Catalogue& catalogue, const IndicatorSet& set);
// The same, but only when the stored copy has another fingerprint (cheap to call on every
// command). Returns true when it stored.
bool store_indicators_if_changed(catalogue::Catalogue& catalogue, const IndicatorSet& set);
// The fingerprint of the stored copy; nullopt when none was ever stored.
std::optional<std::string> stored_indicators_fingerprint(const catalogue::Catalogue& catalogue);

// Which curated KPIs to list; unset fields do not filter. Several set fields must all match.
struct CuratedKpiFilter {
    std::optional<int> sub_goal;        // tagged with this sub-goal
    std::optional<int> sdg_goal;        // tagged with a target of this Agenda 2030 goal
    std::optional<std::string> target;  // tagged with this target, e.g. "5.5"
};
// In the files' order. Each carries its goals and targets in the order they were listed.
std::vector<CuratedKpi> curated_kpis(catalogue::Catalogue& catalogue,
                                     const CuratedKpiFilter& filter = {});
std::optional<CuratedKpi> curated_kpi(catalogue::Catalogue& catalogue, const std::string& id);

// What `kolcat show KPI` prints about a curated KPI: its entry, with the names of its tags.
struct KpiTags {
    CuratedKpi kpi;
    std::vector<SubGoal> sub_goals;  // defined ones only, in the entry's order
    std::vector<SdgTarget> targets;  // defined ones only, in the entry's order
    std::vector<SdgGoal> sdg_goals;  // the goals of those targets, ascending
};
// {"sub_goals","targets","direction","breakdown","partner","level","rationale"}, found by ADL.
void to_json(nlohmann::ordered_json& json, const KpiTags& tags);
// nullopt when the KPI is not curated.
std::optional<KpiTags> kpi_tags(catalogue::Catalogue& catalogue, const std::string& id);

std::vector<SubGoal> sub_goals(catalogue::Catalogue& catalogue);      // ascending
std::vector<SdgGoal> sdg_goals(catalogue::Catalogue& catalogue);      // all 17, ascending
std::vector<SdgTarget> sdg_targets(catalogue::Catalogue& catalogue);  // in goals.json's order
std::vector<RegionSet> region_sets(catalogue::Catalogue& catalogue);  // in the files' order
std::optional<RegionSet> region_set(catalogue::Catalogue& catalogue, const std::string& name);

// `kolcat goals`: a goal with its curated KPIs and how many have data in the catalogue.
struct GoalKpi {
    std::string kpi;
    std::string title;      // Kolada's title; "" when the metadata is not synced
    bool has_data = false;  // at least one non-null value stored
};
struct GoalSummary {
    int number = 0;
    std::string name_sv;
    std::string name_en;
    std::vector<std::string> targets;  // SDG goals: the targets the curated KPIs use
    std::vector<GoalKpi> kpis;         // in the files' order
    int kpis_with_data = 0;
};
// {"kpi", "title", "has_data"}, as `kolcat goals --format json` prints each key figure.
void to_json(nlohmann::ordered_json& json, const GoalKpi& kpi);

// Every sub-goal, ascending, even one without KPIs.
std::vector<GoalSummary> sub_goal_summaries(catalogue::Catalogue& catalogue);
// Every Agenda 2030 goal that at least one curated KPI's target belongs to, ascending.
std::vector<GoalSummary> sdg_goal_summaries(catalogue::Catalogue& catalogue);

}  // namespace kolcat::curated
