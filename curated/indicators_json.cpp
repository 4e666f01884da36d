#include "curated/indicators_json.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "text/json_nesting.hpp"

namespace kolcat::curated {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

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

namespace {

// The files nest four levels deep. Deeper text is refused before it is parsed: a hostile local
// file of 100 000 nested arrays would otherwise make later steps (copying an entry, for one)
// recurse until the stack overflows.
constexpr int kMaxNesting = 64;

// The reason of a parse error without nlohmann's "[json.exception...] parse error at ...:"
// prefix: the location is computed by the caller from the byte offset.
std::string parse_error_reason(const nlohmann::json::parse_error& error) {
    const std::string what = error.what();
    const auto prefix = what.find("parse error");
    const auto colon = prefix == std::string::npos ? std::string::npos : what.find(": ", prefix);
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

}  // namespace

JsonFile read_json_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
    JsonFile file{path, {}, {}};
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        throw IndicatorsReadError(path.string() + ": cannot read the file: " + error.message());
    }
    if (size > max_bytes) {
        throw IndicatorsError(path.string() + ": the file is too large (" + std::to_string(size) +
                              " bytes; at most " + std::to_string(max_bytes) + ")");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw IndicatorsReadError(path.string() + ": cannot read the file");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();  // sets failbit on an empty file, which is not an error here
    if (in.bad()) {
        throw IndicatorsReadError(path.string() + ": cannot read the file");
    }
    file.text = std::move(buffer).str();
    if (const auto offset = text::json_too_deep_at(file.text, kMaxNesting)) {
        const auto position = position_of_offset(file.text, *offset);
        throw IndicatorsError(path.string() + ":" + std::to_string(position.line) + ":" +
                              std::to_string(position.column) +
                              ": invalid JSON: nested deeper than " + std::to_string(kMaxNesting) +
                              " levels");
    }
    try {
        file.root = nlohmann::json::parse(file.text);
    } catch (const nlohmann::json::parse_error& parse_error) {
        const auto position =
            position_of_offset(file.text, parse_error.byte == 0 ? 0 : parse_error.byte - 1);
        throw IndicatorsError(path.string() + ":" + std::to_string(position.line) + ":" +
                              std::to_string(position.column) +
                              ": invalid JSON: " + parse_error_reason(parse_error));
    } catch (const nlohmann::json::exception& unreadable) {
        // Well-formed but unrepresentable, e.g. a number beyond double's range (1e999).
        std::string reason = unreadable.what();
        if (const auto end = reason.find("] ");
            reason.starts_with("[json.exception.") && end != std::string::npos) {
            reason.erase(0, end + 2);
        }
        throw IndicatorsError(path.string() + ": invalid JSON: " + reason);
    }
    return file;
}

std::string json_type_name(const nlohmann::json& value) {
    if (value.is_number_float()) {
        return "a non-integer number";
    }
    const std::string name = value.type_name();
    return (name == "array" || name == "object" ? "an " : "a ") + name;
}

void require_top_level(const JsonFile& file, std::initializer_list<std::string_view> allowed,
                       std::initializer_list<std::string_view> required) {
    const auto where = file.path.string() + ":1: ";
    if (!file.root.is_object()) {
        throw IndicatorsError(where + "the file must hold a JSON object, not " +
                              json_type_name(file.root));
    }
    for (const auto& item : file.root.items()) {
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
            std::string expected;
            for (const auto name : allowed) {
                expected += expected.empty() ? "" : ", ";
                expected += name;
            }
            throw IndicatorsError(where + "unknown top-level member \"" +
                                  item.key().substr(0, 100) + "\" (expected: " + expected + ")");
        }
    }
    for (const auto name : required) {
        if (!file.root.contains(name)) {
            throw IndicatorsError(where + "missing the top-level array \"" + std::string(name) +
                                  "\"");
        }
    }
}

std::string entry_label(const nlohmann::json& entry) {
    if (!entry.is_object()) {
        return "";
    }
    for (const char* key : {"id", "name", "number", "kpi"}) {
        const auto it = entry.find(key);
        if (it != entry.end() && (it->is_string() || it->is_number_integer())) {
            const auto text = it->is_string() ? it->get<std::string>() : it->dump();
            return " (" + text.substr(0, 40) + ")";
        }
    }
    return "";
}

}  // namespace kolcat::curated
