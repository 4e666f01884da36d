// Display width, truncation and wrapping of UTF-8 text for terminal tables and --help.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/text_width.hpp"

using namespace kolcat;
using namespace kolcat::text;

using kolcat::text::display_width;
using kolcat::text::truncate_to_width;
using kolcat::text::wrap_text;

TEST_CASE("text width: å, ä and ö take one column each") {
    CHECK(text::display_width("Överkalix") == 9);
    CHECK(text::display_width("Luleå") == 5);
    CHECK(text::truncate_to_width("Övertorneå kommun", 8) == "Övertor…");
    CHECK(text::truncate_to_width("Luleå", 5) == "Luleå");
}

TEST_CASE("text width: wrap_text folds at spaces by display width") {
    using Lines = std::vector<std::string>;
    CHECK(text::wrap_text("Älvsbyn Överkalix Övertorneå", 17) ==
          Lines{"Älvsbyn Överkalix", "Övertorneå"});
    CHECK(text::wrap_text("a  b", 10) == Lines{"a b"});  // runs of spaces fold like one
    CHECK(text::wrap_text("kort", 2) == Lines{"kort"});  // a longer word keeps a line, whole
    CHECK(text::wrap_text("", 10) == Lines{""});
}
