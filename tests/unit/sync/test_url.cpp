#include <doctest/doctest.h>

#include "sync/http/url.hpp"

using namespace kolcat;

TEST_CASE("parse_url splits an absolute URL into its parts") {
    const http::Url url =
        http::parse_url("HTTPS://Api.Kolada.SE/v3/data/kpi/N00945?per_page=5000#top");
    CHECK(url.scheme == "https");
    CHECK(url.host == "api.kolada.se");
    CHECK_FALSE(url.port.has_value());
    CHECK(url.effective_port() == 443);
    CHECK(url.path == "/v3/data/kpi/N00945");
    REQUIRE(url.query.has_value());
    CHECK(*url.query == "per_page=5000");
    CHECK(url.to_string() == "https://api.kolada.se/v3/data/kpi/N00945?per_page=5000");
}

TEST_CASE("parse_url reads ports, IPv6 literals and an empty path") {
    const http::Url local = http::parse_url("http://127.0.0.1:8123");
    CHECK(local.port == 8123);
    CHECK(local.path == "/");
    CHECK_FALSE(local.query.has_value());
    CHECK(local.origin() == "http://127.0.0.1:8123");

    const http::Url v6 = http::parse_url("http://[::1]:9000/v3?x=1");
    CHECK(v6.host == "[::1]");
    CHECK(v6.port == 9000);
    CHECK(v6.path == "/v3");
    CHECK(http::parse_url("http://h/").effective_port() == 80);
}

TEST_CASE("parse_url refuses what is not an absolute http(s) URL") {
    CHECK_THROWS_AS(http::parse_url("/v3/kpi"), http::UrlError);
    CHECK_THROWS_AS(http::parse_url("ftp://h/x"), http::UrlError);
    CHECK_THROWS_AS(http::parse_url("https:///x"), http::UrlError);
    CHECK_THROWS_AS(http::parse_url("https://h:99999/x"), http::UrlError);
    CHECK_THROWS_AS(http::parse_url("https://h:8a/x"), http::UrlError);
    CHECK_THROWS_AS(http::parse_url("https://h/a b"), http::UrlError);
    CHECK_THROWS_AS(http::parse_url("https://[::1/x"), http::UrlError);
    // user info disguises the real host
    CHECK_THROWS_AS(http::parse_url("https://api.kolada.se@evil.example/v3"), http::UrlError);
    CHECK_THROWS_WITH_AS(http::parse_url("mailto:x"), doctest::Contains("mailto:x"),
                         http::UrlError);
}

TEST_CASE("resolve_url accepts absolute and every kind of relative next_url") {
    const http::Url base =
        http::parse_url("https://api.kolada.se/v3/data/kpi/N1/municipality/0025?page=1");
    CHECK(http::resolve_url(base, "https://api.kolada.se/v3/data/kpi/N1/municipality/0025?page=2")
              .to_string() == "https://api.kolada.se/v3/data/kpi/N1/municipality/0025?page=2");
    CHECK(http::resolve_url(base, "/v3/data?kpi_id=N1&page=2").to_string() ==
          "https://api.kolada.se/v3/data?kpi_id=N1&page=2");
    CHECK(http::resolve_url(base, "?page=2").to_string() ==
          "https://api.kolada.se/v3/data/kpi/N1/municipality/0025?page=2");
    CHECK(http::resolve_url(base, "0026?page=3").to_string() ==
          "https://api.kolada.se/v3/data/kpi/N1/municipality/0026?page=3");
    CHECK(http::resolve_url(base, "../../../kpi/N2?page=2").to_string() ==
          "https://api.kolada.se/v3/data/kpi/N2?page=2");
    CHECK(http::resolve_url(base, "//other.example/v3?page=2").to_string() ==
          "https://other.example/v3?page=2");
    CHECK(http::resolve_url(base, "?page=2#frag").to_string() ==
          "https://api.kolada.se/v3/data/kpi/N1/municipality/0025?page=2");
    CHECK(http::resolve_url(http::parse_url("http://127.0.0.1:5000/v3/kpi"), "kpi?page=2")
              .to_string() == "http://127.0.0.1:5000/v3/kpi?page=2");
    CHECK(http::resolve_url(http::parse_url("http://h/v3/kpi"), "data/x").to_string() ==
          "http://h/v3/data/x");
    CHECK_THROWS_AS(http::resolve_url(base, "?page=2 3"), http::UrlError);
}

TEST_CASE("same_origin compares scheme, host and effective port") {
    const http::Url a = http::parse_url("https://api.kolada.se/v3/kpi");
    CHECK(http::same_origin(a, http::parse_url("https://API.kolada.se:443/v3/other?x")));
    CHECK_FALSE(http::same_origin(a, http::parse_url("http://api.kolada.se/v3/kpi")));
    CHECK_FALSE(http::same_origin(a, http::parse_url("https://api.kolada.se:8443/v3/kpi")));
    CHECK_FALSE(http::same_origin(a, http::parse_url("https://evil.example/v3/kpi")));
    CHECK(http::same_origin(http::parse_url("http://127.0.0.1:80/x"),
                            http::parse_url("http://127.0.0.1/y")));
}

TEST_CASE("percent_encode keeps unreserved characters and escapes the rest") {
    CHECK(http::percent_encode("N00945") == "N00945");
    CHECK(http::percent_encode("G2KPI148336") == "G2KPI148336");
    CHECK(http::percent_encode("a-b.c_d~e") == "a-b.c_d~e");
    CHECK(http::percent_encode("a,b/c?d&e f") == "a%2Cb%2Fc%3Fd%26e%20f");
    CHECK(http::percent_encode("Luleå") == "Lule%C3%A5");
}
