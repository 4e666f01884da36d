// One table in every output format (aligned, markdown, CSV, JSON), streamed or buffered.
// Longer than 400 lines: the formats share the cell texts and number rules above them, and
// splitting them would turn those private helpers into a header.

#include "cli/output/render.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cli/exit_codes.hpp"
#include "text/number_format.hpp"
#include "text/text_width.hpp"

namespace kolcat::cli {
namespace {

constexpr std::string_view missing_in_table = "–";

// std::to_chars, unlike printf, ignores the process locale (QCoreApplication sets it from the
// environment), so the decimal separator is always ours to choose.
std::string format_fixed(double value, int decimals, char decimal_separator) {
    char buffer[400];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    return text::with_decimal_separator(std::string(buffer, result.ptr), decimal_separator);
}

// Swedish numbers in tables follow the report's rules (svg_format's format_number): a comma
// before the decimals and a space between thousands ("382 100,5"). The report's no-break space
// keeps a number on one line in a browser; a terminal never wraps inside a cell, and a plain
// space is what people type when they search or paste the table.
std::string swedish_number(double value, int decimals) {
    const text::NumberStyle terminal_swedish{text::NumberStyle::swedish().decimal_separator, " "};
    return text::format_number(value, decimals, terminal_swedish);
}

// A stored value at full precision, grouped in Swedish when its shortest text has at most the
// six decimals format_number writes (Kolada's values do); otherwise as stored, with a comma.
std::string swedish_full_precision(double value) {
    const std::string text = text::format_full_precision(value);
    if (!std::isfinite(value) || text.find_first_of("eE") != std::string::npos) {
        return text::with_decimal_separator(text, ',');
    }
    const auto point = text.find('.');
    const int decimals = point == std::string::npos ? 0 : static_cast<int>(text.size() - point - 1);
    return decimals <= 6 ? swedish_number(value, decimals)
                         : text::with_decimal_separator(text, ',');
}

// Whole numbers in tables are years, ranks and counts: a year must read "2022", so only five
// digits and more are grouped, as Swedish allows for four-digit numbers.
std::string swedish_integer(std::int64_t value) {
    constexpr std::int64_t exact_in_double = std::int64_t{1} << 53;
    if (value > -10000 && value < 10000) {
        return std::to_string(value);
    }
    if (value <= -exact_in_double || value >= exact_in_double) {
        return std::to_string(value);
    }
    return swedish_number(static_cast<double>(value), 0);
}

// The text of a cell for the human formats (table, markdown). `decimals` is the column's.
std::string display_text(const Cell& value, const std::optional<int>& decimals,
                         NumberLocale locale) {
    const bool swedish = locale == NumberLocale::sv;
    if (std::holds_alternative<Missing>(value)) {
        return std::string(missing_in_table);
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* number = std::get_if<double>(&value)) {
        if (decimals && std::isfinite(*number)) {
            return swedish ? swedish_number(*number, *decimals)
                           : format_fixed(*number, *decimals, '.');
        }
        return swedish ? swedish_full_precision(*number) : text::format_full_precision(*number);
    }
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return swedish ? swedish_integer(*integer) : std::to_string(*integer);
    }
    return std::get<bool>(value) ? "yes" : "no";
}

// The text of a cell in CSV: full precision, empty when missing.
std::string csv_text(const Cell& value, char decimal_separator) {
    if (std::holds_alternative<Missing>(value)) {
        return {};
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* number = std::get_if<double>(&value)) {
        return text::format_full_precision(*number, decimal_separator);
    }
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*integer);
    }
    return std::get<bool>(value) ? "true" : "false";
}

std::string csv_header(const std::vector<Column>& columns, CsvDialect dialect) {
    std::string out = text::csv_start(dialect);
    std::vector<std::string> fields;
    for (const Column& column : columns) {
        fields.push_back(column.name);
    }
    text::append_csv_line(out, fields, dialect);
    return out;
}

void append_csv_row(std::string& out, const std::vector<Cell>& row, CsvDialect dialect) {
    std::vector<std::string> fields;
    fields.reserve(row.size());
    for (const Cell& value : row) {
        fields.push_back(csv_text(value, text::csv_decimal_separator(dialect)));
    }
    text::append_csv_line(out, fields, dialect);
}

nlohmann::ordered_json json_value(const Cell& value) {
    if (std::holds_alternative<Missing>(value)) {
        return nullptr;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* number = std::get_if<double>(&value)) {
        return std::isfinite(*number) ? nlohmann::ordered_json(*number) : nullptr;
    }
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return *integer;
    }
    return std::get<bool>(value);
}

// One object per line inside the array: valid JSON that also greps and diffs well.
void append_json_row(std::string& out, const std::vector<Column>& columns,
                     const std::vector<Cell>& row, bool first) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < row.size(); ++i) {
        object[columns[i].name] = json_value(row[i]);
    }
    out += first ? "\n  " : ",\n  ";
    // Replace invalid UTF-8 rather than throw: the data is Kolada's, not ours to reject here.
    out += object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The lines a cell's text takes in the aligned table: cut, or folded at spaces, to the
// column's max_width.
std::vector<std::string> cell_lines(const std::string& text, const Column& column) {
    if (!column.max_width) {
        return {text};
    }
    if (column.wrap) {
        return text::wrap_text(text, *column.max_width);
    }
    return {text::truncate_to_width(text, *column.max_width)};
}

std::vector<std::string> display_row(const std::vector<Cell>& row, const TableLayout& layout,
                                     NumberLocale locale) {
    std::vector<std::string> texts;
    texts.reserve(row.size());
    for (std::size_t i = 0; i < row.size(); ++i) {
        texts.push_back(display_text(row[i], layout.decimals[i], locale));
    }
    return texts;
}

// One row as the lines it takes on screen: a wrapped cell adds lines below the row, with the
// other cells left blank there.
std::vector<std::vector<std::string>> fit_to_columns(const std::vector<std::string>& row,
                                                     const std::vector<Column>& columns) {
    std::vector<std::vector<std::string>> cells(row.size());
    std::size_t height = 1;
    for (std::size_t i = 0; i < row.size(); ++i) {
        cells[i] = cell_lines(row[i], columns[i]);
        height = std::max(height, cells[i].size());
    }
    std::vector<std::vector<std::string>> lines(height, std::vector<std::string>(row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) {
        for (std::size_t line = 0; line < cells[i].size(); ++line) {
            lines[line][i] = cells[i][line];
        }
    }
    return lines;
}

std::string pad(const std::string& text, std::size_t width, Align align) {
    const std::size_t used = text::display_width(text);
    const std::string fill(width > used ? width - used : 0, ' ');
    return align == Align::right ? fill + text : text + fill;
}

void append_aligned_line(std::string& out, const std::vector<std::string>& line,
                         const std::vector<Column>& columns, const TableLayout& layout) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (i > 0) {
            text += "  ";
        }
        // Headers line up with their numbers: a right-aligned column's name is too.
        text += pad(line[i], layout.widths[i], columns[i].align);
    }
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    out += text;
    out += '\n';
}

std::string aligned_header(const std::vector<Column>& columns, const TableLayout& layout) {
    std::vector<std::string> header;
    std::vector<std::string> rule;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        header.push_back(columns[i].name);
        // The last column is not padded, so one long text need not stretch the rule across
        // the screen.
        const bool last = i + 1 == columns.size();
        rule.emplace_back(last ? std::min<std::size_t>(layout.widths[i], 80) : layout.widths[i],
                          '-');
    }
    std::string out;
    append_aligned_line(out, header, columns, layout);
    append_aligned_line(out, rule, columns, layout);
    return out;
}

std::string markdown_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '|' || c == '\\') {
            out += '\\';
        }
        out += (c == '\n' || c == '\r') ? ' ' : c;
    }
    return out;
}

std::string markdown_header(const std::vector<Column>& columns) {
    std::string out = "|";
    std::string rule = "|";
    for (const Column& column : columns) {
        out += " " + markdown_escape(column.name) + " |";
        rule += column.align == Align::right ? " ---: |" : " --- |";
    }
    return out + "\n" + rule + "\n";
}

void append_markdown_row(std::string& out, const std::vector<std::string>& texts) {
    out += "|";
    for (const std::string& text : texts) {
        out += " " + markdown_escape(text) + " |";
    }
    out += "\n";
}

bool decimals_from_data(const Column& column, NumberLocale locale) {
    return column.display_decimals && locale == NumberLocale::sv;
}

// The layout of a table whose decimals are the columns' own (markdown needs no widths).
TableLayout chosen_decimals(const std::vector<Column>& columns) {
    TableLayout layout;
    for (const Column& column : columns) {
        layout.decimals.push_back(column.display_decimals);
        layout.widths.push_back(text::display_width(column.name));
    }
    return layout;
}

void check_row_size(const std::vector<Cell>& row, const std::vector<Column>& columns) {
    if (row.size() != columns.size()) {
        throw std::logic_error("row has " + std::to_string(row.size()) + " cells for " +
                               std::to_string(columns.size()) + " columns");
    }
}

}  // namespace

OutputFormat parse_output_format(std::string_view word) {
    if (word == "table") {
        return OutputFormat::table;
    }
    if (word == "csv") {
        return OutputFormat::csv;
    }
    if (word == "json") {
        return OutputFormat::json;
    }
    if (word == "markdown" || word == "md") {
        return OutputFormat::markdown;
    }
    throw UsageError("unknown format '" + std::string(word) +
                     "': use table, csv, json or markdown");
}

CsvDialect parse_csv_dialect(std::string_view word) {
    if (word == "rfc4180" || word == "standard") {
        return CsvDialect::rfc4180;
    }
    if (word == "excel-sv") {
        return CsvDialect::excel_sv;
    }
    throw UsageError("unknown CSV dialect '" + std::string(word) + "': use rfc4180 or excel-sv");
}

NumberLocale parse_number_locale(std::string_view word) {
    if (word == "c" || word == "C" || word == "en") {
        return NumberLocale::c;
    }
    if (word == "sv" || word == "sv_SE") {
        return NumberLocale::sv;
    }
    throw UsageError("unknown locale '" + std::string(word) + "': use sv or en");
}

std::string render(const Table& table, const RenderOptions& options) {
    std::string out;
    RowSink sink(table.columns, options, [&out](const std::string& text) { out += text; });
    for (const auto& row : table.rows) {
        sink.add_row(row);
    }
    sink.finish();
    return out;
}

TableMeasure::TableMeasure(std::vector<Column> columns, NumberLocale locale)
    : columns_(std::move(columns)), locale_(locale) {
    for (const Column& column : columns_) {
        ColumnMeasure measure;
        if (decimals_from_data(column, locale_)) {
            for (int decimals = 0; decimals <= std::max(*column.display_decimals, 0); ++decimals) {
                measure.decimals.emplace_back(decimals);
            }
        } else {
            measure.decimals.push_back(column.display_decimals);
        }
        measure.exact.assign(measure.decimals.size(), true);
        measure.widths.assign(measure.decimals.size(), text::display_width(column.name));
        measures_.push_back(std::move(measure));
    }
}

void TableMeasure::add_row(const std::vector<Cell>& row) {
    check_row_size(row, columns_);
    for (std::size_t i = 0; i < row.size(); ++i) {
        ColumnMeasure& measure = measures_[i];
        const auto* number = std::get_if<double>(&row[i]);
        const bool choosing = measure.decimals.size() > 1 && number && std::isfinite(*number);
        for (std::size_t candidate = 0; candidate < measure.decimals.size(); ++candidate) {
            const std::optional<int>& decimals = measure.decimals[candidate];
            if (choosing && measure.exact[candidate]) {
                measure.exact[candidate] = text::exact_at_decimals(*number, *decimals);
            }
            for (const std::string& line :
                 cell_lines(display_text(row[i], decimals, locale_), columns_[i])) {
                measure.widths[candidate] =
                    std::max(measure.widths[candidate], text::display_width(line));
            }
        }
    }
}

TableLayout TableMeasure::layout() const {
    TableLayout layout;
    for (const ColumnMeasure& measure : measures_) {
        // As text::fewest_exact_decimals: the fewest places that show every number exactly,
        // the most the column allows when none does.
        std::size_t chosen = measure.decimals.size() - 1;
        for (std::size_t candidate = 0; candidate + 1 < measure.decimals.size(); ++candidate) {
            if (measure.exact[candidate]) {
                chosen = candidate;
                break;
            }
        }
        layout.decimals.push_back(measure.decimals[chosen]);
        layout.widths.push_back(measure.widths[chosen]);
    }
    return layout;
}

bool needs_layout(const std::vector<Column>& columns, const RenderOptions& options) {
    if (options.format == OutputFormat::table) {
        return true;
    }
    return options.format == OutputFormat::markdown &&
           std::any_of(columns.begin(), columns.end(), [&](const Column& column) {
               return decimals_from_data(column, options.locale);
           });
}

RowSink::RowSink(std::vector<Column> columns, RenderOptions options, Writer write,
                 std::optional<TableLayout> layout)
    : options_(options), write_(std::move(write)), layout_(std::move(layout)) {
    buffered_.columns = std::move(columns);
    if (layout_ && (layout_->decimals.size() != buffered_.columns.size() ||
                    layout_->widths.size() != buffered_.columns.size())) {
        throw std::logic_error("a table layout for other columns");
    }
    switch (options_.format) {
        case OutputFormat::csv:
            pending_ = csv_header(buffered_.columns, options_.csv_dialect);
            break;
        case OutputFormat::json:
            pending_ = "[";
            break;
        case OutputFormat::table:
        case OutputFormat::markdown:
            if (!layout_ && !needs_layout(buffered_.columns, options_)) {
                layout_ = chosen_decimals(buffered_.columns);
            }
            if (layout_) {
                start_streamed_table();
            }
            break;
    }
}

void RowSink::start_streamed_table() {
    pending_ += options_.format == OutputFormat::table ? aligned_header(buffered_.columns, *layout_)
                                                       : markdown_header(buffered_.columns);
}

void RowSink::append_streamed_row(const std::vector<Cell>& row) {
    const std::vector<std::string> texts = display_row(row, *layout_, options_.locale);
    if (options_.format == OutputFormat::markdown) {
        append_markdown_row(pending_, texts);
        return;
    }
    for (const auto& line : fit_to_columns(texts, buffered_.columns)) {
        append_aligned_line(pending_, line, buffered_.columns, *layout_);
    }
}

void RowSink::add_row(const std::vector<Cell>& row) {
    check_row_size(row, buffered_.columns);
    switch (options_.format) {
        case OutputFormat::csv:
            append_csv_row(pending_, row, options_.csv_dialect);
            break;
        case OutputFormat::json:
            append_json_row(pending_, buffered_.columns, row, rows_ == 0);
            break;
        case OutputFormat::table:
        case OutputFormat::markdown:
            if (layout_) {
                append_streamed_row(row);
            } else {
                buffered_.rows.push_back(row);
            }
            break;
    }
    ++rows_;
    flush_if_large();
}

void RowSink::flush_if_large() {
    constexpr std::size_t chunk = 1 << 20;
    if (pending_.size() >= chunk) {
        write_(pending_);
        pending_.clear();
    }
}

void RowSink::finish() {
    switch (options_.format) {
        case OutputFormat::csv:
            break;
        case OutputFormat::json:
            pending_ += rows_ == 0 ? "]\n" : "\n]\n";
            break;
        case OutputFormat::table:
        case OutputFormat::markdown:
            if (!layout_) {
                // The rows were held: measured now, then written as a streamed table's.
                TableMeasure measure(buffered_.columns, options_.locale);
                for (const auto& row : buffered_.rows) {
                    measure.add_row(row);
                }
                layout_ = measure.layout();
                start_streamed_table();
                for (const auto& row : buffered_.rows) {
                    append_streamed_row(row);
                    flush_if_large();
                }
            }
            break;
    }
    write_(pending_);
    pending_.clear();
}

}  // namespace kolcat::cli
