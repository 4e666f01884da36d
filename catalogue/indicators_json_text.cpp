#include "catalogue/indicators_json_text.hpp"

#include <algorithm>

namespace kolcat {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Scanner {
public:
    explicit Scanner(std::string_view text) : text_(text) {}

    bool done() const { return pos_ >= text_.size(); }
    char peek() const { return done() ? '\0' : text_[pos_]; }
    std::size_t pos() const { return pos_; }

    void skip_space() {
        while (!done() && is_space(text_[pos_])) {
            ++pos_;
        }
    }
    bool consume(char c) {
        skip_space();
        if (peek() != c) {
            return false;
        }
        ++pos_;
        return true;
    }
    // At an opening quote: returns the raw content (escapes left as they are) and moves past
    // the closing quote.
    std::string_view string_token() {
        const std::size_t start = ++pos_;
        while (!done() && text_[pos_] != '"') {
            pos_ += text_[pos_] == '\\' ? 2 : 1;
        }
        const std::size_t end = std::min(pos_, text_.size());
        if (!done()) {
            ++pos_;
        }
        return text_.substr(start, end - start);
    }
    // Skips one value of any kind, nested ones included, iteratively.
    void skip_value() {
        skip_space();
        if (done()) {
            return;
        }
        if (peek() == '"') {
            string_token();
            return;
        }
        if (peek() != '{' && peek() != '[') {  // a number or a literal
            while (!done() && !is_space(peek()) && peek() != ',' && peek() != '}' &&
                   peek() != ']') {
                ++pos_;
            }
            return;
        }
        int depth = 0;
        while (!done()) {
            const char c = text_[pos_];
            if (c == '"') {
                string_token();
                continue;
            }
            ++pos_;
            if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return;
            }
        }
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

TextPosition position_of_offset(std::string_view text, std::size_t offset) {
    TextPosition position;
    const std::size_t end = std::min(offset, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++position.line;
            position.column = 1;
        } else {
            ++position.column;
        }
    }
    return position;
}

std::vector<int> array_element_lines(std::string_view text, std::string_view key) {
    std::vector<int> lines;
    Scanner scanner(text);
    if (!scanner.consume('{')) {
        return lines;
    }
    while (true) {
        scanner.skip_space();
        if (scanner.peek() != '"') {
            return lines;
        }
        const std::string_view member = scanner.string_token();
        if (!scanner.consume(':')) {
            return lines;
        }
        scanner.skip_space();
        if (member == key && scanner.peek() == '[') {
            scanner.consume('[');
            scanner.skip_space();
            // Lines are counted incrementally: the text may be large, the array is scanned once.
            std::size_t counted_to = 0;
            int line = 1;
            while (!scanner.done() && scanner.peek() != ']') {
                for (; counted_to < scanner.pos(); ++counted_to) {
                    line += text[counted_to] == '\n' ? 1 : 0;
                }
                lines.push_back(line);
                const std::size_t before = scanner.pos();
                scanner.skip_value();
                if (!scanner.consume(',') || scanner.pos() == before) {
                    break;
                }
                scanner.skip_space();
            }
            return lines;
        }
        scanner.skip_value();
        if (!scanner.consume(',')) {
            return lines;
        }
    }
}

}  // namespace kolcat
