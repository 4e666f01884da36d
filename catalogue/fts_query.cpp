#include "catalogue/fts_query.hpp"

namespace kolcat::catalogue {

namespace {

bool is_word_byte(char c) {
    const auto byte = static_cast<unsigned char>(c);
    // Bytes of multi-byte UTF-8 sequences (å, ä, ö, ...) belong to the word.
    return byte >= 0x80 || (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
           (byte >= 'A' && byte <= 'Z');
}

}  // namespace

std::string to_fts_query(std::string_view text) {
    std::string query;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_word_byte(text[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < text.size() && is_word_byte(text[i])) {
            ++i;
        }
        if (!query.empty()) {
            query += ' ';
        }
        // A word never holds a '"' (it is a separator), so the quotes cannot be closed early.
        query += '"';
        query += text.substr(start, i - start);
        query += "\"*";
    }
    return query;
}

}  // namespace kolcat::catalogue
