#include "catalogue/indicators.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "catalogue/indicators_json.hpp"

namespace kolcat {

using nlohmann::json;

// --- enums ---

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> parse_enum(std::string_view text,
                               const std::array<std::pair<std::string_view, Enum>, N>& names) {
    for (const auto& [name, value] : names) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view enum_name(Enum value,
                           const std::array<std::pair<std::string_view, Enum>, N>& names) {
    for (const auto& [name, candidate] : names) {
        if (candidate == value) {
            return name;
        }
    }
    return "?";
}

template <typename Enum, std::size_t N>
std::string enum_choices(const std::array<std::pair<std::string_view, Enum>, N>& names) {
    std::string choices;
    for (const auto& [name, value] : names) {
        choices += choices.empty() ? "" : ", ";
        choices += name;
    }
    return choices;
}

constexpr std::array<std::pair<std::string_view, KpiLevel>, 3> kLevels{{
    {"region", KpiLevel::region},
    {"municipality", KpiLevel::municipality},
    {"both", KpiLevel::both},
}};
constexpr std::array<std::pair<std::string_view, Direction>, 3> kDirections{{
    {"higher_is_better", Direction::higher_is_better},
    {"lower_is_better", Direction::lower_is_better},
    {"neutral", Direction::neutral},
}};
constexpr std::array<std::pair<std::string_view, Breakdown>, 3> kBreakdowns{{
    {"values", Breakdown::values},
    {"pair", Breakdown::pair},
    {"by_construction", Breakdown::by_construction},
}};

}  // namespace

std::string_view to_string(KpiLevel level) {
    return enum_name(level, kLevels);
}
std::string_view to_string(Direction direction) {
    return enum_name(direction, kDirections);
}
std::string_view to_string(Breakdown breakdown) {
    return enum_name(breakdown, kBreakdowns);
}
std::optional<KpiLevel> parse_kpi_level(std::string_view text) {
    return parse_enum(text, kLevels);
}
std::optional<Direction> parse_direction(std::string_view text) {
    return parse_enum(text, kDirections);
}
std::optional<Breakdown> parse_breakdown(std::string_view text) {
    return parse_enum(text, kBreakdowns);
}

std::string to_string(const SourceLocation& location) {
    std::string text = location.file.string();
    if (location.line > 0) {
        text += ":" + std::to_string(location.line);
    }
    return text;
}

// --- strict field access: each failure is one short reason naming the field ---

namespace {

// Longer texts are refused: a data file has no reason to hold them, and a hostile file must
// not make the catalogue store megabytes per field.
constexpr std::size_t kMaxTextBytes = 2000;
constexpr std::size_t kMaxListLength = 1000;

std::string in_quotes(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

[[noreturn]] void fail(const std::string& reason) {
    throw IndicatorsError(reason);
}

void require_fields(const json& j, std::initializer_list<std::string_view> allowed) {
    if (!j.is_object()) {
        fail("the entry must be a JSON object, not " + json_type_name(j));
    }
    for (const auto& item : j.items()) {
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
            std::string expected;
            for (const auto name : allowed) {
                expected += expected.empty() ? "" : ", ";
                expected += name;
            }
            // Cut: a hostile file's field name may be megabytes long.
            fail("unknown field " + in_quotes(item.key().substr(0, 100)) +
                 " (expected: " + expected + ")");
        }
    }
}

const json& field(const json& j, const char* name) {
    const auto it = j.find(name);
    if (it == j.end()) {
        fail("missing field " + in_quotes(name));
    }
    return *it;
}

std::string text_value(const json& value, const std::string& what) {
    if (!value.is_string()) {
        fail(what + " must be a string, not " + json_type_name(value));
    }
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty()) {
        fail(what + " must not be empty");
    }
    if (text.size() > kMaxTextBytes) {
        fail(what + " is too long (" + std::to_string(text.size()) + " bytes; at most " +
             std::to_string(kMaxTextBytes) + ")");
    }
    return text;
}

std::string text_field(const json& j, const char* name) {
    return text_value(field(j, name), in_quotes(name));
}

std::optional<std::string> optional_text_field(const json& j, const char* name) {
    if (!j.contains(name)) {
        return std::nullopt;
    }
    return text_field(j, name);
}

int int_value(const json& value, const std::string& what) {
    if (!value.is_number_integer()) {
        fail(what + " must be an integer, not " + json_type_name(value));
    }
    const auto number = value.get<std::int64_t>();
    if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max() ||
        (value.is_number_unsigned() && value.get<std::uint64_t>() > 1000000U)) {
        fail(what + " is out of range");
    }
    return static_cast<int>(number);
}

int int_field(const json& j, const char* name) {
    return int_value(field(j, name), in_quotes(name));
}

bool bool_field(const json& j, const char* name, bool fallback) {
    if (!j.contains(name)) {
        return fallback;
    }
    const json& value = j.at(name);
    if (!value.is_boolean()) {
        fail(in_quotes(name) + " must be true or false, not " + json_type_name(value));
    }
    return value.get<bool>();
}

const json& list_field(const json& j, const char* name, bool allow_empty = false) {
    const json& value = field(j, name);
    if (!value.is_array()) {
        fail(in_quotes(name) + " must be an array, not " + json_type_name(value));
    }
    if (value.empty() && !allow_empty) {
        fail(in_quotes(name) + " must list at least one entry");
    }
    if (value.size() > kMaxListLength) {
        fail(in_quotes(name) + " has too many entries (" + std::to_string(value.size()) +
             "; at most " + std::to_string(kMaxListLength) + ")");
    }
    return value;
}

std::vector<int> int_list_field(const json& j, const char* name) {
    std::vector<int> numbers;
    for (const json& item : list_field(j, name)) {
        const int number = int_value(item, "each of " + in_quotes(name));
        if (std::find(numbers.begin(), numbers.end(), number) != numbers.end()) {
            fail(in_quotes(name) + " lists " + std::to_string(number) + " twice");
        }
        numbers.push_back(number);
    }
    return numbers;
}

template <typename Valid>
std::vector<std::string> text_list_field(const json& j, const char* name, Valid valid,
                                         const std::string& expected) {
    std::vector<std::string> texts;
    for (const json& item : list_field(j, name)) {
        auto text = text_value(item, "each of " + in_quotes(name));
        if (!valid(text)) {
            fail(in_quotes(name) + " holds " + in_quotes(text) + ", which is not " + expected);
        }
        if (std::find(texts.begin(), texts.end(), text) != texts.end()) {
            fail(in_quotes(name) + " lists " + in_quotes(text) + " twice");
        }
        texts.push_back(std::move(text));
    }
    return texts;
}

template <typename Enum, std::size_t N>
Enum enum_field(const json& j, const char* name,
                const std::array<std::pair<std::string_view, Enum>, N>& names) {
    const json& value = field(j, name);
    if (!value.is_string()) {
        fail(in_quotes(name) + " must be a string, not " + json_type_name(value));
    }
    const auto& text = value.get_ref<const std::string&>();
    const auto parsed = parse_enum(text, names);
    if (!parsed) {
        fail(in_quotes(name) + " must be one of " + enum_choices(names) + ", not " +
             in_quotes(text.substr(0, 100)));
    }
    return *parsed;
}

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}

// Kolada's KPI ids are an upper-case letter and digits ("N00945", "U01405"); upper-case
// letters are allowed after the first too, so that a new id scheme is not refused here (the
// check against the catalogue tells whether it exists).
bool is_kpi_id(std::string_view id) {
    return id.size() >= 2 && id.size() <= 20 && is_upper(id.front()) &&
           std::all_of(id.begin(), id.end(), [](char c) { return is_upper(c) || is_digit(c); });
}

// "5.2", "16.7", "4.a"
bool is_target_id(std::string_view id) {
    const auto dot = id.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 2) {
        return false;
    }
    const auto goal = id.substr(0, dot);
    const auto target = id.substr(dot + 1);
    const bool numeric = !target.empty() && target.size() <= 2 &&
                         std::all_of(target.begin(), target.end(), is_digit);
    const bool lettered = target.size() == 1 && is_lower(target.front());
    return std::all_of(goal.begin(), goal.end(), is_digit) && (numeric || lettered);
}

// A municipality, region or Riket ("0025", "2580", "0000"), or a municipality group ("G33632").
bool is_unit_id(std::string_view id) {
    if (id.size() == 4 && std::all_of(id.begin(), id.end(), is_digit)) {
        return true;
    }
    return id.size() >= 2 && id.size() <= 13 && id.front() == 'G' &&
           std::all_of(id.begin() + 1, id.end(), is_digit);
}

bool is_set_name(std::string_view name) {
    return !name.empty() && name.size() <= 64 &&
           (is_lower(name.front()) || is_digit(name.front())) && name.back() != '-' &&
           std::all_of(name.begin(), name.end(),
                       [](char c) { return is_lower(c) || is_digit(c) || c == '-'; });
}

std::string kpi_id_field(const json& j, const char* name) {
    auto id = text_field(j, name);
    if (!is_kpi_id(id)) {
        fail(in_quotes(name) + " must be a Kolada KPI id such as \"N00945\", not " + in_quotes(id));
    }
    return id;
}

std::vector<std::string> target_list_field(const json& j) {
    return text_list_field(j, "targets", is_target_id, "an Agenda 2030 target id such as \"5.2\"");
}

}  // namespace

// --- ADL conversions ---

void from_json(const json& j, SubGoal& goal) {
    require_fields(j, {"number", "name_sv", "name_en", "description"});
    goal.number = int_field(j, "number");
    goal.name_sv = text_field(j, "name_sv");
    goal.name_en = text_field(j, "name_en");
    goal.description = text_field(j, "description");
}

void from_json(const json& j, SdgGoal& goal) {
    require_fields(j, {"number", "name_sv", "name_en"});
    goal.number = int_field(j, "number");
    goal.name_sv = text_field(j, "name_sv");
    goal.name_en = text_field(j, "name_en");
}

void from_json(const json& j, SdgTarget& target) {
    require_fields(j, {"id", "goal", "text_en", "text_sv"});
    target.id = text_field(j, "id");
    if (!is_target_id(target.id)) {
        fail("\"id\" must be an Agenda 2030 target id such as \"5.2\", not " +
             in_quotes(target.id));
    }
    target.goal = int_field(j, "goal");
    target.text_en = text_field(j, "text_en");
    target.text_sv = optional_text_field(j, "text_sv");
}

void from_json(const json& j, CuratedKpi& kpi) {
    require_fields(
        j, {"id", "goals", "targets", "level", "direction", "breakdown", "partner", "rationale"});
    kpi.id = kpi_id_field(j, "id");
    kpi.goals = int_list_field(j, "goals");
    kpi.targets = target_list_field(j);
    kpi.level = enum_field(j, "level", kLevels);
    kpi.direction = enum_field(j, "direction", kDirections);
    kpi.breakdown = enum_field(j, "breakdown", kBreakdowns);
    kpi.partner.reset();
    if (kpi.breakdown == Breakdown::pair) {
        if (!j.contains("partner")) {
            fail(
                "breakdown \"pair\" needs a \"partner\": the id of the key figure for the other "
                "sex");
        }
        kpi.partner = kpi_id_field(j, "partner");
        if (*kpi.partner == kpi.id) {
            fail("\"partner\" must be another key figure, not the entry itself");
        }
    } else if (j.contains("partner")) {
        fail("\"partner\" is only for breakdown \"pair\", and the breakdown is " +
             in_quotes(to_string(kpi.breakdown)));
    }
    kpi.rationale = text_field(j, "rationale");
}

void from_json(const json& j, RegionSet& set) {
    require_fields(j, {"name", "title", "title_sv", "description", "expand_groups", "members"});
    set.name = text_field(j, "name");
    if (!is_set_name(set.name)) {
        fail(
            "\"name\" must be lower-case letters, digits and dashes (e.g. \"model-regions\"), "
            "not " +
            in_quotes(set.name));
    }
    set.title = text_field(j, "title");
    set.title_sv = text_field(j, "title_sv");
    set.description = text_field(j, "description");
    set.expand_groups = bool_field(j, "expand_groups", false);
    set.members = text_list_field(j, "members", is_unit_id,
                                  "a unit id such as \"0025\" or a group id such as \"G33632\"");
}

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
        require_top_level(local, {"kpis", "region_sets"}, {});
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
    }
    set.fingerprint = fingerprint.hex();
    return set;
}

std::optional<std::filesystem::path> local_indicators_file(const GetEnv& getenv) {
    if (const auto named = getenv("KOLCAT_LOCAL_INDICATORS"); named && !named->empty()) {
        const std::filesystem::path path(*named);
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            throw IndicatorsReadError("KOLCAT_LOCAL_INDICATORS names " + path.string() +
                                      ", which is not a readable file");
        }
        return path;
    }
    const auto path = default_local_indicators_file(getenv);
    std::error_code error;
    if (path && std::filesystem::exists(*path, error)) {
        return path;
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> local_indicators_file() {
    return local_indicators_file(process_environment());
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

}  // namespace kolcat
