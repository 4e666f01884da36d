#pragma once
// Turns what a user typed into an FTS5 query that can never be a syntax error.

#include <string>
#include <string_view>

namespace kolcat::catalogue {

// Every word becomes a quoted prefix phrase ("word"*), and the phrases are ANDed, so FTS5
// operators, quotes, parentheses and stars in the text are only ever searched for, never
// parsed. Words are split at ASCII characters other than letters and digits; other UTF-8 stays
// inside the word and is folded by the tokenizer. Empty when the text has no word at all.
std::string to_fts_query(std::string_view text);

}  // namespace kolcat::catalogue
