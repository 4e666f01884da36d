// The demo Kolada v3 server's data: the bulk generator, the demo data, load_dataset, and the
// kolcat-demo-server executable.

#include <doctest/doctest.h>

#include "tests/support/test_fake_server_support.hpp"

using namespace kolcat;
using namespace kolcat::catalogue;
using namespace kolcat::demo;

using namespace kolcat::test_fake;

TEST_CASE("fake server: the generator makes millions of compact cells, served in order") {
    CHECK(sizeof(kolcat::demo::PeriodCells) <= 48);  // 16 bytes per cell
    const long before = resident_kib();
    const auto dataset = kolcat::demo::generate_dataset(40, 200, 30, 42);
    const long grown = resident_kib() - before;
    const auto expected = kolcat::demo::generated_value_count(40, 200, 30);
    CHECK(expected == (36 * 3 + 4) * 200 * 30);
    CHECK(dataset.value_count() == static_cast<std::size_t>(expected));
    MESSAGE("generated " << expected << " values, resident memory grew by " << grown << " KiB");
    CHECK(grown < 40 * 1024);  // 672 000 cells: about 11 MB of cells and series
    CHECK(dataset.kpis.size() == 40);
    CHECK(dataset.municipalities.size() == 200);
    std::set<std::string> unit_ids;
    for (const auto& unit : dataset.municipalities) {
        CHECK(unit.id.size() == 4);
        CHECK(unit.id.rfind("00", 0) != 0);
        unit_ids.insert(unit.id);
    }
    CHECK(unit_ids.size() == 200);
    CHECK(dataset.kpis[0].id == "N10000");
    CHECK_FALSE(dataset.kpis[9].is_divided_by_gender);  // every tenth: T only
    // Same seed, same data.
    const auto again = kolcat::demo::generate_dataset(40, 200, 30, 42);
    kolcat::demo::DataQuery query{{"N10000", "N10027"}, {dataset.municipalities[5].id}, {}, {}};
    const auto a = dataset.answer(query);
    const auto b = again.answer(query);
    REQUIRE(a.size() == 30 * 3 + 30);
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].value == b[i].value);
    }

    // Served page by page in Kolada's order; from_date selects the recently published years.
    Running running(kolcat::demo::generate_dataset(30, 30, 30, 7));
    const auto [items, pages] =
        get_all_pages(running.server, "/v3/data/kpi/" + std::string("N10000,N10003,N10006") +
                                          "/municipality/0110,0310,0410?per_page=50");
    CHECK(items.size() == 3 * 3 * 30);
    CHECK(pages == 6);
    for (std::size_t i = 1; i < items.size(); ++i) {
        const auto key = [](const json& item) {
            return std::make_tuple(item.at("kpi").get<std::string>(),
                                   item.at("municipality").get<std::string>(),
                                   item.at("period").get<int>());
        };
        CHECK(key(items[i - 1]) < key(items[i]));
    }
    const auto recent =
        get(running.server, "/v3/data/kpi/N10000/municipality/0110?from_date=2024-01-01").body();
    CHECK(recent.at("count") == 2);  // 2023 and 2024, published 2024-03-15 and 2025-03-15
}

TEST_CASE("fake server: the demo data loads, is labelled [DEMO] and covers the default scope") {
    const std::filesystem::path dir = KOLCAT_DEMO_DATA_DIR;
    std::uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) {
            bytes += entry.file_size();
        }
    }
    CHECK(bytes < 1536 * 1024);  // every curated KPI and partner, made-up values
    const auto dataset = kolcat::demo::load_dataset(dir);
    REQUIRE(dataset.kpis.size() >= 8);
    for (const auto& kpi : dataset.kpis) {
        CHECK_MESSAGE(kpi.title.rfind("[DEMO] ", 0) == 0, kpi.id);
    }
    for (const auto& group : dataset.kpi_groups) {
        CHECK_MESSAGE(group.title.rfind("[DEMO] ", 0) == 0, group.id);
        for (const auto& member : group.members) {
            CHECK_MESSAGE(member.title.rfind("[DEMO] ", 0) == 0, member.id);
        }
    }
    std::set<std::string> kpi_types;
    for (const auto& kpi : dataset.kpis) {
        kpi_types.insert(kpi.municipality_type);
    }
    CHECK(kpi_types == std::set<std::string>{"A", "K", "L"});

    std::set<std::string> units;
    for (const auto& unit : dataset.municipalities) {
        units.insert(unit.id);
    }
    for (const std::string id :
         {"0000", "0001", "0025", "2505", "2506", "2510", "2513", "2514", "2518", "2521", "2523",
          "2560", "2580", "2581", "2582", "2583", "2584"}) {
        CHECK_MESSAGE(units.count(id) == 1, id);
    }
    int regions = 0;
    for (const auto& unit : dataset.municipalities) {
        regions += unit.type == "L" && unit.id != "0000";
    }
    CHECK(regions == 21);
    std::set<std::string> groups;
    for (const auto& group : dataset.municipality_groups) {
        groups.insert(group.id);
    }
    for (int id = 33612; id <= 33632; ++id) {
        CHECK(groups.count("G" + std::to_string(id)) == 1);
    }
    CHECK(groups.count("G176784") == 1);
    CHECK(groups.count("G43577") == 1);
    std::set<std::string> kpi_groups;
    for (const auto& group : dataset.kpi_groups) {
        kpi_groups.insert(group.id);
        CHECK(group.members.size() >= 3);
    }
    CHECK(kpi_groups == std::set<std::string>{"G2KPI148333", "G2KPI148336"});

    // Values: K/M where the KPI has them, county groups computed from members, years 2010-2023.
    CHECK(dataset.value_count() > 5000);
    const auto norrbotten = dataset.answer({{}, {"G33632"}, {2023}, std::nullopt});
    CHECK(norrbotten.size() >= 10);
    bool has_k = false;
    bool t_only_somewhere = false;
    for (const auto& kpi : dataset.kpis) {
        const auto values = dataset.answer({{kpi.id}, {"0025", "2580"}, {}, std::nullopt});
        int k = 0;
        for (const auto& value : values) {
            k += value.gender == catalogue::Gender::K;
            CHECK(value.period >= 2010);
            CHECK(value.period <= 2023);
        }
        has_k = has_k || k > 0;
        t_only_somewhere = t_only_somewhere || (!values.empty() && k == 0);
    }
    CHECK(has_k);
    CHECK(t_only_somewhere);
}

TEST_CASE("fake server: load_dataset reads envelopes, compact series and snapshot CSV files") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("kolcat-fake-load-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "values");
    const auto write = [&dir](const std::string& name, const std::string& text) {
        std::ofstream(dir / name) << text;
    };
    write("kpi.json", R"({"values":[{"id":"N00002","title":"Två","description":null,
        "is_divided_by_gender":1,"municipality_type":"K","auspice":null,"operating_area":"X",
        "perspective":null,"prel_publication_date":null,"publication_date":"2025-01-01",
        "publ_period":"2024","has_ou_data":false}],"count":1})");
    write("municipality.json", R"({"values":[{"id":"2505","title":"Arvidsjaur","type":"K"}]})");
    write("values.json", R"({"changed_on":"2024-06-15","first_period":2020,"series":[
        {"kpi":"N00002","municipality":"2505","T":[1.5,null,3.25],"K":[1.0]},
        {"kpi":"N00002","municipality":"2506","first_period":2000,"M":[7]}]})");
    write("values/N00009.csv", "municipality,period,gender,value\n0000,2019,K,6.3\n0000,2019,T,\n");

    const auto dataset = kolcat::demo::load_dataset(dir);
    REQUIRE(dataset.kpis.size() == 1);
    CHECK(dataset.kpis[0].title == "Två");
    CHECK(dataset.kpis[0].is_divided_by_gender);  // v2's 1 reads as true
    CHECK(dataset.kpis[0].description.empty());
    CHECK(dataset.kpis[0].operating_area == "X");
    CHECK_FALSE(dataset.kpis[0].perspective.has_value());
    CHECK(dataset.municipality_groups.empty());  // missing file: empty list
    CHECK(dataset.value_count() == 6);
    CHECK(dataset.value("N00002", "2505", 2022, catalogue::Gender::T)->value == 3.25);
    CHECK(dataset.value("N00002", "2505", 2022, catalogue::Gender::T)->changed_on == "2024-06-15");
    CHECK_FALSE(dataset.value("N00002", "2505", 2021, catalogue::Gender::T));
    CHECK(dataset.value("N00002", "2506", 2000, catalogue::Gender::M)->value == 7.0);
    CHECK(dataset.value("N00009", "0000", 2019, catalogue::Gender::K)->value == 6.3);
    CHECK_FALSE(
        dataset.value("N00009", "0000", 2019, catalogue::Gender::T)->value.has_value());  // null

    write("values/N00010.csv", "municipality,period,gender,value\n0000,2019,X,1\n");
    CHECK_THROWS_WITH_AS(kolcat::demo::load_dataset(dir), doctest::Contains("N00010.csv:2"),
                         std::runtime_error);
    std::filesystem::remove(dir / "values/N00010.csv");
    write("municipality.json", R"({"values":[{"id":"2505"}]})");
    CHECK_THROWS_WITH_AS(kolcat::demo::load_dataset(dir), doctest::Contains("municipality.json"),
                         std::runtime_error);
    CHECK_THROWS_AS(kolcat::demo::load_dataset(dir / "missing"), std::runtime_error);
    std::filesystem::remove_all(dir);
}

TEST_CASE("fake server: kolcat-demo-server prints its URL, serves demo data, stops on SIGTERM") {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    // Not CTest's stderr: a server left behind by a crashed test would hold that pipe open and
    // make CTest wait for it until the timeout.
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::string binary = KOLCAT_DEMO_SERVER_BINARY;
    std::vector<char*> argv{binary.data(), nullptr};
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    // A failed REQUIRE below leaves by exception: the server must not outlive the test.
    struct StopOnExit {
        pid_t& pid;
        ~StopOnExit() {
            if (pid > 0) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, nullptr, 0);
            }
        }
    } stop_on_exit{pid};

    std::string line;
    char c = 0;
    while (::read(out[0], &c, 1) == 1 && c != '\n') {
        line.push_back(c);
    }
    INFO("first line: " << line);
    REQUIRE(line.rfind("http://127.0.0.1:", 0) == 0);
    REQUIRE(line.size() > 20);
    CHECK(line.substr(line.size() - 3) == "/v3");
    const int port = std::stoi(line.substr(17));

    httplib::Client client("127.0.0.1", port);
    const auto kpis = client.Get("/v3/kpi");
    REQUIRE(kpis);
    CHECK(kpis->status == 200);
    CHECK(kpis->get_header_value("X-Kolcat-Demo") == "true");
    // Named: a range-for over a member of a temporary would read freed memory.
    const json catalogue = json::parse(kpis->body);
    for (const auto& kpi : catalogue.at("values")) {
        CHECK(kpi.at("title").get<std::string>().rfind("[DEMO] ", 0) == 0);
    }
    const auto data = client.Get("/v3/data/kpi/N00957/municipality/G33632,0025");
    REQUIRE(data);
    CHECK(json::parse(data->body).at("count").get<int>() > 0);

    REQUIRE(::kill(pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    pid = 0;  // reaped
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // Exactly one line on stdout.
    std::string rest;
    while (::read(out[0], &c, 1) == 1) {
        rest.push_back(c);
    }
    ::close(out[0]);
    CHECK(rest.empty());
}
