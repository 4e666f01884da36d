// `kolcat changes`: the real binary over a catalogue the real `kolcat sync` filled from the demo
// Kolada server, after the server revised, published and deleted values and the catalogue
// synced again. The rows are checked exactly, in CSV and JSON, with the old values read from
// `kolcat values` before the changes; and the changed cells are those `kolcat serve` gives for
// the same date through /v3/data?from_date.

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "cli/output/render.hpp"
#include "demo/calendar.hpp"
#include "tests/support/test_serve_support.hpp"

namespace kolcat {
namespace {

using serve_test::ScratchDir;
using serve_test::ServeProcess;

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (auto at = text.find(separator); at != std::string::npos;
         at = text.find(separator, start)) {
        parts.push_back(text.substr(start, at - start));
        start = at + separator.size();
    }
    if (start < text.size()) {
        parts.push_back(text.substr(start));
    }
    return parts;
}

// The value field of the one line `kolcat values` prints for a cell.
std::string stored_value_text(const ScratchDir& scratch, const std::filesystem::path& catalogue,
                              const std::string& kpi, const std::string& unit, int year,
                              const std::string& gender) {
    const auto result = serve_test::kolcat(
        scratch, catalogue,
        {"values", "--kpi", kpi, "--unit", unit, "--years", std::to_string(year)});
    REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
    for (const auto& line : split(result.out, "\r\n")) {
        const auto fields = split(line, ",");
        if (fields.size() >= 5 && fields[3] == gender) {
            return fields[4];
        }
    }
    FAIL("no value stored for " << kpi << " " << unit << " " << year << " " << gender);
    return {};
}

// The demo server and a catalogue the real binary synced from it.
struct Synced {
    ScratchDir scratch{"changes"};
    demo::FakeKoladaServer demo{serve_test::demo_dataset(), demo_options()};
    std::filesystem::path catalogue = scratch.path() / "catalogue.sqlite";

    static demo::ServerOptions demo_options() {
        demo::ServerOptions options;
        options.demo_header = true;
        return options;
    }
    Synced() {
        demo.start();
        sync();
    }
    void sync() {
        const auto result =
            serve_test::kolcat(scratch, catalogue,
                               {"sync", "--api-url", demo.base_url(), "--max-rps", "0", "--quiet"});
        REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
    }
    hardening::ProcessResult changes(std::vector<std::string> args) const {
        args.insert(args.begin(), "changes");
        return serve_test::kolcat(scratch, catalogue, args);
    }
    std::string last_sync_start() const {
        const auto run = catalogue::Catalogue::open(catalogue, catalogue::OpenMode::read_only)
                             .last_finished_run();
        REQUIRE(run);
        return run->started_at;
    }
};

const std::string kHeader =
    "kpi,unit,unit_name,period,gender,change,old_value,new_value,changed_at";

// The line without its changed_at, which must be an ISO time at or after `not_before`.
std::string without_time(const std::string& line, const std::string& not_before) {
    const auto comma = line.rfind(',');
    REQUIRE(comma != std::string::npos);
    const std::string time = line.substr(comma + 1);
    CHECK(time.size() == 20);
    CHECK(time >= not_before);
    return line.substr(0, comma);
}

}  // namespace

TEST_CASE("changes: after two syncs of revisions, each change with its old and new value") {
    Synced synced;
    const std::string today = demo::utc_today();

    // One sync: no sync before it, so every value is listed as published since it.
    const auto first = synced.changes({"--kpi", "N00945", "--unit", "2580", "--format", "csv"});
    REQUIRE_MESSAGE(first.exit_code == 0, hardening::describe(first));
    CHECK(first.err.find("there is no sync before the last one: listing every change since the "
                         "first sync") != std::string::npos);
    const auto values = serve_test::kolcat(synced.scratch, synced.catalogue,
                                           {"values", "--kpi", "N00945", "--unit", "2580"});
    const auto first_lines = split(first.out, "\r\n");
    REQUIRE(first_lines.size() > 5);
    CHECK(first_lines.size() == split(values.out, "\r\n").size());
    for (std::size_t i = 1; i < first_lines.size(); ++i) {
        CHECK(first_lines[i].find(",published,,") != std::string::npos);
    }

    const std::string old_2020 =
        stored_value_text(synced.scratch, synced.catalogue, "N00945", "0025", 2020, "T");
    const std::string old_2019 =
        stored_value_text(synced.scratch, synced.catalogue, "N00945", "2580", 2019, "T");
    // What the first sync stored moves two days back, so that "since today" means the syncs
    // below, for kolcat changes and for from_date alike.
    {
        auto catalogue = catalogue::Catalogue::open(synced.catalogue);
        catalogue.database().exec("UPDATE kpi_value SET changed_at = changed_at - 172800");
    }

    // Second sync: one value revised, one deleted. Third: the same value revised again, one
    // published. A second apart, so that each sync's changes have their own seconds.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    synced.demo.update_dataset([&](demo::Dataset& dataset) {
        dataset.today = today;
        dataset.set_value("N00945", "0025", 2020, catalogue::Gender::T, 77.25);
        REQUIRE(dataset.delete_value("N00945", "2580", 2019, catalogue::Gender::T));
    });
    synced.sync();
    const std::string second_start = synced.last_sync_start();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    synced.demo.update_dataset([&](demo::Dataset& dataset) {
        dataset.set_value("N00945", "0025", 2020, catalogue::Gender::T, 78.5);
        dataset.set_value("N00945", "0025", 2031, catalogue::Gender::T, 5.5);
    });
    synced.sync();
    const std::string third_start = synced.last_sync_start();
    REQUIRE(third_start > second_start);

    const std::string revised_twice =
        "N00945,0025,Region Norrbotten,2020,T,revised," + old_2020 + ",78.5";
    const std::string deleted = "N00945,2580,Luleå,2019,T,deleted," + old_2019 + ",";

    // By default, since the start of the sync before the last one: both syncs' changes, with
    // the value held before the second sync as the old value of the one revised twice.
    const auto csv = synced.changes({"--kpi", "N00945", "--unit", "0025,2580", "--format", "csv"});
    REQUIRE_MESSAGE(csv.exit_code == 0, hardening::describe(csv));
    CHECK(csv.err.find("kolcat: changes since " + second_start +
                       ", the start of the sync before the last one") != std::string::npos);
    auto lines = split(csv.out, "\r\n");
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == kHeader);
    CHECK(without_time(lines[1], third_start) == revised_twice);
    CHECK(without_time(lines[2], third_start) ==
          "N00945,0025,Region Norrbotten,2031,T,published,,5.5");
    CHECK(without_time(lines[3], second_start) == deleted);

    // The same in JSON, typed: numbers, null for no value.
    const auto json =
        synced.changes({"--kpi", "N00945", "--unit", "0025,2580", "--format", "json"});
    REQUIRE_MESSAGE(json.exit_code == 0, hardening::describe(json));
    const auto rows = nlohmann::ordered_json::parse(json.out);
    REQUIRE(rows.size() == 3);
    std::vector<std::string> keys;
    for (const auto& [key, value] : rows[0].items()) {
        keys.push_back(key);
    }
    CHECK(keys == split(kHeader, ","));
    CHECK(rows[0]["kpi"] == "N00945");
    CHECK(rows[0]["unit"] == "0025");
    CHECK(rows[0]["unit_name"] == "Region Norrbotten");
    CHECK(rows[0]["period"] == 2020);
    CHECK(rows[0]["gender"] == "T");
    CHECK(rows[0]["change"] == "revised");
    CHECK(rows[0]["old_value"] == std::stod(old_2020));
    CHECK(rows[0]["new_value"] == 78.5);
    CHECK(rows[1]["change"] == "published");
    CHECK(rows[1]["old_value"].is_null());
    CHECK(rows[1]["new_value"] == 5.5);
    CHECK(rows[2]["change"] == "deleted");
    CHECK(rows[2]["old_value"] == std::stod(old_2019));
    CHECK(rows[2]["new_value"].is_null());
    CHECK(rows[2]["changed_at"].get<std::string>() >= second_start);

    // Since the third sync began: only its changes, the revised value's old one the second's.
    const auto third = synced.changes(
        {"--since", third_start, "--kpi", "N00945", "--unit", "0025,2580", "--format", "csv"});
    REQUIRE_MESSAGE(third.exit_code == 0, hardening::describe(third));
    lines = split(third.out, "\r\n");
    REQUIRE(lines.size() == 3);
    CHECK(without_time(lines[1], third_start) ==
          "N00945,0025,Region Norrbotten,2020,T,revised,77.25,78.5");
    CHECK(without_time(lines[2], third_start) ==
          "N00945,0025,Region Norrbotten,2031,T,published,,5.5");

    // kolcat serve's from_date for today gives the same cells (it leaves groups out, as Kolada
    // does).
    ServeProcess serve(synced.scratch, synced.catalogue);
    const auto answer = nlohmann::json::parse(
        serve
            .get("/v3/data/kpi/N00945/year/2015,2016,2017,2018,2019,2020,2021,2022,2023,2024,"
                 "2025,2026,2027,2028,2029,2030,2031?from_date=" +
                 today)
            .body);
    std::set<std::string> served;
    for (const auto& item : answer["values"]) {
        for (const auto& entry : item["values"]) {
            served.insert(item["municipality"].get<std::string>() + "/" +
                          std::to_string(item["period"].get<int>()) + "/" +
                          entry["gender"].get<std::string>());
        }
    }
    const auto since_today =
        synced.changes({"--since", today, "--kpi", "N00945", "--format", "json"});
    REQUIRE_MESSAGE(since_today.exit_code == 0, hardening::describe(since_today));
    std::set<std::string> listed;
    bool groups_listed = false;
    for (const auto& row : nlohmann::json::parse(since_today.out)) {
        const auto unit = row["unit"].get<std::string>();
        if (unit.front() == 'G') {
            groups_listed = true;  // the groups' means moved with 2580's value
            continue;
        }
        if (row["period"].get<int>() >= 2015) {
            listed.insert(unit + "/" + std::to_string(row["period"].get<int>()) + "/" +
                          row["gender"].get<std::string>());
        }
    }
    CHECK(groups_listed);
    CHECK(listed == std::set<std::string>{"0025/2020/T", "0025/2031/T", "2580/2019/T"});
    CHECK(served == listed);

    // The "what is new" page lists the cells `kolcat changes` lists, by default since the same
    // sync, with the old value beside the new one in Swedish notation.
    const auto page = serve.get("/new?kpi=N00945");
    REQUIRE(page.status == 200);
    const auto default_rows =
        nlohmann::json::parse(synced.changes({"--kpi", "N00945", "--format", "json"}).out);
    std::set<std::string> page_cells;
    for (auto at = page.body.find("<tr data-kpi=\"N00945\""); at != std::string::npos;
         at = page.body.find("<tr data-kpi=\"N00945\"", at + 1)) {
        const auto attribute = [&](const std::string& name) {
            const auto start = page.body.find(name + "=\"", at) + name.size() + 2;
            return page.body.substr(start, page.body.find('"', start) - start);
        };
        page_cells.insert(attribute("data-unit") + "/" + attribute("data-period") + "/" +
                          attribute("data-gender") + "/" + attribute("data-change"));
    }
    std::set<std::string> command_cells;
    for (const auto& row : default_rows) {
        command_cells.insert(
            row["unit"].get<std::string>() + "/" + std::to_string(row["period"].get<int>()) + "/" +
            row["gender"].get<std::string>() + "/" + row["change"].get<std::string>());
    }
    CHECK(command_cells.size() >= 3);
    CHECK(page_cells == command_cells);
    const auto revised_row = page.body.find("data-unit=\"0025\" data-period=\"2020\"");
    REQUIRE(revised_row != std::string::npos);
    const auto row_html =
        page.body.substr(revised_row, page.body.find("</tr>", revised_row) - revised_row);
    auto comma_decimal = old_2020;
    std::replace(comma_decimal.begin(), comma_decimal.end(), '.', ',');
    CHECK(row_html.find(">" + comma_decimal + "</td>") != std::string::npos);
    CHECK(row_html.find(">78,5</td>") != std::string::npos);
    CHECK(row_html.find(">reviderat</td>") != std::string::npos);

    // Were the record of old values to begin later (2100-01-01), the value published since
    // could have replaced another: its old value is unknown, in every format. The others
    // replaced values stored before the date, so their old values stay known.
    {
        auto catalogue = catalogue::Catalogue::open(synced.catalogue);
        catalogue.set_meta("old_values_known_since", "4102444800");
    }
    const auto unknown = synced.changes(
        {"--since", second_start, "--kpi", "N00945", "--unit", "0025,2580", "--format", "csv"});
    CHECK(unknown.err.find("note: old values before 2100-01-01T00:00:00Z are not all known") !=
          std::string::npos);
    lines = split(unknown.out, "\r\n");
    REQUIRE(lines.size() == 4);
    CHECK(without_time(lines[1], third_start) == revised_twice);
    CHECK(without_time(lines[2], third_start) ==
          "N00945,0025,Region Norrbotten,2031,T,revised,unknown,5.5");
    CHECK(without_time(lines[3], second_start) == deleted);
    const auto unknown_json =
        nlohmann::json::parse(synced
                                  .changes({"--since", second_start, "--kpi", "N00945", "--unit",
                                            "0025", "--format", "json"})
                                  .out);
    REQUIRE(unknown_json.size() == 2);
    CHECK(unknown_json[1]["old_value"] == "unknown");
}

// The table `kolcat changes` streams (measured in a first pass over the catalogue, written in a
// second) is the table its JSON rows make when rendered whole, in every human format.
TEST_CASE("changes: the streamed table equals the whole table of its JSON rows") {
    Synced synced;
    const auto json = synced.changes({"--since", "2000-01-01", "--format", "json"});
    REQUIRE_MESSAGE(json.exit_code == 0, hardening::describe(json));
    cli::Table table;
    table.columns = {{"kpi", cli::Align::left, {}},           {"unit", cli::Align::left, {}},
                     {"unit_name", cli::Align::left, {}, 30}, {"period", cli::Align::right, {}},
                     {"gender", cli::Align::left, {}},        {"change", cli::Align::left, {}},
                     {"old_value", cli::Align::right, {}},    {"new_value", cli::Align::right, {}},
                     {"changed_at", cli::Align::left, {}}};
    for (const auto& object : nlohmann::json::parse(json.out)) {
        std::vector<cli::Cell> row;
        for (const auto& column : table.columns) {
            const auto& field = object.at(column.name);
            if (field.is_null()) {
                row.emplace_back(cli::Missing{});
            } else if (field.is_string()) {
                row.emplace_back(field.get<std::string>());
            } else if (field.is_number_float()) {
                row.emplace_back(field.get<double>());
            } else {
                row.emplace_back(field.get<std::int64_t>());
            }
        }
        table.add_row(std::move(row));
    }
    REQUIRE(table.rows.size() > 1000);
    for (const auto& [format, locale] : std::vector<std::pair<std::string, std::string>>{
             {"table", "en"}, {"table", "sv"}, {"markdown", "sv"}}) {
        CAPTURE(format);
        CAPTURE(locale);
        const auto shown =
            synced.changes({"--since", "2000-01-01", "--format", format, "--locale", locale});
        REQUIRE_MESSAGE(shown.exit_code == 0, hardening::describe(shown));
        cli::RenderOptions options;
        options.format = cli::parse_output_format(format);
        options.locale = cli::parse_number_locale(locale);
        CHECK(shown.out == cli::render(table, options));
    }
}

TEST_CASE("changes: a bad --since is a usage error; deletions before the record are warned of") {
    Synced synced;
    for (const std::string bad :
         {"yesterday", "2026-13-01", "2026-02-30", "2026-11-20T25:00Z", "2026-11-20 08:00", ""}) {
        CAPTURE(bad);
        const auto result = synced.changes({"--since", bad});
        CHECK(result.exit_code == 2);
        CHECK(result.out.empty());
        CHECK(hardening::line_count(result.err) == 1);
        CHECK(result.err.find("--since") != std::string::npos);
    }
    // An ISO time with an offset is the same instant in UTC.
    const auto offset = synced.changes({"--since", "2999-01-01T01:00:00+01:00", "--format", "csv"});
    CHECK(offset.exit_code == 0);
    CHECK(offset.err.find("no value changed in the catalogue since 2999-01-01T00:00:00Z") !=
          std::string::npos);

    // A catalogue that began recording deletions later than the date asked for says so.
    {
        auto catalogue = catalogue::Catalogue::open(synced.catalogue);
        catalogue.set_meta("deletions_known_since", "1767225600");  // 2026-01-01
    }
    const auto early =
        synced.changes({"--since", "2025-06-01", "--kpi", "N00945", "--format", "csv"});
    CHECK(early.exit_code == 0);
    CHECK(early.err.find("warning: deletions before 2026-01-01T00:00:00Z are not known") !=
          std::string::npos);
    const auto later =
        synced.changes({"--since", "2026-02-01", "--kpi", "N00945", "--format", "csv"});
    CHECK(later.err.find("warning: deletions") == std::string::npos);
}

}  // namespace kolcat
