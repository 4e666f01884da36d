// Command-line parsing shared by the commands: years, ids and numbers.

#include <doctest/doctest.h>

#include <QStringList>
#include <cstdlib>

#include "cli/command_line.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output/time_text.hpp"
#include "cli/output/year_ranges.hpp"

namespace kolcat::cli {

TEST_CASE("command line: a years option, under each of its names, in the one syntax") {
    const auto parse = [](const QStringList& arguments) {
        CommandLine command_line("values", "test", {});
        command_line.add_year_option({"years", "year"}, "years");
        REQUIRE(command_line.parse(arguments));
        return command_line.year_set("years");
    };
    CHECK_FALSE(parse({"values"}));
    CHECK(parse({"values", "--years", "2015,2020,2022-2023"})->text() == "2015,2020,2022-2023");
    CHECK(parse({"values", "--year", "2010-"})->text() == "2010-");
    CHECK(parse({"values", "--year", "-2015"})->text() == "-2015");
    CHECK(parse_years("2015").single_year() == 2015);
    // One message for a bad year, as a usage error (exit code 2).
    try {
        parse({"values", "--years", "20x0"});
        FAIL("no error for 20x0");
    } catch (const UsageError& error) {
        CHECK(std::string(error.what()) ==
              "invalid year '20x0': use 2015, 2010-2023, 2010-, -2015 or a list such as "
              "2015,2020,2022-2023 (years 1900 to 2100)");
    }
    CHECK_THROWS_AS(parse_years("2012-2010"), UsageError);
}

TEST_CASE("command line: ids, numbers, unknown options and the catalogue path") {
    CommandLine command_line("values", "test", {"kolcat values --kpi N00945"});
    command_line.add_catalogue_option();
    command_line.add_id_list_option("kpi", "ids", "ids");
    command_line.add_value_option("limit", "n", "n");
    REQUIRE(command_line.parse({"values", "--kpi", "N00945,N00952", "--kpi", "N00945", "--limit",
                                "7", "--catalogue", "/tmp/x.sqlite"}));
    CHECK(command_line.id_list("kpi") == std::vector<std::string>{"N00945", "N00952"});
    CHECK(command_line.int_value("limit", 1, 10) == 7);
    CHECK_THROWS_AS(command_line.int_value("limit", 8, 10), UsageError);
    CHECK(command_line.catalogue_path() == "/tmp/x.sqlite");

    CommandLine bad_id("values", "test", {});
    bad_id.add_id_list_option("kpi", "ids", "ids");
    REQUIRE(bad_id.parse({"values", "--kpi", "N0'; DROP TABLE value;--"}));
    CHECK_THROWS_AS(bad_id.id_list("kpi"), UsageError);

    CommandLine unknown("values", "test", {});
    CHECK_THROWS_AS(unknown.parse({"values", "--bogus"}), UsageError);
}

TEST_CASE("command line: the catalogue path falls back to KOLCAT_CATALOGUE, then XDG") {
    CommandLine command_line("status", "test", {});
    command_line.add_catalogue_option();
    REQUIRE(command_line.parse({"status"}));
    ::setenv("KOLCAT_CATALOGUE", "/tmp/from-env.sqlite", 1);
    CHECK(command_line.catalogue_path() == "/tmp/from-env.sqlite");
    ::unsetenv("KOLCAT_CATALOGUE");
    ::setenv("XDG_DATA_HOME", "/tmp/xdg-data", 1);
    CHECK(command_line.catalogue_path() == "/tmp/xdg-data/kolcat/catalogue.sqlite");
    ::unsetenv("XDG_DATA_HOME");
}

TEST_CASE("time and year texts") {
    CHECK(compress_years({2010, 2011, 2012, 2015, 2017, 2018}) == "2010-2012, 2015, 2017-2018");
    CHECK(compress_years({}).empty());
    CHECK(describe_age(std::chrono::seconds(40)) == "40 seconds");
    CHECK(describe_age(std::chrono::hours(50)) == "2 days");
    CHECK(describe_duration(std::chrono::seconds(3725)) == "1:02:05");
    CHECK(describe_duration(std::chrono::seconds(65)) == "1:05");
    const auto parsed = parse_utc_timestamp("2026-11-26T13:38:54Z");
    REQUIRE(parsed.has_value());
    CHECK_FALSE(parse_utc_timestamp("2026-13-26T13:38:54Z").has_value());
    CHECK_FALSE(parse_utc_timestamp("yesterday").has_value());
    CHECK(utc_timestamp_now().size() == 20);
}

}  // namespace kolcat::cli

namespace kolcat::cli {

TEST_CASE("command line: ids are trimmed, upper-cased and split; empty ids are refused") {
    CommandLine command_line("compare", "test", {});
    command_line.add_id_list_option("unit", "ids", "ids");
    command_line.add_value_option("region", "id", "ID");
    command_line.add_positional("kpi", "ids", "[KPI...]");
    REQUIRE(command_line.parse({"compare", "n00957, N00945", "n00957", "u09808,N00209", "--unit",
                                " g33632 ,0025", "--region", " 0025 "}));
    CHECK(command_line.positional_ids() ==
          std::vector<std::string>{"N00957", "N00945", "U09808", "N00209"});
    CHECK(command_line.id_list("unit") == std::vector<std::string>{"G33632", "0025"});
    CHECK(command_line.id_value("region") == "0025");

    CommandLine empty("values", "test", {});
    empty.add_id_list_option("kpi", "ids", "ids");
    empty.add_value_option("region", "id", "ID");
    empty.add_positional("kpi", "ids", "[KPI...]");
    REQUIRE(empty.parse({"values", "", "--kpi", " , ", "--region", ""}));
    CHECK_THROWS_WITH_AS(empty.id_list("kpi"), doctest::Contains("--kpi needs at least one id"),
                         UsageError);
    CHECK_THROWS_WITH_AS(empty.id_value("region"), doctest::Contains("--region needs an id"),
                         UsageError);
    CHECK_THROWS_AS(empty.positional_ids(), UsageError);

    CommandLine absent("values", "test", {});
    absent.add_id_list_option("kpi", "ids", "ids");
    REQUIRE(absent.parse({"values"}));
    CHECK(absent.id_list("kpi").empty());  // not given: every key figure
}

TEST_CASE("command line: Qt's option errors read like kolcat's own") {
    CommandLine command_line("values", "test", {});
    CHECK_THROWS_WITH_AS(command_line.parse({"values", "--bogus"}),
                         "unknown option '--bogus' (see 'kolcat values --help')", UsageError);
    CommandLine missing("values", "test", {});
    missing.add_id_list_option("kpi", "ids", "ids");
    CHECK_THROWS_WITH_AS(missing.parse({"values", "--kpi"}),
                         "missing value after '--kpi' (see 'kolcat values --help')", UsageError);
}

}  // namespace kolcat::cli
