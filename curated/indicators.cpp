#include "curated/indicators.hpp"

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

#include "curated/indicators_json.hpp"

namespace kolcat::curated {

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
constexpr std::array<std::pair<std::string_view, Breakdown>, 4> kBreakdowns{{
    {"values", Breakdown::values},
    {"pair", Breakdown::pair},
    {"by_construction", Breakdown::by_construction},
    {"flag_only", Breakdown::flag_only},
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

namespace indicator_fields {

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

}  // namespace indicator_fields

using namespace indicator_fields;

// --- ADL conversions ---

void from_json(const json& j, SubGoal& goal) {
    require_fields(j, {"number", "name_sv", "name_en", "description", "description_sv"});
    goal.number = int_field(j, "number");
    goal.name_sv = text_field(j, "name_sv");
    goal.name_en = text_field(j, "name_en");
    goal.description = text_field(j, "description");
    goal.description_sv = optional_text_field(j, "description_sv");
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
    require_fields(j, {"id", "goals", "targets", "level", "direction", "breakdown", "partner",
                       "rationale", "historical"});
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
    kpi.historical = bool_field(j, "historical", false);
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

}  // namespace kolcat::curated
