// "Not synced" is not "Kolada has no value", and Kolada's value status: the real `kolcat`
// binary, synced from the fake server (the demo data set, with a key figure outside the curated
// set and a value withheld with a status), then asked about pairs it never fetched.

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "demo/fake_kolada_server.hpp"
#include "demo/load_dataset.hpp"
#include "tests/support/temp_folder.hpp"
#include "tests/support/test_cli_compare_support.hpp"

namespace kolcat {
namespace {

using nlohmann::json;
using test_compare::CommandResult;
using test_compare::lines_of;
using test_compare::run_kolcat_on;

using TempFolder = kolcat::testing::TempFolder;

// The demo data set plus U30750, a K-type key figure outside the curated set (so the default
// sync never fetches it), and Norrbotten's 2023 value of N00957 for men withheld with a status.
demo::Dataset dataset() {
    demo::Dataset data = demo::load_dataset(std::filesystem::path(KOLCAT_DEMO_DATA_DIR));
    catalogue::Kpi extra;
    extra.id = "U30750";
    extra.title = "[DEMO] Kontakter om våld i nära relationer";
    extra.municipality_type = "K";
    extra.raw_json = R"({"id":"U30750","title":"[DEMO] Kontakter om våld i nära relationer",)"
                     R"("municipality_type":"K","is_divided_by_gender":false})";
    data.kpis.push_back(extra);
    data.set_value("U30750", "2401", 2022, catalogue::Gender::T, 10.0);
    data.set_value("U30750", "2403", 2022, catalogue::Gender::T, 20.0);
    data.set_value("U30750", "0000", 2022, catalogue::Gender::T, 12.5);
    data.set_value("N00957", "0025", 2023, catalogue::Gender::M, std::nullopt, {}, 1, "withheld");
    return data;
}

// A catalogue synced with the default scope by the real binary.
struct SyncedCatalogue {
    TempFolder folder;
    std::filesystem::path catalogue = folder.path() / "catalogue.sqlite";
    demo::FakeKoladaServer server{dataset()};

    SyncedCatalogue() {
        server.start();
        const CommandResult result =
            run({"sync", "--api-url", server.base_url(), "--max-rps", "0", "--quiet"});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    }
    CommandResult run(const std::vector<std::string>& args) const {
        return run_kolcat_on(catalogue, folder.path(), args);
    }
    // Runs a printed "kolcat sync ..." command as the user would, against the fake server.
    CommandResult run_printed(const std::string& command) const {
        REQUIRE(command.rfind("kolcat sync ", 0) == 0);
        std::vector<std::string> args;
        std::istringstream words(command);
        for (std::string word; words >> word;) {
            args.push_back(word);
        }
        args.erase(args.begin());  // "kolcat"
        for (const char* extra : {"--api-url", "", "--max-rps", "0", "--quiet"}) {
            args.emplace_back(*extra ? std::string(extra) : server.base_url());
        }
        return run(args);
    }
};

// The command after `marker` on the line that holds it.
std::string printed_command(const std::string& text, const std::string& marker) {
    const auto at = text.find(marker);
    REQUIRE_MESSAGE(at != std::string::npos, text);
    const auto start = at + marker.size();
    return text.substr(start, text.find('\n', start) - start);
}

const json& unit_of(const json& comparison, const std::string& id) {
    for (const auto& unit : comparison.at("units")) {
        if (unit.at("id") == id) {
            return unit;
        }
    }
    FAIL("no unit " << id);
    static const json none;
    return none;
}

std::string line_with(const std::string& text, const std::string& needle) {
    for (const auto& line : lines_of(text)) {
        if (line.find(needle) != std::string::npos) {
            return line;
        }
    }
    return {};
}

const std::string kVasterbotten =
    "2401,2403,2404,2409,2417,2418,2421,2422,2425,2460,2462,2463,2480,2481,2482";

}  // namespace

TEST_CASE("values: status is the last column and a JSON key; a withheld value keeps its status") {
    SyncedCatalogue synced;
    const auto csv = synced.run({"values", "--kpi", "N00957", "--unit", "0025", "--years", "2023"});
    REQUIRE(csv.exit_code == 0);
    // From the fixture: Norrbotten's 2023 ohälsotal is T 23.9, K 28.7; M is withheld.
    CHECK(lines_of(csv.out) == std::vector<std::string>{"kpi,municipality,period,gender,value,"
                                                        "count,status",
                                                        "N00957,0025,2023,T,23.9,1,",
                                                        "N00957,0025,2023,K,28.7,1,",
                                                        "N00957,0025,2023,M,,1,withheld"});
    CHECK(csv.err.find("not synced") == std::string::npos);

    const auto js = synced.run(
        {"values", "--kpi", "N00957", "--unit", "0025", "--years", "2023", "--format", "json"});
    REQUIRE(js.exit_code == 0);
    const auto rows = json::parse(js.out);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].at("status") == "");
    CHECK(rows[2].at("value").is_null());
    CHECK(rows[2].at("status") == "withheld");
    CHECK(rows[2].size() == 7);
}

TEST_CASE("values: pairs never synced are named on stderr with the command that fetches them") {
    SyncedCatalogue synced;
    const auto result = synced.run({"values", "--kpi", "N00957", "--unit", "0025,2401,2403"});
    REQUIRE(result.exit_code == 0);
    CHECK(lines_of(result.out).size() > 1);  // Norrbotten's values
    const std::string command =
        "kolcat sync --catalogue " + synced.catalogue.string() + " --kpi N00957 --unit 2401,2403";
    CHECK(result.err.find("not synced: 2 pairs") != std::string::npos);
    CHECK(result.err.find(command) != std::string::npos);
    CHECK(lines_of(result.out)[0] == "kpi,municipality,period,gender,value,count,status");

    REQUIRE(synced.run_printed(command).exit_code == 0);
    const auto after = synced.run({"values", "--kpi", "N00957", "--unit", "0025,2401,2403"});
    CHECK(after.err.find("not synced") == std::string::npos);
    // 2401's 2023 T from the fixture is now stored.
    const auto lines = lines_of(after.out);
    CHECK(std::find(lines.begin(), lines.end(), "N00957,2401,2023,T,20.7,1,") != lines.end());
}

TEST_CASE("compare --within 0024 on the default scope: never-synced municipalities are not '–'") {
    SyncedCatalogue synced;
    const auto table = synced.run({"compare", "N00957", "--within", "0024"});
    REQUIRE(table.exit_code == 0);
    // Västerbotten's municipalities were never synced: marked, not shown as missing values.
    const std::string nordmaling = line_with(table.out, "2401");
    CHECK(nordmaling.find("not synced") != std::string::npos);
    CHECK(nordmaling.find("not synced") < nordmaling.find("–"));
    const std::string command = printed_command(table.out, "To fetch: ");
    CHECK(command == "kolcat sync --catalogue " + synced.catalogue.string() +
                         " --kpi N00957 --unit " + kVasterbotten);
    // The county itself was synced: its 2023 value (fixture: 24.5) is shown.
    CHECK(line_with(table.out, "0024").find("24.5") != std::string::npos);

    const auto js = synced.run({"compare", "N00957", "--within", "0024", "--format", "json"});
    REQUIRE(js.exit_code == 0);
    const auto before = json::parse(js.out).at(0);
    CHECK(unit_of(before, "2401").at("synced") == false);
    CHECK(unit_of(before, "2401").at("T").is_null());
    CHECK(unit_of(before, "0024").at("synced") == true);
    CHECK(before.at("national").at("synced") == true);
    CHECK(js.err.find(command) != std::string::npos);
    // The few-units warning counts them as never synced, not as units without a value.
    CHECK(before.at("period_warning") ==
          "only 0 of 15 ranked units have a T value in 2023 (15 never synced); in no year do at "
          "least half of them have one");

    const auto csv = synced.run({"compare", "N00957", "--within", "0024", "--format", "csv"});
    CHECK(lines_of(csv.out)[0].substr(lines_of(csv.out)[0].size() - 7) == ",synced");
    CHECK(line_with(csv.out, ",2401,").substr(line_with(csv.out, ",2401,").size() - 6) == ",false");

    // The printed command fills exactly them; the marking disappears.
    const auto sync = synced.run_printed(command);
    REQUIRE_MESSAGE(sync.exit_code == 0, sync.err);
    const auto again = synced.run({"compare", "N00957", "--within", "0024"});
    CHECK(again.out.find("not synced") == std::string::npos);
    const auto after =
        json::parse(synced.run({"compare", "N00957", "--within", "0024", "--format", "json"}).out)
            .at(0);
    for (const auto& unit : after.at("units")) {
        CHECK(unit.at("synced") == true);
    }
    CHECK(unit_of(after, "2401").at("T") == 20.7);  // fixture, 2023
    // Robertsfors is synced now, and Kolada has no value for it: missing, not "not synced".
    CHECK(unit_of(after, "2409").at("T").is_null());
    CHECK(line_with(again.out, "2409").find("–") != std::string::npos);
}

TEST_CASE("a key figure outside the curated set: compare, values, show and gaps say not synced") {
    SyncedCatalogue synced;
    const auto table = synced.run({"compare", "U30750", "--against", "0024"});
    REQUIRE(table.exit_code == 0);
    const std::string command = printed_command(table.out, "To fetch: ");
    // K type: the regions stand for their county groups; Riket is the national row.
    CHECK(command == "kolcat sync --catalogue " + synced.catalogue.string() +
                         " --kpi U30750 --unit 0000,G33631,G33632");
    CHECK(line_with(table.out, "G33631").find("not synced") != std::string::npos);
    CHECK(line_with(table.out, "national").find("not synced") != std::string::npos);

    const auto values = synced.run({"values", "--kpi", "U30750"});
    CHECK(values.err.find("not synced") != std::string::npos);
    // K type: no region, and no group of regions, can hold a value, so none is "not synced".
    CHECK(values.err.find("--kpi U30750 --unit 0000,2505,") != std::string::npos);
    CHECK(values.err.find("0001") == std::string::npos);
    CHECK(values.err.find("G43577") == std::string::npos);
    CHECK(values.err.find("no values stored") == std::string::npos);

    const auto show = synced.run({"show", "U30750"});
    REQUIRE(show.exit_code == 0);
    CHECK(show.out.find("No values stored") == std::string::npos);
    CHECK(line_with(show.out, "G33632").find("not synced") != std::string::npos);
    const auto show_json = json::parse(synced.run({"show", "U30750", "--format", "json"}).out);
    REQUIRE_FALSE(show_json.at("coverage").empty());
    for (const auto& unit : show_json.at("coverage")) {
        CHECK(unit.at("synced") == false);
    }

    const auto gaps = synced.run({"gaps", "--all", "--format", "json"});
    REQUIRE(gaps.exit_code == 0);
    const auto gaps_rows = json::parse(gaps.out);
    const auto row = std::find_if(gaps_rows.begin(), gaps_rows.end(),
                                  [](const json& r) { return r.at("kpi") == "U30750"; });
    REQUIRE(row != gaps_rows.end());
    CHECK((*row).at("verdict") == "not_synced");
    CHECK((*row).at("synced") == false);
    CHECK(gaps.err.find("--kpi U30750 --unit G33632") != std::string::npos);

    REQUIRE(synced.run_printed(command).exit_code == 0);
    const auto after =
        json::parse(synced.run({"compare", "U30750", "--against", "0024", "--format", "json"}).out)
            .at(0);
    CHECK(unit_of(after, "G33631").at("synced") == true);
    CHECK(unit_of(after, "G33631").at("T") == 15.0);  // the mean of 2401 (10) and 2403 (20)
    CHECK(unit_of(after, "G33632").at("synced") == true);
    CHECK(unit_of(after, "G33632").at("T").is_null());  // synced: Kolada has no value
    CHECK(after.at("national").at("T") == 12.5);
    const auto gaps_after = json::parse(synced.run({"gaps", "--all", "--format", "json"}).out);
    for (const auto& r : gaps_after) {
        if (r.at("kpi") == "U30750") {
            CHECK(r.at("synced") == true);
            CHECK(r.at("verdict") != "not_synced");
        }
    }
}

TEST_CASE("compare and gaps: a value withheld with a status shows as that status") {
    SyncedCatalogue synced;
    const auto table = synced.run({"compare", "N00957"});
    REQUIRE(table.exit_code == 0);
    // Norrbotten's 2023 M is withheld: the table shows the status, and a legend says so.
    const std::string norrbotten = line_with(table.out, "0025");
    CHECK(norrbotten.find("withheld") != std::string::npos);
    CHECK(table.out.find("Kolada's status for a value it does not publish") != std::string::npos);
    const auto js = json::parse(synced.run({"compare", "N00957", "--format", "json"}).out).at(0);
    CHECK(js.at("period") == 2023);
    CHECK(unit_of(js, "0025").at("M").is_null());
    CHECK(unit_of(js, "0025").at("status").at("M") == "withheld");
    CHECK(unit_of(js, "0025").at("status").at("T") == "");

    // Withheld is no missing breakdown: every recent year of 0025 still has K and M.
    const auto gaps = json::parse(synced.run({"gaps", "--format", "json"}).out);
    const auto row = std::find_if(gaps.begin(), gaps.end(),
                                  [](const json& r) { return r.at("kpi") == "N00957"; });
    REQUIRE(row != gaps.end());
    CHECK((*row).at("verdict") == "by_values");
    CHECK((*row).at("missing").empty());
}

TEST_CASE(
    "report: never-synced units say 'ej synkad' with the command, withheld values their status") {
    SyncedCatalogue synced;
    const auto out = synced.folder.path() / "report.html";
    const auto result =
        synced.run({"report", "--out", out.string(), "--goal", "5", "--against", "2401,0024"});
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    const std::string html = test_compare::read_text_file(out);
    CHECK(html.find(R"(<td class="num not-synced">ej synkad</td>)") != std::string::npos);
    CHECK(html.find("ej synkad = aldrig hämtad till katalogen") != std::string::npos);
    CHECK(html.find("kolcat sync --catalogue " + synced.catalogue.string() +
                    " --kpi N00957 --unit 2401") != std::string::npos);
    CHECK(html.find(R"(<td class="num status">withheld</td>)") != std::string::npos);
    CHECK(html.find("Koladas status för ett värde som inte publiceras (t.ex. sekretess): "
                    "”withheld”.") != std::string::npos);
}

}  // namespace kolcat
