// The shared output formats: every command's tables go through these.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "cli/exit_codes.hpp"
#include "cli/output/render.hpp"
#include "text/number_format.hpp"
#include "text/text_width.hpp"

namespace kolcat::cli {
namespace {

Table sample_table() {
    Table table;
    table.columns = {{"unit", Align::left, {}},
                     {"title", Align::left, {}},
                     {"value", Align::right, {}},
                     {"count", Align::right, {}}};
    table.add_row({std::string("2513"), std::string("Överkalix"), 24.88, std::int64_t{3}});
    table.add_row(
        {std::string("2580"), std::string("Luleå, \"centrum\""), Missing{}, std::int64_t{1}});
    table.add_row({std::string("0000"), std::string("Riket"), 0.1 + 0.2, Missing{}});
    return table;
}

RenderOptions as(OutputFormat format) {
    RenderOptions options;
    options.format = format;
    return options;
}

}  // namespace

TEST_CASE("render: CSV is RFC 4180 with full precision and empty missing values") {
    const std::string csv = render(sample_table(), as(OutputFormat::csv));
    CHECK(csv ==
          "unit,title,value,count\r\n"
          "2513,Överkalix,24.88,3\r\n"
          "2580,\"Luleå, \"\"centrum\"\"\",,1\r\n"
          "0000,Riket,0.30000000000000004,\r\n");
}

TEST_CASE("render: excel-sv CSV has a BOM, semicolons and decimal commas") {
    RenderOptions options = as(OutputFormat::csv);
    options.csv_dialect = CsvDialect::excel_sv;
    const std::string csv = render(sample_table(), options);
    CHECK(csv.rfind("\xEF\xBB\xBFunit;title;value;count\r\n", 0) == 0);
    CHECK(csv.find("2513;Överkalix;24,88;3\r\n") != std::string::npos);
    // A comma in text needs no quotes with semicolons; quotes still do.
    CHECK(csv.find("2580;\"Luleå, \"\"centrum\"\"\";;1\r\n") != std::string::npos);
}

TEST_CASE("render: JSON is an array of objects with typed values and nulls") {
    const auto rows = nlohmann::json::parse(render(sample_table(), as(OutputFormat::json)));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0]["title"] == "Överkalix");
    CHECK(rows[0]["value"].get<double>() == 24.88);
    CHECK(rows[0]["count"].get<int>() == 3);
    CHECK(rows[1]["value"].is_null());
    CHECK(rows[2]["value"].get<double>() == 0.1 + 0.2);
    CHECK(rows[2]["count"].is_null());
    CHECK(nlohmann::json::parse(render(Table{{{"a", Align::left, {}}}, {}}, as(OutputFormat::json)))
              .empty());
}

TEST_CASE("render: tables align by display width, not bytes") {
    const std::string table = render(sample_table(), as(OutputFormat::table));
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < table.size();) {
        const auto end = table.find('\n', start);
        lines.push_back(table.substr(start, end - start));
        start = end + 1;
    }
    REQUIRE(lines.size() == 5);
    // The value column ends at the same display column on every row with a count.
    const auto value_end = [](const std::string& line, const std::string& value) {
        return text::display_width(line.substr(0, line.find(value) + value.size()));
    };
    CHECK(value_end(lines[2], "24.88") == value_end(lines[4], "0.30000000000000004"));
    CHECK(lines[3].find("–") != std::string::npos);  // missing is shown, not 0
    CHECK(lines[3].find(" 0 ") == std::string::npos);
}

TEST_CASE("render: Swedish decimal comma in tables and markdown, fixed decimals") {
    Table table;
    table.columns = {{"value", Align::right, 1}};
    table.add_row({24.88});
    RenderOptions options = as(OutputFormat::table);
    options.locale = NumberLocale::sv;
    CHECK(render(table, options).find("24,9") != std::string::npos);
    options.format = OutputFormat::markdown;
    CHECK(render(table, options) == "| value |\n| ---: |\n| 24,9 |\n");
}

TEST_CASE("render: Swedish tables group thousands and write no ,0 on whole numbers") {
    const std::string thousands = " ";  // the thousands separator: a plain space in tables
    Table table;
    table.columns = {{"T", Align::right, 1},
                     {"K/M", Align::right, 2},
                     {"value", Align::right, {}},
                     {"period", Align::right, {}},
                     {"count", Align::right, {}}};
    table.add_row({382100.0, 0.82, 404054.0, std::int64_t{2022}, std::int64_t{766672}});
    table.add_row({-74400.0, 1.0, 24.88, std::int64_t{1998}, std::int64_t{9999}});
    table.add_row({Missing{}, Missing{}, 0.097561, std::int64_t{2023}, std::int64_t{-12345}});
    RenderOptions options = as(OutputFormat::markdown);
    options.locale = NumberLocale::sv;
    // Worked out by hand: T holds whole numbers only, so no decimals; K/M keeps its two;
    // full-precision values are grouped; years and four-digit counts stay plain.
    CHECK(render(table, options) ==
          "| T | K/M | value | period | count |\n"
          "| ---: | ---: | ---: | ---: | ---: |\n"
          "| 382" +
              thousands + "100 | 0,82 | 404" + thousands + "054 | 2022 | 766" + thousands +
              "672 |\n"
              "| -74" +
              thousands +
              "400 | 1,00 | 24,88 | 1998 | 9999 |\n"
              "| – | – | 0,097561 | 2023 | -12" +
              thousands + "345 |\n");

    // One value with decimals in the column: every value keeps the column's decimal.
    Table mixed;
    mixed.columns = {{"T", Align::right, 1}};
    mixed.add_row({382100.0});
    mixed.add_row({1234.56});
    mixed.add_row({16.25});
    CHECK(render(mixed, options) == "| T |\n| ---: |\n| 382" + thousands + "100,0 |\n| 1" +
                                        thousands + "234,6 |\n| 16,3 |\n");
    // The report's rules with a plain space: one function for both.
    text::NumberStyle terminal = text::NumberStyle::swedish();
    terminal.group_separator = " ";
    CHECK(render(mixed, options).find(text::format_number(1234.56, 1, terminal)) !=
          std::string::npos);

    // English tables are unchanged: no grouping, the column's decimals.
    options.locale = NumberLocale::c;
    CHECK(render(table, options).find("| 382100.0 | 0.82 | 404054 | 2022 | 766672 |") !=
          std::string::npos);
    // The aligned table lines numbers up by display width (the no-break space is one column).
    options = as(OutputFormat::table);
    options.locale = NumberLocale::sv;
    const std::string aligned = render(table, options);
    CHECK(aligned.find("382" + thousands + "100") != std::string::npos);
    CHECK(aligned.find("382100,0") == std::string::npos);
}

TEST_CASE("render: markdown escapes pipes") {
    Table table;
    table.columns = {{"title", Align::left, {}}};
    table.add_row({std::string("a|b")});
    CHECK(render(table, as(OutputFormat::markdown)) == "| title |\n| --- |\n| a\\|b |\n");
}

TEST_CASE("render: streaming sink writes CSV in chunks and equals the whole render") {
    std::string streamed;
    int writes = 0;
    RowSink sink(sample_table().columns, as(OutputFormat::csv), [&](const std::string& text) {
        streamed += text;
        ++writes;
    });
    const Table table = sample_table();
    for (int i = 0; i < 60000; ++i) {
        sink.add_row(table.rows[static_cast<std::size_t>(i % 3)]);
    }
    sink.finish();
    CHECK(writes > 1);  // more than 1 MiB: flushed before the end
    CHECK(streamed.rfind("unit,title,value,count\r\n", 0) == 0);
    CHECK(std::count(streamed.begin(), streamed.end(), '\n') == 60001);
}

// Rows whose widest cells come last, a folded and a cut column, and numbers whose Swedish
// decimals depend on every row: what a layout must be measured over before the first row.
Table many_rows() {
    Table table;
    table.columns = {{"unit", Align::left, {}},           {"title", Align::left, {}, 12},
                     {"note", Align::left, {}, 10, true}, {"share", Align::right, 2},
                     {"whole", Align::right, 1},          {"count", Align::right, {}}};
    for (int i = 0; i < 20000; ++i) {
        const bool last = i == 19999;
        table.add_row({std::string(last ? "G33612" : "0025"),
                       std::string(i % 7 == 0 ? "Överkalix kommun i Norrbotten" : "Luleå"),
                       std::string(i % 11 == 0 ? "två ord och några fler ord" : "kort"),
                       i % 5 == 0 ? Cell(Missing{}) : Cell(i / 4.0),
                       Cell(static_cast<double>(last ? 1234567 : i)), Cell(std::int64_t{i})});
    }
    return table;
}

TEST_CASE("render: a table measured first streams exactly what the whole render writes") {
    const Table table = many_rows();
    for (const OutputFormat format : {OutputFormat::table, OutputFormat::markdown}) {
        for (const NumberLocale locale : {NumberLocale::c, NumberLocale::sv}) {
            RenderOptions options = as(format);
            options.locale = locale;
            CAPTURE(static_cast<int>(format));
            CAPTURE(static_cast<int>(locale));
            std::optional<TableLayout> layout;
            if (needs_layout(table.columns, options)) {
                TableMeasure measure(table.columns, locale);
                for (const auto& row : table.rows) {
                    measure.add_row(row);
                }
                layout = measure.layout();
            }
            std::string streamed;
            int writes_before_finish = 0;
            bool finished = false;
            RowSink sink(
                table.columns, options,
                [&](const std::string& text) {
                    streamed += text;
                    writes_before_finish += finished ? 0 : 1;
                },
                layout);
            for (const auto& row : table.rows) {
                sink.add_row(row);
            }
            finished = true;
            sink.finish();
            CHECK(writes_before_finish > 0);  // written as the rows came, not held to the end
            CHECK(streamed == render(table, options));
        }
    }
    // The Swedish whole numbers drop their ",0"; the shares keep both decimals.
    RenderOptions swedish = as(OutputFormat::table);
    swedish.locale = NumberLocale::sv;
    const std::string text = render(table, swedish);
    CHECK(text.find("1 234 567") != std::string::npos);
    CHECK(text.find("1 234 567,0") == std::string::npos);
    CHECK(text.find("0,25") != std::string::npos);
}

TEST_CASE("render: a layout for other columns is refused") {
    TableLayout layout;
    layout.decimals = {std::nullopt};
    layout.widths = {4};
    CHECK_THROWS_AS(
        RowSink(
            sample_table().columns, as(OutputFormat::table), [](const std::string&) {}, layout),
        std::logic_error);
}

TEST_CASE("render: full precision round-trips") {
    for (const double value : {24.88, 1e-7, 123456789.125, -0.5, 0.1 + 0.2}) {
        CHECK(std::stod(text::format_full_precision(value)) == value);
    }
    CHECK(text::format_full_precision(24.88, ',') == "24,88");
}

TEST_CASE("render: format words are parsed strictly") {
    CHECK(parse_output_format("json") == OutputFormat::json);
    CHECK(parse_output_format("markdown") == OutputFormat::markdown);
    CHECK_THROWS_AS(parse_output_format("xml"), UsageError);
    CHECK(parse_csv_dialect("excel-sv") == CsvDialect::excel_sv);
    CHECK_THROWS_AS(parse_csv_dialect("excel"), UsageError);
    CHECK(parse_number_locale("sv") == NumberLocale::sv);
    CHECK_THROWS_AS(parse_number_locale("de"), UsageError);
}

TEST_CASE("text width: å, ä, ö count once; combining marks none; wide characters two") {
    CHECK(text::display_width("Överkalix") == 9);
    CHECK(text::display_width("Luleå") == 5);
    CHECK(text::display_width("a\xCC\x8A") == 1);     // a + combining ring above
    CHECK(text::display_width("\xE6\x9D\xB1") == 2);  // a CJK ideograph
    CHECK(text::display_width("\xFF") == 1);          // invalid UTF-8 counts one
    CHECK(text::truncate_to_width("Övertorneå", 5) == "Över…");
    CHECK(text::truncate_to_width("Pajala", 6) == "Pajala");
}

}  // namespace kolcat::cli

namespace kolcat::cli {

TEST_CASE("render: tables cut or fold long texts; other formats keep them whole") {
    const std::string title =
        "Andel invånare som avstått från att gå ut ensamma på kvällen av rädsla, andel (%)";
    Table table;
    table.columns = {{"kpi", Align::left, {}},
                     {"title", Align::left, {}, 30},
                     {"value", Align::right, 1},
                     {"description", Align::left, {}, 24, true}};
    table.add_row({std::string("U99999"), title, 12.5,
                   std::string("Källa: SCB. Mäts vartannat år i åldern 16-84 år; "
                               "/a/very/long/path/that/stays/whole/on/its/own/line")});
    const std::string text = render(table, as(OutputFormat::table));
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size();) {
        const auto end = text.find('\n', start);
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    // Header, rule, then the row folded onto several lines.
    REQUIRE(lines.size() > 3);
    CHECK(lines[2].find("Andel invånare som avstått fr…") != std::string::npos);
    CHECK(lines[2].find("Källa: SCB. Mäts") != std::string::npos);
    // Continuation lines leave the other columns blank and keep the folded column aligned.
    const auto column = text::display_width(lines[2].substr(0, lines[2].find("Källa")));
    for (std::size_t i = 3; i < lines.size(); ++i) {
        CHECK(text::display_width(lines[i].substr(0, lines[i].find_first_not_of(' '))) == column);
    }
    CHECK(text.find("/a/very/long/path/that/stays/whole/on/its/own/line") != std::string::npos);
    // A right-aligned column's header lines up with its numbers.
    CHECK(text::display_width(lines[0].substr(0, lines[0].find("value") + 5)) ==
          text::display_width(lines[2].substr(0, lines[2].find("12.5") + 4)));

    const std::string csv = render(table, as(OutputFormat::csv));
    CHECK(csv.find(title) != std::string::npos);
    const std::string markdown = render(table, as(OutputFormat::markdown));
    CHECK(markdown.find(title) != std::string::npos);
}

}  // namespace kolcat::cli
