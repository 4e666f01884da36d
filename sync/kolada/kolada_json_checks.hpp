#pragma once
// Internal to sync/: the checks and error wording shared by the page parsers (kolada_json.cpp
// walks a JSON document; value_page_parser.cpp reads a data page's text without one). One
// source of truth, so both report the same problem with the same words.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace kolcat::sync::kolada_checks {

// Limits far above anything Kolada sends (its longest description is about 2 KB), so that only
// broken or hostile answers hit them.
inline constexpr std::size_t max_id_bytes = 64;
inline constexpr std::size_t max_title_bytes = 4 * 1024;
inline constexpr std::size_t max_description_bytes = 64 * 1024;
inline constexpr std::size_t max_short_text_bytes = 1024;
inline constexpr std::size_t max_url_bytes = 8 * 1024;
inline constexpr int first_valid_period = 1900;
inline constexpr int last_valid_period = 2100;

// Where in the page a problem is: "item 17" or "item 17, values[2]". Formatted only when a
// problem is found, so that the happy path builds no strings.
struct Where {
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t item = none;     // none: the envelope itself
    const char* list = nullptr;  // "values" or "members" inside the item
    std::size_t index = 0;

    Where in(const char* list_name, std::size_t i) const { return Where{item, list_name, i}; }
    std::string to_string() const;
};

inline const Where envelope_level{};

// Throws KoladaFormatError: "<where>: <what>".
[[noreturn]] void fail(const Where& where, const std::string& what);

// A short description of an unexpected JSON value; never echoes a long string.
std::string describe(const nlohmann::json& value);

// An integer (signed or unsigned JSON number) that fits int64; nullopt otherwise.
std::optional<std::int64_t> as_int64(const nlohmann::json& value);

// Fails when `text` (the value of `key`) is longer than max_bytes.
void check_text_size(const std::string& text, const char* key, const Where& where,
                     std::size_t max_bytes);
// Fails unless `id` (the value of `key`) is a non-empty, plain id: it ends up in request paths.
// Checks the size too.
void check_id(const std::string& id, const char* key, const Where& where);
// The period's range check (the value is an integer already).
int check_period(std::int64_t period, const Where& where);
// The count's range check (the value is an integer already).
int check_count(std::int64_t count, const Where& where);

// The envelope {"values": [...], "count": n, "next_url": ..., "previous_url": ...} as a parser
// found it. A missing field is nullptr; `values` and the others are only looked at when the
// body is an object. previous_url is not read at all: kolcat never goes back, and a sync must
// not fail on a field it does not use.
struct EnvelopeFields {
    const nlohmann::json* body = nullptr;    // the whole answer (its type is what matters)
    const nlohmann::json* values = nullptr;  // its type is what matters
    std::size_t item_count = 0;              // the items in values, when it is an array
    const nlohmann::json* count = nullptr;
    const nlohmann::json* next_url = nullptr;
};

// The envelope's checks, in this order: the answer is an object; values is an array; count,
// when given, is the number of items (in v3, count is the number of items on this page);
// next_url is missing, null, an empty string (all three: no next page) or a plain URL. Returns
// next_url.
std::optional<std::string> check_envelope(const EnvelopeFields& fields);

}  // namespace kolcat::sync::kolada_checks
