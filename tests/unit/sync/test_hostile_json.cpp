// Hostile but valid JSON: every answer below is well-formed JSON that a broken or
// hostile server could send. Each must be refused with a clear one-line error, so that nothing
// from it can be stored. The bodies go the way a real answer goes: text, the nesting guard,
// nlohmann's parser, then the page parser.

#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sync/http/http_json_fetcher.hpp"
#include "sync/http/sync_error.hpp"
#include "sync/kolada/kolada_json.hpp"
#include "sync/kolada/pager.hpp"
#include "tests/support/scripted_json_fetcher.hpp"

using namespace kolcat::catalogue;
using namespace kolcat::http;
using namespace kolcat::sync;

using namespace kolcat;
using nlohmann::json;

namespace {

const int production_depth = http::FetcherOptions{}.max_json_depth;

// What HttpJsonFetcher does with a body, then the page parser: the error message, or
// "(accepted)" when every step took it.
template <typename Parse>
std::string refusal(Parse parse, const std::string& text) {
    if (http::json_nesting_exceeds(text, production_depth)) {
        return "JSON nested too deeply";
    }
    try {
        parse(json::parse(text));
    } catch (const sync::KoladaFormatError& error) {
        return error.what();
    } catch (const json::exception& error) {
        return std::string("nlohmann: ") + error.what();
    }
    return "(accepted)";
}

std::string value_refusal(const std::string& text) {
    return refusal(parse_value_page, text);
}
std::string kpi_refusal(const std::string& text) {
    return refusal(parse_kpi_page, text);
}
std::string municipality_refusal(const std::string& text) {
    return refusal(parse_municipality_page, text);
}
std::string group_refusal(const std::string& text) {
    return refusal(parse_group_page, text);
}

// A data page of the given items (JSON text), with a matching count.
std::string data_page(const std::vector<std::string>& items) {
    std::string text = R"({"values": [)";
    for (std::size_t i = 0; i < items.size(); ++i) {
        text += (i == 0 ? "" : ",") + items[i];
    }
    return text + R"(], "count": )" + std::to_string(items.size()) +
           R"(, "next_url": null, "previous_url": null})";
}

// One data item; `period` and `value_t` are JSON text, spliced in as they are.
std::string item(const std::string& period = "2022", const std::string& value_t = "24.5",
                 const std::string& gender_k = R"("K")", const std::string& status = R"("")") {
    return R"({"kpi": "N00957", "municipality": "0025", "period": )" + period +
           R"(, "values": [{"gender": "T", "count": 1, "status": )" + status + R"(, "value": )" +
           value_t + R"(}, {"gender": )" + gender_k +
           R"(, "count": 1, "status": "", "value": 30.1}]})";
}

// A page of one KPI; `title`, `description` and `extra` (", "field": value") are JSON text.
std::string kpi_page(const std::string& title, const std::string& extra = "",
                     const std::string& description = R"("d")") {
    return R"({"values": [{"id": "N00945", "title": )" + title + R"(, "description": )" +
           description + R"(, "is_divided_by_gender": false, "municipality_type": "A")" + extra +
           R"(}], "count": 1, "next_url": null})";
}

std::string quoted(const std::string& text) {
    return json(text).dump();
}

// Strings of plain 'x', quoted without escaping (json::dump of 10 MB is slow in Debug builds).
const std::string ten_mb(10 * 1024 * 1024, 'x');
const std::string one_mb(1024 * 1024, 'x');
std::string quoted_x(const std::string& text) {
    return "\"" + text + "\"";
}

}  // namespace

TEST_CASE("hostile json: wrong types are refused by name and place") {
    CHECK(value_refusal(data_page({item()})) == "(accepted)");

    CHECK(value_refusal(data_page({item("2022", R"("24.5")")})) ==
          "item 0, values[0]: value is not a number (got string \"24.5\")");
    CHECK(value_refusal(data_page({item("2022", "[24.5]")})) ==
          "item 0, values[0]: value is not a number (got an array)");
    CHECK(value_refusal(data_page({item("2022", R"({"v": 1})")})) ==
          "item 0, values[0]: value is not a number (got an object)");
    CHECK(value_refusal(data_page({item("2022", "true")})) ==
          "item 0, values[0]: value is not a number (got true)");
    // 1e999 overflows double: nlohmann refuses it (HttpJsonFetcher reports "unreadable JSON").
    CHECK(value_refusal(data_page({item("2022", "1e999")})).starts_with("nlohmann: "));

    CHECK(value_refusal(data_page({item("2022.5")})) ==
          "item 0: period is not an integer (got number 2022.5)");
    CHECK(value_refusal(data_page({item("2022.0")})) ==
          "item 0: period is not an integer (got number 2022.0)");
    CHECK(value_refusal(data_page({item("2.022e3")})) ==
          "item 0: period is not an integer (got number 2022.0)");
    CHECK(value_refusal(data_page({item(R"("2022")")})) ==
          "item 0: period is not an integer (got string \"2022\")");
    CHECK(value_refusal(data_page({item("null")})) ==
          "item 0: period is not an integer (got null)");

    CHECK(kpi_refusal(kpi_page("17")) == "item 0: title is not a string (got number 17)");
    CHECK(kpi_refusal(kpi_page(R"("t")", R"(, "has_ou_data": "yes")")) ==
          "item 0: has_ou_data is not a boolean (got string \"yes\")");
    CHECK(municipality_refusal(
              R"({"values": [{"id": "0025", "title": "Norrbotten", "type": "X"}], "count": 1})") ==
          "item 0: type string \"X\" is not one of K, L");
    CHECK(group_refusal(R"({"values": [{"id": "G1", "title": "g", "members": {"0025": 1}}]})") ==
          "item 0: members is not an array (got an object)");
}

TEST_CASE("hostile json: unknown gender codes") {
    for (const std::string code :
         {R"("X")", R"("")", R"("k")", R"("TK")", R"("Total")", R"("K\u0000")", R"("Ｋ")"}) {
        CAPTURE(code);
        const auto message = value_refusal(data_page({item("2022", "1", code)}));
        CHECK(message.starts_with("item 0, values[1]: unknown gender code string "));
        CHECK(message.ends_with(" (expected T, K or M)"));
    }
    CHECK(value_refusal(data_page({item("2022", "1", "null")})) ==
          "item 0, values[1]: gender is not a string (got null)");
    CHECK(value_refusal(data_page({item("2022", "1", "1")})) ==
          "item 0, values[1]: gender is not a string (got number 1)");
}

TEST_CASE("hostile json: duplicate cells and ids") {
    CHECK(value_refusal(data_page({item(), item("2023"), item()})) ==
          "item 2, values[0]: duplicate cell N00957/0025/2022/T (also in item 0)");
    CHECK(value_refusal(data_page({item("2022", "1", R"("T")")})) ==
          "item 0, values[1]: duplicate cell N00957/0025/2022/T (also in item 0)");

    const std::string kpi = R"({"id": "N1", "title": "t", "is_divided_by_gender": 0,
                                "municipality_type": "K"})";
    CHECK(kpi_refusal(R"({"values": [)" + kpi + "," + kpi + "]}") ==
          "item 1: duplicate KPI id N1 (also in item 0)");
    CHECK(municipality_refusal(R"({"values": [{"id": "0025", "title": "a", "type": "L"},
                                              {"id": "0025", "title": "b", "type": "L"}]})") ==
          "item 1: duplicate municipality id 0025 (also in item 0)");
    CHECK(group_refusal(R"({"values": [{"id": "G1", "title": "g", "members": [
              {"member_id": "0025", "member_title": "a"},
              {"member_id": "0025", "member_title": "a"}]}]})") ==
          "item 0, members[1]: duplicate member 0025 (also members[0])");
}

TEST_CASE("hostile json: 10 MB strings are refused, never stored") {
    CHECK(value_refusal(data_page({item("2022", "1", R"("K")", quoted_x(ten_mb))})) ==
          "item 0, values[0]: status is 10485760 bytes long, more than the 1024 allowed");
    CHECK(kpi_refusal(kpi_page(quoted_x(ten_mb))) ==
          "item 0: title is 10485760 bytes long, more than the 4096 allowed");
    // A KPI keeps its whole object (raw_json): a huge field Kolada does not define must not
    // ride along into the catalogue.
    const auto unknown_field =
        kpi_refusal(kpi_page(R"("t")", R"(, "future": )" + quoted_x(ten_mb)));
    CAPTURE(unknown_field.substr(0, 200));
    CHECK(unknown_field.starts_with("item 0: the object is "));
    CHECK(unknown_field.ends_with(" bytes long, more than the 524288 allowed"));
    // Every other text field has its limit too (1 MiB is as far over it as 10 MB).
    CHECK(kpi_refusal(kpi_page(R"("t")", R"(, "operating_area": )" + quoted_x(one_mb))) ==
          "item 0: operating_area is 1048576 bytes long, more than the 1024 allowed");
    CHECK(municipality_refusal(R"({"values": [{"id": )" + quoted_x(one_mb) +
                               R"(, "title": "a", "type": "L"}]})") ==
          "item 0: id is 1048576 bytes long, more than the 64 allowed");
    CHECK(group_refusal(R"({"values": [{"id": "G1", "title": "g", "members": [
              {"member_id": "0025", "member_title": )" +
                        quoted_x(one_mb) + "}]}]}") ==
          "item 0, members[0]: member_title is 1048576 bytes long, more than the 4096 allowed");
    CHECK(value_refusal(R"({"values": [], "next_url": )" + quoted_x("http://x/" + one_mb) + "}") ==
          "next_url is 1048585 bytes long, more than the 8192 allowed");
    // The limits leave room for Kolada's real texts (its longest description is about 2 KB),
    // even at their longest and written with escapes only.
    CHECK(kpi_refusal(kpi_page(quoted(std::string(4096, '\x01')), "",
                               quoted(std::string(64 * 1024, '\x01')))) == "(accepted)");
}

TEST_CASE("hostile json: 100 000 levels of nesting never reach the parser's recursion") {
    const std::size_t depth = 100'000;
    const std::string deep_array = std::string(depth, '[') + std::string(depth, ']');
    const std::string deep_in_values = R"({"values": )" + deep_array + "}";
    std::string deep_objects;
    for (std::size_t i = 0; i < depth; ++i) {
        deep_objects += R"({"a":)";
    }
    deep_objects += "1" + std::string(depth, '}');

    const auto start = std::chrono::steady_clock::now();
    CHECK(http::json_nesting_exceeds(deep_array, production_depth));
    CHECK(http::json_nesting_exceeds(deep_in_values, production_depth));
    CHECK(http::json_nesting_exceeds(deep_objects, production_depth));
    CHECK(value_refusal(deep_in_values) == "JSON nested too deeply");
    CHECK(kpi_refusal(deep_objects) == "JSON nested too deeply");
    // Unbalanced: only openers, as a body cut off by a hostile proxy.
    CHECK(http::json_nesting_exceeds(std::string(depth, '['), production_depth));
    // A linear scan: far below a second even in a Debug build.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));

    // Brackets inside strings are text, not nesting; escaped quotes do not end a string.
    const std::string in_string =
        data_page({item("2022", "1", R"("K")", quoted("\"" + std::string(depth, '[')))});
    CHECK_FALSE(http::json_nesting_exceeds(in_string, production_depth));
    CHECK(value_refusal(in_string).starts_with("item 0, values[0]: status is 100001 bytes long"));

    // Exactly at the limit is fine; one more level is not.
    const auto nested = [](int levels) {
        return std::string(static_cast<std::size_t>(levels), '[') +
               std::string(static_cast<std::size_t>(levels), ']');
    };
    CHECK_FALSE(http::json_nesting_exceeds(nested(production_depth), production_depth));
    CHECK(http::json_nesting_exceeds(nested(production_depth + 1), production_depth));

    // Even past the guard, the page parsers never recurse into what they do not expect, and
    // nlohmann's parser and destructor are iterative: a deep document is refused, not a crash.
    CHECK(refusal(parse_value_page, deep_in_values) == "JSON nested too deeply");
    std::string unguarded;
    try {
        parse_value_page(json::parse(deep_in_values));
    } catch (const sync::KoladaFormatError& error) {
        unguarded = error.what();
    }
    CHECK(unguarded == "item 0: not a JSON object (got an array)");
}

TEST_CASE("hostile json: a count that disagrees with the items") {
    std::string page = data_page({item(), item("2023")});
    const auto with_count = [&](const std::string& count) {
        std::string text = page;
        const auto at = text.find(R"("count": 2)");
        REQUIRE(at != std::string::npos);
        return text.replace(at, 10, R"("count": )" + count);
    };
    CHECK(value_refusal(with_count("2")) == "(accepted)");
    CHECK(value_refusal(with_count("3")) == "count says 3 items but values holds 2");
    CHECK(value_refusal(with_count("1")) == "count says 1 items but values holds 2");
    CHECK(value_refusal(with_count("0")) == "count says 0 items but values holds 2");
    CHECK(value_refusal(with_count("-2")) == "count says -2 items but values holds 2");
    CHECK(value_refusal(with_count("18446744073709551615")) ==
          "count is not an integer (got number 18446744073709551615)");
    CHECK(value_refusal(with_count("2.0")) == "count is not an integer (got number 2.0)");
    CHECK(value_refusal(with_count(R"("2")")) == "count is not an integer (got string \"2\")");
    CHECK(kpi_refusal(R"({"values": [], "count": 5000})") ==
          "count says 5000 items but values holds 0");
}

TEST_CASE("hostile json: negative, zero and huge years") {
    for (const std::string year : {"-2022", "0", "1", "1899", "2101", "32768", "99999999999",
                                   "-9223372036854775808", "9223372036854775807"}) {
        CAPTURE(year);
        CHECK(value_refusal(data_page({item(year)})) ==
              "item 0: period " + year + " is outside 1900..2100");
    }
    CHECK(value_refusal(data_page({item("18446744073709551615")})) ==
          "item 0: period is not an integer (got number 18446744073709551615)");
    CHECK(value_refusal(data_page({item("1e10")})) ==
          "item 0: period is not an integer (got number 10000000000.0)");
    CHECK(value_refusal(data_page({item("-1e400")})).starts_with("nlohmann: "));
}

TEST_CASE("hostile json: next_url to another host or in a loop stops the walk") {
    using kolcat::testing::envelope;
    using kolcat::testing::ScriptedJsonFetcher;
    const std::string first = "http://kolada.test/v3/data/kpi/N00957/municipality/0025";
    const std::string second = first + "?page=2";
    // Walks from `first`; `answers` maps each URL to the next_url its (empty) page names ("":
    // none, the last page).
    const auto error_of_walk =
        [&](const std::vector<std::pair<std::string, std::string>>& answers) {
            ScriptedJsonFetcher fetcher;
            for (const auto& [url, next] : answers) {
                fetcher.on(url,
                           next.empty() ? envelope(json::array()) : envelope(json::array(), next));
            }
            sync::Pager pager(fetcher, first, "http://kolada.test/v3");
            try {
                while (pager.next(&parse_value_page)) {
                }
            } catch (const http::SyncError& error) {
                return std::string(error.what());
            }
            return std::string("(no error)");
        };
    for (const std::string foreign :
         {"http://evil.example/v3/data?page=2", "https://kolada.test/v3/data?page=2",
          "http://kolada.test:8080/v3/data?page=2", "//evil.example/v3/data?page=2",
          "http://kolada.test@evil.example/v3/data?page=2",
          "http://evil.example%2Ekolada.test/v3/data", "file:///etc/passwd", "javascript:alert(1)",
          "ftp://kolada.test/v3/data"}) {
        CAPTURE(foreign);
        const auto message = error_of_walk({{first, foreign}});
        CHECK((message.starts_with("refusing next_url to another host: ") ||
               message.starts_with("bad next_url: ")));
    }
    CHECK(error_of_walk({{first, first}}) ==
          "next_url loops back to a page already fetched: " + first);
    CHECK(error_of_walk({{first, "?page=2"}, {second, "/v3/data/kpi/N00957/municipality/0025"}}) ==
          "next_url loops back to a page already fetched: " + first);
    CHECK(error_of_walk({{first, "?page=2"}, {second, ""}}) == "(no error)");
}
