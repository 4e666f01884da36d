#pragma once
// Headless Chromium, run as a user's browser would open kolcat serve's pages: the DOM after
// loading (--dump-dom) and a screenshot. Each run gets its own profile folder in the scratch
// folder, and no sandbox, because tests run as root in CI and Chromium's sandbox refuses root.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/kolcat_process.hpp"

namespace kolcat::browser_test {

// $KOLCAT_CHROMIUM, else the first of chromium and chromium-browser on PATH; empty if none.
inline std::string chromium_path() {
    if (const char* chosen = std::getenv("KOLCAT_CHROMIUM"); chosen != nullptr && *chosen) {
        return chosen;
    }
    for (const char* name : {"chromium", "chromium-browser"}) {
        const auto found = testing::find_program(name);
        if (found.find('/') != std::string::npos && std::filesystem::exists(found)) {
            return found;
        }
    }
    return {};
}

inline std::vector<std::string> chromium_command(const std::filesystem::path& scratch,
                                                 std::vector<std::string> extra) {
    std::vector<std::string> argv{chromium_path(),
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--disable-dev-shm-usage",
                                  "--no-first-run",
                                  "--disable-extensions",
                                  "--disable-background-networking",
                                  "--user-data-dir=" + (scratch / "chromium-profile").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

// The page's DOM after Chromium loaded it, asking for pages in `languages` (Accept-Language).
inline testing::ProcessResult dump_dom(const std::filesystem::path& scratch, const std::string& url,
                                       const std::string& languages = "sv-SE,sv") {
    testing::Child child(
        chromium_command(scratch, {"--accept-lang=" + languages, "--dump-dom", url}), scratch);
    return child.wait(std::chrono::seconds(90));
}

// A PNG of the page at the given window size, as a Swedish browser shows it.
inline testing::ProcessResult screenshot(const std::filesystem::path& scratch,
                                         const std::string& url, const std::filesystem::path& png,
                                         const std::string& window_size = "1280,1500") {
    testing::Child child(
        chromium_command(scratch, {"--accept-lang=sv-SE,sv", "--screenshot=" + png.string(),
                                   "--window-size=" + window_size, "--hide-scrollbars", url}),
        scratch);
    return child.wait(std::chrono::seconds(90));
}

}  // namespace kolcat::browser_test
