// The first commands, run as a user runs them: the real `kolcat` binary, synced from the fake
// Kolada server serving the demo data set, then asked questions.

#include <doctest/doctest.h>
#include <unistd.h>

#include <QString>
#include <QStringList>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "demo/fake_kolada_server.hpp"
#include "demo/load_dataset.hpp"
#include "tests/support/temp_folder.hpp"
#include "tests/support/test_cli_compare_support.hpp"

namespace kolcat {
namespace {

using test_compare::CommandResult;
using test_compare::lines_of;
using test_compare::run_kolcat_on;

using TempFolder = kolcat::testing::TempFolder;

demo::Dataset demo_dataset() {
    return demo::load_dataset(std::filesystem::path(KOLCAT_DEMO_DATA_DIR));
}

// A catalogue synced by the real binary from the fake server.
struct SyncedCatalogue {
    TempFolder folder;
    std::filesystem::path catalogue = folder.path() / "catalogue.sqlite";
    demo::FakeKoladaServer server{demo_dataset()};

    SyncedCatalogue() {
        server.start();
        const CommandResult result =
            run({"sync", "--api-url", server.base_url(), "--max-rps", "0", "--quiet"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    }
    CommandResult run(const std::vector<std::string>& args) const {
        return run_kolcat_on(catalogue, folder.path(), args);
    }
};

}  // namespace

TEST_CASE("values: CSV columns, sorting T K M, and full precision") {
    SyncedCatalogue synced;
    const auto result = synced.run({"values", "--kpi", "N00945", "--unit", "0025,0000"});
    REQUIRE(result.exit_code == 0);
    const auto lines = lines_of(result.out);
    REQUIRE(lines.size() > 2);
    CHECK(lines[0] == "kpi,municipality,period,gender,value,count,status");
    // Sorted by kpi, municipality, period: 0000 comes before 0025, periods ascend.
    CHECK(lines[1].rfind("N00945,0000,", 0) == 0);
    CHECK(lines.back().rfind("N00945,0025,", 0) == 0);

    // Every stored value comes back exactly as the server sent it.
    std::size_t compared = 0;
    synced.server.read_dataset([&](const demo::Dataset& dataset) {
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const auto fields = QString::fromStdString(lines[i]).split(',');
            REQUIRE(fields.size() == 7);
            const auto gender = catalogue::parse_gender(fields[3].toStdString());
            REQUIRE(gender.has_value());
            const auto stored = dataset.value(fields[0].toStdString(), fields[1].toStdString(),
                                              fields[2].toInt(), *gender);
            REQUIRE(stored.has_value());
            if (stored->value) {
                CHECK(fields[4].toStdString() == [&] {
                    char buffer[64];
                    const auto end = std::to_chars(buffer, buffer + sizeof buffer, *stored->value);
                    return std::string(buffer, end.ptr);
                }());
            } else {
                CHECK(fields[4].isEmpty());
            }
            ++compared;
        }
    });
    CHECK(compared == lines.size() - 1);
}

TEST_CASE("values: gender order T, K, M within a period, JSON keys and nulls") {
    SyncedCatalogue synced;
    const auto result =
        synced.run({"values", "--kpi", "N00957", "--unit", "0025", "--format", "json"});
    REQUIRE(result.exit_code == 0);
    const auto rows = nlohmann::json::parse(result.out);
    REQUIRE(rows.is_array());
    REQUIRE(rows.size() >= 3);
    for (const auto& row : rows) {
        std::vector<std::string> keys;
        for (auto it = row.begin(); it != row.end(); ++it) {
            keys.push_back(it.key());
        }
        CHECK(keys.size() == 7);
        CHECK(row.contains("kpi"));
        CHECK(row.contains("municipality"));
        CHECK(row.contains("period"));
        CHECK(row.contains("gender"));
        CHECK(row.contains("value"));
        CHECK(row.contains("count"));
        CHECK(row.contains("status"));
        CHECK((row["value"].is_number() || row["value"].is_null()));
    }
    const std::string order = "TKM";
    for (std::size_t i = 1; i < rows.size(); ++i) {
        if (rows[i]["period"] == rows[i - 1]["period"]) {
            CHECK(order.find(rows[i]["gender"].get<std::string>()) >
                  order.find(rows[i - 1]["gender"].get<std::string>()));
        } else {
            CHECK(rows[i]["period"].get<int>() > rows[i - 1]["period"].get<int>());
        }
    }
}

TEST_CASE("values: years filter, excel-sv dialect, and errors for unknown ids") {
    SyncedCatalogue synced;
    const auto filtered = synced.run({"values", "--kpi", "N00945", "--unit", "0025", "--years",
                                      "2015-2016", "--csv-dialect", "excel-sv"});
    REQUIRE(filtered.exit_code == 0);
    CHECK(filtered.out.rfind("\xEF\xBB\xBFkpi;municipality;period;gender;value;count", 0) == 0);
    for (const auto& line : lines_of(filtered.out.substr(3))) {
        if (line.rfind("N00945", 0) == 0) {
            CHECK((line.find(";2015;") != std::string::npos ||
                   line.find(";2016;") != std::string::npos));
        }
    }
    const auto unknown = synced.run({"values", "--kpi", "N99999"});
    CHECK(unknown.exit_code == 3);
    CHECK(unknown.err.find("N99999") != std::string::npos);
    const auto bad_years = synced.run({"values", "--years", "20x0"});
    CHECK(bad_years.exit_code == 2);
    CHECK(bad_years.err.find("invalid year") != std::string::npos);
}

TEST_CASE("search folds case and diacritics from the command line") {
    SyncedCatalogue synced;
    const auto lower = synced.run({"search", "vab", "--format", "csv"});
    const auto upper = synced.run({"search", "VAB", "--format", "csv"});
    REQUIRE(lower.exit_code == 0);
    CHECK(lower.out == upper.out);
    CHECK(lower.out.find("N00945") != std::string::npos);
    const auto folded = synced.run({"search", "foraldrapenning", "--format", "csv"});
    CHECK(folded.out.find("N00945") != std::string::npos);
    const auto hostile = synced.run({"search", "\"AND ("});
    CHECK((hostile.exit_code == 0 || hostile.exit_code == 2));
    CHECK(hostile.err.find("internal") == std::string::npos);
}

TEST_CASE("search: the letters typed rank first; KPI groups are found and named by kind") {
    SyncedCatalogue synced;
    // In the demo data, "våld" is written as typed by N00614, N01460, N65900 and N70608; the
    // index also finds N05400 ("Valdeltagande"), N15648 ("väldigt") and N65829 ("Valda
    // kandidater") by folding å and ä to a.
    const auto violence = synced.run({"search", "våld", "--format", "csv"});
    REQUIRE_MESSAGE(violence.exit_code == 0, violence.err);
    const auto lines = lines_of(violence.out);
    REQUIRE(lines.size() == 8);
    CHECK(lines[0] == "kpi,title,municipality_type,is_divided_by_gender,kind");
    const auto id_of = [&](std::size_t i) { return lines[i].substr(0, lines[i].find(',')); };
    std::vector<std::string> as_typed{id_of(1), id_of(2), id_of(3), id_of(4)};
    std::sort(as_typed.begin(), as_typed.end());
    CHECK(as_typed == std::vector<std::string>{"N00614", "N01460", "N65900", "N70608"});
    std::vector<std::string> folded{id_of(5), id_of(6), id_of(7)};
    std::sort(folded.begin(), folded.end());
    CHECK(folded == std::vector<std::string>{"N05400", "N15648", "N65829"});
    for (std::size_t i = 1; i < lines.size(); ++i) {
        CHECK(lines[i].substr(lines[i].rfind(',')) == ",kpi");
    }

    // No demo key figure says "jämställdhet"; two KPI groups are called so.
    const auto groups = synced.run({"search", "jämställdhet", "--format", "csv"});
    REQUIRE_MESSAGE(groups.exit_code == 0, groups.err);
    CHECK(lines_of(groups.out) ==
          std::vector<std::string>{"kpi,title,municipality_type,is_divided_by_gender,kind",
                                   "G2KPI148333,[DEMO] Jämställdhet,,,kpi_group",
                                   "G2KPI148336,[DEMO] Jämställdhet,,,kpi_group"});
    const auto json = synced.run({"search", "jamstalldhet", "--format", "json"});
    REQUIRE_MESSAGE(json.exit_code == 0, json.err);
    const auto rows = nlohmann::json::parse(json.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["kpi"] == "G2KPI148333");
    CHECK(rows[0]["kind"] == "kpi_group");
    CHECK(rows[0]["municipality_type"].is_null());
    CHECK(rows[0]["is_divided_by_gender"].is_null());
    const auto key_figure = synced.run({"search", "vab", "--format", "json"});
    const auto vab = nlohmann::ordered_json::parse(key_figure.out);  // keys in order
    REQUIRE(!vab.empty());
    std::vector<std::string> keys;
    for (auto it = vab[0].begin(); it != vab[0].end(); ++it) {
        keys.push_back(it.key());
    }
    CHECK(keys == std::vector<std::string>{"kpi", "title", "municipality_type",
                                           "is_divided_by_gender", "kind"});
    CHECK(vab[0]["kind"] == "kpi");
    CHECK(vab[0]["is_divided_by_gender"].is_boolean());
}

TEST_CASE("show: metadata, curated tags and T/K/M coverage") {
    SyncedCatalogue synced;
    const auto result = synced.run({"show", "N00945", "--format", "json"});
    REQUIRE(result.exit_code == 0);
    const auto shown = nlohmann::json::parse(result.out);
    CHECK(shown["kpi"]["id"] == "N00945");
    CHECK(shown["kpi"].contains("is_divided_by_gender"));
    CHECK(shown["curated"]["breakdown"] == "by_construction");
    CHECK(shown["curated"]["direction"].is_string());
    CHECK(!shown["curated"]["sub_goals"].empty());
    bool norrbotten = false;
    for (const auto& unit : shown["coverage"]) {
        if (unit["unit"] == "0025") {
            norrbotten = true;
            CHECK(!unit["T"].empty());
        }
    }
    CHECK(norrbotten);
    const auto table = synced.run({"show", "N00945"});
    CHECK(table.out.find("Region Norrbotten") != std::string::npos);
    CHECK(table.out.find("sub_goals") != std::string::npos);
    CHECK(synced.run({"show", "N99999"}).exit_code == 3);
    CHECK(synced.run({"show"}).exit_code == 2);
}

TEST_CASE("status: counts, last sync, scope and the demo warning") {
    SyncedCatalogue synced;
    const auto result = synced.run({"status", "--format", "json"});
    REQUIRE(result.exit_code == 0);
    const auto status = nlohmann::json::parse(result.out);
    CHECK(status["values"].get<long long>() > 0);
    CHECK(status["kpis"].get<long long>() > 0);
    CHECK(status["last_sync"].is_string());
    CHECK(status["last_sync_scope"].get<std::string>().find("units") != std::string::npos);
    CHECK(status["data_age"].is_string());
}

TEST_CASE("goals lists the six sub-goals with their key figures") {
    SyncedCatalogue synced;
    const auto result = synced.run({"goals", "--format", "json"});
    REQUIRE(result.exit_code == 0);
    const auto goals = nlohmann::json::parse(result.out);
    int sub_goals = 0;
    int with_data = 0;
    for (const auto& goal : goals) {
        if (goal["kind"] == "sub_goal") {
            ++sub_goals;
            CHECK(goal["kpis"].size() >= 6);
            with_data += goal["kpis_with_data"].get<int>();
        }
    }
    CHECK(sub_goals == 6);
    CHECK(with_data > 0);
    const auto markdown = synced.run({"goals", "--format", "markdown"});
    CHECK(markdown.out.find("## Sub-goal 1") != std::string::npos);
    const auto csv = synced.run({"goals", "--format", "csv"});
    CHECK(csv.out.rfind("kind,goal,name_sv,name_en,kpi,title,has_data", 0) == 0);
}

TEST_CASE("indicators check: clean against the fixture metadata, problems by id otherwise") {
    TempFolder folder;
    const auto fixtures = std::filesystem::path(KOLCAT_FIXTURES_DIR) / "indicators";
    const auto catalogue = folder.path() / "none.sqlite";
    const auto clean = run_kolcat_on(
        catalogue, folder.path(),
        {"indicators", "check", "--kpi-json", (fixtures / "metadata" / "kpi.json").string()});
    CHECK_MESSAGE(clean.exit_code == 0, (clean.out + clean.err));
    CHECK(clean.out.find("OK:") != std::string::npos);

    const auto kpi_json = (fixtures / "metadata" / "kpi.json").string();
    const auto with_problems = testing::run_kolcat(
        {"indicators", "check", "--kpi-json", kpi_json}, folder.path(),
        {{"KOLCAT_INDICATORS_DIR=" + (fixtures / "problems").string()}, std::nullopt, {}});
    CHECK(with_problems.exit_code == 6);
    const std::string problems = with_problems.out + with_problems.err;
    CHECK(problems.find("unknown_kpi") != std::string::npos);
    CHECK(problems.find("duplicate") != std::string::npos);

    // A malformed file: one error naming the file and the line.
    const auto broken = folder.path() / "broken";
    std::filesystem::create_directories(broken);
    for (const char* name : {"goals.json", "region_sets.json"}) {
        std::filesystem::copy_file(std::filesystem::path(KOLCAT_SOURCE_DIR) / "indicators" / name,
                                   broken / name);
    }
    {
        std::ofstream kpis(broken / "kpis.json");
        kpis << "{\n  \"kpis\": [\n    {\"id\": \"N00945\",,}\n  ]\n}\n";
    }
    const auto malformed =
        testing::run_kolcat({"indicators", "check", "--kpi-json", kpi_json}, folder.path(),
                            {{"KOLCAT_INDICATORS_DIR=" + broken.string()}, std::nullopt, {}});
    CHECK(malformed.exit_code == 6);
    const std::string message = malformed.out + malformed.err;
    CHECK(message.find("kpis.json:3") != std::string::npos);
    CHECK(std::count(message.begin(), message.end(), '\n') == 1);
}

TEST_CASE("indicators check: the curated set against the snapshot; a flag_only without the flag") {
    TempFolder folder;
    const auto catalogue = folder.path() / "none.sqlite";
    const auto snapshot_kpis = std::filesystem::path(KOLCAT_SNAPSHOT_DIR) / "kpi.json";
    if (std::filesystem::exists(snapshot_kpis)) {
        const auto clean =
            run_kolcat_on(catalogue, folder.path(),
                          {"indicators", "check", "--kpi-json", snapshot_kpis.string()});
        CHECK_MESSAGE(clean.exit_code == 0, (clean.out + clean.err));
    } else {
        MESSAGE("skipped the snapshot check: no " << snapshot_kpis.string());
    }
    // N00945 (men's share of VAB days) is not flagged as divided by sex, so a K/M claim resting
    // on the flag alone has nothing to rest on: reported with the entry's file and line.
    const auto broken = folder.path() / "broken";
    std::filesystem::create_directories(broken);
    for (const char* name : {"goals.json", "region_sets.json"}) {
        std::filesystem::copy_file(std::filesystem::path(KOLCAT_SOURCE_DIR) / "indicators" / name,
                                   broken / name);
    }
    {
        std::ofstream kpis(broken / "kpis.json");
        kpis << "{\n  \"kpis\": [\n    {\"id\": \"N00945\", \"goals\": [4], \"targets\": "
                "[\"5.4\"],\n"
                "     \"level\": \"both\", \"direction\": \"higher_is_better\",\n"
                "     \"breakdown\": \"flag_only\", \"rationale\": \"Men's share.\"}\n  ]\n}\n";
    }
    const auto fixture_kpis =
        std::filesystem::path(KOLCAT_FIXTURES_DIR) / "indicators" / "metadata" / "kpi.json";
    const auto mismatch = testing::run_kolcat(
        {"indicators", "check", "--kpi-json", fixture_kpis.string()}, folder.path(),
        {{"KOLCAT_INDICATORS_DIR=" + broken.string()}, std::nullopt, {}});
    CHECK(mismatch.exit_code == 6);
    const std::string message = mismatch.out + mismatch.err;
    CHECK_MESSAGE(message.find((broken / "kpis.json").string() + ":3: N00945: flag_mismatch: ") !=
                      std::string::npos,
                  message);
}

TEST_CASE("every command has --help with an example, and bad input gets a one-line error") {
    TempFolder folder;
    const auto catalogue = folder.path() / "none.sqlite";
    for (const char* command : {"sync", "status", "search", "show", "values", "changes", "goals",
                                "compare", "gaps", "coverage", "report"}) {
        const auto help = run_kolcat_on(catalogue, folder.path(), {command, "--help"});
        CHECK_MESSAGE(help.exit_code == 0, command);
        CHECK_MESSAGE(help.out.find("Examples:") != std::string::npos, command);
    }
    const auto unknown_option = run_kolcat_on(catalogue, folder.path(), {"values", "--bogus"});
    CHECK(unknown_option.exit_code == 2);
    CHECK(std::count(unknown_option.err.begin(), unknown_option.err.end(), '\n') == 1);
    const auto no_catalogue = run_kolcat_on(catalogue, folder.path(), {"status"});
    CHECK(no_catalogue.exit_code == 4);
    CHECK(no_catalogue.err.find("kolcat sync") != std::string::npos);
    CHECK(!std::filesystem::exists(catalogue));
}

TEST_CASE("sync from the demo server marks the catalogue as demo data") {
    TempFolder folder;
    demo::ServerOptions options;
    options.demo_header = true;
    demo::FakeKoladaServer server(demo_dataset(), options);
    server.start();
    const auto catalogue = folder.path() / "demo.sqlite";
    const auto sync = run_kolcat_on(catalogue, folder.path(),
                                    {"sync", "--api-url", server.base_url(), "--max-rps", "0"});
    REQUIRE_MESSAGE(sync.exit_code == 0, sync.err);
    CHECK(sync.err.find("DEMO DATA") != std::string::npos);
    const auto status = run_kolcat_on(catalogue, folder.path(), {"status"});
    CHECK(status.err.find("DEMO DATA") != std::string::npos);
    CHECK(status.out.find("DEMO") != std::string::npos);
}

}  // namespace kolcat
