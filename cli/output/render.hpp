#pragma once
// Renders a Table in the format the user chose. One place for every command's output.

#include <functional>
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

// Renders rows as they come, for outputs too large to hold (millions of values). CSV and JSON
// are streamed to `write` in chunks; table and markdown need every row to size the columns, so
// they are buffered until finish().
class RowSink {
  public:
    using Writer = std::function<void(const std::string&)>;
    RowSink(std::vector<Column> columns, RenderOptions options, Writer write);
    void add_row(const std::vector<Cell>& row);
    void finish();

  private:
    void flush_if_large();

    Table buffered_;
    RenderOptions options_;
    Writer write_;
    std::string pending_;
    std::size_t rows_ = 0;
};

}  // namespace kolcat::cli
