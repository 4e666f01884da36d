// libFuzzer target: any bytes as a Kolada v3 answer body, the way HttpJsonFetcher and the Pager
// handle one: the nesting guard, nlohmann's parser, then each page parser (data pages both from
// the document and straight from the text, which must agree) and, for a next_url, its
// resolution against the page's URL. Every refusal must be a KoladaFormatError (or UrlError
// for the URL); any other exception, a crash, a sanitizer report, a hang or a runaway
// allocation is a finding.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sync/http/http_json_fetcher.hpp"
#include "sync/http/url.hpp"
#include "sync/kolada/kolada_json.hpp"

namespace {

const kolcat::http::Url& page_url() {
    static const kolcat::http::Url url = kolcat::http::parse_url(
        "http://127.0.0.1:8080/v3/data/kpi/N00945/municipality/0025?per_page=5000");
    return url;
}

void follow(const std::optional<std::string>& next_url) {
    if (!next_url) {
        return;
    }
    try {
        const kolcat::http::Url next = kolcat::http::resolve_url(page_url(), *next_url);
        (void)kolcat::http::same_origin(page_url(), next);
        (void)next.to_string();
    } catch (const kolcat::http::UrlError&) {
    }
}

template <typename Parse>
void parse_as(Parse parse, const nlohmann::json& body) {
    try {
        follow(parse(body).next_url);
    } catch (const kolcat::sync::KoladaFormatError&) {
    }
}

// The two readers of a data page must agree: parse_value_page on the parsed document, and
// parse_value_text, which reads the text straight into Values (a sync's hot path). Both accept
// the same pages with the same values, or both refuse; text nlohmann cannot parse is refused by
// the text reader too. A disagreement is a finding (abort).
void compare_value_readers(std::string_view text, const nlohmann::json* body) {
    std::optional<kolcat::sync::Page<kolcat::catalogue::Value>> from_document;
    if (body != nullptr) {
        try {
            from_document = kolcat::sync::parse_value_page(*body);
        } catch (const kolcat::sync::KoladaFormatError&) {
        }
    }
    std::optional<kolcat::sync::Page<kolcat::catalogue::Value>> from_text;
    try {
        from_text = kolcat::sync::parse_value_text(text);
    } catch (const kolcat::sync::KoladaFormatError&) {
    } catch (const nlohmann::json::exception&) {
        if (body != nullptr) {
            std::fprintf(stderr, "parse_value_text refused JSON that nlohmann parses\n");
            std::abort();
        }
    }
    if (from_document.has_value() != from_text.has_value()) {
        std::fprintf(stderr, "the readers disagree: the document reader %s, the text reader %s\n",
                     from_document ? "accepts" : "refuses", from_text ? "accepts" : "refuses");
        std::abort();
    }
    if (!from_document) {
        return;
    }
    const auto& a = *from_document;
    const auto& b = *from_text;
    bool same = a.next_url == b.next_url && a.items.size() == b.items.size();
    for (std::size_t i = 0; same && i < a.items.size(); ++i) {
        const auto& x = a.items[i];
        const auto& y = b.items[i];
        same = x.kpi == y.kpi && x.municipality == y.municipality && x.period == y.period &&
               x.gender == y.gender && x.value == y.value && x.count == y.count &&
               x.status == y.status && x.is_deleted == y.is_deleted;
    }
    if (!same) {
        std::fprintf(stderr, "the readers accept the page with different values\n");
        std::abort();
    }
    follow(a.next_url);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)kolcat::http::body_snippet(text);  // what an error message would quote of it
    if (kolcat::http::json_nesting_exceeds(text, kolcat::http::FetcherOptions{}.max_json_depth)) {
        return 0;
    }
    nlohmann::json body;
    try {
        body = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        compare_value_readers(text, nullptr);
        return 0;  // the fetcher reports invalid or unreadable JSON
    }
    compare_value_readers(text, &body);
    parse_as(kolcat::sync::parse_kpi_page, body);
    parse_as(kolcat::sync::parse_municipality_page, body);
    parse_as(kolcat::sync::parse_group_page, body);
    return 0;
}
