#pragma once
// Internal to sync/: the quick way through a data page. Kolada's pages are plain: minified or
// spaced JSON of one shape, ASCII strings without escapes, numbers that fit their type. For
// those, a small reader that knows the shape does the work of nlohmann's lexer at a fraction
// of its cost (numbers through std::from_chars, no token buffer, no callbacks), and fills the
// same per-item records as the full reader (value_page_builder.hpp), so every item passes the
// same checks.
//
// It gives up, returning nullopt, on anything else: a syntax error, an escape or a byte above
// 0x7f in a string, an unexpected container, a repeated key, a number out of its type's range,
// an item or envelope the checks refuse. The full reader (parse_value_text) then reads the
// page from the start, so what a page that is not plain gets (which error, which message, in
// which order) is decided there alone. A page it accepts nests at most five levels deep, which
// it reports (Page::checked_depth), so that the fetcher need not scan the text for nesting.

#include <optional>
#include <string_view>

#include "catalogue/value.hpp"
#include "sync/kolada/kolada_json.hpp"

namespace kolcat::sync::value_page {

std::optional<Page<catalogue::Value>> read_plain_page(std::string_view text);

}  // namespace kolcat::sync::value_page
