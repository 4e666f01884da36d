// The unit of measure read from a Kolada title, for the report's axis labels.
#include <doctest/doctest.h>

#include "report/units.hpp"

using kolcat::report::sex_in_title;
using kolcat::report::TitleSex;
using kolcat::report::unit_of_measure;

TEST_CASE("report units: the tail after the last comma, when it reads like a unit") {
    CHECK(unit_of_measure("Ohälsotal, dagar") == "dagar");
    CHECK(unit_of_measure("Medianinkomst, kr") == "kr");
    CHECK(unit_of_measure("Kvinnor i fullmäktige, andel (%)") == "andel (%)");
    CHECK(unit_of_measure("Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, andel av "
                          "antal dagar (%)") == "andel av antal dagar (%)");
    CHECK(unit_of_measure("Invånare totalt, Luleå") == "");
    CHECK(unit_of_measure("Något utan enhet") == "");
    CHECK(unit_of_measure("Andel som svarat ja, i stort sett (%)") == "%");
}

TEST_CASE("report units: a validity note at the end of the title is not the unit") {
    CHECK(unit_of_measure("Nöjd Region-Index, index (-2024)") == "index");
    CHECK(unit_of_measure("Väntetid, dagar (2019-)") == "dagar");
    CHECK(unit_of_measure("Väntetid, dagar (2019-2024)  ") == "dagar");
    CHECK(unit_of_measure("Väntetid, dagar (2019)") == "dagar");
    CHECK(unit_of_measure("Sjukfrånvaro, andel (%) (-2023)") == "andel (%)");
    // Not a validity note: left as it is.
    CHECK(unit_of_measure("Väntetid, dagar (19-24)") == "dagar (19-24)");
    CHECK(unit_of_measure("Väntetid, dagar (2019-2024-2025)") == "dagar (2019-2024-2025)");
    CHECK(unit_of_measure("(2019)") == "");
}

TEST_CASE("report units: which sex a pair's key figure measures, from its title") {
    CHECK(sex_in_title("Medellivslängd kvinnor, år") == TitleSex::women);
    CHECK(sex_in_title("Medellivslängd män, år") == TitleSex::men);
    CHECK(sex_in_title("Återstående medellivslängd vid 65 år, Män") == TitleSex::men);
    CHECK(sex_in_title("Flickor som röker, andel (%)") == TitleSex::women);
    CHECK(sex_in_title("Kvinnors medianinkomst, kr") == TitleSex::women);
    // Both, neither, or "män" only inside another word: not told.
    CHECK_FALSE(sex_in_title("Ohälsotal för kvinnor och män, dagar").has_value());
    CHECK_FALSE(sex_in_title("Ohälsotal, dagar").has_value());
    CHECK_FALSE(sex_in_title("Allmän kollektivtrafik, resor/inv").has_value());
    CHECK_FALSE(sex_in_title("").has_value());
}
