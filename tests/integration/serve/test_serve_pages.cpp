// `kolcat serve`'s web pages: the real binary serving a catalogue that the real `kolcat sync`
// filled from the demo Kolada server. Each kind of page is checked against the demo data itself
// (values read from the demo dataset, ranks counted here), against what the command line says
// for the same question (compare, gaps), and for its frame: language, source, the data's age,
// well-formed markup with a <title>, no script and no link that leaves the server.
//
// One file, because every case shares one synced catalogue and one running server: starting
// them costs more than the cases themselves.

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "tests/support/test_html_support.hpp"
#include "tests/support/test_serve_support.hpp"

namespace kolcat {
namespace {

using serve_test::Answer;
using serve_test::ScratchDir;
using serve_test::ServeProcess;
using testing::MarkupNode;
using testing::parse_markup;

// A catalogue synced from the demo server (optionally with a changed dataset and a local
// indicators file), served by `kolcat serve`.
struct Served {
    ScratchDir scratch{"pages"};
    demo::Dataset dataset;
    std::unique_ptr<demo::FakeKoladaServer> demo;
    std::filesystem::path catalogue = scratch.path() / "catalogue.sqlite";
    std::unique_ptr<ServeProcess> serve;

    explicit Served(demo::Dataset data, const std::string& local_indicators = {})
        : dataset(std::move(data)) {
        if (!local_indicators.empty()) {
            const auto folder = scratch.path() / "config" / "kolcat";
            std::filesystem::create_directories(folder);
            std::ofstream(folder / "indicators.local.json") << local_indicators;
        }
        demo::ServerOptions options;
        options.demo_header = true;
        demo = std::make_unique<demo::FakeKoladaServer>(dataset, options);
        demo->start();
        const auto result = serve_test::kolcat(
            scratch, catalogue,
            {"sync", "--api-url", demo->base_url(), "--max-rps", "0", "--quiet"});
        REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
        serve = std::make_unique<ServeProcess>(scratch, catalogue);
    }

    Answer get(const std::string& target, const httplib::Headers& headers = {}) const {
        return serve->get(target, headers);
    }
    // stdout of a kolcat command on the same catalogue.
    std::string kolcat(const std::vector<std::string>& args) const {
        const auto result = serve_test::kolcat(scratch, catalogue, args);
        REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
        return result.out;
    }
};

Served& served() {
    static Served instance(serve_test::demo_dataset());
    return instance;
}

// The page, parsed; it must be a 200 HTML page.
std::unique_ptr<MarkupNode> page(const std::string& target, const httplib::Headers& headers = {}) {
    CAPTURE(target);
    const Answer answer = served().get(target, headers);
    REQUIRE(answer.status == 200);
    REQUIRE(answer.header("Content-Type") == "text/html; charset=utf-8");
    return parse_markup(answer.body);
}

std::vector<const MarkupNode*> by_attribute(const MarkupNode& root, const std::string& name,
                                            const std::string& value) {
    return root.find_all([&](const MarkupNode& node) { return node.attribute(name) == value; });
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// What every page must hold: a <title>, the source, no script, no event handler, and links and
// forms that stay on this server.
void check_frame(const std::string& html, const std::string& source = "Källa: Kolada") {
    CHECK(html.rfind("<!DOCTYPE html>\n", 0) == 0);
    CHECK(lower(html).find("<script") == std::string::npos);
    const auto root = parse_markup(html);
    const auto titles = root->find_all("head").front()->find_all("title");  // not the charts'
    REQUIRE(titles.size() == 1);
    CHECK_FALSE(titles.front()->text.empty());
    const auto footers = root->find_all("footer");
    REQUIRE(footers.size() == 1);
    CHECK(footers.front()->all_text().find(source) != std::string::npos);
    for (const auto* node : root->find_all([](const MarkupNode&) { return true; })) {
        for (const auto& [name, value] : node->attributes) {
            CHECK_MESSAGE(name.rfind("on", 0) != 0, node->name << " " << name);
            if (name == "href" || name == "action" || name == "src") {
                CHECK_MESSAGE((!value.empty() && value[0] == '/' && value.rfind("//", 0) != 0),
                              node->name << " " << name << "=" << value);
            }
        }
    }
}

// The demo's stored value, or nullopt.
std::optional<double> demo_value(const std::string& kpi, const std::string& unit, int year,
                                 catalogue::Gender gender) {
    const auto stored = served().dataset.value(kpi, unit, year, gender);
    return stored ? stored->value : std::nullopt;
}

// Norrbotten's T, K and M of a key figure where lower is better (N00957, Ohälsotal) in a year,
// from the demo data, and its rank counted here: 1 + the regions with a lower T, among the
// regions the demo lists (the 21 compared by default).
struct Expected {
    double t = 0;  // total
    double k = 0;  // women
    double m = 0;  // men
    // 1 is best
    int rank = 1;
    int ranked = 0;  // the units ranked
};

Expected expected_for_norrbotten(const std::string& kpi, int year) {
    const auto t = demo_value(kpi, "0025", year, catalogue::Gender::T);
    const auto k = demo_value(kpi, "0025", year, catalogue::Gender::K);
    const auto m = demo_value(kpi, "0025", year, catalogue::Gender::M);
    REQUIRE((t && k && m));
    Expected expected{*t, *k, *m, 1, 0};
    const auto& units = served().dataset.municipalities;
    for (int region = 1; region <= 25; ++region) {
        const std::string id = (region < 10 ? "000" : "00") + std::to_string(region);
        if (std::none_of(units.begin(), units.end(),
                         [&](const catalogue::Municipality& unit) { return unit.id == id; })) {
            continue;
        }
        ++expected.ranked;
        const auto other = demo_value(kpi, id, year, catalogue::Gender::T);
        expected.rank += other && *other < *t ? 1 : 0;
    }
    return expected;
}

std::string number_attribute(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

// The curated key figures of each sub-goal, from the project's indicators file.
std::map<int, std::vector<std::string>> curated_by_goal() {
    std::ifstream in(std::filesystem::path(KOLCAT_SOURCE_DIR) / "indicators" / "kpis.json");
    const auto json = nlohmann::json::parse(in);
    std::map<int, std::vector<std::string>> goals;
    for (const auto& kpi : json.at("kpis")) {
        for (const auto& goal : kpi.at("goals")) {
            goals[goal.get<int>()].push_back(kpi.at("id").get<std::string>());
        }
    }
    return goals;
}

std::vector<std::string> kpis_of_json(const std::string& text) {
    std::vector<std::string> ids;
    for (const auto& entry : nlohmann::json::parse(text)) {
        ids.push_back(entry.at("kpi").get<std::string>());
    }
    return ids;
}

std::vector<std::string> article_kpis(const MarkupNode& root) {
    std::vector<std::string> ids;
    for (const auto* article : root.find_by_class("kpi")) {
        if (article->name == "article") {
            ids.push_back(article->attribute("data-kpi"));
        }
    }
    return ids;
}

}  // namespace

TEST_CASE("pages: the frame is Swedish by default, English on request, with source and age") {
    auto& site = served();
    // kolcat serve names the pages' address beside the API's.
    CHECK(site.serve->child().out_so_far().find(
              "web pages (Swedish; ?lang=en for English) on:\n  http://127.0.0.1:" +
              std::to_string(site.serve->port()) + "/\n") != std::string::npos);
    const Answer start = site.get("/");
    REQUIRE(start.status == 200);
    CHECK(start.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(start.header("X-Content-Type-Options") == "nosniff");
    const std::string policy = start.header("Content-Security-Policy");
    CHECK(policy.find("default-src 'none'") != std::string::npos);
    CHECK(policy.find("style-src 'unsafe-inline'") != std::string::npos);
    CHECK(policy.find("script-src") == std::string::npos);
    check_frame(start.body);
    const auto root = parse_markup(start.body);
    CHECK(root->attribute("lang") == "sv");

    // The data's age: the catalogue's last finished sync, as the report writes it.
    const auto run = catalogue::Catalogue::open(site.catalogue, catalogue::OpenMode::read_only)
                         .last_finished_run();
    REQUIRE(run);
    REQUIRE(run->finished_at);
    const std::string synced =
        run->finished_at->substr(0, 10) + " " + run->finished_at->substr(11, 5) + " UTC";
    const auto ages = root->find_by_class("data-age");
    REQUIRE(ages.size() == 2);  // on the start page, and in the footer
    for (const auto* age : ages) {
        CHECK(age->all_text().rfind(synced + " (för ", 0) == 0);
    }
    // The navigation, "Nytt" included.
    std::set<std::string> nav;
    for (const auto* link : root->find_all("nav").front()->find_all("a")) {
        nav.insert(link->attribute("href"));
    }
    for (const char* href : {"/", "/goal/1", "/breakdown", "/unit/0025", "/new", "/search"}) {
        CHECK_MESSAGE(nav.count(href) == 1, href);
    }

    SUBCASE("?lang=en: English, and every link keeps it") {
        const Answer english = site.get("/?lang=en");
        check_frame(english.body, "Source: Kolada");
        const auto en = parse_markup(english.body);
        CHECK(en->attribute("lang") == "en");
        CHECK(english.body.find("What is new") != std::string::npos);
        CHECK(english.body.find("Data synced") != std::string::npos);
        for (const auto* link : en->find_all("a")) {
            if (link->attribute("hreflang") == "sv") {
                CHECK(link->attribute("href") == "/?lang=sv");
                continue;
            }
            CHECK_MESSAGE(link->attribute("href").find("lang=en") != std::string::npos,
                          link->attribute("href"));
        }
    }
    SUBCASE("Accept-Language: English only when it prefers en over sv") {
        const auto prefers_en = page("/", {{"Accept-Language", "en-GB,en;q=0.9,sv;q=0.4"}});
        CHECK(prefers_en->attribute("lang") == "en");
        const auto prefers_sv = page("/", {{"Accept-Language", "en;q=0.5,sv-SE"}});
        CHECK(prefers_sv->attribute("lang") == "sv");
        const auto other = page("/", {{"Accept-Language", "de-DE,fr;q=0.8"}});
        CHECK(other->attribute("lang") == "sv");
        // A link from an English page the header chose carries no lang: the header still applies.
        CHECK(page("/kpi/N00957", {{"Accept-Language", "en"}})->attribute("lang") == "en");
    }
    SUBCASE("?region= is the focus region, carried on through links") {
        const auto focused = page("/?region=0024");
        const auto focus = focused->find_by_class("focus");
        REQUIRE(focus.size() == 1);
        CHECK(focus.front()->all_text().find("Region Västerbotten (0024)") != std::string::npos);
        for (const auto* link : focused->find_all("a")) {
            if (link->attribute("href").rfind("/kpi/", 0) == 0) {
                CHECK(link->attribute("href").find("region=0024") != std::string::npos);
            }
        }
    }
}

TEST_CASE("pages: the start page has a search box and the six sub-goals with their key figures") {
    const auto root = page("/");
    const auto forms = by_attribute(*root, "action", "/search");
    REQUIRE(forms.size() == 1);
    CHECK(forms.front()->attribute("method") == "get");
    CHECK(by_attribute(*forms.front(), "name", "q").size() == 1);
    const auto expected = curated_by_goal();
    REQUIRE(expected.size() == 6);
    for (const auto& [goal, ids] : expected) {
        CAPTURE(goal);
        const auto items = by_attribute(*root, "data-goal", std::to_string(goal));
        REQUIRE(items.size() == 1);
        std::vector<std::string> linked;
        for (const auto* link : items.front()->find_all("a")) {
            const std::string href = link->attribute("href");
            if (href.rfind("/kpi/", 0) == 0) {
                linked.push_back(href.substr(5));
            }
        }
        CHECK(linked == ids);
    }
}

TEST_CASE("pages: search finds key figures and links them") {
    const auto root = page("/search?q=Oh%C3%A4lsotal");
    CHECK(root->find_all("h1").front()->text == "Sökning: Ohälsotal");
    CHECK(by_attribute(*root, "href", "/kpi/N00957").size() == 1);
    const auto none = page("/search?q=zzzqqqxxx");
    CHECK(none->find_all("ol").empty());
    CHECK(none->find_by_class("note").front()->text == "Inga träffar.");
}

TEST_CASE("pages: a key figure's metadata, comparison, charts, verdict and downloads") {
    auto& site = served();
    const std::string kpi = "N00957";  // Ohälsotal: lower is better; T, K and M for regions
    const auto root = page("/kpi/" + kpi);
    const auto& meta = *std::find_if(site.dataset.kpis.begin(), site.dataset.kpis.end(),
                                     [&](const catalogue::Kpi& k) { return k.id == kpi; });
    CHECK(root->find_all("head").front()->find_all("title").front()->text ==
          meta.title + " – kolcat");
    CHECK(root->find_all("h1").front()->text == meta.title + " ");
    CHECK(root->find_by_class("kpi-metadata").front()->all_text().find(meta.description) !=
          std::string::npos);

    const int year = 2023;  // the demo's last year
    const Expected norrbotten = expected_for_norrbotten(kpi, year);
    const auto articles = root->find_all("article");
    REQUIRE(articles.size() == 1);
    // Latest values, women/men, the trend of T and the trend of the gap K − M.
    CHECK(articles.front()->find_all("svg").size() == 4);
    const auto focus_rows = by_attribute(*articles.front(), "data-unit", "0025");
    REQUIRE(focus_rows.size() == 2);  // the numbers table and the trend table
    const auto cells = focus_rows.front()->find_all("td");
    REQUIRE(cells.size() == 8);
    CHECK(cells[1]->attribute("data-value") == number_attribute(norrbotten.t));
    CHECK(cells[2]->attribute("data-value") == number_attribute(norrbotten.k));
    CHECK(cells[3]->attribute("data-value") == number_attribute(norrbotten.m));
    CHECK(cells[6]->text == std::to_string(norrbotten.rank));

    // The verdict is the one `kolcat gaps` gives.
    const auto gaps = nlohmann::json::parse(site.kolcat({"gaps", "--format", "json"}));
    std::string verdict;
    for (const auto& entry : gaps) {
        if (entry.at("kpi") == kpi) {
            verdict = entry.at("verdict").get<std::string>();
        }
    }
    const auto verdicts = root->find_by_class("verdict");
    REQUIRE(verdicts.size() == 1);
    CHECK(verdicts.front()->attribute("data-verdict") == verdict);

    // The choices are a GET form to the page itself.
    const auto forms = by_attribute(*root, "action", "/kpi/" + kpi);
    REQUIRE(forms.size() == 1);
    for (const char* name : {"set", "year", "trend", "within"}) {
        CHECK_MESSAGE(by_attribute(*forms.front(), "name", name).size() == 1, name);
    }

    SUBCASE("the choices change the comparison") {
        const auto chosen = page("/kpi/" + kpi + "?set=north&year=2020&trend=3");
        const auto rows = chosen->find_by_class("numbers").front()->find_all("tr");
        std::set<std::string> units;
        for (const auto* row : rows) {
            if (!row->attribute("data-unit").empty()) {
                units.insert(row->attribute("data-unit"));
            }
        }
        const auto compared = nlohmann::json::parse(site.kolcat(
            {"compare", kpi, "--against", "north", "--year", "2020", "--format", "json"}));
        std::set<std::string> expected{"0000"};
        for (const auto& unit : compared.at(0).at("units")) {
            expected.insert(unit.at("id").get<std::string>());
        }
        CHECK(units == expected);
        CHECK(compared.at(0).at("period") == 2020);
        CHECK(chosen->find_by_class("kpi-meta").front()->all_text().find("2020") !=
              std::string::npos);
        CHECK(chosen->find_by_class("changes").size() == 1);  // the trend's table
        // The downloads carry the same question.
        CHECK(by_attribute(*chosen, "href", "/kpi/" + kpi + ".csv?set=north&year=2020&trend=3")
                  .size() == 1);
    }
    SUBCASE("the downloads are what `kolcat compare --format csv` prints") {
        const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
            {".csv", {"compare", kpi, "--format", "csv"}},
            {".csv?set=model-regions&year=2020&trend=3",
             {"compare", kpi, "--against", "model-regions", "--year", "2020", "--trend", "3",
              "--format", "csv"}},
            {".excel-sv.csv?within=0025",
             {"compare", kpi, "--within", "0025", "--format", "csv", "--csv-dialect", "excel-sv"}},
            {".excel-sv.csv?region=0024&year=common",
             {"compare", kpi, "--region", "0024", "--year", "common", "--format", "csv",
              "--csv-dialect", "excel-sv"}},
        };
        for (const auto& [suffix, args] : cases) {
            CAPTURE(suffix);
            const Answer download = site.get("/kpi/" + kpi + suffix);
            REQUIRE(download.status == 200);
            CHECK(download.header("Content-Type") == "text/csv; charset=utf-8");
            CHECK(download.header("Content-Disposition").rfind("attachment;", 0) == 0);
            CHECK(download.body == site.kolcat(args));
        }
    }
}

TEST_CASE("pages: a key figure's charts are the report's, drawn the same way") {
    auto& site = served();
    const auto report = site.scratch.path() / "report.html";
    site.kolcat({"report", "--goal", "5", "--year", "2021", "--out", report.string()});
    std::ifstream in(report);
    const std::string report_html((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
    const std::string page_html = site.get("/kpi/N00957?year=2021").body;
    // The four figures of the key figure's article, from its charts to its tables.
    const auto charts = [](const std::string& html) {
        const auto article = html.find("data-kpi=\"N00957\"");
        REQUIRE(article != std::string::npos);
        const auto from = html.find("<div class=\"charts\">", article);
        const auto to = html.find("<div class=\"tables\">", from);
        REQUIRE(from != std::string::npos);
        REQUIRE(to != std::string::npos);
        return html.substr(from, to - from);
    };
    const std::string drawn = charts(page_html);
    CHECK(drawn.find("<svg") != std::string::npos);
    CHECK(drawn == charts(report_html));
}

TEST_CASE("pages: sub-goal, SDG goal and target pages show compare --goal/--sdg/--target") {
    auto& site = served();
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
        {"/goal/5", {"compare", "--goal", "5", "--format", "json"}},
        {"/sdg/5", {"compare", "--sdg", "5", "--format", "json"}},
        {"/target/5.5", {"compare", "--target", "5.5", "--format", "json"}},
        {"/goal/2?set=north&year=2021",
         {"compare", "--goal", "2", "--against", "north", "--year", "2021", "--format", "json"}},
    };
    for (const auto& [target, args] : cases) {
        CAPTURE(target);
        const auto root = page(target);
        const auto expected = kpis_of_json(site.kolcat(args));
        REQUIRE_FALSE(expected.empty());
        CHECK(article_kpis(*root) == expected);
        for (const auto* article : root->find_all("article")) {
            CHECK(article->find_all("figure").size() == 4);
        }
        CHECK(root->find_all("svg").size() >= expected.size());
    }
    // Each key figure's heading links to its page, with the same choices.
    const auto chosen = page("/goal/2?set=north&year=2021");
    for (const auto* article : chosen->find_all("article")) {
        const auto links = article->find_all("h3").front()->find_all("a");
        REQUIRE(links.size() == 1);
        CHECK(links.front()->attribute("href") ==
              "/kpi/" + article->attribute("data-kpi") + "?set=north&year=2021");
    }
    CHECK(page("/goal/5")->find_all("h1").front()->text == "Delmål 5: Jämställd hälsa");
    CHECK(page("/goal/5?lang=en")->find_all("h1").front()->text.rfind("Sub-goal 5: ", 0) == 0);
}

TEST_CASE("pages: the breakdown page is kolcat gaps with its filters") {
    auto& site = served();
    const auto listed = [](const MarkupNode& root) {
        std::vector<std::string> ids;
        for (const auto* row : root.find_all("tr")) {
            if (!row->attribute("data-kpi").empty()) {
                ids.push_back(row->attribute("data-kpi"));
            }
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    const auto sorted = [](std::vector<std::string> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    const auto all = page("/breakdown");
    CHECK(listed(*all) == sorted(kpis_of_json(site.kolcat({"gaps", "--format", "json"}))));
    for (const auto* row : all->find_all("tr")) {  // each key figure links to its page
        if (!row->attribute("data-kpi").empty()) {
            CHECK(by_attribute(*row, "href", "/kpi/" + row->attribute("data-kpi")).size() == 1);
        }
    }
    const auto filtered = page("/breakdown?goal=2&verdict=by_values");
    const auto expected = sorted(kpis_of_json(
        site.kolcat({"gaps", "--goal", "2", "--verdict", "by_values", "--format", "json"})));
    REQUIRE_FALSE(expected.empty());
    CHECK(listed(*filtered) == expected);
    for (const auto* group : filtered->find_by_class("verdict-group")) {
        CHECK(group->attribute("data-verdict") == "by_values");
    }
    const auto forms = by_attribute(*all, "action", "/breakdown");
    REQUIRE(forms.size() == 1);
    for (const char* name : {"goal", "verdict", "operating-area", "all"}) {
        CHECK_MESSAGE(by_attribute(*forms.front(), "name", name).size() == 1, name);
    }
    const auto area = page("/breakdown?operating-area=arbetsmarknad&all=1");
    CHECK(listed(*area) ==
          sorted(kpis_of_json(site.kolcat(
              {"gaps", "--operating-area", "arbetsmarknad", "--all", "--format", "json"}))));
}

TEST_CASE("pages: a unit's page lists every curated key figure with rank and gap") {
    const auto root = page("/unit/0025");
    CHECK(root->find_all("h1").front()->all_text() == "Region Norrbotten 0025");
    std::set<std::string> curated;
    for (const auto& [goal, ids] : curated_by_goal()) {
        curated.insert(ids.begin(), ids.end());
    }
    std::set<std::string> rows;
    for (const auto* row : root->find_all("tr")) {
        if (!row->attribute("data-kpi").empty()) {
            rows.insert(row->attribute("data-kpi"));
        }
    }
    CHECK(rows == curated);

    const std::string kpi = "N00957";
    const int year = 2023;
    const Expected expected = expected_for_norrbotten(kpi, year);
    const auto row = by_attribute(*root, "data-kpi", kpi);
    REQUIRE(row.size() == 1);
    const auto cells = row.front()->find_all("td");
    REQUIRE(cells.size() == 9);
    CHECK(cells[3]->text == std::to_string(year));
    CHECK(cells[4]->attribute("data-value") == number_attribute(expected.t));
    CHECK(cells[5]->attribute("data-value") == number_attribute(expected.k));
    CHECK(cells[6]->attribute("data-value") == number_attribute(expected.m));
    CHECK(std::abs(std::stod(cells[7]->attribute("data-value")) - (expected.k - expected.m)) <
          1e-9);
    CHECK(cells[8]->text ==
          std::to_string(expected.rank) + " / " + std::to_string(expected.ranked));
    CHECK(cells[8]->attribute("data-rank") == std::to_string(expected.rank));

    const auto municipality = page("/unit/2580");
    CHECK(municipality->find_all("h1").front()->all_text() == "Luleå 2580");
}

TEST_CASE("pages: unknown pages and hostile parameters get a clear error page") {
    auto& site = served();
    const std::vector<std::pair<std::string, int>> cases{
        {"/kpi/N99999", 404},
        {"/kpi/N00957.csv?set=nowhere", 400},
        {"/kpi/%3Cscript%3E", 404},
        {"/kpi/", 404},
        {"/kpi/N00957/x", 404},
        {"/goal/7", 404},
        {"/goal/abc", 404},
        {"/sdg/18", 404},
        {"/target/99.9", 404},
        {"/unit/9999", 404},
        {"/unit/0000", 404},
        {"/nothing", 404},
        {"/?foo=1", 400},
        {"/?lang=de", 400},
        {"/?lang=sv&lang=en", 400},
        {"/?region=%3Cscript%3E", 400},
        {"/?region=9999", 404},
        {"/breakdown?region=0000", 400},
        {"/kpi/N00957?region=9999", 404},
        {"/kpi/N00957?region=0000", 400},
        {"/kpi/N00957?year=20x0", 400},
        {"/kpi/N00957?year=1800", 400},
        {"/kpi/N00957?trend=0", 400},
        {"/kpi/N00957?trend=1e9", 400},
        {"/kpi/N00957?set=nosuchset", 400},
        {"/kpi/N00957?within=0025&set=north", 400},
        {"/kpi/N00957?within=2580", 400},
        {"/search?q=" + std::string(201, 'a'), 400},
        {"/breakdown?verdict=maybe", 400},
        {"/breakdown?all=perhaps", 400},
        {"/unit/0025?trend=3", 400},
    };
    for (const auto& [target, status] : cases) {
        CAPTURE(target);
        const Answer answer = site.get(target);
        CHECK(answer.status == status);
        CHECK(answer.header("Content-Type") == "text/html; charset=utf-8");
        check_frame(answer.body);
        if (status != 200) {
            const auto root = parse_markup(answer.body);
            const auto errors = root->find_by_class("error");
            REQUIRE(errors.size() == 1);
            CHECK_FALSE(errors.front()->text.empty());
        }
    }
    const Answer english = site.get("/kpi/N99999?lang=en");
    CHECK(english.status == 404);
    CHECK(parse_markup(english.body)->attribute("lang") == "en");
    CHECK(english.body.find("No such page") != std::string::npos);
    CHECK(english.body.find("key figure N99999 is not in the catalogue") != std::string::npos);
    // The server still answers.
    CHECK(site.get("/v3/status").status == 200);
}

TEST_CASE("pages: text from Kolada and the local indicators file is escaped everywhere") {
    const std::string script = "<script>alert(1)</script>";
    const std::string hostile = script +
                                " \"double\" 'single' <a href=\"javascript:alert(2)\">x</a> "
                                "javascript:alert(3) &amp; " +
                                std::string(1500, 'L');
    demo::Dataset dataset = serve_test::demo_dataset();
    for (auto& kpi : dataset.kpis) {
        if (kpi.id == "N00957" || kpi.id == "N00945") {
            kpi.title = "Ohälsotal " + hostile + ", dagar";
            kpi.description = hostile;
            kpi.operating_area = hostile.substr(0, 1000);  // the sync refuses longer ones
        }
    }
    for (auto& unit : dataset.municipalities) {
        if (unit.id == "0024" || unit.id == "2580") {
            unit.title = hostile;
        }
    }
    const nlohmann::json local{{"region_sets",
                                {{{"name", "hostile-set"},
                                  {"title", hostile},
                                  {"title_sv", hostile},
                                  {"description", hostile},
                                  {"members", {"0024", "0023"}}}}}};
    Served site(std::move(dataset), local.dump());
    const std::vector<std::string> targets{
        "/",
        "/?region=0024",
        "/search?q=Oh%C3%A4lsotal",
        "/search?q=%3Cscript%3E%22'",
        "/kpi/N00957",
        "/kpi/N00957?set=hostile-set&trend=3",
        "/kpi/N00957?within=0025",
        "/kpi/N00945",
        "/goal/5?set=hostile-set",
        "/sdg/3",
        "/target/3.4",
        "/breakdown?all=1",
        "/breakdown?operating-area=%3Cscript%3E",
        "/unit/0025?set=hostile-set",
        "/unit/0024",
        "/unit/2580",
        "/kpi/N00957?set=%3Cscript%3Ejavascript:alert(1)",
        "/kpi/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/target/%3Cscript%3E",
        "/nothing%22%3E%3Cscript%3E?x=%3Cscript%3E",
    };
    for (const auto& target : targets) {
        CAPTURE(target);
        const Answer answer = site.get(target);
        CHECK(answer.status < 500);
        check_frame(answer.body);
        CHECK(answer.body.find("javascript:alert(2)\"") == std::string::npos);
    }
    // The text is all there, as text.
    const auto kpi_page = parse_markup(site.get("/kpi/N00957").body);
    CHECK(kpi_page->find_all("h1").front()->text == "Ohälsotal " + hostile + ", dagar ");
    const auto unit_page = parse_markup(site.get("/unit/0024").body);
    CHECK(unit_page->find_all("h1").front()->text == hostile + " ");
    const auto set_page = parse_markup(site.get("/unit/0025?set=hostile-set").body);
    bool set_title_seen = false;
    for (const auto* option : set_page->find_all("option")) {
        set_title_seen = set_title_seen || option->text == hostile + " (hostile-set)";
    }
    CHECK(set_title_seen);
}

}  // namespace kolcat
