// The curated indicators: the project's data files, the local file and the ids a sync needs.

#include <doctest/doctest.h>

#include "tests/support/test_indicators_support.hpp"

namespace kolcat {

using namespace test_indicators;

// --- the project's own files ---

TEST_CASE("indicators: the project's files load, with at least 48 KPIs and 6 per sub-goal") {
    const auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    CHECK(set.merge_issues.empty());
    CHECK(set.kpis.size() >= 48);
    REQUIRE(set.sub_goals.size() == 6);
    for (int goal = 1; goal <= 6; ++goal) {
        INFO("sub-goal " << goal);
        CHECK(set.find_sub_goal(goal) != nullptr);
        CHECK(count_with_goal(set, goal) >= 6);
    }
    CHECK(set.sdg_goals.size() == 17);
    CHECK(set.find_sdg_goal(5)->name_sv == "Jämställdhet");
    for (const auto& target : {"5.2", "5.4", "5.5", "4.5", "8.5", "3.4", "16.1"}) {
        CHECK_MESSAGE(set.find_target(target) != nullptr, target);
    }
    // Known entries of the curated set: breakdowns by construction, and partner pairs.
    CHECK(set.find_kpi("N00945")->breakdown == curated::Breakdown::by_construction);
    CHECK(set.find_kpi("N00952")->breakdown == curated::Breakdown::by_construction);
    CHECK(set.find_kpi("N05815")->breakdown == curated::Breakdown::by_construction);
    CHECK(set.find_kpi("N00923")->partner == "N00925");
    CHECK(set.find_kpi("N00925")->partner == "N00923");
    CHECK(set.find_kpi("N70402")->partner == "N70403");
    CHECK(set.find_kpi("N00957")->breakdown == curated::Breakdown::values);
    for (const auto& id : kRetiredGroupMembers) {
        CHECK_MESSAGE(set.find_kpi(id) == nullptr, id);
    }
    // Every entry's source points at its line in kpis.json.
    const auto* first = &set.kpis.front();
    CHECK(first->source.file == kProjectIndicators / "kpis.json");
    CHECK(first->source.line == 3);
    CHECK(set.fingerprint.size() == 16);
}

TEST_CASE("indicators: the project's region sets") {
    const auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    const auto members = [&](const char* name) {
        const auto* region_set = set.find_region_set(name);
        REQUIRE_MESSAGE(region_set != nullptr, name);
        return region_set->members;
    };
    using Ids = std::vector<std::string>;
    CHECK(members("model-regions") == Ids{"0025", "0021", "0013", "0024", "0017", "0009"});
    CHECK(members("modellregion-folkhalsa") == Ids{"0025", "0021", "0013"});
    CHECK(members("modellregion-regional-utveckling") == Ids{"0024", "0017", "0009"});
    CHECK(members("north") == Ids{"0025", "0024", "0023", "0022"});
    CHECK(set.find_region_set("north")->title_sv == "Norra sjukvårdsregionen");
    CHECK(set.find_region_set("model-regions")
              ->description.find("Gävleborg left in the second year") != std::string::npos);
    // Kalix and Övertorneå, then their mentors Boden, Luleå and Piteå.
    CHECK(members("modellkommuner-norrbotten") == Ids{"2514", "2518", "2582", "2580", "2581"});
    CHECK(members("all-regions").size() == 21);
    CHECK(members("riket") == Ids{"0000"});
    CHECK(members("norrbotten-municipalities").size() == 14);
    CHECK(members("similar-regions") == Ids{"G176784", "G43577"});
    CHECK(set.find_region_set("similar-regions")->expand_groups);
    const auto counties = members("county-groups");
    REQUIRE(counties.size() == 21);
    CHECK(counties.front() == "G33612");
    CHECK(counties.back() == "G33632");
    CHECK_FALSE(set.find_region_set("county-groups")->expand_groups);
}

TEST_CASE("indicators: the Modellkommuner set names Kalix, Övertorneå, Boden, Luleå and Piteå") {
    // The unit ids checked against Kolada's own names, in the metadata the fixture was cut from
    // (scripts/update-indicators-fixture.py copies municipality.json's entries as they are).
    const auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    const auto* region_set = set.find_region_set("modellkommuner-norrbotten");
    REQUIRE(region_set != nullptr);
    std::map<std::string, std::string> names;
    const auto units = read_json(kFixtures / "metadata" / "municipality.json");
    for (const auto& unit : units.at("values")) {
        names[unit.at("id").get<std::string>()] = unit.at("title").get<std::string>();
    }
    std::vector<std::string> titles;
    for (const auto& member : region_set->members) {
        titles.push_back(names[member]);
    }
    CHECK(titles == std::vector<std::string>{"Kalix", "Övertorneå", "Boden", "Luleå", "Piteå"});
}

TEST_CASE("indicators: the per-sub-goal counts are the README's, each at least 6") {
    // The README's table is the reviewed statement of the set's size: dropping or adding an
    // entry without updating it fails here.
    const auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    const auto readme = read_text(kProjectIndicators / "README.md");
    CHECK(readme.find("There are " + std::to_string(set.kpis.size()) + " key figures.") !=
          std::string::npos);
    const std::vector<std::pair<std::string, int>> expected{
        {"| 1 Power and influence | ", 14}, {"| 2 Economic equality | ", 32},
        {"| 3 Equal education | ", 14},     {"| 4 Unpaid housework and care | ", 10},
        {"| 5 Equal health | ", 37},        {"| 6 Men's violence against women must stop | ", 10}};
    CHECK(set.kpis.size() == 92);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const int goal = static_cast<int>(i) + 1;
        INFO("sub-goal " << goal);
        CHECK(count_with_goal(set, goal) == expected[i].second);
        CHECK(count_with_goal(set, goal) >= 6);
        CHECK(readme.find(expected[i].first + std::to_string(expected[i].second) + " |") !=
              std::string::npos);
    }
}

TEST_CASE("indicators: the audited corrections and additions of the curated set") {
    const auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    using Goals = std::vector<int>;
    using Targets = std::vector<std::string>;
    // Dropped: a pair of separately scaled indices, and complements (100 minus N00943/N00945).
    for (const auto* id : {"N00345", "N00356", "N00942", "N00944", "U71453"}) {
        CHECK_MESSAGE(set.find_kpi(id) == nullptr, id);
    }
    const auto kpi = [&](const char* id) {
        const auto* found = set.find_kpi(id);
        REQUIRE_MESSAGE(found != nullptr, id);
        return *found;
    };
    CHECK(kpi("N78111").goals == Goals{5});  // U71453's successor
    CHECK(kpi("N78111").targets == Targets{"3.8"});
    CHECK(kpi("N65900").goals == Goals{1});
    CHECK(kpi("N15643").goals == Goals{3, 5});
    CHECK(kpi("U28532").goals == Goals{5});
    CHECK(kpi("U28532").targets == Targets{"10.2"});
    CHECK(kpi("U09808").goals == Goals{5});
    CHECK(kpi("U60704").goals == Goals{5});
    CHECK(kpi("N60802").historical);
    CHECK_FALSE(kpi("N60978").historical);
    CHECK(kpi("N00958").breakdown == curated::Breakdown::by_construction);
    CHECK(kpi("N00953").breakdown == curated::Breakdown::by_construction);
    CHECK(kpi("N01483").partner == "N01484");
    CHECK(kpi("N01484").partner == "N01483");
    // The breakdown claims that rest on Kolada's flag alone say so.
    for (const auto* id : {"N65900", "N60978", "N00939", "N00940", "N60030", "U60704"}) {
        CHECK_MESSAGE(kpi(id).breakdown == curated::Breakdown::flag_only, id);
    }
    // At least 25 key figures a region can be compared on (type L or A) were added to the 39
    // that remained after the drops (43 before them).
    const auto regional = std::count_if(set.kpis.begin(), set.kpis.end(), [](const auto& k) {
        return k.level != curated::KpiLevel::municipality;
    });
    CHECK(regional >= 39 + 25);
    // Sub-goals 2 and 5 in today's wording.
    CHECK(set.find_sub_goal(2)->description.find(
              "as regards paid work that gives lifelong economic independence") !=
          std::string::npos);
    CHECK(set.find_sub_goal(2)->description.find("for education and paid work") ==
          std::string::npos);
    CHECK(set.find_sub_goal(5)->description.find("health care and social care on equal terms") !=
          std::string::npos);
    CHECK(set.find_sub_goal(2)->description_sv ==
          "Kvinnor och män ska ha samma möjligheter och villkor i fråga om betalt arbete som ger "
          "ekonomisk självständighet livet ut.");
    CHECK(set.find_sub_goal(5)->description_sv->find("erbjudas vård och omsorg på lika villkor") !=
          std::string::npos);
}

TEST_CASE("indicators: the project's files validate against the fixture catalogue") {
    TempDir dir;
    const auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    const auto problems = curated::check_indicators(set, catalogue);
    CHECK_MESSAGE(problems.empty(), all_messages(problems));

    // The same through the files, without a catalogue.
    const auto files = curated::read_metadata_files(kFixtures / "metadata" / "kpi.json");
    CHECK(files.has_units);
    const auto file_problems = curated::check_indicators(set, curated::files_lookup(files));
    CHECK_MESSAGE(file_problems.empty(), all_messages(file_problems));
}

TEST_CASE("indicators: the project's files validate against the Kolada snapshot") {
    const auto kpi_json = kSnapshot / "kpi.json";
    if (!fs::exists(kpi_json)) {
        MESSAGE("skipped: no Kolada snapshot at " << kSnapshot.string());
        return;
    }
    const auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    const auto files = curated::read_metadata_files(kpi_json);
    CHECK(files.kpis.size() > 6000);
    const auto problems = curated::check_indicators(set, curated::files_lookup(files));
    CHECK_MESSAGE(problems.empty(), all_messages(problems));

    // Every member of Kolada's two Jämställdhet groups that still exists is curated; the
    // retired ones are not.
    const auto groups_file = kSnapshot / "kpi_groups.json";
    if (!fs::exists(groups_file)) {
        MESSAGE("skipped the group check: no " << groups_file.string());
        return;
    }
    const auto groups = read_json(groups_file).at("values");
    int members_checked = 0;
    for (const auto& group : groups) {
        const auto id = group.at("id").get<std::string>();
        if (id != "G2KPI148336" && id != "G2KPI148333") {
            continue;
        }
        for (const auto& member : group.at("members")) {
            const auto kpi = member.at("member_id").get<std::string>();
            INFO(id << " member " << kpi);
            const bool replaced =
                std::find(kReplacedGroupMembers.begin(), kReplacedGroupMembers.end(), kpi) !=
                kReplacedGroupMembers.end();
            CHECK((set.find_kpi(kpi) != nullptr) == (files.kpis.count(kpi) > 0 && !replaced));
            ++members_checked;
        }
    }
    CHECK(members_checked == 18 + 28);
}

TEST_CASE("indicators: the README documents the retired group members as excluded") {
    const auto readme = read_text(kProjectIndicators / "README.md");
    for (const auto& id : kRetiredGroupMembers) {
        CHECK_MESSAGE(readme.find(id) != std::string::npos, id);
    }
}

// --- malformed files: one clear error with file, line and reason ---

TEST_CASE("indicators: a local file replaces, extends and adds") {
    const auto local = kFixtures / "local" / "indicators.local.json";
    const auto project = curated::load_indicators(kProjectIndicators, std::nullopt);
    const auto set = curated::load_indicators(kProjectIndicators, local);
    CHECK(set.merge_issues.empty());
    CHECK(set.kpis.size() == project.kpis.size() + 1);
    CHECK(set.files.back() == local);
    CHECK(set.fingerprint != project.fingerprint);

    const auto* replaced = set.find_kpi("N05815");
    REQUIRE(replaced != nullptr);
    CHECK(replaced->direction == curated::Direction::higher_is_better);
    CHECK(replaced->source.file == local);
    CHECK(replaced->source.line == 3);
    // A replacement keeps the project's position.
    const auto position = [](const curated::IndicatorSet& s, const std::string& id) {
        return std::find_if(s.kpis.begin(), s.kpis.end(),
                            [&](const curated::CuratedKpi& k) { return k.id == id; }) -
               s.kpis.begin();
    };
    CHECK(position(set, "N05815") == position(project, "N05815"));

    const auto* extended = set.find_kpi("N00945");
    REQUIRE(extended != nullptr);
    CHECK(extended->goals == project.find_kpi("N00945")->goals);  // 2 was there already
    auto expected_targets = project.find_kpi("N00945")->targets;
    expected_targets.push_back("10.2");
    CHECK(extended->targets == expected_targets);
    CHECK(extended->source.file == kProjectIndicators / "kpis.json");
    REQUIRE(extended->extended_by.size() == 1);
    CHECK(extended->extended_by.front().file == local);

    CHECK(set.kpis.back().id == "U01413");
    CHECK(set.find_region_set("our-neighbours") != nullptr);
    CHECK(set.find_region_set("north")->members == std::vector<std::string>{"0025", "0024"});
    CHECK(set.region_sets.size() == project.region_sets.size() + 1);

    // The same validation applies: against the fixture catalogue, all is well.
    TempDir dir;
    auto catalogue =
        catalogue_with_metadata(dir.path() / "catalogue.sqlite", kFixtures / "metadata");
    const auto problems = curated::check_indicators(set, catalogue);
    CHECK_MESSAGE(problems.empty(), all_messages(problems));
}

TEST_CASE("indicators: where the local file is found") {
    TempDir dir;
    std::map<std::string, std::string> env;
    const cli::GetEnv getenv = [&](const char* name) -> std::optional<std::string> {
        const auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    CHECK_FALSE(cli::local_indicators_file(getenv).has_value());  // no HOME, no XDG: none

    env["HOME"] = dir.path().string();
    CHECK_FALSE(cli::local_indicators_file(getenv).has_value());  // the default file does not exist
    const auto home_file = dir.path() / ".config" / "kolcat" / "indicators.local.json";
    fs::create_directories(home_file.parent_path());
    write_text(home_file, "{}");
    CHECK(cli::local_indicators_file(getenv) == home_file);

    env["XDG_CONFIG_HOME"] = (dir.path() / "xdg").string();
    CHECK_FALSE(cli::local_indicators_file(getenv).has_value());
    const auto xdg_file = dir.path() / "xdg" / "kolcat" / "indicators.local.json";
    fs::create_directories(xdg_file.parent_path());
    write_text(xdg_file, "{}");
    CHECK(cli::local_indicators_file(getenv) == xdg_file);
    env["XDG_CONFIG_HOME"] = "relative/dir";  // invalid by the XDG spec: ignored
    CHECK(cli::local_indicators_file(getenv) == home_file);

    const auto named = dir.path() / "mine.json";
    write_text(named, "{}");
    env["KOLCAT_LOCAL_INDICATORS"] = named.string();
    CHECK(cli::local_indicators_file(getenv) == named);
    env["KOLCAT_LOCAL_INDICATORS"] = (dir.path() / "missing.json").string();
    CHECK_THROWS_WITH_AS(cli::local_indicators_file(getenv),
                         doctest::Contains("KOLCAT_LOCAL_INDICATORS names"),
                         curated::IndicatorsError);

    // An empty local file is valid and changes nothing but the fingerprint.
    const auto project = curated::load_indicators(kProjectIndicators, std::nullopt);
    const auto with_empty = curated::load_indicators(kProjectIndicators, named);
    CHECK(with_empty.kpis.size() == project.kpis.size());
}

TEST_CASE("indicators: sync ids are the curated KPIs and their partners, once each") {
    const auto set = curated::load_indicators(kProjectIndicators, std::nullopt);
    const auto ids = curated::sync_kpi_ids(set);
    CHECK(ids.size() == set.kpis.size());  // every partner is curated itself
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
    CHECK(ids.front() == set.kpis.front().id);

    const auto problems_set = curated::load_indicators(kFixtures / "problems", std::nullopt);
    const auto problem_ids = curated::sync_kpi_ids(problems_set);
    CHECK(std::find(problem_ids.begin(), problem_ids.end(), "N99998") != problem_ids.end());
}

}  // namespace kolcat
