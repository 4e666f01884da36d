#include "sync/kolada_json.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace kolcat {
namespace {

using nlohmann::json;

// Limits far above anything Kolada sends (its longest description is about 2 KB), so that only
// broken or hostile answers hit them.
constexpr std::size_t max_id_bytes = 64;
constexpr std::size_t max_title_bytes = 4 * 1024;
constexpr std::size_t max_description_bytes = 64 * 1024;
constexpr std::size_t max_short_text_bytes = 1024;
constexpr std::size_t max_url_bytes = 8 * 1024;
// A KPI is stored with its whole object (raw_json), fields kolcat does not know included, so
// the object as a whole is capped too. Room for every known field at its limit even when
// written with \u escapes only (6 bytes per byte).
constexpr std::size_t max_kpi_object_bytes = 512 * 1024;
constexpr int first_valid_period = 1900;
constexpr int last_valid_period = 2100;

// Where in the page a problem is: "item 17" or "item 17, values[2]". Formatted only when a
// problem is found, so that the happy path builds no strings.
struct Where {
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t item = none;     // none: the envelope itself
    const char* list = nullptr;  // "values" or "members" inside the item
    std::size_t index = 0;

    Where in(const char* list_name, std::size_t i) const { return Where{item, list_name, i}; }
    std::string to_string() const {
        if (item == none) {
            return "";
        }
        std::string text = "item " + std::to_string(item);
        if (list != nullptr) {
            text += std::string(", ") + list + "[" + std::to_string(index) + "]";
        }
        return text;
    }
};

const Where envelope_level{};

[[noreturn]] void fail(const Where& where, const std::string& what) {
    const std::string place = where.to_string();
    throw KoladaFormatError(place.empty() ? what : place + ": " + what);
}

// A short description of an unexpected JSON value; never echoes a long string.
std::string describe(const json& value) {
    switch (value.type()) {
        case json::value_t::string: {
            const auto& text = value.get_ref<const std::string&>();
            if (text.size() <= 32) {
                return "string " + value.dump();
            }
            return "a string of " + std::to_string(text.size()) + " bytes";
        }
        case json::value_t::number_float:
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "number " + value.dump();
        case json::value_t::boolean:
            return value.get<bool>() ? "true" : "false";
        case json::value_t::null:
            return "null";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        default:
            return value.type_name();
    }
}

std::optional<std::int64_t> as_int64(const json& value) {
    if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>(number);
    }
    if (value.is_number_integer()) {
        return value.get<std::int64_t>();
    }
    return std::nullopt;
}

// The field's value, or nullptr when it is missing.
const json* find_field(const json& object, const char* key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const json& require_field(const json& object, const char* key, const Where& where) {
    const json* value = find_field(object, key);
    if (value == nullptr) {
        fail(where, std::string("missing field '") + key + "'");
    }
    return *value;
}

const std::string& require_string_value(const json& value, const char* key, const Where& where,
                                        std::size_t max_bytes) {
    if (!value.is_string()) {
        fail(where, std::string(key) + " is not a string (got " + describe(value) + ")");
    }
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > max_bytes) {
        fail(where, std::string(key) + " is " + std::to_string(text.size()) +
                        " bytes long, more than the " + std::to_string(max_bytes) + " allowed");
    }
    return text;
}

std::string read_text(const json& object, const char* key, const Where& where,
                      std::size_t max_bytes) {
    return require_string_value(require_field(object, key, where), key, where, max_bytes);
}

// Missing and null both mean "no value".
std::optional<std::string> read_optional_text(const json& object, const char* key,
                                              const Where& where, std::size_t max_bytes) {
    const json* value = find_field(object, key);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    return require_string_value(*value, key, where, max_bytes);
}

// Ids end up in request paths as comma-separated lists, so only plain characters are safe.
bool is_id_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

// The id as a reference into the document (valid while the document lives).
const std::string& read_id(const json& object, const char* key, const Where& where) {
    const std::string& id =
        require_string_value(require_field(object, key, where), key, where, max_id_bytes);
    if (id.empty()) {
        fail(where, std::string(key) + " is empty");
    }
    for (const char c : id) {
        if (!is_id_char(c)) {
            fail(where, std::string(key) + " " + json(id).dump() +
                            " contains characters other than letters, digits, '_', '-' and '.'");
        }
    }
    return id;
}

// A flag: a JSON boolean, or 0/1 as API v2 sent them.
bool read_flag_value(const json& value, const char* key, const Where& where) {
    if (value.is_boolean()) {
        return value.get<bool>();
    }
    if (const auto number = as_int64(value); number && (*number == 0 || *number == 1)) {
        return *number == 1;
    }
    fail(where, std::string(key) + " is not a boolean (got " + describe(value) + ")");
}

std::optional<bool> read_optional_bool(const json& object, const char* key, const Where& where) {
    const json* value = find_field(object, key);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_boolean()) {
        fail(where, std::string(key) + " is not a boolean (got " + describe(*value) + ")");
    }
    return value->get<bool>();
}

std::string read_one_of(const json& object, const char* key, const Where& where,
                        std::initializer_list<std::string_view> allowed) {
    std::string text = read_text(object, key, where, max_short_text_bytes);
    for (const std::string_view candidate : allowed) {
        if (text == candidate) {
            return text;
        }
    }
    std::string expected;
    for (const std::string_view candidate : allowed) {
        expected += expected.empty() ? "" : ", ";
        expected += candidate;
    }
    fail(where, std::string(key) + " " + describe(json(text)) + " is not one of " + expected);
}

std::optional<std::string> read_url(const json& body, const char* key) {
    const json* value = find_field(body, key);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    const std::string& url = require_string_value(*value, key, envelope_level, max_url_bytes);
    if (url.empty()) {
        fail(envelope_level, std::string(key) + " is an empty string");
    }
    for (const char c : url) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f) {
            fail(envelope_level, std::string(key) + " contains whitespace or control characters");
        }
    }
    return url;
}

struct Envelope {
    const json* values = nullptr;
    std::optional<std::string> next_url;
};

Envelope read_envelope(const json& body) {
    if (!body.is_object()) {
        fail(envelope_level, "the answer is not a JSON object (got " + describe(body) + ")");
    }
    Envelope envelope;
    envelope.values = &require_field(body, "values", envelope_level);
    if (!envelope.values->is_array()) {
        fail(envelope_level, "values is not an array (got " + describe(*envelope.values) + ")");
    }
    // In v3, count is the number of items on this page.
    if (const json* count = find_field(body, "count"); count != nullptr && !count->is_null()) {
        const auto number = as_int64(*count);
        if (!number) {
            fail(envelope_level, "count is not an integer (got " + describe(*count) + ")");
        }
        if (*number != static_cast<std::int64_t>(envelope.values->size())) {
            fail(envelope_level, "count says " + std::to_string(*number) +
                                     " items but values holds " +
                                     std::to_string(envelope.values->size()));
        }
    }
    envelope.next_url = read_url(body, "next_url");
    (void)read_url(body, "previous_url");  // not used, but a malformed one is still an error
    return envelope;
}

const json& item_object(const json& values, std::size_t index) {
    const json& item = values[index];
    if (!item.is_object()) {
        fail(Where{index}, "not a JSON object (got " + describe(item) + ")");
    }
    return item;
}

// Remembers ids seen on a page, so that a repeated one is reported with both positions.
class DuplicateGuard {
  public:
    explicit DuplicateGuard(std::string what, std::size_t expected = 0) : what_(std::move(what)) {
        seen_.reserve(expected);
    }
    void check(const std::string& key, std::size_t index, const Where& where) {
        const auto [it, inserted] = seen_.emplace(key, index);
        if (!inserted) {
            fail(where, "duplicate " + what_ + " " + key + " (also in " +
                            Where{it->second}.to_string() + ")");
        }
    }

  private:
    std::string what_;
    std::unordered_map<std::string, std::size_t> seen_;
};

// One (kpi, municipality, period, gender) cell of a data page. The ids point into the JSON
// document, so checking a page for duplicates allocates no strings.
struct Cell {
    std::string_view kpi;
    std::string_view municipality;
    int period = 0;
    Gender gender = Gender::T;
    bool operator==(const Cell&) const = default;
};

struct CellHash {
    std::size_t operator()(const Cell& cell) const noexcept {
        const std::size_t h = std::hash<std::string_view>{}(cell.kpi);
        const std::size_t m = std::hash<std::string_view>{}(cell.municipality);
        const auto p =
            static_cast<std::size_t>(cell.period) * 4 + static_cast<std::size_t>(cell.gender);
        return (h * 31 + m) * 1000003 + p;
    }
};

class CellGuard {
  public:
    explicit CellGuard(std::size_t expected) { seen_.reserve(expected); }
    void check(const Cell& cell, std::size_t index, const Where& where) {
        const auto [it, inserted] = seen_.emplace(cell, index);
        if (!inserted) {
            fail(where, "duplicate cell " + std::string(cell.kpi) + "/" +
                            std::string(cell.municipality) + "/" + std::to_string(cell.period) +
                            "/" + std::string(to_string(cell.gender)) + " (also in " +
                            Where{it->second}.to_string() + ")");
        }
    }

  private:
    std::unordered_map<Cell, std::size_t, CellHash> seen_;
};

Kpi read_kpi(const json& item, const Where& where) {
    Kpi kpi;
    kpi.id = read_id(item, "id", where);
    kpi.title = read_text(item, "title", where, max_title_bytes);
    kpi.description =
        read_optional_text(item, "description", where, max_description_bytes).value_or("");
    kpi.is_divided_by_gender = read_flag_value(require_field(item, "is_divided_by_gender", where),
                                               "is_divided_by_gender", where);
    kpi.municipality_type = read_one_of(item, "municipality_type", where, {"K", "L", "A"});
    // v2 called it "auspices"; read that too, so a v2-shaped object loses nothing.
    kpi.auspice = find_field(item, "auspice") != nullptr
                      ? read_optional_text(item, "auspice", where, max_short_text_bytes)
                      : read_optional_text(item, "auspices", where, max_short_text_bytes);
    kpi.operating_area = read_optional_text(item, "operating_area", where, max_short_text_bytes);
    kpi.perspective = read_optional_text(item, "perspective", where, max_short_text_bytes);
    kpi.prel_publication_date =
        read_optional_text(item, "prel_publication_date", where, max_short_text_bytes);
    kpi.publication_date =
        read_optional_text(item, "publication_date", where, max_short_text_bytes);
    kpi.publ_period = read_optional_text(item, "publ_period", where, max_short_text_bytes);
    const json* has_ou_data = find_field(item, "has_ou_data");
    kpi.has_ou_data = has_ou_data != nullptr && !has_ou_data->is_null() &&
                      read_flag_value(*has_ou_data, "has_ou_data", where);
    kpi.raw_json = item.dump();
    if (kpi.raw_json.size() > max_kpi_object_bytes) {
        fail(where, "the object is " + std::to_string(kpi.raw_json.size()) +
                        " bytes long, more than the " + std::to_string(max_kpi_object_bytes) +
                        " allowed");
    }
    return kpi;
}

Municipality read_municipality(const json& item, const Where& where) {
    Municipality municipality;
    municipality.id = read_id(item, "id", where);
    municipality.title = read_text(item, "title", where, max_title_bytes);
    municipality.type = read_one_of(item, "type", where, {"K", "L"});
    return municipality;
}

Group read_group(const json& item, const Where& where) {
    Group group;
    group.id = read_id(item, "id", where);
    group.title = read_text(item, "title", where, max_title_bytes);
    const json& members = require_field(item, "members", where);
    if (!members.is_array()) {
        fail(where, "members is not an array (got " + describe(members) + ")");
    }
    group.members.reserve(members.size());
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < members.size(); ++i) {
        const Where member_where = where.in("members", i);
        const json& member = members[i];
        if (!member.is_object()) {
            fail(member_where, "not a JSON object (got " + describe(member) + ")");
        }
        GroupMember entry;
        entry.id = read_id(member, "member_id", member_where);
        entry.title = read_text(member, "member_title", member_where, max_title_bytes);
        if (const auto [it, inserted] = seen.emplace(entry.id, i); !inserted) {
            fail(member_where, "duplicate member " + entry.id + " (also members[" +
                                   std::to_string(it->second) + "])");
        }
        group.members.push_back(std::move(entry));
    }
    return group;
}

int read_period(const json& item, const Where& where) {
    const json& value = require_field(item, "period", where);
    const auto period = as_int64(value);
    if (!period) {
        fail(where, "period is not an integer (got " + describe(value) + ")");
    }
    if (*period < first_valid_period || *period > last_valid_period) {
        fail(where, "period " + std::to_string(*period) + " is outside " +
                        std::to_string(first_valid_period) + ".." +
                        std::to_string(last_valid_period));
    }
    return static_cast<int>(*period);
}

std::optional<int> read_count(const json& entry, const Where& where) {
    const json* value = find_field(entry, "count");
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    const auto count = as_int64(*value);
    if (!count) {
        fail(where, "count is not an integer (got " + describe(*value) + ")");
    }
    if (*count < 0 || *count > std::numeric_limits<int>::max()) {
        fail(where, "count " + std::to_string(*count) + " is out of range");
    }
    return static_cast<int>(*count);
}

std::optional<double> read_number(const json& entry, const Where& where) {
    const json* value = find_field(entry, "value");
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_number()) {
        fail(where, "value is not a number (got " + describe(*value) + ")");
    }
    const double number = value->get<double>();
    // JSON has no infinity, but a literal like 1e999 overflows to it when parsed.
    if (!std::isfinite(number)) {
        fail(where, "value is not a finite number");
    }
    return number;
}

// Appends the item's values, one per gender entry, to `out`.
void read_data_item(const json& item, std::size_t index, std::vector<Value>& out,
                    CellGuard& cells) {
    const Where where{index};
    const std::string& kpi = read_id(item, "kpi", where);
    const std::string& municipality = read_id(item, "municipality", where);
    const int period = read_period(item, where);
    // A deletion flag on the item applies to all its values.
    const bool item_deleted = read_optional_bool(item, "isdeleted", where).value_or(false);
    const json& entries = require_field(item, "values", where);
    if (!entries.is_array()) {
        fail(where, "values is not an array (got " + describe(entries) + ")");
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Where entry_where = where.in("values", i);
        const json& entry = entries[i];
        if (!entry.is_object()) {
            fail(entry_where, "not a JSON object (got " + describe(entry) + ")");
        }
        const json& gender_value = require_field(entry, "gender", entry_where);
        if (!gender_value.is_string()) {
            fail(entry_where, "gender is not a string (got " + describe(gender_value) + ")");
        }
        const auto gender = parse_gender(gender_value.get_ref<const std::string&>());
        if (!gender) {
            fail(entry_where,
                 "unknown gender code " + describe(gender_value) + " (expected T, K or M)");
        }
        Value value;
        value.kpi = kpi;
        value.municipality = municipality;
        value.period = period;
        value.gender = *gender;
        value.count = read_count(entry, entry_where);
        value.status =
            read_optional_text(entry, "status", entry_where, max_short_text_bytes).value_or("");
        value.value = read_number(entry, entry_where);
        value.is_deleted =
            item_deleted || read_optional_bool(entry, "isdeleted", entry_where).value_or(false);
        cells.check(Cell{kpi, municipality, period, *gender}, index, entry_where);
        out.push_back(std::move(value));
    }
}

template <typename Item, typename ReadItem>
Page<Item> parse_metadata_page(const json& body, const char* what, ReadItem read_item) {
    const Envelope envelope = read_envelope(body);
    const json& values = *envelope.values;
    Page<Item> page;
    page.next_url = envelope.next_url;
    page.items.reserve(values.size());
    DuplicateGuard ids(what, values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const Where where{i};
        Item item = read_item(item_object(values, i), where);
        ids.check(item.id, i, where);
        page.items.push_back(std::move(item));
    }
    return page;
}

}  // namespace

Page<Kpi> parse_kpi_page(const json& body) {
    return parse_metadata_page<Kpi>(body, "KPI id", read_kpi);
}

Page<Municipality> parse_municipality_page(const json& body) {
    return parse_metadata_page<Municipality>(body, "municipality id", read_municipality);
}

Page<Group> parse_group_page(const json& body) {
    return parse_metadata_page<Group>(body, "group id", read_group);
}

Page<Value> parse_value_page(const json& body) {
    const Envelope envelope = read_envelope(body);
    const json& values = *envelope.values;
    Page<Value> page;
    page.next_url = envelope.next_url;
    // Kolada sends T, K and M for most items.
    page.items.reserve(values.size() * 3);
    CellGuard cells(values.size() * 3);
    for (std::size_t i = 0; i < values.size(); ++i) {
        read_data_item(item_object(values, i), i, page.items, cells);
    }
    return page;
}

}  // namespace kolcat
