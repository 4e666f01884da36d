// The compact report of the demo catalogue, printed to PDF by headless Chromium as a user prints
// it for a meeting: at most 30 A4 pages. The catalogue is the demo data, synced by the real
// binary from the demo server; the page count is read from the PDF's page objects.

#include <doctest/doctest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/browser/chromium.hpp"
#include "tests/support/test_serve_support.hpp"

namespace kolcat {
namespace {

using serve_test::ScratchDir;

// The number of page objects ("/Type /Page", not the "/Type /Pages" tree nodes) in a PDF.
std::size_t pdf_pages(const std::filesystem::path& pdf) {
    std::ifstream in(pdf, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    std::size_t pages = 0;
    for (auto at = bytes.find("/Type"); at != std::string::npos; at = bytes.find("/Type", at + 5)) {
        auto next = at + 5;
        while (next < bytes.size() &&
               (bytes[next] == ' ' || bytes[next] == '\n' || bytes[next] == '\r')) {
            ++next;
        }
        if (bytes.compare(next, 5, "/Page") == 0 &&
            (next + 5 >= bytes.size() ||
             !std::isalnum(static_cast<unsigned char>(bytes[next + 5])))) {
            ++pages;
        }
    }
    return pages;
}

}  // namespace

TEST_CASE("the compact report of the demo catalogue prints on at most 30 A4 pages") {
    ScratchDir scratch{"report-print"};
    demo::FakeKoladaServer demo{serve_test::demo_dataset()};
    demo.start();
    const auto catalogue = scratch.path() / "catalogue.sqlite";
    const auto synced = serve_test::kolcat(
        scratch, catalogue, {"sync", "--api-url", demo.base_url(), "--max-rps", "0", "--quiet"});
    REQUIRE_MESSAGE(synced.exit_code == 0, hardening::describe(synced));
    const auto html = scratch.path() / "compact.html";
    const auto written =
        serve_test::kolcat(scratch, catalogue, {"report", "--compact", "--out", html.string()});
    REQUIRE_MESSAGE(written.exit_code == 0, hardening::describe(written));

    const auto pdf = scratch.path() / "compact.pdf";
    testing::Child chromium(
        browser_test::chromium_command(
            scratch.path(), {"--print-to-pdf=" + pdf.string(), "file://" + html.string()}),
        scratch.path());
    const auto printed = chromium.wait(std::chrono::seconds(120));
    REQUIRE_MESSAGE(std::filesystem::exists(pdf), "Chromium wrote no PDF: " << printed.err);
    const std::size_t pages = pdf_pages(pdf);
    MESSAGE("compact report: " << pages << " A4 pages");
    CHECK(pages >= 2);  // the summary and the sub-goals do not fit on one
    CHECK(pages <= 30);
}

}  // namespace kolcat
