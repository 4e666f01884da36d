#include "text/text_width.hpp"

#include <cstdint>

namespace kolcat::text {
namespace {

struct Decoded {
    char32_t code_point;
    std::size_t length;  // bytes consumed
};

// Decodes one UTF-8 sequence; an invalid byte decodes as itself with length 1.
Decoded decode_one(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 1;
    char32_t code_point = lead;
    if (lead >= 0xF0 && lead < 0xF8) {
        length = 4;
        code_point = lead & 0x07U;
    } else if (lead >= 0xE0) {
        length = 3;
        code_point = lead & 0x0FU;
    } else if (lead >= 0xC0) {
        length = 2;
        code_point = lead & 0x1FU;
    }
    if (length == 1 || at + length > text.size()) {
        return {lead, 1};
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if ((next & 0xC0U) != 0x80U) {
            return {lead, 1};
        }
        code_point = (code_point << 6) | (next & 0x3FU);
    }
    return {code_point, length};
}

bool is_zero_width(char32_t c) {
    return (c >= 0x0300 && c <= 0x036F) ||  // combining diacritical marks
           (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B ||
           c == 0x200C || c == 0x200D || c == 0xFEFF;
}

bool is_wide(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

std::size_t width_of(char32_t c) {
    if (is_zero_width(c)) {
        return 0;
    }
    return is_wide(c) ? 2 : 1;
}

}  // namespace

std::size_t display_width(std::string_view utf8) {
    std::size_t width = 0;
    for (std::size_t at = 0; at < utf8.size();) {
        const Decoded decoded = decode_one(utf8, at);
        width += width_of(decoded.code_point);
        at += decoded.length;
    }
    return width;
}

std::string truncate_to_width(std::string_view utf8, std::size_t max_width) {
    if (display_width(utf8) <= max_width) {
        return std::string(utf8);
    }
    if (max_width == 0) {
        return {};
    }
    std::string out;
    std::size_t width = 0;
    for (std::size_t at = 0; at < utf8.size();) {
        const Decoded decoded = decode_one(utf8, at);
        const std::size_t w = width_of(decoded.code_point);
        if (width + w > max_width - 1) {  // keep one column for the ellipsis
            break;
        }
        out.append(utf8.substr(at, decoded.length));
        width += w;
        at += decoded.length;
    }
    return out + "…";
}

std::vector<std::string> wrap_text(const std::string& text, std::size_t width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(' ', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string word = text.substr(start, end - start);
        start = end + 1;
        if (word.empty()) {
            continue;
        }
        if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
            lines.push_back(std::move(line));
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty() || lines.empty()) {
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace kolcat::text
