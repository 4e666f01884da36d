// The catalogue's metadata, values and questions (sync state: test_catalogue_sync.cpp).
#include <doctest/doctest.h>

#include <thread>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "tests/support/test_catalogue_support.hpp"

using namespace kolcat;
using test::make_kpi;
using test::make_value;
using test::store_values;

namespace {

std::string describe(const catalogue::Value& value) {
    return value.kpi + "," + value.municipality + "," + std::to_string(value.period) + "," +
           std::string(catalogue::to_string(value.gender));
}

std::vector<std::string> describe_all(const std::vector<catalogue::Value>& values) {
    std::vector<std::string> rows;
    for (const auto& value : values) {
        rows.push_back(describe(value));
    }
    return rows;
}

}  // namespace

TEST_CASE("KPI metadata keeps every v3 field") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK_FALSE(catalogue.has_metadata());
    catalogue::Kpi kpi = make_kpi(
        "N00945", "Tillfälliga föräldrapenningdagar (VAB) som tas ut av män", "Antal dagar ...");
    kpi.is_divided_by_gender = false;
    kpi.municipality_type = "A";
    kpi.auspice = "X";
    kpi.operating_area = "Arbetsmarknad";
    kpi.perspective = "Övrigt";
    kpi.prel_publication_date = std::nullopt;
    kpi.publication_date = "2027-01-16";
    kpi.publ_period = "2026";
    kpi.has_ou_data = true;
    kpi.raw_json = R"({"id":"N00945","future_field":[1,2]})";
    catalogue::Kpi other = make_kpi("N00952", "Kvinnors medianinkomst");
    other.is_divided_by_gender = true;
    catalogue.replace_kpis({kpi, other});

    CHECK(catalogue.has_metadata());
    const auto stored = catalogue.kpi("N00945");
    REQUIRE(stored.has_value());
    CHECK(stored->id == kpi.id);
    CHECK(stored->title == kpi.title);
    CHECK(stored->description == kpi.description);
    CHECK(stored->is_divided_by_gender == false);
    CHECK(stored->municipality_type == "A");
    CHECK(stored->auspice == kpi.auspice);
    CHECK(stored->operating_area == kpi.operating_area);
    CHECK(stored->perspective == kpi.perspective);
    CHECK_FALSE(stored->prel_publication_date.has_value());
    CHECK(stored->publication_date == kpi.publication_date);
    CHECK(stored->publ_period == kpi.publ_period);
    CHECK(stored->has_ou_data);
    CHECK(stored->raw_json == kpi.raw_json);
    CHECK(catalogue.kpi("N00952")->is_divided_by_gender);
    CHECK_FALSE(catalogue.kpi("N99999").has_value());
}

TEST_CASE("replace_kpis retires KPIs that are gone and brings back those that return") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue.replace_kpis({make_kpi("N1", "one"), make_kpi("N2", "two"), make_kpi("N3", "3")});
    catalogue.replace_kpis({make_kpi("N1", "one, revised"), make_kpi("N3", "3")});

    CHECK(catalogue.kpi_is_retired("N2"));
    CHECK_FALSE(catalogue.kpi_is_retired("N1"));
    CHECK_FALSE(catalogue.kpi_is_retired("N404"));  // unknown is not retired
    REQUIRE(catalogue.kpi("N2").has_value());       // kept: values may refer to it
    CHECK(catalogue.kpi("N1")->title == "one, revised");
    CHECK(catalogue.counts().kpis == 2);
    CHECK(catalogue.counts().retired_kpis == 1);
    CHECK(catalogue.unknown_kpis({"N3", "N2", "N404", "N1", "N404"}) ==
          std::vector<std::string>{"N2", "N404"});

    catalogue.replace_kpis({make_kpi("N1", "one"), make_kpi("N2", "two is back")});
    CHECK_FALSE(catalogue.kpi_is_retired("N2"));
    CHECK(catalogue.kpi_is_retired("N3"));
    CHECK(catalogue.kpi("N2")->title == "two is back");
    CHECK(catalogue.unknown_kpis({"N1", "N2"}).empty());
}

TEST_CASE("Municipalities and groups round-trip; units may be either") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue.replace_municipalities(
        {{"0025", "Region Norrbotten", "L"}, {"2580", "Luleå", "K"}, {"0000", "Riket", "L"}});
    const catalogue::Group county{"G33632",
                                  "Norrbottens läns kommuner (ovägt medel)",
                                  {{"2584", "Kiruna"}, {"2505", "Arvidsjaur"}, {"2580", "Luleå"}}};
    catalogue.replace_groups(catalogue::GroupKind::municipality_group,
                             {county, {"G43577", "Liknande", {}}});
    catalogue.replace_groups(catalogue::GroupKind::kpi_group,
                             {{"G2KPI148336", "Jämställdhet", {{"N00945", "VAB"}}}});

    CHECK(catalogue.municipality("2580")->title == "Luleå");
    CHECK(catalogue.municipality("0025")->type == "L");
    CHECK_FALSE(catalogue.municipality("G33632").has_value());
    const auto group = catalogue.group(catalogue::GroupKind::municipality_group, "G33632");
    REQUIRE(group.has_value());
    CHECK(group->title == county.title);
    REQUIRE(group->members.size() == 3);
    CHECK(group->members[0].id == "2584");  // Kolada's order is kept
    CHECK(group->members[2].title == "Luleå");
    CHECK(catalogue.group(catalogue::GroupKind::kpi_group, "G2KPI148336")->members.at(0).id ==
          "N00945");
    CHECK_FALSE(catalogue.group(catalogue::GroupKind::kpi_group, "G33632").has_value());

    CHECK(catalogue.unit_title("0000") == std::optional<std::string>("Riket"));
    CHECK(catalogue.unit_title("G33632") == std::optional<std::string>(county.title));
    CHECK_FALSE(catalogue.unit_title("9999").has_value());
    CHECK(catalogue.unknown_units({"0025", "G33632", "9999", "G2KPI148336"}) ==
          std::vector<std::string>{"9999", "G2KPI148336"});

    const auto counts = catalogue.counts();
    CHECK(counts.municipalities == 3);
    CHECK(counts.municipality_groups == 2);
    CHECK(counts.kpi_groups == 1);

    // A new list replaces the old one whole.
    catalogue.replace_groups(catalogue::GroupKind::municipality_group,
                             {{"G43577", "Liknande", {}}});
    CHECK_FALSE(catalogue.group(catalogue::GroupKind::municipality_group, "G33632").has_value());
    CHECK(catalogue.unknown_units({"G33632"}) == std::vector<std::string>{"G33632"});
    CHECK(catalogue.group(catalogue::GroupKind::kpi_group, "G2KPI148336").has_value());
    catalogue.replace_municipalities({{"0025", "Region Norrbotten", "L"}});
    CHECK_FALSE(catalogue.municipality("2580").has_value());
}

TEST_CASE("Meta settings are stored and replaced") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK_FALSE(catalogue.meta("data_source").has_value());
    catalogue.set_meta("data_source", "demo");
    catalogue.set_meta("data_source", "kolada");
    CHECK(catalogue.meta("data_source") == std::optional<std::string>("kolada"));
}

TEST_CASE("Values are upserted and deleted; null values and counts are kept") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue::Value with_status = make_value("N1", "0025", 2021, catalogue::Gender::M, 0.1 + 0.2);
    with_status.status = "Preliminär";
    with_status.count = 14;
    store_values(catalogue,
                 {make_value("N1", "0025", 2021, catalogue::Gender::T, 10.5),
                  make_value("N1", "0025", 2021, catalogue::Gender::K, std::nullopt), with_status});
    auto values = test::all_values(catalogue);
    REQUIRE(values.size() == 3);
    CHECK(values[0].value == std::optional<double>(10.5));
    CHECK_FALSE(values[1].value.has_value());
    CHECK(values[2].value == std::optional<double>(0.1 + 0.2));  // full precision
    CHECK(values[2].count == std::optional<int>(14));
    CHECK(values[2].status == "Preliminär");

    store_values(catalogue, {make_value("N1", "0025", 2021, catalogue::Gender::T, 11.0),
                             test::make_deletion("N1", "0025", 2021, catalogue::Gender::K),
                             test::make_deletion("N1", "0025", 1999, catalogue::Gender::K)});
    values = test::all_values(catalogue);
    REQUIRE(values.size() == 2);
    CHECK(values[0].value == std::optional<double>(11.0));
    CHECK(values[1].gender == catalogue::Gender::M);
}

TEST_CASE("for_each_value sorts by kpi, unit, period and gender T, K, M, and filters") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    // Written in a scrambled order, so that the keys behind the ids are not in id order.
    store_values(catalogue, {make_value("N2", "2580", 2020, catalogue::Gender::M, 1),
                             make_value("N2", "0025", 2021, catalogue::Gender::K, 2),
                             make_value("N1", "G33632", 2019, catalogue::Gender::T, 3),
                             make_value("N2", "0025", 2021, catalogue::Gender::T, 4),
                             make_value("N1", "0025", 2020, catalogue::Gender::M, 5),
                             make_value("N1", "0025", 2020, catalogue::Gender::T, 6),
                             make_value("N1", "0025", 2020, catalogue::Gender::K, 7),
                             make_value("N2", "0025", 2019, catalogue::Gender::T, 8)});
    CHECK(describe_all(test::all_values(catalogue)) ==
          std::vector<std::string>{"N1,0025,2020,T", "N1,0025,2020,K", "N1,0025,2020,M",
                                   "N1,G33632,2019,T", "N2,0025,2019,T", "N2,0025,2021,T",
                                   "N2,0025,2021,K", "N2,2580,2020,M"});

    catalogue::ValueQuery by_kpi;
    by_kpi.kpis = {"N2", "N404"};
    CHECK(test::all_values(catalogue, by_kpi).size() == 4);

    catalogue::ValueQuery by_unit;
    by_unit.units = {"G33632", "2580", "9999"};
    CHECK(describe_all(test::all_values(catalogue, by_unit)) ==
          std::vector<std::string>{"N1,G33632,2019,T", "N2,2580,2020,M"});

    catalogue::ValueQuery by_years;
    by_years.first_year = 2020;
    by_years.last_year = 2020;
    CHECK(test::all_values(catalogue, by_years).size() == 4);

    catalogue::ValueQuery everything_at_once;
    everything_at_once.kpis = {"N2", "N1"};
    everything_at_once.units = {"0025"};
    everything_at_once.first_year = 2021;
    CHECK(describe_all(test::all_values(catalogue, everything_at_once)) ==
          std::vector<std::string>{"N2,0025,2021,T", "N2,0025,2021,K"});

    catalogue::ValueQuery unknown_only;
    unknown_only.kpis = {"N404"};
    CHECK(test::all_values(catalogue, unknown_only).empty());
}

TEST_CASE("coverage tells which units and years have T, K and M numbers") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    catalogue.replace_municipalities({{"0025", "Region Norrbotten", "L"}});
    store_values(catalogue, {make_value("N1", "0025", 2020, catalogue::Gender::T, 1),
                             make_value("N1", "0025", 2020, catalogue::Gender::K, 2),
                             make_value("N1", "0025", 2021, catalogue::Gender::T, 3),
                             make_value("N1", "0025", 2021, catalogue::Gender::M, std::nullopt),
                             make_value("N1", "9999", 2021, catalogue::Gender::M, 4),
                             make_value("N2", "0025", 2021, catalogue::Gender::T, 5)});
    const auto coverage = catalogue.coverage("N1");
    REQUIRE(coverage.size() == 2);
    CHECK(coverage[0].unit == "0025");
    CHECK(coverage[0].title == "Region Norrbotten");
    REQUIRE(coverage[0].periods.size() == 2);
    CHECK(coverage[0].periods[0].period == 2020);
    CHECK(coverage[0].periods[0].t);
    CHECK(coverage[0].periods[0].k);
    CHECK_FALSE(coverage[0].periods[0].m);
    CHECK(coverage[0].periods[1].t);
    CHECK_FALSE(coverage[0].periods[1].m);  // a null is no value
    CHECK(coverage[1].unit == "9999");
    CHECK(coverage[1].title.empty());
    CHECK(catalogue.coverage("N404").empty());
}

TEST_CASE("counts describe the stored values") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK(catalogue.counts().values == 0);
    CHECK_FALSE(catalogue.counts().first_period.has_value());
    store_values(catalogue, {make_value("N1", "0025", 2019, catalogue::Gender::T, 1),
                             make_value("N1", "2580", 2021, catalogue::Gender::T, 2),
                             make_value("N2", "0025", 2020, catalogue::Gender::K, 3)});
    const auto counts = catalogue.counts();
    CHECK(counts.values == 3);
    CHECK(counts.kpis_with_values == 2);
    CHECK(counts.units_with_values == 2);
    CHECK(counts.first_period == std::optional<int>(2019));
    CHECK(counts.last_period == std::optional<int>(2021));
}

TEST_CASE("A read-only catalogue reads while another connection writes, and refuses writes") {
    test::TempCatalogueFile file;
    catalogue::Catalogue writer = catalogue::Catalogue::open(file.path());
    writer.replace_kpis({make_kpi("N1", "one")});
    store_values(writer, {make_value("N1", "0025", 2020, catalogue::Gender::T, 1)});

    catalogue::Catalogue reader =
        catalogue::Catalogue::open(file.path(), catalogue::OpenMode::read_only);
    CHECK(reader.schema_version() == writer.schema_version());
    CHECK(reader.kpi("N1").has_value());
    CHECK_THROWS_WITH_AS(reader.set_meta("x", "y"), doctest::Contains("read-only"),
                         catalogue::CatalogueError);
    CHECK_THROWS_AS(reader.replace_kpis({}), catalogue::CatalogueError);

    // The writer holds an open write transaction: the reader still answers at once, from the
    // last committed state.
    {
        catalogue::Transaction transaction(writer.database());
        writer.database().exec("DELETE FROM kpi_value");
        CHECK(test::all_values(reader).size() == 1);
        transaction.commit();
    }
    CHECK(test::all_values(reader).empty());
    CHECK(reader.counts().kpis == 1);
}

TEST_CASE("the catalogue knows its own meta keys and whether it holds demo data") {
    test::TempCatalogueFile file;
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(file.path());
    CHECK_FALSE(catalogue::holds_demo_data(catalogue));  // never synced
    catalogue.set_meta(catalogue::meta_data_source, "kolada");
    CHECK_FALSE(catalogue::holds_demo_data(catalogue));
    catalogue.set_meta(catalogue::meta_data_source, "demo");
    CHECK(catalogue::holds_demo_data(catalogue));
    CHECK(catalogue.meta("data_source") == "demo");
}
