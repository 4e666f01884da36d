#include "demo/load_dataset.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace kolcat::demo {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::optional<std::string> optional_text(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return std::nullopt;
    }
    return found->get<std::string>();
}

// v3 sends booleans; v2 sent 0/1.
bool flag(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return false;
    }
    return found->is_boolean() ? found->get<bool>() : found->get<int>() != 0;
}

catalogue::Kpi kpi_from(const json& object) {
    catalogue::Kpi kpi;
    kpi.id = object.at("id").get<std::string>();
    kpi.title = object.at("title").get<std::string>();
    kpi.description = optional_text(object, "description").value_or("");
    kpi.is_divided_by_gender = flag(object, "is_divided_by_gender");
    kpi.municipality_type = optional_text(object, "municipality_type").value_or("");
    kpi.auspice = optional_text(object, "auspice");
    kpi.operating_area = optional_text(object, "operating_area");
    kpi.perspective = optional_text(object, "perspective");
    kpi.prel_publication_date = optional_text(object, "prel_publication_date");
    kpi.publication_date = optional_text(object, "publication_date");
    kpi.publ_period = optional_text(object, "publ_period");
    kpi.has_ou_data = flag(object, "has_ou_data");
    kpi.raw_json = object.dump();
    return kpi;
}

catalogue::Municipality municipality_from(const json& object) {
    return {object.at("id").get<std::string>(), object.at("title").get<std::string>(),
            object.at("type").get<std::string>()};
}

catalogue::Group group_from(const json& object) {
    catalogue::Group group;
    group.id = object.at("id").get<std::string>();
    group.title = optional_text(object, "title").value_or("");
    for (const auto& member : object.at("members")) {
        group.members.push_back({member.at("member_id").get<std::string>(),
                                 optional_text(member, "member_title").value_or("")});
    }
    return group;
}

template <typename Item, typename Parse>
std::vector<Item> load_list(const fs::path& path, Parse parse) {
    std::vector<Item> items;
    if (!fs::exists(path)) {
        return items;
    }
    try {
        const auto document = json::parse(read_file(path));
        for (const auto& object : document.at("values")) {
            items.push_back(parse(object));
        }
    } catch (const json::exception& failure) {
        throw std::runtime_error(path.string() + ": " + failure.what());
    }
    return items;
}

void load_series(const json& series, int first_period, const std::string& changed_on,
                 Dataset& dataset) {
    const auto kpi = series.at("kpi").get<std::string>();
    const auto unit = series.at("municipality").get<std::string>();
    const int first = series.value("first_period", first_period);
    static constexpr std::pair<const char*, catalogue::Gender> kGenders[] = {
        {"T", catalogue::Gender::T}, {"K", catalogue::Gender::K}, {"M", catalogue::Gender::M}};
    for (const auto& [key, gender] : kGenders) {
        const auto values = series.find(key);
        if (values == series.end()) {
            continue;
        }
        for (std::size_t i = 0; i < values->size(); ++i) {
            const auto& value = (*values)[i];
            if (!value.is_null()) {
                dataset.set_value(kpi, unit, first + static_cast<int>(i), gender,
                                  value.get<double>(), changed_on);
            }
        }
    }
}

void load_values_json(const fs::path& path, Dataset& dataset) {
    if (!fs::exists(path)) {
        return;
    }
    try {
        const auto document = json::parse(read_file(path));
        const auto changed_on = document.value("changed_on", dataset.today);
        const int first_period = document.value("first_period", 0);
        for (const auto& series : document.at("series")) {
            load_series(series, first_period, changed_on, dataset);
        }
    } catch (const json::exception& failure) {
        throw std::runtime_error(path.string() + ": " + failure.what());
    }
}

std::optional<catalogue::Gender> gender_from(const std::string& code) {
    if (code == "T") {
        return catalogue::Gender::T;
    }
    if (code == "K") {
        return catalogue::Gender::K;
    }
    if (code == "M") {
        return catalogue::Gender::M;
    }
    return std::nullopt;
}

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> fields(1);
    for (const char c : line) {
        if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back().push_back(c);
        }
    }
    return fields;
}

void load_values_csv(const fs::path& path, Dataset& dataset) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    const auto kpi = path.stem().string();
    std::string line;
    std::getline(in, line);  // municipality,period,gender,value
    for (int line_number = 2; std::getline(in, line); ++line_number) {
        if (line.empty()) {
            continue;
        }
        const auto fields = split_csv_line(line);
        const auto gender = fields.size() == 4 ? gender_from(fields[2]) : std::nullopt;
        int period = 0;
        const auto& period_text = fields.size() == 4 ? fields[1] : line;
        const auto parsed =
            std::from_chars(period_text.data(), period_text.data() + period_text.size(), period);
        if (!gender || parsed.ec != std::errc()) {
            throw std::runtime_error(path.string() + ":" + std::to_string(line_number) +
                                     ": expected municipality,period,gender,value");
        }
        std::optional<double> value;
        if (!fields[3].empty()) {
            value = std::stod(fields[3]);
        }
        dataset.set_value(kpi, fields[0], period, *gender, value);
    }
}

}  // namespace

Dataset load_dataset(const fs::path& dir) {
    if (!fs::is_directory(dir)) {
        throw std::runtime_error("no dataset directory: " + dir.string());
    }
    Dataset dataset;
    dataset.kpis = load_list<catalogue::Kpi>(dir / "kpi.json", kpi_from);
    dataset.municipalities =
        load_list<catalogue::Municipality>(dir / "municipality.json", municipality_from);
    dataset.municipality_groups =
        load_list<catalogue::Group>(dir / "municipality_groups.json", group_from);
    dataset.kpi_groups = load_list<catalogue::Group>(dir / "kpi_groups.json", group_from);
    load_values_json(dir / "values.json", dataset);
    if (fs::is_directory(dir / "values")) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir / "values")) {
            if (entry.path().extension() == ".csv") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            load_values_csv(file, dataset);
        }
    }
    return dataset;
}

}  // namespace kolcat::demo
