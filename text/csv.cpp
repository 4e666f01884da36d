#include "text/csv.hpp"

namespace kolcat::text {

namespace {
constexpr std::string_view csv_line_end = "\r\n";  // RFC 4180 section 2.1
}  // namespace

char csv_separator(CsvDialect dialect) {
    return dialect == CsvDialect::excel_sv ? ';' : ',';
}

char csv_decimal_separator(CsvDialect dialect) {
    return dialect == CsvDialect::excel_sv ? ',' : '.';
}

std::string csv_start(CsvDialect dialect) {
    return dialect == CsvDialect::excel_sv ? "\xEF\xBB\xBF" : "";
}

std::string csv_field(const std::string& text, char separator) {
    const bool needs_quotes =
        text.find_first_of(std::string{separator, '"', '\r', '\n'}) != std::string::npos ||
        (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!needs_quotes) {
        return text;
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    return quoted + "\"";
}

void append_csv_line(std::string& out, const std::vector<std::string>& fields, CsvDialect dialect) {
    const char separator = csv_separator(dialect);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += csv_field(fields[i], separator);
    }
    out += csv_line_end;
}

}  // namespace kolcat::text
