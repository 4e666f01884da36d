// JSON strings written straight into an answer: escapes, and UTF-8 kept valid whatever bytes
// a request echoed (a JSON text must be UTF-8; strict clients refuse anything else).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "kolada_api/json_text.hpp"

using kolcat::kolada_api::append_json_string;

namespace {

std::string json_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

}  // namespace

TEST_CASE("json text: quotes, backslashes and control characters are escaped") {
    CHECK(json_string("a\"b\\c\n\x01") == R"("a\"b\\c\n\u0001")");
}

TEST_CASE("json text: well-formed UTF-8 passes through unchanged") {
    const std::string swedish = "Sjukfr\xc3\xa5nvaro \xe2\x82\xac \xf0\x9f\x98\x80";
    CHECK(json_string(swedish) == "\"" + swedish + "\"");
    CHECK(nlohmann::json::parse(json_string(swedish)).get<std::string>() == swedish);
}

TEST_CASE("json text: bytes that are not UTF-8 become U+FFFD, so the JSON stays valid") {
    // a lone continuation byte, a byte no UTF-8 uses, an overlong '/', a UTF-16 surrogate, a
    // sequence cut off at the end, and one above U+10FFFF
    CHECK(json_string("a\x80z") == R"("a\ufffdz")");
    CHECK(json_string("\xff") == R"("\ufffd")");
    CHECK(json_string("\xc0\xaf") == R"("\ufffd\ufffd")");
    CHECK(json_string("\xed\xa0\x80") == R"("\ufffd\ufffd\ufffd")");
    CHECK(json_string("ok\xe2\x82") == R"("ok\ufffd\ufffd")");
    CHECK(json_string("\xf4\x90\x80\x80") == R"("\ufffd\ufffd\ufffd\ufffd")");
    for (const std::string text : {"a\x80z", "\xff", "\xc0\xaf", "\xed\xa0\x80", "ok\xe2\x82"}) {
        CHECK(nlohmann::json::accept(json_string(text)));
    }
}
