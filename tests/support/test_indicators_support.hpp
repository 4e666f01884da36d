#pragma once
// Helpers for the curated indicators' tests (tests/unit/curated/): the project's files, the
// fixtures, a scratch folder, and catalogues filled from metadata files.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "cli/user_paths.hpp"
#include "curated/indicators.hpp"
#include "curated/indicators_check.hpp"
#include "curated/indicators_json.hpp"
#include "curated/indicators_store.hpp"
#include "curated/region_sets.hpp"
#include "sync/kolada/kolada_json.hpp"
#include "tests/support/temp_folder.hpp"

namespace kolcat::test_indicators {

namespace fs = std::filesystem;

inline const fs::path kProjectIndicators = fs::path(KOLCAT_SOURCE_DIR) / "indicators";
inline const fs::path kFixtures = fs::path(KOLCAT_FIXTURES_DIR) / "indicators";
inline const fs::path kSnapshot = fs::path(KOLCAT_SNAPSHOT_DIR);

using TempDir = testing::TempFolder;

inline std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// A copy of the project's three files in a temp dir, so that one can be broken at a time.
inline void copy_project_files(const fs::path& dir) {
    for (const char* name : {"goals.json", "kpis.json", "region_sets.json"}) {
        fs::copy_file(kProjectIndicators / name, dir / name);
    }
}

inline std::string load_error(const fs::path& dir,
                              const std::optional<fs::path>& local = std::nullopt) {
    try {
        curated::load_indicators(dir, local);
    } catch (const curated::IndicatorsError& error) {
        return error.what();
    }
    return "(no error)";
}

inline nlohmann::json read_json(const fs::path& path) {
    return nlohmann::json::parse(read_text(path));
}

// A catalogue in a temp dir holding the metadata files of `metadata_dir` (the v3 envelope),
// mapped by the sync's own JSON mapping.
inline catalogue::Catalogue catalogue_with_metadata(const fs::path& file,
                                                    const fs::path& metadata_dir) {
    auto catalogue = catalogue::Catalogue::open(file);
    catalogue.replace_kpis(sync::parse_kpi_page(read_json(metadata_dir / "kpi.json")).items);
    catalogue.replace_municipalities(
        sync::parse_municipality_page(read_json(metadata_dir / "municipality.json")).items);
    catalogue.replace_groups(
        catalogue::GroupKind::municipality_group,
        sync::parse_group_page(read_json(metadata_dir / "municipality_groups.json")).items);
    return catalogue;
}

inline std::set<std::pair<std::string, std::string>> kinds_and_ids(
    const std::vector<curated::IndicatorProblem>& problems) {
    std::set<std::pair<std::string, std::string>> result;
    for (const auto& problem : problems) {
        result.emplace(std::string(to_string(problem.kind)), problem.id);
    }
    return result;
}

inline std::string all_messages(const std::vector<curated::IndicatorProblem>& problems) {
    std::string text;
    for (const auto& problem : problems) {
        text += curated::format_problem(problem) + "\n";
    }
    return text;
}

inline int count_with_goal(const curated::IndicatorSet& set, int goal) {
    return static_cast<int>(std::count_if(set.kpis.begin(), set.kpis.end(), [&](const auto& kpi) {
        return std::find(kpi.goals.begin(), kpi.goals.end(), goal) != kpi.goals.end();
    }));
}

// The retired members of Kolada's Jämställdhet groups (present in 2024, gone from v3 in 2026).
inline const std::vector<std::string> kRetiredGroupMembers{"N07401", "N74811", "N15531", "N00410"};
// Members of those groups that still exist but were replaced on purpose: U71453 is
// discontinued ("(-2024)") and its successor N78111 is curated instead.
inline const std::vector<std::string> kReplacedGroupMembers{"U71453"};

}  // namespace kolcat::test_indicators
