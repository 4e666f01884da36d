#include <doctest/doctest.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "sync/kolada/kolada_json.hpp"

using namespace kolcat::catalogue;
using namespace kolcat::sync;

using namespace kolcat;
using nlohmann::json;

namespace {

json envelope(json values, json next_url = nullptr) {
    const auto count = values.size();
    return {{"values", std::move(values)},
            {"count", count},
            {"next_url", std::move(next_url)},
            {"previous_url", nullptr}};
}

json kpi_object() {
    return json::parse(R"json({
        "id": "N00945",
        "title": "Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, andel av antal dagar (%)",
        "description": "Antal dagar med tillfällig föräldrapenning som tas ut av män.",
        "is_divided_by_gender": false, "municipality_type": "A", "auspice": "X",
        "operating_area": "Arbetsmarknad", "perspective": "Övrigt",
        "prel_publication_date": null, "publication_date": "2027-01-16",
        "publ_period": "2026", "has_ou_data": false})json");
}

json data_item(json values) {
    return {{"kpi", "N00957"},
            {"municipality", "0025"},
            {"period", 2022},
            {"values", std::move(values)}};
}

json entry(const char* gender, json value, json count = 1, json status = "") {
    return {{"gender", gender},
            {"count", std::move(count)},
            {"status", std::move(status)},
            {"value", std::move(value)}};
}

json tkm_item() {
    return data_item({entry("T", 24.88), entry("K", 30.39), entry("M", 19.92)});
}

// The message of the KoladaFormatError that parsing `body` as values throws.
template <typename Parse>
std::string error_of(Parse parse, const json& body) {
    try {
        parse(body);
    } catch (const sync::KoladaFormatError& error) {
        return error.what();
    }
    return "(no error)";
}

std::string value_error(const json& body) {
    return error_of(parse_value_page, body);
}
std::string kpi_error(const json& body) {
    return error_of(parse_kpi_page, body);
}

}  // namespace

TEST_CASE("kolada_json: a KPI page maps every v3 field and keeps the raw object") {
    const auto page = sync::parse_kpi_page(envelope({kpi_object()}));
    REQUIRE(page.items.size() == 1);
    CHECK_FALSE(page.next_url.has_value());
    const catalogue::Kpi& kpi = page.items[0];
    CHECK(kpi.id == "N00945");
    CHECK(kpi.title.find("föräldrapenningdagar (VAB)") != std::string::npos);
    CHECK(kpi.description == "Antal dagar med tillfällig föräldrapenning som tas ut av män.");
    CHECK_FALSE(kpi.is_divided_by_gender);
    CHECK(kpi.municipality_type == "A");
    CHECK(kpi.auspice == "X");
    CHECK(kpi.operating_area == "Arbetsmarknad");
    CHECK(kpi.perspective == "Övrigt");
    CHECK_FALSE(kpi.prel_publication_date.has_value());
    CHECK(kpi.publication_date == "2027-01-16");
    CHECK(kpi.publ_period == "2026");
    CHECK_FALSE(kpi.has_ou_data);
    CHECK(json::parse(kpi.raw_json) == kpi_object());
}

TEST_CASE("kolada_json: KPI nullable fields may be null or missing; v2 flags 0/1 are read") {
    json minimal = {
        {"id", "N00001"}, {"title", "T"}, {"is_divided_by_gender", 1}, {"municipality_type", "K"}};
    json nulls = kpi_object();
    for (const char* key : {"auspice", "operating_area", "perspective", "publication_date",
                            "publ_period", "description"}) {
        nulls[key] = nullptr;
    }
    nulls["id"] = "N00002";
    nulls["has_ou_data"] = true;
    json v2 = kpi_object();
    v2.erase("auspice");
    v2["auspices"] = "E";
    v2["id"] = "N00003";
    v2["is_divided_by_gender"] = 0;

    const auto page = sync::parse_kpi_page(envelope({minimal, nulls, v2}));
    REQUIRE(page.items.size() == 3);
    CHECK(page.items[0].is_divided_by_gender);
    CHECK_FALSE(page.items[0].auspice.has_value());
    CHECK(page.items[0].description.empty());
    CHECK_FALSE(page.items[0].has_ou_data);
    CHECK_FALSE(page.items[1].operating_area.has_value());
    CHECK(page.items[1].has_ou_data);
    CHECK(page.items[2].auspice == "E");
    CHECK_FALSE(page.items[2].is_divided_by_gender);
}

TEST_CASE("kolada_json: KPI rejections name the item and the field") {
    json bad_flag = kpi_object();
    bad_flag["is_divided_by_gender"] = 2;
    CHECK(kpi_error(envelope({kpi_object(), bad_flag})) ==
          "item 1: is_divided_by_gender is not a boolean (got number 2)");

    json bad_type = kpi_object();
    bad_type["municipality_type"] = "X";
    CHECK(kpi_error(envelope({bad_type})) ==
          "item 0: municipality_type string \"X\" is not one of K, L, A");

    json no_title = kpi_object();
    no_title.erase("title");
    CHECK(kpi_error(envelope({no_title})) == "item 0: missing field 'title'");

    json numeric_id = kpi_object();
    numeric_id["id"] = 945;
    CHECK(kpi_error(envelope({numeric_id})) == "item 0: id is not a string (got number 945)");

    json empty_id = kpi_object();
    empty_id["id"] = "";
    CHECK(kpi_error(envelope({empty_id})) == "item 0: id is empty");

    json long_id = kpi_object();
    long_id["id"] = std::string(65, 'N');
    CHECK(kpi_error(envelope({long_id})) ==
          "item 0: id is 65 bytes long, more than the 64 allowed");

    json comma_id = kpi_object();
    comma_id["id"] = "N1,N2";
    CHECK(kpi_error(envelope({comma_id})) ==
          "item 0: id \"N1,N2\" contains characters other than letters, digits, '_', '-' and '.'");

    json huge_description = kpi_object();
    huge_description["description"] = std::string(10 * 1024 * 1024, 'x');
    CHECK(kpi_error(envelope({huge_description})) ==
          "item 0: description is 10485760 bytes long, more than the 65536 allowed");

    CHECK(kpi_error(envelope({kpi_object(), kpi_object()})) ==
          "item 1: duplicate KPI id N00945 (also in item 0)");
    CHECK(kpi_error(envelope({"N00945"})) == "item 0: not a JSON object (got string \"N00945\")");
}

TEST_CASE("kolada_json: municipality and group pages") {
    const auto units = sync::parse_municipality_page(
        envelope({{{"id", "0025"}, {"title", "Region Norrbotten"}, {"type", "L"}},
                  {{"id", "2580"}, {"title", "Luleå"}, {"type", "K"}}}));
    REQUIRE(units.items.size() == 2);
    CHECK(units.items[1].id == "2580");
    CHECK(units.items[1].title == "Luleå");
    CHECK(units.items[1].type == "K");
    CHECK(error_of(parse_municipality_page,
                   envelope({{{"id", "0025"}, {"title", "Region Norrbotten"}, {"type", "A"}}})) ==
          "item 0: type string \"A\" is not one of K, L");

    const json group =
        json::parse(R"json({"id":"G33632","title":"Norrbottens läns kommuner (ovägt medel)",
        "members":[{"member_id":"2505","member_title":"Arvidsjaur"},
                   {"member_id":"2513","member_title":"Överkalix"}]})json");
    const auto groups =
        sync::parse_group_page(envelope({group}, "https://api.kolada.se/v3/x?page=2"));
    REQUIRE(groups.items.size() == 1);
    CHECK(groups.next_url == "https://api.kolada.se/v3/x?page=2");
    CHECK(groups.items[0].title == "Norrbottens läns kommuner (ovägt medel)");
    REQUIRE(groups.items[0].members.size() == 2);
    CHECK(groups.items[0].members[1].id == "2513");
    CHECK(groups.items[0].members[1].title == "Överkalix");

    json no_members = group;
    no_members.erase("members");
    CHECK(error_of(parse_group_page, envelope({no_members})) == "item 0: missing field 'members'");
    json duplicate_member = group;
    duplicate_member["members"].push_back(group["members"][0]);
    CHECK(error_of(parse_group_page, envelope({duplicate_member})) ==
          "item 0, members[2]: duplicate member 2505 (also members[0])");
    json bad_member = group;
    bad_member["members"][1]["member_id"] = nullptr;
    CHECK(error_of(parse_group_page, envelope({bad_member})) ==
          "item 0, members[1]: member_id is not a string (got null)");
}

TEST_CASE("kolada_json: data items are flattened to one value per gender") {
    json second = data_item({entry("T", nullptr, nullptr, nullptr)});
    second["municipality"] = "G33632";
    second["period"] = 1998;
    const auto page = parse_value_page(envelope({tkm_item(), second}, "/v3/data?page=2"));
    CHECK(page.next_url == "/v3/data?page=2");
    REQUIRE(page.items.size() == 4);
    CHECK(page.items[0].kpi == "N00957");
    CHECK(page.items[0].municipality == "0025");
    CHECK(page.items[0].period == 2022);
    CHECK(page.items[0].gender == catalogue::Gender::T);
    CHECK(page.items[0].value == doctest::Approx(24.88));
    CHECK(page.items[0].count == 1);
    CHECK(page.items[0].status.empty());
    CHECK(page.items[1].gender == catalogue::Gender::K);
    CHECK(page.items[1].value == doctest::Approx(30.39));
    CHECK(page.items[2].gender == catalogue::Gender::M);
    CHECK(page.items[2].value == doctest::Approx(19.92));
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(page.items[i].is_deleted);
    }
    const catalogue::Value& null_value = page.items[3];
    CHECK(null_value.municipality == "G33632");
    CHECK(null_value.period == 1998);
    CHECK_FALSE(null_value.value.has_value());
    CHECK_FALSE(null_value.count.has_value());
    CHECK(null_value.status.empty());
}

TEST_CASE("kolada_json: integer values, status text and missing optional keys") {
    const json item =
        data_item({{{"gender", "T"}, {"value", 12}, {"status", "B"}}, {{"gender", "K"}}});
    const auto page = parse_value_page(envelope({item}));
    REQUIRE(page.items.size() == 2);
    CHECK(page.items[0].value == doctest::Approx(12.0));
    CHECK(page.items[0].status == "B");
    CHECK_FALSE(page.items[0].count.has_value());
    CHECK_FALSE(page.items[1].value.has_value());
}

TEST_CASE("kolada_json: isdeleted applies per value and from the item to all its values") {
    json per_value = tkm_item();
    per_value["values"][1]["isdeleted"] = true;
    per_value["values"][1]["value"] = nullptr;
    per_value["values"][0]["isdeleted"] = false;
    json whole_item = tkm_item();
    whole_item["period"] = 2021;
    whole_item["isdeleted"] = true;

    const auto page = parse_value_page(envelope({per_value, whole_item}));
    REQUIRE(page.items.size() == 6);
    CHECK_FALSE(page.items[0].is_deleted);
    CHECK(page.items[1].is_deleted);
    CHECK_FALSE(page.items[1].value.has_value());
    CHECK_FALSE(page.items[2].is_deleted);
    for (int i = 3; i < 6; ++i) {
        CHECK(page.items[i].is_deleted);
        CHECK(page.items[i].period == 2021);
    }

    json bad_flag = tkm_item();
    bad_flag["isdeleted"] = "yes";
    CHECK(value_error(envelope({bad_flag})) ==
          "item 0: isdeleted is not a boolean (got string \"yes\")");
}

TEST_CASE("kolada_json: the envelope is checked") {
    CHECK(value_error(json::array()) == "the answer is not a JSON object (got an array)");
    CHECK(value_error(json{{"count", 0}}) == "missing field 'values'");
    CHECK(value_error(json{{"values", json::object()}}) ==
          "values is not an array (got an object)");

    json wrong_count = envelope({tkm_item()});
    wrong_count["count"] = 2;
    CHECK(value_error(wrong_count) == "count says 2 items but values holds 1");
    json float_count = envelope({tkm_item()});
    float_count["count"] = 1.5;
    CHECK(value_error(float_count) == "count is not an integer (got number 1.5)");

    json no_count = envelope({tkm_item()});
    no_count.erase("count");
    no_count.erase("next_url");
    const auto page = parse_value_page(no_count);
    CHECK(page.items.size() == 3);
    CHECK_FALSE(page.next_url.has_value());

    CHECK(value_error(envelope(json::array(), 5)) == "next_url is not a string (got number 5)");
    // An empty next_url can only mean "no next page"; previous_url is never read.
    CHECK_FALSE(parse_value_page(envelope(json::array(), "")).next_url.has_value());
    CHECK(value_error(envelope(json::array(), "http://x/a b")) ==
          "next_url contains whitespace or control characters");
    json odd_previous = envelope(json::array());
    odd_previous["previous_url"] = json::array();
    CHECK(parse_value_page(odd_previous).items.empty());
    odd_previous["previous_url"] = "not a URL at all";
    CHECK(parse_value_page(odd_previous).items.empty());
    CHECK(parse_value_page(envelope(json::array())).items.empty());
}

TEST_CASE("kolada_json: hostile data items are rejected with what and where") {
    json string_value = tkm_item();
    string_value["period"] = 2021;
    string_value["values"][2]["value"] = "19.92";
    CHECK(value_error(envelope({tkm_item(), string_value})) ==
          "item 1, values[2]: value is not a number (got string \"19.92\")");

    json bool_value = tkm_item();
    bool_value["values"][0]["value"] = true;
    CHECK(value_error(envelope({bool_value})) ==
          "item 0, values[0]: value is not a number (got true)");

    json infinite = tkm_item();
    // nlohmann refuses to parse 1e999, but a caller may build such a document directly.
    infinite["values"][0]["value"] = std::numeric_limits<double>::infinity();
    CHECK(value_error(envelope({infinite})) == "item 0, values[0]: value is not a finite number");

    json float_period = tkm_item();
    float_period["period"] = 2022.0;
    CHECK(value_error(envelope({float_period})) ==
          "item 0: period is not an integer (got number 2022.0)");

    json string_period = tkm_item();
    string_period["period"] = "2022";
    CHECK(value_error(envelope({string_period})) ==
          "item 0: period is not an integer (got string \"2022\")");

    for (const json& year : {json(1899), json(2101), json(-2022), json(99999999999LL),
                             json(18446744073709551615ULL)}) {
        json bad_year = tkm_item();
        bad_year["period"] = year;
        const std::string message = value_error(envelope({bad_year}));
        CAPTURE(message);
        CHECK(message.starts_with("item 0: period "));
        CHECK((message.ends_with(" is outside 1900..2100") ||
               message == "item 0: period is not an integer (got number 18446744073709551615)"));
    }
    json edge_years = tkm_item();
    edge_years["period"] = 1900;
    json last_year = tkm_item();
    last_year["period"] = 2100;
    CHECK(parse_value_page(envelope({edge_years, last_year})).items.size() == 6);

    json unknown_gender = tkm_item();
    unknown_gender["values"][1]["gender"] = "X";
    CHECK(value_error(envelope({unknown_gender})) ==
          "item 0, values[1]: unknown gender code string \"X\" (expected T, K or M)");
    json lower_gender = tkm_item();
    lower_gender["values"][1]["gender"] = "k";
    CHECK(value_error(envelope({lower_gender})) ==
          "item 0, values[1]: unknown gender code string \"k\" (expected T, K or M)");

    json duplicate_in_item = data_item({entry("T", 1.0), entry("T", 2.0)});
    CHECK(value_error(envelope({duplicate_in_item})) ==
          "item 0, values[1]: duplicate cell N00957/0025/2022/T (also in item 0)");
    CHECK(value_error(envelope({tkm_item(), tkm_item()})) ==
          "item 1, values[0]: duplicate cell N00957/0025/2022/T (also in item 0)");

    json negative_count = tkm_item();
    negative_count["values"][0]["count"] = -1;
    CHECK(value_error(envelope({negative_count})) == "item 0, values[0]: count -1 is out of range");
    json float_count = tkm_item();
    float_count["values"][0]["count"] = 1.5;
    CHECK(value_error(envelope({float_count})) ==
          "item 0, values[0]: count is not an integer (got number 1.5)");

    json numeric_status = tkm_item();
    numeric_status["values"][0]["status"] = 3;
    CHECK(value_error(envelope({numeric_status})) ==
          "item 0, values[0]: status is not a string (got number 3)");

    json empty_kpi = tkm_item();
    empty_kpi["kpi"] = "";
    CHECK(value_error(envelope({empty_kpi})) == "item 0: kpi is empty");
    json long_unit = tkm_item();
    long_unit["municipality"] = std::string(10 * 1024 * 1024, '0');
    CHECK(value_error(envelope({long_unit})) ==
          "item 0: municipality is 10485760 bytes long, more than the 64 allowed");

    json no_values = tkm_item();
    no_values.erase("values");
    CHECK(value_error(envelope({no_values})) == "item 0: missing field 'values'");
    json nested = tkm_item();
    nested["values"] = json::array({json::array({1})});
    CHECK(value_error(envelope({nested})) == "item 0, values[0]: not a JSON object (got an array)");
}
