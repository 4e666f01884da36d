#pragma once
// The frame every page shares: the language (Swedish unless ?lang=en or Accept-Language prefers
// English), the focus region, links that keep both, the head with the report's style sheet and
// a print style, the header with the navigation, and the footer with the source and the data's
// age. Pages write only their <main> content.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "report/data.hpp"
#include "report/html_builder.hpp"
#include "serve/pages/page_query.hpp"
#include "serve/pages/page_strings.hpp"

namespace kolcat::catalogue {
class Catalogue;
}  // namespace kolcat::catalogue

namespace kolcat::serve {

inline constexpr const char* kDefaultFocus = "0025";

struct PageContext {
    catalogue::Catalogue* catalogue = nullptr;  // null on an error page before it was opened
    std::string path;                           // the request's path, for the language link
    report::ReportLanguage language = report::ReportLanguage::sv;
    bool lang_in_url = false;  // ?lang= given: links carry it on
    std::string region = kDefaultFocus;
    bool region_in_url = false;  // ?region= given: links carry it on
    // The query as given, for the link to the same page in the other language.
    std::vector<std::pair<std::string, std::string>> params;
    std::int64_t now = 0;  // Unix seconds, for the data's age

    const PageStrings& strings() const { return page_strings(language); }
};

using LinkParams = std::vector<std::pair<std::string, std::string>>;

// "sv" or "en" from ?lang= (PageError 400 for another value) or Accept-Language: English when
// the header prefers en (higher q) over sv; Swedish otherwise.
report::ReportLanguage choose_language(const std::optional<std::string>& lang_param,
                                       const std::string& accept_language);

// When the catalogue was last synced and how long ago: "2026-11-26 13:38 UTC (för 3 dagar
// sedan)", from the last finished sync, as the report gives it; "aldrig" when never; "" when the
// catalogue could not be opened.
std::string data_age(const PageContext& context);

// A link within the site: the path, the given parameters (empty values left out), then the focus
// region and the language when the URL of this page named them. Every value is percent-encoded.
std::string page_link(const PageContext& context, const std::string& path,
                      const LinkParams& params = {});

// One <option> of a <select>, marked selected when it is the current choice.
void write_option(report::HtmlBuilder& out, const std::string& value, const std::string& label,
                  bool selected);

// Hidden fields that carry the language and the focus region through a GET form (the names in
// `skip` are fields of the form itself).
void carry_fields(report::HtmlBuilder& out, const PageContext& context,
                  const std::vector<std::string>& skip = {});

// The whole page: doctype, head (title, style), header, `write_main` inside <main>, footer.
std::string render_page(const PageContext& context, const std::string& title,
                        const std::function<void(report::HtmlBuilder&)>& write_main);

// The error page for a status (400, 404, 500, 503) with its message.
std::string render_error_page(const PageContext& context, int status, const std::string& message);

}  // namespace kolcat::serve
