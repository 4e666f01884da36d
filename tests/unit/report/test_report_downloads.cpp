#include <doctest/doctest.h>

#include <string>

#include "report/csv_download.hpp"
#include "report/html.hpp"
#include "tests/support/test_html_support.hpp"
#include "tests/support/test_report_sample.hpp"

using namespace kolcat;
using namespace kolcat::report;
using namespace kolcat::report_sample;
using kolcat::testing::MarkupNode;
using kolcat::testing::parse_markup;

namespace {

constexpr std::string_view data_prefix = "data:text/csv;charset=utf-8;base64,";

// RFC 4648 base64, decoded here independently of the report's encoder.
std::string decode_base64(const std::string& text) {
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        if (c == '=') {
            break;
        }
        const auto index = alphabet.find(c);
        REQUIRE(index != std::string::npos);
        buffer = (buffer << 6) | static_cast<unsigned>(index);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

// The CSV behind the download link that follows the element matched, in document order.
std::string csv_of(const MarkupNode& link) {
    const std::string href = link.attribute("href");
    REQUIRE(href.rfind(data_prefix, 0) == 0);
    return decode_base64(href.substr(data_prefix.size()));
}

const MarkupNode* by_id(const MarkupNode& root, const std::string& id) {
    const auto found =
        root.find_all([&](const MarkupNode& node) { return node.attribute("id") == id; });
    REQUIRE(found.size() == 1);
    return found.front();
}

}  // namespace

TEST_CASE("report downloads: base64 as RFC 4648's test vectors") {
    CHECK(base64("") == "");
    CHECK(base64("f") == "Zg==");
    CHECK(base64("fo") == "Zm8=");
    CHECK(base64("foo") == "Zm9v");
    CHECK(base64("foob") == "Zm9vYg==");
    CHECK(base64("fooba") == "Zm9vYmE=");
    CHECK(base64("foobar") == "Zm9vYmFy");
    CHECK(base64("\xEF\xBB\xBF") == "77u/");
}

TEST_CASE("report downloads: excel-sv CSV with a BOM, semicolons, decimal commas and CRLF") {
    CsvTable table;
    table.header = {"kpi", "title", "T"};
    table.rows = {{"N00957", "Ohälsotal; dagar", csv_number(24.88)},
                  {"N00209", "Säger \"hej\"", csv_number(std::nullopt)},
                  {"N1", "x", csv_number(-2600.5)}};
    CHECK(excel_sv_csv(table) ==
          "\xEF\xBB\xBFkpi;title;T\r\n"
          "N00957;\"Ohälsotal; dagar\";24,88\r\n"
          "N00209;\"Säger \"\"hej\"\"\";\r\n"
          "N1;x;-2600,5\r\n");
    // Floating-point noise in a computed number goes, as in compare's CSV.
    CHECK(csv_number(30.39 - 19.92) == "10,47");
    CHECK(csv_data_uri("a;b\r\n") == "data:text/csv;charset=utf-8;base64,YTtiDQo=");
}

TEST_CASE("report downloads: the numbers table's link holds the table as excel-sv CSV") {
    const auto root = parse_markup(render_report_html(sample_report()));
    const MarkupNode* sick = by_id(*root, "goal-2-N00957");
    const auto links = sick->find_by_class("download");
    REQUIRE(links.size() == 2);  // the numbers, then the trend
    const auto numbers_link = links[0]->find_all("a");
    REQUIRE(numbers_link.size() == 1);
    CHECK(numbers_link[0]->attribute("download") == "N00957.csv");
    // Worked out from the sample: Halland 23 / 16 = 1.4375; Norrbotten 30.39 − 19.92 = 10.47 and
    // 30.39 / 19.92 = 1.52560240964 (12 digits); Riket 26 − 18.75 = 7.25, 26 / 18.75 =
    // 1.38666666667; the median of the compared units 19.5.
    CHECK(csv_of(*numbers_link[0]) ==
          "\xEF\xBB\xBF"
          "kpi;kpi_title;period;unit;title;role;T;K;M;gap;ratio;rank;diff_national;synced\r\n"
          "N00957;Ohälsotal, dagar;2022;0013;Region Halland;compared;19,5;23;16;7;1,4375;1;;"
          "true\r\n"
          "N00957;Ohälsotal, dagar;2022;0025;Region Norrbotten;focus;24,88;30,39;19,92;10,47;"
          "1,52560240964;2;;true\r\n"
          "N00957;Ohälsotal, dagar;2022;0024;Region Västerbotten;compared;;;;;;;;true\r\n"
          "N00957;Ohälsotal, dagar;2022;;median;median;19,5;;;;;;;\r\n"
          "N00957;Ohälsotal, dagar;2022;0000;Riket;national;22,4;26;18,75;7,25;1,38666666667;;;"
          "true\r\n");

    const auto trend_link = links[1]->find_all("a");
    REQUIRE(trend_link.size() == 1);
    CHECK(trend_link[0]->attribute("download") == "N00957-trend.csv");
    const std::string trend = csv_of(*trend_link[0]);
    CHECK(trend.rfind("\xEF\xBB\xBFkpi;unit;title;year;T;gap\r\n", 0) == 0);
    CHECK(trend.find("N00957;0025;Region Norrbotten;2013;30;\r\n") != std::string::npos);
    CHECK(trend.find("N00957;0025;Region Norrbotten;2022;21;\r\n") != std::string::npos);
    CHECK(trend.find("N00957;0000;Riket;2015;;\r\n") != std::string::npos);
    CHECK(trend.find("N00957;0000;Riket;2016;22;\r\n") != std::string::npos);
}

TEST_CASE("report downloads: the trend's CSV carries the gap K − M beside T") {
    ReportData data = sample_report();
    ReportKpi& sick = data.sections[0].kpis[0];
    for (const auto& [year, value] : sick.focus_trend) {
        sick.focus_gap_trend.emplace_back(
            year, year == 2020 ? std::optional<double>(10.5) : std::nullopt);
    }
    const auto root = parse_markup(render_report_html(data));
    const auto links = by_id(*root, "goal-2-N00957")->find_by_class("download");
    REQUIRE(links.size() == 2);
    const std::string trend = csv_of(*links[1]->find_all("a")[0]);
    CHECK(trend.find("N00957;0025;Region Norrbotten;2020;23;10,5\r\n") != std::string::npos);
    CHECK(trend.find("N00957;0025;Region Norrbotten;2021;22;\r\n") != std::string::npos);
}

TEST_CASE("report downloads: every table has a link, in both forms") {
    for (const bool compact : {false, true}) {
        ReportData data = sample_report();
        data.compact = compact;
        data.flags_computed = true;
        data.sections[0].kpis[0].flags = {"widening"};
        data.coverage = ReportCoverage{3, {{"5. Jämställd hälsa", 4, 3, 0.6, 0.5, {}}}};
        const auto root = parse_markup(render_report_html(data));
        for (const auto* table : root->find_all("table")) {
            // The next element after the table is its download link.
            INFO("compact " << compact << ", table " << table->attribute("class"));
            bool linked = false;
            const auto* parent = root.get();
            const auto parents = root->find_all([&](const MarkupNode& node) {
                for (const auto& child : node.children) {
                    if (child.get() == table) {
                        return true;
                    }
                }
                return false;
            });
            REQUIRE(parents.size() == 1);
            parent = parents[0];
            for (std::size_t i = 0; i + 1 < parent->children.size(); ++i) {
                if (parent->children[i].get() == table) {
                    const auto& next = *parent->children[i + 1];
                    linked = next.name == "p" && next.attribute("class") == "download";
                    if (linked) {
                        CHECK(csv_of(*next.find_all("a")[0]).rfind("\xEF\xBB\xBF", 0) == 0);
                    }
                }
            }
            CHECK(linked);
        }
    }
}

TEST_CASE("report downloads: pages with their own downloads turn the links off") {
    ReportData data = sample_report();
    data.csv_downloads = false;
    const std::string html = render_report_html(data);
    CHECK(html.find("data:text/csv") == std::string::npos);
    CHECK(parse_markup(html)->find_by_class("download").empty());
}
