#include <doctest/doctest.h>

#include <string>

#include "text/csv.hpp"

using namespace kolcat::text;

TEST_CASE("csv: fields are quoted only when they must be, quotes doubled") {
    CHECK(csv_field("plain", ',') == "plain");
    CHECK(csv_field("a,b", ',') == "\"a,b\"");
    CHECK(csv_field("a,b", ';') == "a,b");  // excel-sv's separator is the semicolon
    CHECK(csv_field("a;b", ';') == "\"a;b\"");
    CHECK(csv_field("say \"hi\"", ';') == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines", ',') == "\"two\nlines\"");
    CHECK(csv_field(" padded", ',') == "\" padded\"");
    CHECK(csv_field("", ',').empty());
}

TEST_CASE("csv: the dialects' separators, start and line ends") {
    CHECK(csv_separator(CsvDialect::rfc4180) == ',');
    CHECK(csv_separator(CsvDialect::excel_sv) == ';');
    CHECK(csv_decimal_separator(CsvDialect::rfc4180) == '.');
    CHECK(csv_decimal_separator(CsvDialect::excel_sv) == ',');
    CHECK(csv_start(CsvDialect::rfc4180).empty());
    CHECK(csv_start(CsvDialect::excel_sv) == "\xEF\xBB\xBF");
    std::string out;
    append_csv_line(out, {"kpi", "title; with separator", "24,88"}, CsvDialect::excel_sv);
    CHECK(out == "kpi;\"title; with separator\";24,88\r\n");
    out.clear();
    append_csv_line(out, {"kpi", "24,88"}, CsvDialect::rfc4180);
    CHECK(out == "kpi,\"24,88\"\r\n");
}
