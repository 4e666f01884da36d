#pragma once
// Reading the JSON data files (indicators, Kolada metadata files) with errors that point at a
// file and line. nlohmann/json reports a syntax error's byte offset but keeps no positions of
// parsed values, so the reader finds where each array entry begins by scanning the (already
// validated) text itself.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "curated/indicators.hpp"

namespace kolcat::curated {

struct TextPosition {
    int line = 1;    // 1-based
    int column = 1;  // 1-based, in bytes
};

// The line and column of a byte offset (0-based) into text. Offsets past the end give the
// position just after the last byte.
TextPosition position_of_offset(std::string_view text, std::size_t offset);

// The 1-based lines where the elements of the array under the top-level object's member `key`
// begin, in order. Empty when the text is not an object with such an array. Safe on any input:
// it never reads out of bounds and never recurses, so a hostile file cannot crash it.
std::vector<int> array_element_lines(std::string_view text, std::string_view key);

// A parsed file with its text, for line numbers.
struct JsonFile {
    std::filesystem::path path;
    std::string text;
    nlohmann::json root;
};

// Reads and parses a file. Throws IndicatorsError "FILE:LINE:COLUMN: invalid JSON: reason" for
// a syntax error, "FILE: cannot read the file: reason" when it cannot be read, and refuses
// files larger than max_bytes.
JsonFile read_json_file(const std::filesystem::path& path,
                        std::uintmax_t max_bytes = 16U * 1024U * 1024U);

// "a string", "an array", "a non-integer number": for messages about wrong types.
std::string json_type_name(const nlohmann::json& value);

// Throws IndicatorsError "FILE:1: reason" unless the top level is an object whose members are
// all among `allowed` and include every one of `required`.
void require_top_level(const JsonFile& file, std::initializer_list<std::string_view> allowed,
                       std::initializer_list<std::string_view> required);

// " (N00945)": an entry's id, name, number or (a note's) kpi when it has one, for messages.
std::string entry_label(const nlohmann::json& entry);

// Calls convert(entry, location) for each element of the top-level array `key` (absent: no
// calls), turning any failure into one IndicatorsError "FILE:LINE: key[i] (id): reason".
template <typename Convert>
void for_each_entry(const JsonFile& file, const char* key, Convert convert) {
    const auto it = file.root.find(key);
    if (it == file.root.end()) {
        return;
    }
    if (!it->is_array()) {
        throw IndicatorsError(file.path.string() + ":1: \"" + key + "\" must be an array, not " +
                              json_type_name(*it));
    }
    const auto lines = array_element_lines(file.text, key);
    for (std::size_t i = 0; i < it->size(); ++i) {
        const nlohmann::json& entry = (*it)[i];
        const SourceLocation location{file.path, i < lines.size() ? lines[i] : 0};
        const auto where = [&] {
            return to_string(location) + ": " + key + "[" + std::to_string(i) + "]" +
                   entry_label(entry) + ": ";
        };
        try {
            convert(entry, location);
        } catch (const IndicatorsError& error) {
            throw IndicatorsError(where() + error.what());
        } catch (const nlohmann::json::exception& error) {
            throw IndicatorsError(where() + error.what());
        }
    }
}

}  // namespace kolcat::curated
