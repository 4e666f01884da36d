// libFuzzer target: any bytes as a Kolada v3 answer body, the way HttpJsonFetcher and the Pager
// handle one: the nesting guard, nlohmann's parser, then each page parser and, for a next_url,
// its resolution against the page's URL. Every refusal must be a KoladaFormatError (or UrlError
// for the URL); any other exception, a crash, a sanitizer report, a hang or a runaway
// allocation is a finding.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sync/http_json_fetcher.hpp"
#include "sync/kolada_json.hpp"
#include "sync/url.hpp"

namespace {

const kolcat::Url& page_url() {
    static const kolcat::Url url = kolcat::parse_url(
        "http://127.0.0.1:8080/v3/data/kpi/N00945/municipality/0025?per_page=5000");
    return url;
}

void follow(const std::optional<std::string>& next_url) {
    if (!next_url) {
        return;
    }
    try {
        const kolcat::Url next = kolcat::resolve_url(page_url(), *next_url);
        (void)kolcat::same_origin(page_url(), next);
        (void)next.to_string();
    } catch (const kolcat::UrlError&) {
    }
}

template <typename Parse>
void parse_as(Parse parse, const nlohmann::json& body) {
    try {
        follow(parse(body).next_url);
    } catch (const kolcat::KoladaFormatError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)kolcat::body_snippet(text);  // what an error message would quote of it
    if (kolcat::json_nesting_exceeds(text, kolcat::FetcherOptions{}.max_json_depth)) {
        return 0;
    }
    nlohmann::json body;
    try {
        body = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        return 0;  // the fetcher reports invalid or unreadable JSON
    }
    parse_as(kolcat::parse_value_page, body);
    parse_as(kolcat::parse_kpi_page, body);
    parse_as(kolcat::parse_municipality_page, body);
    parse_as(kolcat::parse_group_page, body);
    return 0;
}
