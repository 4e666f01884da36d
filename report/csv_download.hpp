#pragma once
// A table's numbers as a download inside the report: CSV in the excel-sv dialect (the one
// `kolcat compare --format csv --csv-dialect excel-sv` writes: semicolons, decimal commas, a
// UTF-8 BOM, CRLF) carried by a data: URI, so the file needs nothing beside it.

#include <optional>
#include <string>
#include <vector>

#include "report/html_builder.hpp"

namespace kolcat::report {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

// A number at full precision (12 significant digits at most, as compare's CSV) with a decimal
// comma ("24,88"); missing: empty.
std::string csv_number(const std::optional<double>& value);
// The table as excel-sv CSV.
std::string excel_sv_csv(const CsvTable& table);
// "data:text/csv;charset=utf-8;base64,..." holding `csv`.
std::string csv_data_uri(const std::string& csv);
// RFC 4648 base64, with padding.
std::string base64(const std::string& bytes);
// <p class="download"><a href="data:..." download="name.csv">label</a></p>
void write_download_link(HtmlBuilder& out, const CsvTable& table, const std::string& file_name,
                         std::string_view label);

}  // namespace kolcat::report
