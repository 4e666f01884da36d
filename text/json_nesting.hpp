#pragma once
// How deep JSON text nests, before it is parsed: the curated files and Kolada's answers are
// refused when they nest deeper than they ever need, so that a hostile document cannot make a
// recursive step overflow the stack.

#include <cstddef>
#include <optional>
#include <string_view>

namespace kolcat::text {

// The offset of the first bracket that opens more than max_depth levels, if any. A linear
// scan that skips strings; not a validator: on malformed text a best effort (the parser
// rejects such text anyway).
std::optional<std::size_t> json_too_deep_at(std::string_view text, int max_depth);

}  // namespace kolcat::text
