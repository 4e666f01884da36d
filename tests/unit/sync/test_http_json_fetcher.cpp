#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "sync/http/http_json_fetcher.hpp"

using namespace kolcat;
using namespace std::chrono_literals;

// The fetcher's HTTP behaviour is tested against a real loopback server in
// tests/integration/test_http_json_fetcher.cpp; these are its pure helpers.

TEST_CASE("http_json_fetcher: nesting depth is measured outside strings") {
    CHECK_FALSE(http::json_nesting_exceeds(R"({"values":[{"values":[{"gender":"T"}]}]})", 5));
    CHECK(http::json_nesting_exceeds(R"({"values":[{"values":[{"gender":"T"}]}]})", 4));
    CHECK_FALSE(http::json_nesting_exceeds(R"({"a":"[[[[[[[[[[{{{{{{{{"})", 1));
    CHECK_FALSE(http::json_nesting_exceeds(R"(["\"[[[[", "\\", "[[[["])", 1));
    CHECK(http::json_nesting_exceeds(R"(["\\"[[[["])", 2));
    CHECK_FALSE(http::json_nesting_exceeds(std::string(64, '[') + std::string(64, ']'), 64));
    CHECK(http::json_nesting_exceeds(std::string(65, '[') + std::string(65, ']'), 64));
    // Deep but sequential nesting is fine.
    std::string wide = "[";
    for (int i = 0; i < 1000; ++i) {
        wide += "[[]],";
    }
    wide += "1]";
    CHECK_FALSE(http::json_nesting_exceeds(wide, 3));
    CHECK(http::json_nesting_exceeds(std::string(10'000'000, '['), 64));
}

TEST_CASE("http_json_fetcher: body snippets are short, single-line and UTF-8 safe") {
    CHECK(http::body_snippet("") == "");
    CHECK(http::body_snippet("  {\"error\":\n\t\"too many ids\"}\r\n") ==
          "{\"error\": \"too many ids\"}");
    CHECK(http::body_snippet(std::string(500, 'x'), 10) == "xxxxxxxxxx...");
    // "ä" is two bytes: a cut never splits it.
    CHECK(http::body_snippet("aäb", 2) == "a...");
    CHECK(http::body_snippet("aäb", 3) == "aä...");
    CHECK(http::body_snippet("Jämställdhet", 200) == "Jämställdhet");
}

TEST_CASE("http_json_fetcher: retry notices read well") {
    http::RetryNotice notice{"https://api.kolada.se/v3/kpi", "HTTP 429", "HTTP 429", 1500ms, 1, 8};
    CHECK(notice.message() == "waiting 1.5 s (HTTP 429), attempt 2 of 8");
}
