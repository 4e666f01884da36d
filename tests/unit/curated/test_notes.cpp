// The local file's notes on key figures: loading, the accessor, the dates, and the check.

#include <doctest/doctest.h>

#include <algorithm>

#include "tests/support/test_indicators_support.hpp"

namespace kolcat {

using namespace test_indicators;

TEST_CASE("notes: calendar dates only") {
    CHECK(curated::is_calendar_date("2026-03-15"));
    CHECK(curated::is_calendar_date("2024-02-29"));        // a leap year
    CHECK(curated::is_calendar_date("2000-02-29"));        // divisible by 400
    CHECK_FALSE(curated::is_calendar_date("1900-02-29"));  // divisible by 100 only
    CHECK_FALSE(curated::is_calendar_date("2023-02-29"));
    CHECK_FALSE(curated::is_calendar_date("2026-04-31"));
    CHECK_FALSE(curated::is_calendar_date("2026-13-01"));
    CHECK_FALSE(curated::is_calendar_date("2026-00-10"));
    CHECK_FALSE(curated::is_calendar_date("2026-3-15"));
    CHECK_FALSE(curated::is_calendar_date("2026/03/15"));
    CHECK_FALSE(curated::is_calendar_date("15-03-2026"));
    CHECK_FALSE(curated::is_calendar_date("2026-03-15T10:00"));
    CHECK_FALSE(curated::is_calendar_date(""));
}

TEST_CASE("notes: loaded from the local file with their lines, found by key figure") {
    TempDir dir;
    const auto local = dir.path() / "local.json";
    write_text(local,
               "{\n"
               "  \"notes\": [\n"
               "    {\"kpi\": \"N00957\", \"date\": \"2026-03-15\", \"analysis\": \"First.\",\n"
               "     \"action\": \"Act.\"},\n"
               "    {\"kpi\": \"X00001\", \"date\": \"2026-03-16\", \"analysis\": \"Elsewhere.\",\n"
               "     \"action\": \"None.\"},\n"
               "    {\"kpi\": \"N00957\", \"date\": \"2026-01-02\", \"analysis\": \"Second.\",\n"
               "     \"action\": \"Follow up.\"}\n"
               "  ]\n"
               "}\n");
    const auto set = curated::load_indicators(kProjectIndicators, local);
    REQUIRE(set.notes.size() == 3);
    const auto notes = set.notes_for("N00957");
    REQUIRE(notes.size() == 2);  // in the file's order, not by date
    CHECK(notes[0].analysis == "First.");
    CHECK(notes[0].source == curated::SourceLocation{local, 3});
    CHECK(notes[1].date == "2026-01-02");
    CHECK(notes[1].action == "Follow up.");
    CHECK(notes[1].source.line == 7);
    CHECK(set.notes_for("N00209").empty());
    // The notes are part of what the fingerprint covers, like every byte of the local file.
    CHECK(set.fingerprint !=
          curated::load_indicators(kProjectIndicators, std::nullopt).fingerprint);

    SUBCASE("the check: a note on an id neither curated nor in the metadata, at FILE:LINE") {
        curated::MetadataLookup lookup;
        lookup.kpi = [](const std::string& id) -> std::optional<catalogue::Kpi> {
            if (id == "X00001") {
                return std::nullopt;
            }
            catalogue::Kpi kpi;
            kpi.id = id;
            kpi.municipality_type = "A";
            return kpi;
        };
        auto problems = curated::check_indicators(set, lookup);
        std::erase_if(problems, [](const curated::IndicatorProblem& problem) {
            return problem.kind != curated::ProblemKind::unknown_note_kpi;
        });
        REQUIRE(problems.size() == 1);
        CHECK(curated::format_problem(problems.front()) ==
              local.string() +
                  ":5: X00001: unknown_note_kpi: a note (dated 2026-03-16) concerns X00001, "
                  "which is neither curated nor in Kolada's key-figure catalogue");
    }
}

TEST_CASE("notes: the project's files hold none") {
    TempDir dir;
    copy_project_files(dir.path());
    write_text(dir.path() / "kpis.json",
               "{\"kpis\": [], \"notes\": [{\"kpi\": \"N00957\", \"date\": \"2026-03-15\", "
               "\"analysis\": \"a\", \"action\": \"b\"}]}\n");
    CHECK(load_error(dir.path()).find("unknown top-level member \"notes\"") != std::string::npos);
}

}  // namespace kolcat
