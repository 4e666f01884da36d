#pragma once
// CSV as kolcat writes it, in either dialect: the fields, their quoting, the separators and the
// line ends. The command line's outputs and the report's download links share it, so a file
// downloaded from the report opens as `--format csv --csv-dialect excel-sv` does.

#include <string>
#include <vector>

namespace kolcat::text {

enum class CsvDialect {
    rfc4180,  // comma, decimal point, CRLF
    excel_sv  // semicolon, decimal comma, UTF-8 BOM, CRLF: what Swedish Excel opens correctly
};

char csv_separator(CsvDialect dialect);
char csv_decimal_separator(CsvDialect dialect);
// What a file starts with: the UTF-8 BOM in excel-sv (it tells Excel the file is UTF-8).
std::string csv_start(CsvDialect dialect);
// One field, quoted when it holds the separator, a quote or a line end, or starts or ends with
// a space; quotes inside are doubled.
std::string csv_field(const std::string& text, char separator);
// The fields joined by the dialect's separator, each quoted as needed, then CRLF.
void append_csv_line(std::string& out, const std::vector<std::string>& fields, CsvDialect dialect);

}  // namespace kolcat::text
