#pragma once
// Terminal display width of UTF-8 text, so that columns holding "Överkalix" and "Luleå" line
// up: a byte count would over-count every å, ä and ö.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kolcat::text {

// Columns the text occupies on a terminal: combining marks take none, East Asian wide
// characters two, everything else one. Invalid UTF-8 bytes count one each.
std::size_t display_width(std::string_view utf8);

// Cuts the text to at most max_width columns, ending with "…" when it was cut; never splits a
// UTF-8 sequence.
std::string truncate_to_width(std::string_view utf8, std::size_t max_width);

// Folds text at spaces into lines of at most `width` display columns; a longer word (a path,
// a URL) keeps a line of its own, whole. Runs of spaces fold like one. Never returns no line.
std::vector<std::string> wrap_text(const std::string& text, std::size_t width);

}  // namespace kolcat::text
