// The curated set's copy in the catalogue: writing it in one transaction, and the queries the
// commands use on it. Longer than 400 lines: each table's writer and reader stay side by
// side, so a column added to one is seen in the other.

#include "curated/indicators_store.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"

namespace kolcat::curated {

namespace {

constexpr const char* kFingerprintKey = "indicators_fingerprint";

int to_int(std::size_t value) {
    return static_cast<int>(value);
}

std::string extended_by_json(const std::vector<SourceLocation>& locations) {
    auto array = nlohmann::json::array();
    for (const auto& location : locations) {
        array.push_back({{"file", location.file.string()}, {"line", location.line}});
    }
    return array.dump();
}

std::vector<SourceLocation> parse_extended_by(const std::string& text) {
    std::vector<SourceLocation> locations;
    // Written by this file only; a damaged value loses the provenance, never the query.
    const auto array = nlohmann::json::parse(text, nullptr, false);
    if (!array.is_array()) {
        return locations;
    }
    for (const auto& item : array) {
        if (item.is_object() && item.value("file", nlohmann::json()).is_string() &&
            item.value("line", nlohmann::json()).is_number_integer()) {
            locations.push_back({item.at("file").get<std::string>(), item.at("line").get<int>()});
        }
    }
    return locations;
}

void delete_all(catalogue::Database& db) {
    // Members and tags first: they refer to their owners.
    db.exec(
        "DELETE FROM region_set_member;"
        "DELETE FROM region_set;"
        "DELETE FROM curated_kpi_target;"
        "DELETE FROM curated_kpi_goal;"
        "DELETE FROM curated_kpi;"
        "DELETE FROM sdg_target;"
        "DELETE FROM sdg_goal;"
        "DELETE FROM sub_goal;");
}

void insert_goals(catalogue::Database& db, const IndicatorSet& set) {
    catalogue::Statement sub_goal = db.prepare(
        "INSERT INTO sub_goal (number, name_sv, name_en, description, description_sv) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto& goal : set.sub_goals) {
        sub_goal.bind(1, goal.number)
            .bind(2, goal.name_sv)
            .bind(3, goal.name_en)
            .bind(4, goal.description)
            .bind(5, goal.description_sv)
            .run();
    }
    catalogue::Statement sdg_goal =
        db.prepare("INSERT INTO sdg_goal (number, name_sv, name_en) VALUES (?1, ?2, ?3)");
    for (const auto& goal : set.sdg_goals) {
        sdg_goal.bind(1, goal.number).bind(2, goal.name_sv).bind(3, goal.name_en).run();
    }
    catalogue::Statement target = db.prepare(
        "INSERT INTO sdg_target (id, goal, position, text_en, text_sv) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    for (std::size_t i = 0; i < set.targets.size(); ++i) {
        const auto& t = set.targets[i];
        target.bind(1, t.id).bind(2, t.goal).bind(3, to_int(i)).bind(4, t.text_en);
        target.bind(5, t.text_sv).run();
    }
}

void insert_kpis(catalogue::Database& db, const IndicatorSet& set) {
    catalogue::Statement kpi = db.prepare(
        "INSERT INTO curated_kpi (kpi, position, level, direction, breakdown, partner, "
        "rationale, source_file, source_line, extended_by, historical) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    catalogue::Statement goal =
        db.prepare("INSERT INTO curated_kpi_goal (kpi, goal, position) VALUES (?1, ?2, ?3)");
    catalogue::Statement target =
        db.prepare("INSERT INTO curated_kpi_target (kpi, target, position) VALUES (?1, ?2, ?3)");
    for (std::size_t i = 0; i < set.kpis.size(); ++i) {
        const auto& k = set.kpis[i];
        kpi.bind(1, k.id)
            .bind(2, to_int(i))
            .bind(3, to_string(k.level))
            .bind(4, to_string(k.direction))
            .bind(5, to_string(k.breakdown))
            .bind(6, k.partner)
            .bind(7, k.rationale)
            .bind(8, k.source.file.string())
            .bind(9, k.source.line)
            .bind(10, extended_by_json(k.extended_by))
            .bind(11, k.historical ? 1 : 0)
            .run();
        for (std::size_t g = 0; g < k.goals.size(); ++g) {
            goal.bind(1, k.id).bind(2, k.goals[g]).bind(3, to_int(g)).run();
        }
        for (std::size_t t = 0; t < k.targets.size(); ++t) {
            target.bind(1, k.id).bind(2, k.targets[t]).bind(3, to_int(t)).run();
        }
    }
}

void insert_region_sets(catalogue::Database& db, const IndicatorSet& set) {
    catalogue::Statement region_set = db.prepare(
        "INSERT INTO region_set (name, position, title, title_sv, description, expand_groups, "
        "source_file, source_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    catalogue::Statement member =
        db.prepare("INSERT INTO region_set_member (name, position, unit) VALUES (?1, ?2, ?3)");
    for (std::size_t i = 0; i < set.region_sets.size(); ++i) {
        const auto& s = set.region_sets[i];
        region_set.bind(1, s.name)
            .bind(2, to_int(i))
            .bind(3, s.title)
            .bind(4, s.title_sv)
            .bind(5, s.description)
            .bind(6, s.expand_groups ? 1 : 0)
            .bind(7, s.source.file.string())
            .bind(8, s.source.line)
            .run();
        for (std::size_t m = 0; m < s.members.size(); ++m) {
            member.bind(1, s.name).bind(2, to_int(m)).bind(3, s.members[m]).run();
        }
    }
}

// --- reading back ---

// The columns read_kpi expects, in order.
constexpr const char* kKpiColumns =
    "c.kpi, c.level, c.direction, c.breakdown, c.partner, c.rationale, c.source_file, "
    "c.source_line, c.extended_by, c.historical";

template <typename Enum>
Enum stored_enum(std::optional<Enum> parsed, const std::string& text, const char* column) {
    if (!parsed) {
        // The CHECK constraints make this unreachable unless the file was edited by hand.
        throw catalogue::CatalogueError(std::string("catalogue: curated_kpi.") + column +
                                        " holds an unknown value \"" + text + "\"");
    }
    return *parsed;
}

CuratedKpi read_kpi(const catalogue::Statement& row) {
    CuratedKpi kpi;
    kpi.id = row.column_text(0);
    kpi.level = stored_enum(parse_kpi_level(row.column_text(1)), row.column_text(1), "level");
    kpi.direction =
        stored_enum(parse_direction(row.column_text(2)), row.column_text(2), "direction");
    kpi.breakdown =
        stored_enum(parse_breakdown(row.column_text(3)), row.column_text(3), "breakdown");
    kpi.partner = row.column_optional_text(4);
    kpi.rationale = row.column_text(5);
    kpi.source = {row.column_text(6), row.column_int(7)};
    kpi.extended_by = parse_extended_by(row.column_text(8));
    kpi.historical = row.column_int(9) != 0;
    return kpi;
}

// Fills in the goals and targets of kpis read without them.
void read_tags(catalogue::Database& db, std::vector<CuratedKpi>& kpis) {
    catalogue::Statement goals =
        db.prepare("SELECT goal FROM curated_kpi_goal WHERE kpi = ?1 ORDER BY position");
    catalogue::Statement targets =
        db.prepare("SELECT target FROM curated_kpi_target WHERE kpi = ?1 ORDER BY position");
    for (auto& kpi : kpis) {
        {
            catalogue::StatementReset reset(goals);
            goals.bind(1, kpi.id);
            while (goals.step()) {
                kpi.goals.push_back(goals.column_int(0));
            }
        }
        catalogue::StatementReset reset(targets);
        targets.bind(1, kpi.id);
        while (targets.step()) {
            kpi.targets.push_back(targets.column_text(0));
        }
    }
}

// Reads number, name_sv, name_en, description and description_sv from column `first` on.
SubGoal read_sub_goal(const catalogue::Statement& row, int first) {
    return {
        row.column_int(first),      row.column_text(first + 1),          row.column_text(first + 2),
        row.column_text(first + 3), row.column_optional_text(first + 4), {}};
}

SdgGoal read_sdg_goal(const catalogue::Statement& row, int first) {
    return {row.column_int(first), row.column_text(first + 1), row.column_text(first + 2), {}};
}

SdgTarget read_target(const catalogue::Statement& row, int first) {
    return {row.column_text(first),
            row.column_int(first + 1),
            row.column_text(first + 2),
            row.column_optional_text(first + 3),
            {}};
}

std::vector<RegionSet> read_region_sets(catalogue::Database& db,
                                        const std::optional<std::string>& name) {
    catalogue::Statement sets = db.prepare(
        "SELECT name, title, title_sv, description, expand_groups, source_file, source_line "
        "FROM region_set WHERE ?1 IS NULL OR name = ?1 ORDER BY position");
    sets.bind(1, name);
    std::vector<RegionSet> result;
    while (sets.step()) {
        RegionSet set;
        set.name = sets.column_text(0);
        set.title = sets.column_text(1);
        set.title_sv = sets.column_text(2);
        set.description = sets.column_text(3);
        set.expand_groups = sets.column_int(4) != 0;
        set.source = {sets.column_text(5), sets.column_int(6)};
        result.push_back(std::move(set));
    }
    catalogue::Statement members =
        db.prepare("SELECT unit FROM region_set_member WHERE name = ?1 ORDER BY position");
    for (auto& set : result) {
        catalogue::StatementReset reset(members);
        members.bind(1, set.name);
        while (members.step()) {
            set.members.push_back(members.column_text(0));
        }
    }
    return result;
}

// Whether a KPI has at least one non-null value. The values table names KPIs by key
// (kpi_key); its primary key starts with the KPI, so this is one index seek.
constexpr const char* kHasDataSql =
    "EXISTS (SELECT 1 FROM kpi_key kk JOIN kpi_value v ON v.kpi = kk.key "
    "WHERE kk.id = c.kpi AND v.value IS NOT NULL)";

// Groups rows (number, name_sv, name_en, kpi, title, has_data) into summaries; kpi may be
// NULL for a goal without KPIs.
std::vector<GoalSummary> read_summaries(catalogue::Statement& rows) {
    std::vector<GoalSummary> summaries;
    while (rows.step()) {
        const int number = rows.column_int(0);
        if (summaries.empty() || summaries.back().number != number) {
            summaries.push_back({number, rows.column_text(1), rows.column_text(2), {}, {}, 0});
        }
        if (rows.column_is_null(3)) {
            continue;
        }
        auto& summary = summaries.back();
        GoalKpi kpi{rows.column_text(3), rows.column_text(4), rows.column_int(5) != 0};
        summary.kpis_with_data += kpi.has_data ? 1 : 0;
        summary.kpis.push_back(std::move(kpi));
    }
    return summaries;
}

}  // namespace

void store_indicators(catalogue::Catalogue& catalogue, const IndicatorSet& set) {
    catalogue::Database& db = catalogue.database();
    catalogue::Transaction transaction(db);
    delete_all(db);
    insert_goals(db, set);
    insert_kpis(db, set);
    insert_region_sets(db, set);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")
        .bind(1, kFingerprintKey)
        .bind(2, set.fingerprint)
        .run();
    transaction.commit();
}

bool store_indicators_if_changed(catalogue::Catalogue& catalogue, const IndicatorSet& set) {
    if (stored_indicators_fingerprint(catalogue) == set.fingerprint) {
        return false;
    }
    store_indicators(catalogue, set);
    return true;
}

std::optional<std::string> stored_indicators_fingerprint(const catalogue::Catalogue& catalogue) {
    return catalogue.meta(kFingerprintKey);
}

std::vector<CuratedKpi> curated_kpis(catalogue::Catalogue& catalogue,
                                     const CuratedKpiFilter& filter) {
    catalogue::Database& db = catalogue.database();
    // Each filter is a bound parameter that is either NULL (no filter) or must match.
    catalogue::Statement select =
        db.prepare(std::string("SELECT ") + kKpiColumns +
                   " FROM curated_kpi c "
                   "WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM curated_kpi_goal g "
                   "  WHERE g.kpi = c.kpi AND g.goal = ?1)) "
                   "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM curated_kpi_target t "
                   "  JOIN sdg_target s ON s.id = t.target "
                   "  WHERE t.kpi = c.kpi AND s.goal = ?2)) "
                   "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM curated_kpi_target t "
                   "  WHERE t.kpi = c.kpi AND t.target = ?3)) "
                   "ORDER BY c.position");
    select.bind(1, filter.sub_goal).bind(2, filter.sdg_goal).bind(3, filter.target);
    std::vector<CuratedKpi> kpis;
    while (select.step()) {
        kpis.push_back(read_kpi(select));
    }
    read_tags(db, kpis);
    return kpis;
}

std::optional<CuratedKpi> curated_kpi(catalogue::Catalogue& catalogue, const std::string& id) {
    catalogue::Database& db = catalogue.database();
    catalogue::Statement select =
        db.prepare(std::string("SELECT ") + kKpiColumns + " FROM curated_kpi c WHERE c.kpi = ?1");
    select.bind(1, id);
    if (!select.step()) {
        return std::nullopt;
    }
    std::vector<CuratedKpi> kpis{read_kpi(select)};
    read_tags(db, kpis);
    return std::move(kpis.front());
}

std::optional<KpiTags> kpi_tags(catalogue::Catalogue& catalogue, const std::string& id) {
    auto kpi = curated_kpi(catalogue, id);
    if (!kpi) {
        return std::nullopt;
    }
    catalogue::Database& db = catalogue.database();
    KpiTags tags{std::move(*kpi), {}, {}, {}};
    catalogue::Statement goals = db.prepare(
        "SELECT s.number, s.name_sv, s.name_en, s.description, s.description_sv "
        "FROM curated_kpi_goal g "
        "JOIN sub_goal s ON s.number = g.goal WHERE g.kpi = ?1 ORDER BY g.position");
    goals.bind(1, id);
    while (goals.step()) {
        tags.sub_goals.push_back(read_sub_goal(goals, 0));
    }
    catalogue::Statement targets = db.prepare(
        "SELECT s.id, s.goal, s.text_en, s.text_sv FROM curated_kpi_target t "
        "JOIN sdg_target s ON s.id = t.target WHERE t.kpi = ?1 ORDER BY t.position");
    targets.bind(1, id);
    while (targets.step()) {
        tags.targets.push_back(read_target(targets, 0));
    }
    catalogue::Statement sdg = db.prepare(
        "SELECT DISTINCT g.number, g.name_sv, g.name_en FROM curated_kpi_target t "
        "JOIN sdg_target s ON s.id = t.target JOIN sdg_goal g ON g.number = s.goal "
        "WHERE t.kpi = ?1 ORDER BY g.number");
    sdg.bind(1, id);
    while (sdg.step()) {
        tags.sdg_goals.push_back(read_sdg_goal(sdg, 0));
    }
    return tags;
}

std::vector<SubGoal> sub_goals(catalogue::Catalogue& catalogue) {
    catalogue::Statement select = catalogue.database().prepare(
        "SELECT number, name_sv, name_en, description, description_sv FROM sub_goal "
        "ORDER BY number");
    std::vector<SubGoal> goals;
    while (select.step()) {
        goals.push_back(read_sub_goal(select, 0));
    }
    return goals;
}

std::vector<SdgGoal> sdg_goals(catalogue::Catalogue& catalogue) {
    catalogue::Statement select = catalogue.database().prepare(
        "SELECT number, name_sv, name_en FROM sdg_goal ORDER BY number");
    std::vector<SdgGoal> goals;
    while (select.step()) {
        goals.push_back(read_sdg_goal(select, 0));
    }
    return goals;
}

std::vector<SdgTarget> sdg_targets(catalogue::Catalogue& catalogue) {
    catalogue::Statement select = catalogue.database().prepare(
        "SELECT id, goal, text_en, text_sv FROM sdg_target ORDER BY position");
    std::vector<SdgTarget> targets;
    while (select.step()) {
        targets.push_back(read_target(select, 0));
    }
    return targets;
}

std::vector<RegionSet> region_sets(catalogue::Catalogue& catalogue) {
    return read_region_sets(catalogue.database(), std::nullopt);
}

std::optional<RegionSet> region_set(catalogue::Catalogue& catalogue, const std::string& name) {
    auto sets = read_region_sets(catalogue.database(), name);
    if (sets.empty()) {
        return std::nullopt;
    }
    return std::move(sets.front());
}

std::vector<GoalSummary> sub_goal_summaries(catalogue::Catalogue& catalogue) {
    catalogue::Statement rows = catalogue.database().prepare(
        std::string("SELECT s.number, s.name_sv, s.name_en, c.kpi, COALESCE(k.title, ''), ") +
        "CASE WHEN c.kpi IS NULL THEN 0 ELSE " + kHasDataSql +
        " END "
        "FROM sub_goal s "
        "LEFT JOIN curated_kpi_goal g ON g.goal = s.number "
        "LEFT JOIN curated_kpi c ON c.kpi = g.kpi "
        "LEFT JOIN kpi k ON k.id = c.kpi "
        "ORDER BY s.number, c.position");
    return read_summaries(rows);
}

std::vector<GoalSummary> sdg_goal_summaries(catalogue::Catalogue& catalogue) {
    catalogue::Database& db = catalogue.database();
    // A KPI with two targets of the same goal is listed once under that goal.
    catalogue::Statement rows = db.prepare(
        std::string("SELECT s.number, s.name_sv, s.name_en, c.kpi, COALESCE(k.title, ''), ") +
        kHasDataSql +
        " FROM sdg_goal s "
        "JOIN curated_kpi c ON EXISTS (SELECT 1 FROM curated_kpi_target t "
        "  JOIN sdg_target st ON st.id = t.target WHERE t.kpi = c.kpi AND st.goal = s.number) "
        "LEFT JOIN kpi k ON k.id = c.kpi "
        "ORDER BY s.number, c.position");
    auto summaries = read_summaries(rows);
    catalogue::Statement targets = db.prepare(
        "SELECT st.id FROM sdg_target st WHERE st.goal = ?1 AND EXISTS "
        "(SELECT 1 FROM curated_kpi_target t JOIN curated_kpi c ON c.kpi = t.kpi "
        " WHERE t.target = st.id) ORDER BY st.position");
    for (auto& summary : summaries) {
        catalogue::StatementReset reset(targets);
        targets.bind(1, summary.number);
        while (targets.step()) {
            summary.targets.push_back(targets.column_text(0));
        }
    }
    return summaries;
}

}  // namespace kolcat::curated
