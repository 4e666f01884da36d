#include <doctest/doctest.h>

#include <stdexcept>

#include "report/html_builder.hpp"
#include "tests/support/test_html_support.hpp"

using namespace kolcat;
using namespace kolcat::report;

TEST_CASE("HtmlBuilder writes balanced elements with escaped text and attributes") {
    HtmlBuilder out;
    out.doctype()
        .open("html", {{"lang", "sv"}})
        .open("body")
        .element("p", {{"title", "a \"b\" & <c>"}}, "<script>alert('x')</script>")
        .empty("br")
        .close("body")
        .close("html");
    const std::string html = out.finish();
    CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"sv\">", 0) == 0);
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("<br/>") != std::string::npos);

    const auto root = kolcat::testing::parse_markup(html);
    const auto paragraphs = root->find_all("p");
    REQUIRE(paragraphs.size() == 1);
    CHECK(paragraphs[0]->text == "<script>alert('x')</script>");
    CHECK(paragraphs[0]->attribute("title") == "a \"b\" & <c>");
}

TEST_CASE("HtmlBuilder refuses markup that would not be well-formed") {
    SUBCASE("closing the wrong element") {
        HtmlBuilder out;
        out.open("div").open("span");
        CHECK_THROWS_AS(out.close("div"), std::logic_error);
    }
    SUBCASE("finishing with an open element") {
        HtmlBuilder out;
        out.open("section");
        CHECK_THROWS_AS(out.finish(), std::logic_error);
    }
    SUBCASE("closing with nothing open") {
        HtmlBuilder out;
        CHECK_THROWS_AS(out.close("p"), std::logic_error);
    }
    SUBCASE("a self-closed non-void HTML element, which browsers would leave open") {
        HtmlBuilder out;
        CHECK_THROWS_AS(out.empty("div"), std::logic_error);
        CHECK_THROWS_AS(out.open("meta"), std::logic_error);
    }
    SUBCASE("names that are not plain names") {
        HtmlBuilder out;
        CHECK_THROWS_AS(out.open("div onclick=x"), std::logic_error);
        CHECK_THROWS_AS(out.open("div", {{"a\"b", "1"}}), std::logic_error);
        CHECK_THROWS_AS(out.open(""), std::logic_error);
    }
    SUBCASE("trusted markup that holds '<' or '&'") {
        HtmlBuilder out;
        CHECK_THROWS_AS(out.trusted("body { color: red } </style><script>"), std::logic_error);
        CHECK_THROWS_AS(out.trusted("&amp;"), std::logic_error);
        CHECK_NOTHROW(out.trusted("p > span { color: black }"));
    }
    SUBCASE("a doctype after content") {
        HtmlBuilder out;
        out.element("p", {}, "x");
        CHECK_THROWS_AS(out.doctype(), std::logic_error);
    }
}

TEST_CASE("HtmlBuilder self-closes elements inside <svg> and appends finished fragments") {
    HtmlBuilder chart;
    chart.open("svg", {{"viewBox", "0 0 10 10"}})
        .empty("rect", {{"width", "5"}, {"height", "5"}})
        .close("svg");
    HtmlBuilder page;
    page.open("div").append(chart).close("div");
    CHECK(page.finish() ==
          "<div><svg viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/></svg></div>");

    HtmlBuilder unfinished;
    unfinished.open("svg");
    HtmlBuilder other;
    CHECK_THROWS_AS(other.append(unfinished), std::logic_error);
}
