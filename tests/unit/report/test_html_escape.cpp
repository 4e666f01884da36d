#include <doctest/doctest.h>

#include "report/html_escape.hpp"

using namespace kolcat;
using namespace kolcat::report;

TEST_CASE("escape_html_text turns the five markup characters into entities") {
    CHECK(escape_html_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(escape_html_text("A & B") == "A &amp; B");
    CHECK(escape_html_text("\"quoted\" and 'single'") == "&quot;quoted&quot; and &#39;single&#39;");
    // An entity in the data is data, not an entity: its ampersand is escaped too.
    CHECK(escape_html_text("&lt;") == "&amp;lt;");
}

TEST_CASE("escape_html_text keeps Swedish text and plain characters as they are") {
    CHECK(escape_html_text("Jämtland Härjedalen, Överkalix, Luleå") ==
          "Jämtland Härjedalen, Överkalix, Luleå");
    CHECK(escape_html_text("Andel (%) 16–84 år €") == "Andel (%) 16–84 år €");
    CHECK(escape_html_text("") == "");
    CHECK(escape_html_text("line one\nline two\ttab") == "line one\nline two\ttab");
}

TEST_CASE("escape_html_text replaces what XML forbids and invalid UTF-8 with U+FFFD") {
    const std::string replacement = "\xEF\xBF\xBD";
    CHECK(escape_html_text(std::string("a\x01"
                                       "b",
                                       3)) == "a" + replacement + "b");
    CHECK(escape_html_text(std::string("nul\0", 4)) == "nul" + replacement);
    CHECK(escape_html_text("\x7F") == replacement);
    CHECK(escape_html_text("bad \xC3 end") == "bad " + replacement + " end");  // cut sequence
    CHECK(escape_html_text("\xC0\xAF") == replacement + replacement);          // overlong '/'
    CHECK(escape_html_text("\xED\xA0\x80") ==
          replacement + replacement + replacement);  // surrogate
    CHECK(escape_html_text("\xEF\xBF\xBF") == replacement + replacement + replacement);  // U+FFFF
    CHECK(escape_html_text("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");  // an emoji is fine
    // A carriage return would be folded into a line feed by parsers: keep it as a reference.
    CHECK(escape_html_text("a\rb") == "a&#13;b");
}

TEST_CASE("escape_html_attribute also protects whitespace that attribute parsing would fold") {
    CHECK(escape_html_attribute("x\" onload=\"alert(1)") == "x&quot; onload=&quot;alert(1)");
    CHECK(escape_html_attribute("it's") == "it&#39;s");
    CHECK(escape_html_attribute("a\nb\tc") == "a&#10;b&#9;c");
    CHECK(escape_html_attribute("Västernorrland") == "Västernorrland");
}
