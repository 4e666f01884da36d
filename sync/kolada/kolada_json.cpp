#include "sync/kolada/kolada_json.hpp"

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "sync/kolada/kolada_json_checks.hpp"

namespace kolcat::sync {
namespace {

using nlohmann::json;
using namespace kolada_checks;

// A KPI is stored with its whole object (raw_json), fields kolcat does not know included, so
// the object as a whole is capped too. Room for every known field at its limit even when
// written with \u escapes only (6 bytes per byte).
constexpr std::size_t max_kpi_object_bytes = 512 * 1024;

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
    check_text_size(text, key, where, max_bytes);
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

// The id as a reference into the document (valid while the document lives).
const std::string& read_id(const json& object, const char* key, const Where& where) {
    const std::string& id =
        require_string_value(require_field(object, key, where), key, where, max_id_bytes);
    check_id(id, key, where);
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

struct Envelope {
    const json* values = nullptr;
    std::optional<std::string> next_url;
};

Envelope read_envelope(const json& body) {
    EnvelopeFields fields;
    fields.body = &body;
    if (body.is_object()) {
        fields.values = find_field(body, "values");
        fields.count = find_field(body, "count");
        fields.next_url = find_field(body, "next_url");
    }
    if (fields.values != nullptr && fields.values->is_array()) {
        fields.item_count = fields.values->size();
    }
    Envelope envelope;
    envelope.next_url = check_envelope(fields);
    envelope.values = fields.values;
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

catalogue::Kpi read_kpi(const json& item, const Where& where) {
    catalogue::Kpi kpi;
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

catalogue::Municipality read_municipality(const json& item, const Where& where) {
    catalogue::Municipality municipality;
    municipality.id = read_id(item, "id", where);
    municipality.title = read_text(item, "title", where, max_title_bytes);
    municipality.type = read_one_of(item, "type", where, {"K", "L"});
    return municipality;
}

catalogue::Group read_group(const json& item, const Where& where) {
    catalogue::Group group;
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
        catalogue::GroupMember entry;
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

Page<catalogue::Kpi> parse_kpi_page(const json& body) {
    return parse_metadata_page<catalogue::Kpi>(body, "KPI id", read_kpi);
}

Page<catalogue::Municipality> parse_municipality_page(const json& body) {
    return parse_metadata_page<catalogue::Municipality>(body, "municipality id", read_municipality);
}

Page<catalogue::Group> parse_group_page(const json& body) {
    return parse_metadata_page<catalogue::Group>(body, "group id", read_group);
}

}  // namespace kolcat::sync
