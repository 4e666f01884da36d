// The browser tests' runner: without Chromium they skip (exit 77, CTest's SKIP_RETURN_CODE) with
// a message that says so, instead of failing or passing without having looked at a page.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <iostream>

#include "tests/browser/chromium.hpp"

int main(int argc, char** argv) {
    if (kolcat::browser_test::chromium_path().empty()) {
        std::cout << "SKIPPED: no Chromium found (set KOLCAT_CHROMIUM, or install Debian's "
                     "'chromium'); the browser tests did not run\n";
        return 77;
    }
    doctest::Context context(argc, argv);
    return context.run();
}
