#pragma once
// Validation of the curated indicators against key-figure metadata: the catalogue's, or a
// kpi.json file in Kolada's v3 envelope (e.g. ../shared/kolada-snapshot/kpi.json). Every
// problem names the id it concerns and the file and line of the entry.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/kpi.hpp"
#include "curated/indicators.hpp"

namespace kolcat::catalogue {
class Catalogue;
}  // namespace kolcat::catalogue

namespace kolcat::curated {

enum class ProblemKind {
    unknown_kpi,           // not in the metadata at all
    retired_kpi,           // kept by the catalogue, but gone from Kolada's latest catalogue
    level_mismatch,        // "level" contradicts the KPI's municipality_type
    unknown_sub_goal,      // "goals" names a sub-goal goals.json does not define
    unknown_target,        // "targets" names a target goals.json does not define
    unknown_sdg_goal,      // a target's goal is not among goals.json's SDG goals
    target_goal_mismatch,  // a target "5.2" filed under another goal than 5
    duplicate,             // the same id twice
    nothing_to_override,   // a local override of an id the project does not define
    unknown_partner,       // a pair whose partner is unknown or retired
    partner_mismatch,      // a curated partner that does not name this KPI back as its pair
    unknown_unit,          // a region-set member that is no known unit or municipality group
    no_metadata,           // the catalogue holds no KPI metadata yet: ids cannot be checked
    unknown_note_kpi,      // a local note on a key figure neither curated nor in the metadata
    flag_mismatch,         // breakdown "flag_only" although Kolada's is_divided_by_gender is false
    historical_mismatch,   // "historical" disagrees with a title ending in "(-YYYY)"
};
std::string_view to_string(ProblemKind kind);

struct IndicatorProblem {
    ProblemKind kind = ProblemKind::unknown_kpi;
    std::string id;       // the KPI, target, goal number, region-set name or unit concerned
    std::string message;  // one line, English
    SourceLocation location;
};
// "indicators/kpis.json:12: N07401: unknown_kpi: ..." : one line for the terminal.
std::string format_problem(const IndicatorProblem& problem);

// What the check needs to know about key figures and units, from whatever source.
struct MetadataLookup {
    // The KPI's metadata, or nullopt when the id is unknown.
    std::function<std::optional<catalogue::Kpi>(const std::string& id)> kpi;
    // True when the KPI is kept only as retired. May be empty: nothing is retired.
    std::function<bool(const std::string& id)> kpi_is_retired;
    // True when a municipality, region, Riket or municipality group has the id. May be empty:
    // region-set members are then not checked (no unit metadata at hand).
    std::function<bool(const std::string& id)> unit_exists;
};

// Checks the goals file's own consistency, the merge issues, every curated KPI and every
// region set. An empty result means the indicators are valid against this metadata.
std::vector<IndicatorProblem> check_indicators(const IndicatorSet& set,
                                               const MetadataLookup& metadata);
// Against the catalogue's stored metadata. When it has none yet, the checks that need no
// metadata still run, and one no_metadata problem is added.
std::vector<IndicatorProblem> check_indicators(const IndicatorSet& set,
                                               const catalogue::Catalogue& catalogue);
MetadataLookup catalogue_lookup(const catalogue::Catalogue& catalogue);

// Metadata read from Kolada v3 metadata files ({"values": [...], ...}), without a catalogue.
struct MetadataFiles {
    std::map<std::string, catalogue::Kpi, std::less<>> kpis;
    std::set<std::string, std::less<>> units;  // municipalities, regions, Riket and groups
    bool has_units = false;  // municipality.json and municipality_groups.json were read
};
// Reads kpi_json, and municipality.json and municipality_groups.json next to it when both
// exist (otherwise region-set members are not checked). Throws IndicatorsError (file, line, reason)
// when a file cannot be read or parsed.
MetadataFiles read_metadata_files(const std::filesystem::path& kpi_json);
// A lookup over files already read; it refers to them, so they must outlive it.
MetadataLookup files_lookup(const MetadataFiles& files);

}  // namespace kolcat::curated
