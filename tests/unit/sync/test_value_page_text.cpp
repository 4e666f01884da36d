// parse_value_text reads a data page's text without building a JSON document (the sync's hot
// path). It must accept and refuse exactly what parse_value_page does with the parsed document,
// with the same values and the same messages: each body below goes both ways.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sync/kolada/kolada_json.hpp"

using namespace kolcat::catalogue;
using namespace kolcat::sync;

using namespace kolcat;
using nlohmann::json;

namespace {

std::string describe_page(const sync::Page<catalogue::Value>& page) {
    std::ostringstream out;
    out << "next_url=" << page.next_url.value_or("(none)") << "\n";
    for (const catalogue::Value& value : page.items) {
        out << value.kpi << "|" << value.municipality << "|" << value.period << "|"
            << to_string(value.gender) << "|";
        if (value.value) {
            out << json(*value.value).dump();
        } else {
            out << "null";
        }
        out << "|" << (value.count ? std::to_string(*value.count) : "null") << "|" << value.status
            << "|" << (value.is_deleted ? "deleted" : "live") << "\n";
    }
    return out.str();
}

// What a parse gives: the page, a KoladaFormatError's message, or the kind of nlohmann error.
template <typename Parse>
std::string outcome(Parse parse) {
    try {
        return describe_page(parse());
    } catch (const sync::KoladaFormatError& error) {
        return std::string("refused: ") + error.what();
    } catch (const json::parse_error&) {
        return "nlohmann parse_error";
    } catch (const json::out_of_range&) {
        return "nlohmann out_of_range";
    }
}

std::string from_text(const std::string& text) {
    return outcome([&] { return sync::parse_value_text(text); });
}
std::string from_document(const std::string& text) {
    return outcome([&] { return parse_value_page(json::parse(text)); });
}

const std::string item_a =
    R"({"kpi": "N00957", "municipality": "0025", "period": 2022, "values": [
        {"gender": "T", "count": 1, "status": "", "value": 24.5},
        {"gender": "K", "count": 1, "status": "B", "value": 30},
        {"gender": "M", "count": null, "status": null, "value": null}]})";
const std::string item_b =
    R"({"municipality": "G33612", "values": [{"value": 1.5e2, "gender": "T", "isdeleted": true}],
        "period": 2023, "kpi": "N00957", "isdeleted": false})";

std::string page_of(const std::string& items, const std::string& rest = "") {
    return R"({"values": [)" + items + "]" + rest + "}";
}

}  // namespace

TEST_CASE("value page text: the same values and the same refusals as the document reader") {
    const std::vector<std::string> bodies = {
        // accepted
        page_of(item_a),
        page_of(item_a + "," + item_b, R"(, "count": 2, "next_url": "/v3/data?page=2")"),
        page_of(""),
        // fields in any order, unknown fields of any shape skipped, count before values
        R"({"count": 1, "extra": {"a": [1, {"b": [[]]}]}, "values": [)" + item_b +
            R"(], "previous_url": null, "more": [{"values": 7}]})",
        R"({"values": [{"kpi": "N1", "municipality": "0025", "period": 2000, "x": {"kpi": 5},
            "values": [{"gender": "K", "note": [1, 2, {"gender": "Q"}], "value": -3}]}]})",
        // a repeated key: the last one counts, in text as in a document
        R"({"values": "first", "values": [)" + item_b + "]}",
        R"({"values": [)" + item_a + R"(], "values": []})",
        R"({"values": [{"kpi": "bad id", "kpi": "N1", "municipality": "0025", "period": 2000,
            "values": [{"gender": "X"}], "values": [{"gender": "T", "value": 1}]}]})",
        // the envelope
        "[]",
        "17",
        R"("text")",
        "null",
        R"({"count": 0})",
        R"({"values": {"0": 1}})",
        R"({"values": "x"})",
        page_of(item_a, R"(, "count": 2)"),
        page_of(item_a, R"(, "count": "1")"),
        page_of(item_a, R"(, "count": 1.0)"),
        page_of(item_a, R"(, "count": 18446744073709551615)"),
        page_of(item_a, R"(, "next_url": 5)"),
        page_of(item_a, R"(, "next_url": "")"),
        page_of(item_a, R"(, "next_url": "/v3/a b")"),
        page_of(item_a, R"(, "previous_url": ["x"])"),
        // the envelope's problems come before the items'
        page_of(R"({"kpi": 1})", R"(, "count": 5)"),
        // items
        page_of("1"),
        page_of(item_a + R"(, [1, 2], {"kpi": 1})"),
        page_of(R"({"municipality": "0025", "period": 2022, "values": []})"),
        page_of(R"({"kpi": "", "municipality": "0025", "period": 2022, "values": []})"),
        page_of(R"({"kpi": "N1/2", "municipality": "0025", "period": 2022, "values": []})"),
        page_of(R"({"kpi": ["N1"], "municipality": "0025", "period": 2022, "values": []})"),
        page_of(R"({"kpi": "N1", "municipality": {}, "period": 2022, "values": []})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 1899, "values": []})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": -5, "values": []})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2e3, "values": []})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022, "values": {}})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022, "isdeleted": 1,
                    "values": []})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022,
                    "values": [{"gender": "T"}, 5]})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022,
                    "values": [{"gender": "T"}, [{"gender": "K"}]]})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022,
                    "values": [{"value": 1}]})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022,
                    "values": [{"gender": "T", "count": -1}]})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022,
                    "values": [{"gender": "T", "count": 2147483648}]})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022,
                    "values": [{"gender": "T", "status": 3}]})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022,
                    "values": [{"gender": "T", "value": "3"}]})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022,
                    "values": [{"gender": "T", "isdeleted": "yes"}]})"),
        page_of(R"({"kpi": "N1", "municipality": "0025", "period": 2022,
                    "values": [{"gender": "T", "value": 1}, {"gender": "T", "value": 2}]})"),
        page_of(item_a + "," + item_a),
        // the first item's problem is the one reported
        page_of(R"({"kpi": 1}, {"kpi": 2})"),
        // text that is not JSON: the parser's own errors, even after an item's problem
        page_of(R"({"kpi": 1})") + " x",
        R"({"values": [{"kpi": 1}])",
        page_of(item_a, R"(, "count": 1e999)"),
    };
    for (const std::string& body : bodies) {
        CAPTURE(body);
        CHECK(from_text(body) == from_document(body));
    }
}

TEST_CASE("value page text: values are read as the document reader reads them") {
    const auto text = from_text(page_of(item_a + "," + item_b, R"(, "next_url": "/v3/n")"));
    CHECK(text ==
          "next_url=/v3/n\n"
          "N00957|0025|2022|T|24.5|1||live\n"
          "N00957|0025|2022|K|30.0|1|B|live\n"
          "N00957|0025|2022|M|null|null||live\n"
          "N00957|G33612|2023|T|150.0|null||deleted\n");
    CHECK(from_text(page_of(item_a, R"(, "count": 2)")) ==
          "refused: count says 2 items but values holds 1");
    CHECK(from_text(page_of(R"({"kpi": 1}, {"kpi": 2})")) ==
          "refused: item 0: kpi is not a string (got number 1)");
    CHECK(from_text(page_of(R"({"kpi": 1})") + " x") == "nlohmann parse_error");
}

TEST_CASE("value page text: a document built in code is checked like text") {
    // Only a document can hold an infinity; the check stays.
    json body = json::parse(page_of(item_a));
    body["values"][0]["values"][0]["value"] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH_AS(parse_value_page(body), "item 0, values[0]: value is not a finite number",
                         sync::KoladaFormatError);
}
