#include "sync/kolada/kolada_json_checks.hpp"

#include <limits>

#include "sync/kolada/kolada_json.hpp"

namespace kolcat::sync::kolada_checks {
namespace {

using nlohmann::json;

// Ids end up in request paths as comma-separated lists, so only plain characters are safe.
bool is_id_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

}  // namespace

std::string Where::to_string() const {
    if (item == none) {
        return "";
    }
    std::string text = "item " + std::to_string(item);
    if (list != nullptr) {
        text += std::string(", ") + list + "[" + std::to_string(index) + "]";
    }
    return text;
}

void fail(const Where& where, const std::string& what) {
    const std::string place = where.to_string();
    throw KoladaFormatError(place.empty() ? what : place + ": " + what);
}

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

void check_text_size(const std::string& text, const char* key, const Where& where,
                     std::size_t max_bytes) {
    if (text.size() > max_bytes) {
        fail(where, std::string(key) + " is " + std::to_string(text.size()) +
                        " bytes long, more than the " + std::to_string(max_bytes) + " allowed");
    }
}

void check_id(const std::string& id, const char* key, const Where& where) {
    check_text_size(id, key, where, max_id_bytes);
    if (id.empty()) {
        fail(where, std::string(key) + " is empty");
    }
    for (const char c : id) {
        if (!is_id_char(c)) {
            fail(where, std::string(key) + " " + json(id).dump() +
                            " contains characters other than letters, digits, '_', '-' and '.'");
        }
    }
}

int check_period(std::int64_t period, const Where& where) {
    if (period < first_valid_period || period > last_valid_period) {
        fail(where, "period " + std::to_string(period) + " is outside " +
                        std::to_string(first_valid_period) + ".." +
                        std::to_string(last_valid_period));
    }
    return static_cast<int>(period);
}

int check_count(std::int64_t count, const Where& where) {
    if (count < 0 || count > std::numeric_limits<int>::max()) {
        fail(where, "count " + std::to_string(count) + " is out of range");
    }
    return static_cast<int>(count);
}

namespace {

// next_url; missing (nullptr), null and "" mean "no next page". (The API sends null; an empty
// string can only mean the same, and following it would fetch this page again.)
std::optional<std::string> read_url(const json* value, const char* key) {
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        fail(envelope_level, std::string(key) + " is not a string (got " + describe(*value) + ")");
    }
    const auto& url = value->get_ref<const std::string&>();
    check_text_size(url, key, envelope_level, max_url_bytes);
    if (url.empty()) {
        return std::nullopt;
    }
    for (const char c : url) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f) {
            fail(envelope_level, std::string(key) + " contains whitespace or control characters");
        }
    }
    return url;
}

}  // namespace

std::optional<std::string> check_envelope(const EnvelopeFields& fields) {
    if (!fields.body->is_object()) {
        fail(envelope_level,
             "the answer is not a JSON object (got " + describe(*fields.body) + ")");
    }
    if (fields.values == nullptr) {
        fail(envelope_level, "missing field 'values'");
    }
    if (!fields.values->is_array()) {
        fail(envelope_level, "values is not an array (got " + describe(*fields.values) + ")");
    }
    if (fields.count != nullptr && !fields.count->is_null()) {
        const auto number = as_int64(*fields.count);
        if (!number) {
            fail(envelope_level, "count is not an integer (got " + describe(*fields.count) + ")");
        }
        if (*number != static_cast<std::int64_t>(fields.item_count)) {
            fail(envelope_level, "count says " + std::to_string(*number) +
                                     " items but values holds " +
                                     std::to_string(fields.item_count));
        }
    }
    return read_url(fields.next_url, "next_url");
}

}  // namespace kolcat::sync::kolada_checks
