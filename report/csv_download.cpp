#include "report/csv_download.hpp"

#include <cmath>

#include "analysis/compare_stats.hpp"
#include "text/csv.hpp"
#include "text/number_format.hpp"

namespace kolcat::report {

std::string csv_number(const std::optional<double>& value) {
    // Tidied as compare's CSV is: a computed gap or ratio loses its floating-point noise.
    const std::optional<double> tidy = analysis::tidy_number(value);
    if (!tidy || !std::isfinite(*tidy)) {
        return {};
    }
    return text::format_full_precision(*tidy,
                                       text::csv_decimal_separator(text::CsvDialect::excel_sv));
}

std::string excel_sv_csv(const CsvTable& table) {
    std::string out = text::csv_start(text::CsvDialect::excel_sv);
    text::append_csv_line(out, table.header, text::CsvDialect::excel_sv);
    for (const auto& row : table.rows) {
        text::append_csv_line(out, row, text::CsvDialect::excel_sv);
    }
    return out;
}

std::string base64(const std::string& bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
        const auto b2 = static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[b0 >> 2];
        out += alphabet[((b0 & 0x03) << 4) | (b1 >> 4)];
        out += alphabet[((b1 & 0x0F) << 2) | (b2 >> 6)];
        out += alphabet[b2 & 0x3F];
    }
    if (i + 1 == bytes.size()) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        out += alphabet[b0 >> 2];
        out += alphabet[(b0 & 0x03) << 4];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
        out += alphabet[b0 >> 2];
        out += alphabet[((b0 & 0x03) << 4) | (b1 >> 4)];
        out += alphabet[(b1 & 0x0F) << 2];
        out += '=';
    }
    return out;
}

std::string csv_data_uri(const std::string& csv) {
    return "data:text/csv;charset=utf-8;base64," + base64(csv);
}

void write_download_link(HtmlBuilder& out, const CsvTable& table, const std::string& file_name,
                         std::string_view label) {
    out.open("p", {{"class", "download"}})
        .element("a", {{"href", csv_data_uri(excel_sv_csv(table))}, {"download", file_name}}, label)
        .close("p")
        .newline();
}

}  // namespace kolcat::report
