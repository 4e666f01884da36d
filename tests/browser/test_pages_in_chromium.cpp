// Every kind of kolcat serve page, opened in headless Chromium as a meeting's browser opens it:
// the DOM it built (title, tables, one <svg> per chart, the source line) and screenshots that
// are not blank. The catalogue is the demo data, synced by the real binary from the demo server.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/browser/chromium.hpp"
#include "tests/support/png_pixels.hpp"
#include "tests/support/test_serve_support.hpp"

namespace kolcat {
namespace {

using serve_test::ScratchDir;
using serve_test::ServeProcess;

struct ServedDemo {
    ScratchDir scratch{"browser"};
    demo::FakeKoladaServer demo{serve_test::demo_dataset()};
    std::filesystem::path catalogue = scratch.path() / "catalogue.sqlite";
    std::unique_ptr<ServeProcess> serve;

    ServedDemo() {
        demo.start();
        const auto synced =
            serve_test::kolcat(scratch, catalogue,
                               {"sync", "--api-url", demo.base_url(), "--max-rps", "0", "--quiet"});
        REQUIRE_MESSAGE(synced.exit_code == 0, hardening::describe(synced));
        serve = std::make_unique<ServeProcess>(scratch, catalogue);
    }
    std::string url(const std::string& target) const {
        return "http://127.0.0.1:" + std::to_string(serve->port()) + target;
    }
};

ServedDemo& served() {
    static ServedDemo instance;
    return instance;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++count;
    }
    return count;
}

std::string title_of(const std::string& dom) {
    const auto open = dom.find("<title>");
    const auto close = dom.find("</title>");
    if (open == std::string::npos || close == std::string::npos || close < open) {
        return {};
    }
    return dom.substr(open + 7, close - open - 7);
}

struct PageKind {
    std::string name;
    std::string target;
    std::vector<std::string> expected;   // text the DOM must hold
    std::size_t tables = 0;              // at least this many <table>
    std::size_t charts = 0;              // at least this many <svg>
    std::string languages = "sv-SE,sv";  // the browser's Accept-Language
};

// N02267 (Sysselsättningsgrad 20-64 år) is curated, broken down by sex, and held for
// municipalities and regions in the demo data, so its page has a table and both charts.
const std::vector<PageKind>& page_kinds() {
    static const std::vector<PageKind> kinds = {
        {"start", "/", {"<form", "Ekonomisk jämställdhet", "Källa: Kolada"}, 0, 0},
        {"start in English",
         "/?lang=en",
         {"lang=\"en\"", "Economic equality", "Source: Kolada"},
         0,
         0},
        {"start for an English browser",
         "/",
         {"lang=\"en\"", "Economic equality", "Source: Kolada"},
         0,
         0,
         "en-GB,en;q=0.9"},
        {"search", "/search?q=syssels%C3%A4ttningsgrad", {"/kpi/N02267", "Källa: Kolada"}, 0, 0},
        {"key figure", "/kpi/N02267", {"Sysselsättningsgrad", "Källa: Kolada", ".csv"}, 1, 2},
        {"sub-goal", "/goal/2", {"Ekonomisk jämställdhet", "Källa: Kolada"}, 1, 0},
        {"SDG goal", "/sdg/5", {"Källa: Kolada"}, 1, 0},
        {"SDG target", "/target/5.5", {"5.5", "Källa: Kolada"}, 1, 0},
        {"breakdown", "/breakdown", {"Källa: Kolada"}, 1, 0},
        {"unit", "/unit/0025", {"Norrbotten", "Källa: Kolada"}, 1, 0},
        {"what is new", "/new", {"Källa: Kolada"}, 0, 0},
    };
    return kinds;
}

}  // namespace

TEST_CASE("browser: Chromium renders every kind of page, with its title, tables and charts") {
    auto& demo = served();
    for (const auto& kind : page_kinds()) {
        CAPTURE(kind.name);
        // The page itself answers, not an error page that merely looks like one.
        CHECK(serve_test::http_get(demo.serve->port(), kind.target).status == 200);
        const auto result =
            browser_test::dump_dom(demo.scratch.path(), demo.url(kind.target), kind.languages);
        REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
        const auto& dom = result.out;
        CAPTURE(dom.substr(0, 3000));
        CHECK(!title_of(dom).empty());
        for (const auto& text : kind.expected) {
            CHECK_MESSAGE(dom.find(text) != std::string::npos, "missing: " << text);
        }
        CHECK(occurrences(dom, "<table") >= kind.tables);
        CHECK(occurrences(dom, "<svg") >= kind.charts);
        // Nothing is loaded from elsewhere: the meeting room has no network.
        CHECK(dom.find("src=\"http") == std::string::npos);
        CHECK(dom.find("href=\"http") == std::string::npos);
    }
}

TEST_CASE("browser: screenshots of the start page and a key-figure page are not blank") {
    auto& demo = served();
    // KOLCAT_SCREENSHOT_DIR keeps the pictures (docs/ holds copies made this way).
    const char* keep = std::getenv("KOLCAT_SCREENSHOT_DIR");
    // The check below can fail: an empty page has next to nothing but its background.
    const auto blank_png = demo.scratch.path() / "blank.png";
    const auto blank = browser_test::screenshot(demo.scratch.path(), "about:blank", blank_png);
    REQUIRE_MESSAGE(blank.exit_code == 0, hardening::describe(blank));
    CHECK(testing::share_not_background(testing::read_png(blank_png)) < 0.001);
    for (const auto& [name, target] : std::vector<std::pair<std::string, std::string>>{
             {"start", "/"}, {"key-figure", "/kpi/N02267"}}) {
        CAPTURE(name);
        const auto png = demo.scratch.path() / (name + ".png");
        const auto result = browser_test::screenshot(demo.scratch.path(), demo.url(target), png);
        REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
        REQUIRE(std::filesystem::exists(png));
        const auto image = testing::read_png(png);
        CHECK(image.width == 1280);
        CHECK(image.height == 1500);
        // Text, tables and charts cover far more than 2 % of a page; a blank or error page
        // (white, or one line of text) does not.
        const double drawn = testing::share_not_background(image);
        MESSAGE(name << ": " << drawn * 100 << " % of pixels differ from the background");
        CHECK(drawn > 0.02);
        if (keep != nullptr && *keep) {
            std::filesystem::create_directories(keep);
            std::filesystem::copy_file(png,
                                       std::filesystem::path(keep) / ("serve-" + name + ".png"),
                                       std::filesystem::copy_options::overwrite_existing);
        }
    }
}

}  // namespace kolcat
