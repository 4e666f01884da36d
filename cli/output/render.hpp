#pragma once
// Renders a Table in the format the user chose. One place for every command's output.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/output/table.hpp"
#include "text/csv.hpp"

namespace kolcat::cli {

enum class OutputFormat { table, csv, json, markdown };
// rfc4180 or excel_sv; the report's download links write excel-sv with the same code.
using CsvDialect = text::CsvDialect;
// sv: table and markdown numbers as the report writes them (decimal comma, thousands grouped
// by a space, no ",0" in a column of whole numbers).
enum class NumberLocale { c, sv };

struct RenderOptions {
    OutputFormat format = OutputFormat::table;
    CsvDialect csv_dialect = CsvDialect::rfc4180;
    NumberLocale locale = NumberLocale::c;
};

// Parsers for the command-line words; throw UsageError naming the accepted words.
OutputFormat parse_output_format(std::string_view word);
CsvDialect parse_csv_dialect(std::string_view word);
NumberLocale parse_number_locale(std::string_view word);

std::string render(const Table& table, const RenderOptions& options);

// What a table needs to know of every row before it writes the first: each column's decimals
// (in Swedish, a column of whole numbers drops its ",0") and, for the aligned table, its width.
struct TableLayout {
    std::vector<std::optional<int>> decimals;
    std::vector<std::size_t> widths;  // display widths, the header's included
};

// Measures rows one at a time, keeping only the layout: the first of two passes over rows too
// many to hold (a full mirror's millions of changes), the second a RowSink given the layout.
class TableMeasure {
  public:
    TableMeasure(std::vector<Column> columns, NumberLocale locale);
    void add_row(const std::vector<Cell>& row);
    TableLayout layout() const;

  private:
    // One column's candidates: the decimals it may be shown with (one, unless Swedish picks
    // them from the data), whether every number so far is exact at each, and the widest text.
    struct ColumnMeasure {
        std::vector<std::optional<int>> decimals;
        std::vector<bool> exact;
        std::vector<std::size_t> widths;
    };
    std::vector<Column> columns_;
    NumberLocale locale_;
    std::vector<ColumnMeasure> measures_;
};

// Whether these options need a TableLayout, that is every row, before the first is written: the
// aligned table, and markdown when Swedish decimals depend on the data.
bool needs_layout(const std::vector<Column>& columns, const RenderOptions& options);

// Renders rows as they come, for outputs too large to hold (millions of values), to `write` in
// chunks. CSV and JSON always stream. Table and markdown stream when given their layout (or,
// for markdown, when it needs none: see needs_layout); without it they are buffered until
// finish(), which measures them first.
class RowSink {
  public:
    using Writer = std::function<void(const std::string&)>;
    RowSink(std::vector<Column> columns, RenderOptions options, Writer write,
            std::optional<TableLayout> layout = std::nullopt);
    void add_row(const std::vector<Cell>& row);
    void finish();

  private:
    void start_streamed_table();
    void append_streamed_row(const std::vector<Cell>& row);
    void flush_if_large();

    Table buffered_;
    RenderOptions options_;
    Writer write_;
    std::optional<TableLayout> layout_;  // set: table and markdown rows are written as they come
    std::string pending_;
    std::size_t rows_ = 0;
};

}  // namespace kolcat::cli
