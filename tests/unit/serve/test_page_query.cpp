// The pages' query checks, URL encoding and language choice, without a server.

#include <doctest/doctest.h>

#include "serve/pages/page_frame.hpp"
#include "serve/pages/page_query.hpp"

namespace kolcat::serve {
namespace {

int status_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const PageError& error) {
        return error.status();
    }
    return 0;
}

}  // namespace

TEST_CASE("url_encode leaves only unreserved characters as they are") {
    CHECK(url_encode("N00957") == "N00957");
    CHECK(url_encode("a b/<>&\"'é") == "a%20b%2F%3C%3E%26%22%27%C3%A9");
    CHECK(url_encode("javascript:alert(1)") == "javascript%3Aalert%281%29");
    CHECK(url_encode("-._~") == "-._~");
}

TEST_CASE("plausible_id takes ids as Kolada writes them, nothing else") {
    CHECK(plausible_id("N00957"));
    CHECK(plausible_id("G33632"));
    CHECK(plausible_id("0025"));
    CHECK_FALSE(plausible_id(""));
    CHECK_FALSE(plausible_id("<script>"));
    CHECK_FALSE(plausible_id("N0 957"));
    CHECK_FALSE(plausible_id(std::string(41, 'N')));
}

TEST_CASE("a page's parameters: unknown, repeated, long or malformed ones are a 400") {
    const PageQuery fine({{"lang", "en"}, {"trend", "5"}, {"region", "0025"}, {"year", ""}});
    CHECK(status_of([&] { fine.accept_only({"lang", "trend", "region", "year"}); }) == 0);
    CHECK(fine.value("year") == std::nullopt);  // an empty form field is no choice
    CHECK(fine.int_value("trend", 1, 100) == 5);
    CHECK(fine.id_value("region") == "0025");
    CHECK(status_of([&] { fine.accept_only({"lang", "region", "year"}); }) == 400);

    const PageQuery repeated({{"lang", "sv"}, {"lang", "en"}});
    CHECK(status_of([&] { repeated.accept_only({"lang"}); }) == 400);
    const PageQuery long_value({{"q", std::string(PageQuery::kMaxValueLength + 1, 'a')}});
    CHECK(status_of([&] { long_value.accept_only({"q"}); }) == 400);
    const PageQuery bad({{"trend", "5x"}, {"big", "101"}, {"region", "00 25"}});
    CHECK(status_of([&] { (void)bad.int_value("trend", 1, 100); }) == 400);
    CHECK(status_of([&] { (void)bad.int_value("big", 1, 100); }) == 400);
    CHECK(status_of([&] { (void)bad.id_value("region"); }) == 400);
}

TEST_CASE("the language: ?lang first, else English only when Accept-Language prefers it") {
    using report::ReportLanguage;
    CHECK(choose_language(std::string("en"), "sv") == ReportLanguage::en);
    CHECK(choose_language(std::string("sv"), "en") == ReportLanguage::sv);
    CHECK(status_of([] { (void)choose_language(std::string("de"), ""); }) == 400);
    CHECK(choose_language(std::nullopt, "") == ReportLanguage::sv);
    CHECK(choose_language(std::nullopt, "en-US,en;q=0.9") == ReportLanguage::en);
    CHECK(choose_language(std::nullopt, "en-US;q=0.9,en;q=0.9,sv;q=0.95") == ReportLanguage::sv);
    CHECK(choose_language(std::nullopt, "sv-SE, en;q=0.8") == ReportLanguage::sv);
    CHECK(choose_language(std::nullopt, "fr, EN;q=0.3") == ReportLanguage::en);
    CHECK(choose_language(std::nullopt, "en;q=0.5, sv;q=0.5") == ReportLanguage::sv);
    CHECK(choose_language(std::nullopt, "de, fr") == ReportLanguage::sv);
}

TEST_CASE("links keep the focus region and the language only when the URL named them") {
    PageContext context;
    CHECK(page_link(context, "/kpi/N00957", {{"set", "north"}, {"year", ""}}) ==
          "/kpi/N00957?set=north");
    context.region = "0024";
    context.region_in_url = true;
    context.language = report::ReportLanguage::en;
    context.lang_in_url = true;
    CHECK(page_link(context, "/") == "/?region=0024&lang=en");
    CHECK(page_link(context, "/unit/2580", {{"region", "2580"}}) ==
          "/unit/2580?region=2580&lang=en");
    CHECK(page_link(context, "/search", {{"q", "a&b=<c>"}}) ==
          "/search?q=a%26b%3D%3Cc%3E&region=0024&lang=en");
}

}  // namespace kolcat::serve
