#include "serve/pages/page_frame.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

#include "catalogue/catalogue.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"

namespace kolcat::serve {
namespace {

// Written by the program, never from data (HtmlBuilder::trusted refuses '<' and '&'): the
// site's navigation and forms, on top of the report's style sheet.
constexpr std::string_view kPageStyle = R"css(
header.site { border-bottom: 2px solid #1a1a1a; margin-bottom: 1em; padding-bottom: 0.4em; }
header.site nav { display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; align-items: center; }
header.site nav a { text-decoration: none; color: #0b3d91; font-weight: 600; }
header.site .site-name { font-weight: bold; color: #1a1a1a; margin-right: 1em; }
form.choices { display: flex; flex-wrap: wrap; gap: 0.5em 1.2em; align-items: end; margin: 0.6em 0 1em; padding: 0.6em 0.8em; background: #f3f4f6; }
form.choices label { display: flex; flex-direction: column; font-size: 0.85em; }
form.search input[type=search] { min-width: 22em; }
ul.goals { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 0.5em 2em; }
ul.goals ul { padding-left: 1.2em; }
dl.kpi-metadata { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }
dl.kpi-metadata dt { font-weight: 600; }
dl.kpi-metadata dd { margin: 0; max-width: 60em; overflow-wrap: anywhere; }
.downloads a { margin-right: 1em; }
td, h1, h3, p { overflow-wrap: anywhere; }
td.nowrap { white-space: nowrap; overflow-wrap: normal; }
@media print {
  header.site nav, form.choices, form.search, .downloads { display: none; }
  footer { break-before: auto; page-break-before: auto; }
  section.goal, section.breakdown { break-before: auto; page-break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
)css";

std::string lang_code(report::ReportLanguage language) {
    return language == report::ReportLanguage::en ? "en" : "sv";
}

void append_query(std::string& url, const std::string& name, const std::string& value) {
    url += url.find('?') == std::string::npos ? '?' : '&';
    url += url_encode(name) + "=" + url_encode(value);
}

// Seconds since the epoch of "2026-11-26T13:38:54Z"; nullopt for another shape.
std::optional<std::int64_t> epoch_of(const std::string& timestamp) {
    std::tm parts{};
    if (timestamp.size() < 19 ||
        std::sscanf(timestamp.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &parts.tm_year, &parts.tm_mon,
                    &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec) != 6) {
        return std::nullopt;
    }
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&parts));
}

std::string age_text(std::int64_t seconds, const PageStrings& strings) {
    if (seconds < 3600) {
        return std::string(strings.under_an_hour);
    }
    if (seconds < 2 * 86400) {
        return report::fill(strings.hours, {std::to_string(seconds / 3600)});
    }
    return report::fill(strings.days, {std::to_string(seconds / 86400)});
}

void write_head(report::HtmlBuilder& out, const std::string& title) {
    out.open("head").newline();
    out.empty("meta", {{"charset", "utf-8"}}).newline();
    out.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}})
        .newline();
    out.element("title", {}, title + " – kolcat").newline();
    out.open("style")
        .trusted(report::report_style_sheet())
        .trusted(kPageStyle)
        .close("style")
        .newline();
    out.close("head").newline();
}

void write_header(report::HtmlBuilder& out, const PageContext& context) {
    const PageStrings& strings = context.strings();
    out.open("header", {{"class", "site"}}).newline();
    out.open("nav", {{"aria-label", std::string(strings.site_name)}});
    out.element("span", {{"class", "site-name"}}, strings.site_name);
    out.element("a", {{"href", page_link(context, "/")}}, strings.nav_start);
    out.element("a", {{"href", page_link(context, "/goal/1")}}, strings.nav_goals);
    out.element("a", {{"href", page_link(context, "/breakdown")}}, strings.nav_breakdown);
    out.element("a", {{"href", page_link(context, "/unit/" + url_encode(context.region))}},
                strings.nav_unit);
    out.element("a", {{"href", page_link(context, "/new")}}, strings.nav_new);
    out.element("a", {{"href", page_link(context, "/search")}}, strings.nav_search);
    // The same page in the other language: the same question, the other ?lang.
    std::string other = context.path;
    for (const auto& [name, value] : context.params) {
        if (name != "lang") {
            append_query(other, name, value);
        }
    }
    append_query(other, "lang", std::string(strings.other_lang_code));
    out.element("a",
                {{"href", other},
                 {"hreflang", std::string(strings.other_lang_code)},
                 {"lang", std::string(strings.other_lang_code)}},
                strings.other_language);
    out.close("nav").newline();
    if (context.catalogue != nullptr && catalogue::holds_demo_data(*context.catalogue)) {
        out.element("p", {{"class", "demo-warning"}, {"role", "alert"}},
                    report::report_strings(context.language).demo_warning)
            .newline();
    }
    out.close("header").newline();
}

void write_footer(report::HtmlBuilder& out, const PageContext& context) {
    const auto& report_strings = report::report_strings(context.language);
    out.open("footer").newline();
    out.open("p")
        .element("span", {{"class", "source"}}, context.strings().source)
        .text(" (www.kolada.se). ");
    const std::string age = data_age(context);
    if (!age.empty()) {
        out.open("strong")
            .text(std::string(report_strings.data_synced) + ": ")
            .close("strong")
            .element("span", {{"class", "data-age"}}, age)
            .text(". ");
    }
    out.text("kolcat " KOLCAT_VERSION ".").close("p").newline();
    out.close("footer").newline();
}

}  // namespace

std::string data_age(const PageContext& context) {
    const auto& report_strings = report::report_strings(context.language);
    if (context.catalogue == nullptr) {
        return {};
    }
    const auto run = context.catalogue->last_finished_run();
    if (!run || !run->finished_at) {
        return std::string(report_strings.never_synced);
    }
    const std::string when = report::date_of(*run->finished_at);
    const auto at = epoch_of(*run->finished_at);
    if (!at) {
        return when;
    }
    return report::fill(
        context.strings().data_age,
        {when, age_text(std::max<std::int64_t>(0, context.now - *at), context.strings())});
}

report::ReportLanguage choose_language(const std::optional<std::string>& lang_param,
                                       const std::string& accept_language) {
    if (lang_param) {
        if (*lang_param == "sv") {
            return report::ReportLanguage::sv;
        }
        if (*lang_param == "en") {
            return report::ReportLanguage::en;
        }
        throw PageError(400, "parameter 'lang' must be sv or en");
    }
    // "en-GB,en;q=0.9,sv;q=0.5": the highest q of each language's tags.
    double sv = 0;
    double en = 0;
    std::size_t start = 0;
    while (start < accept_language.size() && start < 1000) {
        std::size_t end = accept_language.find(',', start);
        if (end == std::string::npos) {
            end = accept_language.size();
        }
        std::string item = accept_language.substr(start, end - start);
        start = end + 1;
        double q = 1;
        if (const auto semicolon = item.find(';'); semicolon != std::string::npos) {
            const auto q_at = item.find("q=", semicolon);
            if (q_at != std::string::npos) {
                q = std::strtod(item.c_str() + q_at + 2, nullptr);
            }
            item.resize(semicolon);
        }
        std::string tag;
        for (const char c : item) {
            if (c == '-') {
                break;
            }
            if (c != ' ') {
                tag += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
        }
        if (tag == "sv") {
            sv = std::max(sv, q);
        } else if (tag == "en") {
            en = std::max(en, q);
        }
    }
    return en > sv ? report::ReportLanguage::en : report::ReportLanguage::sv;
}

std::string page_link(const PageContext& context, const std::string& path,
                      const LinkParams& params) {
    std::string url = path;
    bool region_given = false;
    for (const auto& [name, value] : params) {
        region_given = region_given || name == "region";
        if (!value.empty()) {
            append_query(url, name, value);
        }
    }
    if (context.region_in_url && !region_given) {
        append_query(url, "region", context.region);
    }
    if (context.lang_in_url) {
        append_query(url, "lang", lang_code(context.language));
    }
    return url;
}

void write_option(report::HtmlBuilder& out, const std::string& value, const std::string& label,
                  bool selected) {
    report::Attributes attributes{{"value", value}};
    if (selected) {
        attributes.emplace_back("selected", "selected");
    }
    out.element("option", attributes, label);
}

void carry_fields(report::HtmlBuilder& out, const PageContext& context,
                  const std::vector<std::string>& skip) {
    const auto skipped = [&](const std::string& name) {
        return std::find(skip.begin(), skip.end(), name) != skip.end();
    };
    if (context.region_in_url && !skipped("region")) {
        out.empty("input", {{"type", "hidden"}, {"name", "region"}, {"value", context.region}});
    }
    if (context.lang_in_url && !skipped("lang")) {
        out.empty("input",
                  {{"type", "hidden"}, {"name", "lang"}, {"value", lang_code(context.language)}});
    }
}

std::string render_page(const PageContext& context, const std::string& title,
                        const std::function<void(report::HtmlBuilder&)>& write_main) {
    report::HtmlBuilder out;
    out.doctype();
    out.open("html", {{"lang", lang_code(context.language)}}).newline();
    write_head(out, title);
    out.open("body").newline();
    write_header(out, context);
    out.open("main").newline();
    write_main(out);
    out.close("main").newline();
    write_footer(out, context);
    out.close("body").newline().close("html").newline();
    return out.finish();
}

std::string render_error_page(const PageContext& context, int status, const std::string& message) {
    const PageStrings& strings = context.strings();
    const std::string_view heading = status == 404   ? strings.not_found
                                     : status == 400 ? strings.bad_request
                                                     : strings.server_error;
    return render_page(context, std::string(heading), [&](report::HtmlBuilder& out) {
        out.element("h1", {}, heading).newline();
        out.element("p", {{"class", "error"}, {"data-status", std::to_string(status)}}, message)
            .newline();
        out.open("p")
            .element("a", {{"href", page_link(context, "/")}}, strings.back_to_start)
            .close("p")
            .newline();
    });
}

}  // namespace kolcat::serve
