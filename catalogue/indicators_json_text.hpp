#pragma once
// Positions in the text of a JSON file, for error messages that point at a line. nlohmann/json
// reports a syntax error's byte offset but keeps no positions of parsed values, so the loader
// finds where each entry begins by scanning the (already validated) text itself.

#include <cstddef>
#include <string_view>
#include <vector>

namespace kolcat {

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

}  // namespace kolcat
