// read_plain_page, the quick reader of data pages: it takes plain pages, giving exactly the
// values the document reader gives, and leaves every other page (nullopt) to the full reader,
// which alone decides what such a page gets.

#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sync/kolada/kolada_json.hpp"
#include "sync/kolada/value_page_plain_reader.hpp"

using namespace kolcat;
using nlohmann::json;

namespace {

std::string page_of(const std::string& entries, const std::string& rest = "") {
    return R"({"values":[{"kpi":"N00957","municipality":"0025","period":2022,"values":[)" +
           entries + "]}]" + rest + "}";
}

// The values as text, for comparing two pages: NaN-free, so == on doubles is exact.
bool same(const sync::Page<catalogue::Value>& a, const sync::Page<catalogue::Value>& b) {
    if (a.next_url != b.next_url || a.items.size() != b.items.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        const auto& x = a.items[i];
        const auto& y = b.items[i];
        if (x.kpi != y.kpi || x.municipality != y.municipality || x.period != y.period ||
            x.gender != y.gender || x.value != y.value || x.count != y.count ||
            x.status != y.status || x.is_deleted != y.is_deleted) {
            return false;
        }
        if (x.value && y.value && std::signbit(*x.value) != std::signbit(*y.value)) {
            return false;
        }
    }
    return true;
}

}  // namespace

TEST_CASE("plain reader: plain pages, read as the document reader reads them") {
    const std::vector<std::string> plain = {
        page_of(R"({"gender":"T","count":1,"status":"","value":24.5})",
                R"(,"count":1,"next_url":"http://h/v3/data?page=2","previous_url":null)"),
        // spaces and newlines, fields in another order, unknown scalar fields
        " {\n \"count\" : 1 , \"values\" : [ { \"period\" : 2021 , \"kpi\" : \"N1\" , "
        "\"municipality\" : \"G33612\" , \"x\" : true , \"values\" : [ { \"value\" : -3 , "
        "\"gender\" : \"K\" , \"isdeleted\" : false } ] } ] , \"other\" : null }\r\n",
        // numbers: integers stay integers (-0 is 0, not -0.0), exponents, the edges of int64
        page_of(R"({"gender":"T","value":-0},{"gender":"K","value":1.5e2},)"
                R"({"gender":"M","value":-9223372036854775808})"),
        page_of(R"({"gender":"T","value":18446744073709551615},{"gender":"K","value":0.1},)"
                R"({"gender":"M","value":-2.5E-3})"),
        // UTF-8 in a status, DEL aside
        page_of(R"({"gender":"T","status":"Bristfällig ✓ 𝄞","value":null,"count":null})"),
        page_of(R"({"gender":"T","isdeleted":true})"),
        R"({"values":[]})",
    };
    for (const auto& text : plain) {
        CAPTURE(text);
        const auto page = sync::value_page::read_plain_page(text);
        REQUIRE(page.has_value());
        CHECK(same(*page, sync::parse_value_page(json::parse(text))));
    }
}

TEST_CASE("plain reader: every other page is left to the full reader") {
    const std::vector<std::string> not_plain = {
        "",
        "[]",
        "\xEF\xBB\xBF{\"values\":[]}",  // a byte-order mark
        R"({"values":[]} x)",
        R"({"values":[],})",
        R"({"values":[],"values":[]})",  // a repeated key: the last counts
        R"({"count":0})",                // no values
        R"({"values":[],"count":1})",    // the envelope's checks refuse it
        R"({"values":[],"extra":{"a":1}})",
        R"({"values":[1]})",
        page_of(R"({"gender":"T","gender":"K"})"),
        page_of(R"({"gender":"T","value":1e999})"),
        page_of(R"({"gender":"T","value":01})"),
        page_of(R"({"gender":"T","value":1.})"),
        page_of(R"({"gender":"T","value":.5})"),
        page_of(R"({"gender":"T","value":+1})"),
        page_of(R"({"gender":"T","value":NaN})"),
        page_of(R"({"gender":"T","value":tru})"),
        page_of(R"({"gender":"T","value":-})"),
        page_of(R"({"gender":"T","count":-9223372036854775809})"),
        page_of(R"({"gender":"T","count":18446744073709551616})"),
        page_of(R"({"gender":"T","status":"a\"b"})"),  // an escape
        page_of("{\"gender\":\"T\",\"status\":\"a\x7f\"}"),
        page_of("{\"gender\":\"T\",\"status\":\"\xC3\"}"),          // cut UTF-8
        page_of("{\"gender\":\"T\",\"status\":\"\xC0\xAF\"}"),      // overlong
        page_of("{\"gender\":\"T\",\"status\":\"\xED\xA0\x80\"}"),  // a surrogate
        page_of("{\"gender\":\"T\",\"status\":\"\xF4\x90\x80\x80\"}"),
        page_of(R"({"gender":"T","note":[1]})"),
        page_of(R"({"gender":"Q"})"),  // the item's checks refuse it
        page_of(R"({"gender":"T"},{"gender":"T"})"),
        page_of(R"({"gender":"T"})", R"(,"next_url":5)"),
        R"({"values":[{"kpi":"N1","kpi":"N2","municipality":"0025","period":2022,"values":[]}]})",
        R"({"values":[{"kpi":"N1","municipality":"0025","period":2022,"values":{}}]})",
        R"({"values":[{"kpi":"N1","municipality":"0025","period":2022,"values":[[]]}]})",
        R"({"values":[{"kpi":"N1","municipality":"0025","period":2022,"values":[])",
    };
    for (const auto& text : not_plain) {
        CAPTURE(text);
        CHECK_FALSE(sync::value_page::read_plain_page(text).has_value());
    }
    // An underflow may be read either way (from_chars may refuse it), never differently.
    const std::string tiny = page_of(R"({"gender":"T","value":1e-400})");
    if (const auto page = sync::value_page::read_plain_page(tiny)) {
        CHECK(same(*page, sync::parse_value_page(json::parse(tiny))));
    }
}
