// One year syntax for sync, values, compare and report, run as a user runs them: the real
// `kolcat` binary, synced from the fake Kolada server serving the demo data set (N00945 has
// values for Norrbotten 0025 in 2010-2023).

#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "demo/fake_kolada_server.hpp"
#include "demo/load_dataset.hpp"
#include "tests/support/test_cli_compare_support.hpp"

namespace kolcat {
namespace {

using test_compare::CommandResult;
using test_compare::run_kolcat_on;
using test_compare::TempFolder;

const std::string kBadYear =
    "': use 2015, 2010-2023, 2010-, -2015 or a list such as 2015,2020,2022-2023 (years 1900 to "
    "2100)\n";

int current_year() {
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return static_cast<int>(std::chrono::year_month_day(today).year());
}

std::string years_text(int first, int last) {
    std::string text;
    for (int year = first; year <= last; ++year) {
        text += (text.empty() ? "" : ",") + std::to_string(year);
    }
    return text;
}

// A catalogue synced by the real binary from the fake server: N00945 for 0025, the given years.
struct YearsCatalogue {
    TempFolder folder;
    std::filesystem::path catalogue = folder.path() / "catalogue.sqlite";
    demo::FakeKoladaServer server{demo::load_dataset(std::filesystem::path(KOLCAT_DEMO_DATA_DIR))};

    YearsCatalogue() { server.start(); }
    CommandResult sync(const std::string& years) {
        server.clear_request_log();
        return run({"sync", "--api-url", server.base_url(), "--max-rps", "0", "--quiet", "--kpi",
                    "N00945", "--unit", "0025", "--years", years});
    }
    // The year lists of the value requests the last sync made, in order.
    std::vector<std::string> requested_years() const {
        std::vector<std::string> lists;
        for (const auto& request : server.request_log()) {
            if (!request.data) {
                continue;
            }
            const auto at = request.path.find("/year/");
            lists.push_back(at == std::string::npos ? "" : request.path.substr(at + 6));
        }
        return lists;
    }
    // The periods `kolcat values` lists for N00945 and 0025, with extra arguments.
    std::vector<int> periods(const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> args{"values", "--kpi",    "N00945", "--unit",
                                      "0025",   "--format", "json"};
        args.insert(args.end(), extra.begin(), extra.end());
        const CommandResult result = run(args);
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        std::vector<int> periods;
        for (const auto& row : nlohmann::json::parse(result.out)) {
            if (row.at("gender") == "T") {
                periods.push_back(row.at("period").get<int>());
            }
        }
        return periods;
    }
    CommandResult run(const std::vector<std::string>& args) const {
        return run_kolcat_on(catalogue, folder.path(), args);
    }
};

}  // namespace

TEST_CASE("kolcat sync --years: lists, and open ranges up to this year or from 1970") {
    YearsCatalogue fixture;
    SUBCASE("a list") {
        const CommandResult result = fixture.sync("2012, 2015-2016");
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(fixture.requested_years() == std::vector<std::string>{"2012,2015,2016"});
        CHECK(fixture.periods() == std::vector<int>{2012, 2015, 2016});
        // status names each year of the scope, not a range that hides the gap.
        const CommandResult status = fixture.run({"status", "--format", "json"});
        REQUIRE_MESSAGE(status.exit_code == 0, status.err);
        CHECK(nlohmann::json::parse(status.out).at("last_sync_scope") ==
              "1 key figures x 1 units, years 2012, 2015-2016");
    }
    SUBCASE("2020-: every year from 2020 to the current year, in one request") {
        const CommandResult result = fixture.sync("2020-");
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(fixture.requested_years() ==
              std::vector<std::string>{years_text(2020, current_year())});
        CHECK(fixture.periods() == std::vector<int>{2020, 2021, 2022, 2023});
    }
    SUBCASE("-2011: 1970 to 2011 is 42 years, so two requests of at most 25") {
        const CommandResult result = fixture.sync("-2011");
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(fixture.requested_years() ==
              std::vector<std::string>{years_text(1970, 1994), years_text(1995, 2011)});
        CHECK(fixture.periods() == std::vector<int>{2010, 2011});
    }
    SUBCASE("--year is the same option") {
        const CommandResult result =
            fixture.run({"sync", "--api-url", fixture.server.base_url(), "--max-rps", "0",
                         "--quiet", "--kpi", "N00945", "--unit", "0025", "--year", "2013"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        CHECK(fixture.periods() == std::vector<int>{2013});
    }
    SUBCASE("an open range past the current year names nothing: an error, nothing fetched") {
        const CommandResult result = fixture.sync("2100-");
        CHECK(result.exit_code == 2);
        CHECK(result.err == "kolcat: error: --years 2100- names no year up to " +
                                std::to_string(current_year()) + ", the current year\n");
        CHECK(fixture.requested_years().empty());
    }
}

TEST_CASE("kolcat values --years: a list with open ranges, resolved against the stored years") {
    YearsCatalogue fixture;
    const CommandResult synced = fixture.sync("2010-");
    REQUIRE_MESSAGE(synced.exit_code == 0, synced.err);
    CHECK(fixture.periods({"--years", "2011,2013-2014,2022-"}) ==
          std::vector<int>{2011, 2013, 2014, 2022, 2023});
    CHECK(fixture.periods({"--years", "-2011"}) == std::vector<int>{2010, 2011});
    CHECK(fixture.periods({"--year", "2016"}) == std::vector<int>{2016});
    CHECK(fixture.periods({"--years", "2030-"}).empty());
}

TEST_CASE("kolcat report --year: the year compared, as in compare") {
    YearsCatalogue fixture;
    const CommandResult synced = fixture.sync("2010-");
    REQUIRE_MESSAGE(synced.exit_code == 0, synced.err);
    const auto out = fixture.folder.path() / "report.html";
    const CommandResult result = fixture.run({"report", "--out", out.string(), "--goal", "4",
                                              "--year", "2014,2016-2017", "--lang", "en"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const std::string html = test_compare::read_text_file(out);
    // N00945's latest year in the set with a value for Norrbotten.
    CHECK(html.find("2017 (the latest of the years asked for with a value for") !=
          std::string::npos);
    CHECK(html.find("2023 (") == std::string::npos);
}

TEST_CASE("every command: one message for a bad year, exit code 2") {
    YearsCatalogue fixture;
    const CommandResult synced = fixture.sync("2022-");
    REQUIRE_MESSAGE(synced.exit_code == 0, synced.err);
    const auto out = fixture.folder.path() / "report.html";
    for (const std::string bad : {"20x0", "2015-2010", "-", "2015,,2016"}) {
        CAPTURE(bad);
        const std::vector<std::vector<std::string>> commands{
            {"sync", "--api-url", fixture.server.base_url(), "--years", bad},
            {"values", "--years", bad},
            {"values", "--year", bad},
            {"compare", "N00945", "--year", bad},
            {"report", "--out", out.string(), "--year", bad}};
        for (const auto& command : commands) {
            CAPTURE(command.front());
            const CommandResult result = fixture.run(command);
            CHECK(result.exit_code == 2);
            CHECK(result.err == "kolcat: error: invalid year '" + bad + kBadYear);
        }
    }
    CHECK_FALSE(std::filesystem::exists(out));
}

}  // namespace kolcat
