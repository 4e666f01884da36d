// Display width, truncation and wrapping of UTF-8 text for terminal tables and --help.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/text_width.hpp"

using kolcat::display_width;
using kolcat::truncate_to_width;
using kolcat::wrap_text;

TEST_CASE("text width: å, ä and ö take one column each") {
    CHECK(display_width("Överkalix") == 9);
    CHECK(display_width("Luleå") == 5);
    CHECK(truncate_to_width("Övertorneå kommun", 8) == "Övertor…");
    CHECK(truncate_to_width("Luleå", 5) == "Luleå");
}

TEST_CASE("text width: wrap_text folds at spaces by display width") {
    using Lines = std::vector<std::string>;
    CHECK(wrap_text("Älvsbyn Överkalix Övertorneå", 17) ==
          Lines{"Älvsbyn Överkalix", "Övertorneå"});
    CHECK(wrap_text("a  b", 10) == Lines{"a b"});  // runs of spaces fold like one
    CHECK(wrap_text("kort", 2) == Lines{"kort"});  // a longer word keeps a line, whole
    CHECK(wrap_text("", 10) == Lines{""});
}
