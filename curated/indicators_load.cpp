// Loading the curated set: the project's files in indicators/, the user's local file over them,
// the fingerprint of both, and the look-ups on the loaded set.

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "curated/indicator_fields.hpp"
#include "curated/indicators.hpp"
#include "curated/indicators_json.hpp"

namespace kolcat::curated {

using nlohmann::json;
using namespace indicator_fields;

// --- const lookups ---

namespace {

template <typename Range, typename Key, typename Project>
auto find_in(const Range& range, const Key& key, Project project) -> decltype(&*range.begin()) {
    const auto it = std::find_if(range.begin(), range.end(),
                                 [&](const auto& item) { return project(item) == key; });
    return it == range.end() ? nullptr : &*it;
}

}  // namespace

const CuratedKpi* IndicatorSet::find_kpi(std::string_view id) const {
    return find_in(kpis, id, [](const CuratedKpi& kpi) { return std::string_view(kpi.id); });
}
const RegionSet* IndicatorSet::find_region_set(std::string_view name) const {
    return find_in(region_sets, name,
                   [](const RegionSet& set) { return std::string_view(set.name); });
}
const SubGoal* IndicatorSet::find_sub_goal(int number) const {
    return find_in(sub_goals, number, [](const SubGoal& goal) { return goal.number; });
}
const SdgGoal* IndicatorSet::find_sdg_goal(int number) const {
    return find_in(sdg_goals, number, [](const SdgGoal& goal) { return goal.number; });
}
const SdgTarget* IndicatorSet::find_target(std::string_view id) const {
    return find_in(targets, id,
                   [](const SdgTarget& target) { return std::string_view(target.id); });
}

// --- the loader ---

namespace {

template <typename T, typename Key>
void add_unique(std::vector<T>& items, T item, const char* what, Key key_of,
                std::vector<MergeIssue>& issues) {
    const auto key = key_of(item);
    const auto it = std::find_if(items.begin(), items.end(),
                                 [&](const T& existing) { return key_of(existing) == key; });
    if (it != items.end()) {
        std::ostringstream id;
        id << key;
        issues.push_back({MergeIssue::Kind::duplicate, what, id.str(), item.source, it->source});
        return;
    }
    items.push_back(std::move(item));
}

enum class OverrideMode { none, replace, extend };

// Reads and removes a local entry's "override" member.
OverrideMode take_override(json& entry, bool allow_extend) {
    if (!entry.is_object() || !entry.contains("override")) {
        return OverrideMode::none;
    }
    const json value = entry.at("override");
    entry.erase("override");
    if (value == "replace") {
        return OverrideMode::replace;
    }
    if (value == "extend" && allow_extend) {
        return OverrideMode::extend;
    }
    fail(std::string("\"override\" must be ") +
         (allow_extend ? "\"replace\" or \"extend\""
                       : "\"replace\" (a region set cannot be extended)") +
         ", not " +
         (value.is_string() ? in_quotes(value.get<std::string>().substr(0, 100))
                            : json_type_name(value)));
}

void extend_kpi(CuratedKpi& kpi, const json& entry, const SourceLocation& location) {
    require_fields(entry, {"id", "goals", "targets"});
    if (!entry.contains("goals") && !entry.contains("targets")) {
        fail("an \"extend\" entry adds \"goals\" or \"targets\" and has neither");
    }
    if (entry.contains("goals")) {
        for (const int goal : int_list_field(entry, "goals")) {
            if (std::find(kpi.goals.begin(), kpi.goals.end(), goal) == kpi.goals.end()) {
                kpi.goals.push_back(goal);
            }
        }
    }
    if (entry.contains("targets")) {
        for (auto& target : target_list_field(entry)) {
            if (std::find(kpi.targets.begin(), kpi.targets.end(), target) == kpi.targets.end()) {
                kpi.targets.push_back(std::move(target));
            }
        }
    }
    kpi.extended_by.push_back(location);
}

void read_local_kpi(IndicatorSet& set, std::set<std::string>& local_ids, json entry,
                    const SourceLocation& location) {
    const auto mode = take_override(entry, true);
    if (mode == OverrideMode::extend) {
        const auto id = kpi_id_field(entry, "id");
        const auto it = std::find_if(set.kpis.begin(), set.kpis.end(),
                                     [&](const CuratedKpi& kpi) { return kpi.id == id; });
        if (it == set.kpis.end()) {
            // Validate the entry anyway, so that its own mistakes are reported first.
            CuratedKpi scratch;
            extend_kpi(scratch, entry, location);
            set.merge_issues.push_back(
                {MergeIssue::Kind::nothing_to_override, "KPI", id, location, std::nullopt});
            return;
        }
        extend_kpi(*it, entry, location);
        return;
    }
    auto kpi = entry.get<CuratedKpi>();
    kpi.source = location;
    const auto it = std::find_if(set.kpis.begin(), set.kpis.end(),
                                 [&](const CuratedKpi& existing) { return existing.id == kpi.id; });
    const bool seen_locally = local_ids.count(kpi.id) > 0;
    if (it != set.kpis.end() && (mode == OverrideMode::none || seen_locally)) {
        set.merge_issues.push_back(
            {MergeIssue::Kind::duplicate, "KPI", kpi.id, location, it->source});
        return;
    }
    local_ids.insert(kpi.id);
    if (it == set.kpis.end()) {
        if (mode == OverrideMode::replace) {
            set.merge_issues.push_back(
                {MergeIssue::Kind::nothing_to_override, "KPI", kpi.id, location, std::nullopt});
        }
        set.kpis.push_back(std::move(kpi));
        return;
    }
    *it = std::move(kpi);  // a replacement keeps the project's position in the list
}

void read_local_region_set(IndicatorSet& set, std::set<std::string>& local_names, json entry,
                           const SourceLocation& location) {
    const auto mode = take_override(entry, false);
    auto region_set = entry.get<RegionSet>();
    region_set.source = location;
    const auto it =
        std::find_if(set.region_sets.begin(), set.region_sets.end(),
                     [&](const RegionSet& existing) { return existing.name == region_set.name; });
    const bool seen_locally = local_names.count(region_set.name) > 0;
    if (it != set.region_sets.end() && (mode == OverrideMode::none || seen_locally)) {
        set.merge_issues.push_back(
            {MergeIssue::Kind::duplicate, "region set", region_set.name, location, it->source});
        return;
    }
    local_names.insert(region_set.name);
    if (it == set.region_sets.end()) {
        if (mode == OverrideMode::replace) {
            set.merge_issues.push_back({MergeIssue::Kind::nothing_to_override, "region set",
                                        region_set.name, location, std::nullopt});
        }
        set.region_sets.push_back(std::move(region_set));
        return;
    }
    *it = std::move(region_set);
}

// FNV-1a, 64 bits: a cheap, stable hash (not a security measure) to tell whether the files
// changed since the catalogue stored them.
class Fingerprint {
  public:
    void add(std::string_view bytes) {
        for (const char c : bytes) {
            hash_ ^= static_cast<unsigned char>(c);
            hash_ *= 0x100000001b3ULL;
        }
        hash_ ^= 0xffU;  // a separator, so that ("ab", "c") and ("a", "bc") differ
        hash_ *= 0x100000001b3ULL;
    }
    std::string hex() const {
        std::ostringstream out;
        out << std::hex;
        out.width(16);
        out.fill('0');
        out << hash_;
        return out.str();
    }

  private:
    std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// Bump when what is stored from the same files changes, so that catalogues refresh their copy.
constexpr std::string_view kStorageFormat = "indicators-v1";

}  // namespace

IndicatorSet load_indicators(const std::filesystem::path& dir,
                             const std::optional<std::filesystem::path>& local_file) {
    IndicatorSet set;
    Fingerprint fingerprint;
    fingerprint.add(kStorageFormat);
    const auto remember = [&](const JsonFile& file, std::string_view role) {
        set.files.push_back(file.path);
        fingerprint.add(role);
        fingerprint.add(file.text);
    };

    const auto goals = read_json_file(dir / "goals.json");
    require_top_level(goals, {"sub_goals", "sdg_goals", "targets"},
                      {"sub_goals", "sdg_goals", "targets"});
    remember(goals, "goals");
    for_each_entry(goals, "sub_goals", [&](const json& entry, const SourceLocation& location) {
        auto goal = entry.get<SubGoal>();
        goal.source = location;
        add_unique(
            set.sub_goals, std::move(goal), "sub-goal", [](const SubGoal& g) { return g.number; },
            set.merge_issues);
    });
    for_each_entry(goals, "sdg_goals", [&](const json& entry, const SourceLocation& location) {
        auto goal = entry.get<SdgGoal>();
        goal.source = location;
        add_unique(
            set.sdg_goals, std::move(goal), "SDG goal", [](const SdgGoal& g) { return g.number; },
            set.merge_issues);
    });
    for_each_entry(goals, "targets", [&](const json& entry, const SourceLocation& location) {
        auto target = entry.get<SdgTarget>();
        target.source = location;
        add_unique(
            set.targets, std::move(target), "target", [](const SdgTarget& t) { return t.id; },
            set.merge_issues);
    });

    const auto kpis = read_json_file(dir / "kpis.json");
    require_top_level(kpis, {"kpis"}, {"kpis"});
    remember(kpis, "kpis");
    for_each_entry(kpis, "kpis", [&](const json& entry, const SourceLocation& location) {
        if (entry.is_object() && entry.contains("override")) {
            fail("\"override\" belongs in a local file; edit the project's entry instead");
        }
        auto kpi = entry.get<CuratedKpi>();
        kpi.source = location;
        add_unique(
            set.kpis, std::move(kpi), "KPI", [](const CuratedKpi& k) { return k.id; },
            set.merge_issues);
    });

    const auto region_sets = read_json_file(dir / "region_sets.json");
    require_top_level(region_sets, {"region_sets"}, {"region_sets"});
    remember(region_sets, "region_sets");
    for_each_entry(region_sets, "region_sets",
                   [&](const json& entry, const SourceLocation& location) {
                       if (entry.is_object() && entry.contains("override")) {
                           fail(
                               "\"override\" belongs in a local file; edit the project's entry "
                               "instead");
                       }
                       auto region_set = entry.get<RegionSet>();
                       region_set.source = location;
                       add_unique(
                           set.region_sets, std::move(region_set), "region set",
                           [](const RegionSet& s) { return s.name; }, set.merge_issues);
                   });

    if (local_file) {
        const auto local = read_json_file(*local_file);
        require_top_level(local, {"kpis", "region_sets", "notes"}, {});
        remember(local, "local");
        std::set<std::string> local_ids;
        std::set<std::string> local_names;
        for_each_entry(local, "kpis", [&](const json& entry, const SourceLocation& location) {
            read_local_kpi(set, local_ids, entry, location);
        });
        for_each_entry(local, "region_sets",
                       [&](const json& entry, const SourceLocation& location) {
                           read_local_region_set(set, local_names, entry, location);
                       });
        for_each_entry(local, "notes", [&](const json& entry, const SourceLocation& location) {
            auto note = entry.get<Note>();
            note.source = location;
            set.notes.push_back(std::move(note));
        });
    }
    set.fingerprint = fingerprint.hex();
    return set;
}

std::vector<std::string> sync_kpi_ids(const IndicatorSet& set) {
    std::vector<std::string> ids;
    std::set<std::string> seen;
    const auto add = [&](const std::string& id) {
        if (seen.insert(id).second) {
            ids.push_back(id);
        }
    };
    for (const auto& kpi : set.kpis) {
        add(kpi.id);
    }
    for (const auto& kpi : set.kpis) {
        if (kpi.partner) {
            add(*kpi.partner);
        }
    }
    return ids;
}

}  // namespace kolcat::curated
