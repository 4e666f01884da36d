#include "kolada_api/request.hpp"

#include <charconv>

#include "kolada_api/calendar.hpp"

namespace kolcat::kolada_api {

namespace {

// Thrown inside the parser only; parse_api_request turns it into an ApiError.
struct Refusal {
    ApiError error;
};

[[noreturn]] void refuse(int status, std::string message) {
    throw Refusal{ApiError{status, std::move(message)}};
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

std::optional<int> parse_int(std::string_view text) {
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    if (text.empty() || result.ec != std::errc() || result.ptr != end) {
        return std::nullopt;
    }
    return value;
}

// A comma-separated id list; empty pieces ("a,,b") are ignored.
void add_ids(std::string_view text, std::vector<std::string>& ids) {
    for (const auto piece : split(text, ',')) {
        if (!piece.empty()) {
            ids.emplace_back(piece);
        }
    }
}

void check_list_size(const std::vector<std::string>& ids, std::string_view what) {
    if (ids.size() > static_cast<std::size_t>(kMaxIdsPerList)) {
        refuse(400, "Too many values for " + std::string(what) + ": " + std::to_string(ids.size()) +
                        " given, at most " + std::to_string(kMaxIdsPerList) + " allowed");
    }
}

std::vector<std::string> id_list(std::string_view text, std::string_view what) {
    std::vector<std::string> ids;
    add_ids(text, ids);
    if (ids.empty()) {
        refuse(400, "Empty list of " + std::string(what));
    }
    check_list_size(ids, what);
    return ids;
}

std::vector<int> year_list(const std::vector<std::string>& texts) {
    check_list_size(texts, "year");
    std::vector<int> years;
    for (const auto& text : texts) {
        const auto year = parse_int(text);
        if (!year) {
            refuse(400, "Not a year: " + text);
        }
        years.push_back(*year);
    }
    return years;
}

std::optional<std::string> single_param(const QueryParams& params, const std::string& name) {
    const auto found = params.find(name);
    if (found == params.end()) {
        return std::nullopt;
    }
    return found->second;
}

// Every value of a repeatable list parameter, comma lists included.
std::optional<std::vector<std::string>> list_param(const QueryParams& params,
                                                   const std::string& name) {
    const auto [first, last] = params.equal_range(name);
    if (first == last) {
        return std::nullopt;
    }
    std::vector<std::string> ids;
    for (auto it = first; it != last; ++it) {
        add_ids(it->second, ids);
    }
    if (ids.empty()) {
        refuse(400, "Empty list of " + name);
    }
    return ids;
}

Paging parse_paging(const QueryParams& params, int default_per_page) {
    Paging paging;
    paging.per_page = default_per_page;
    if (const auto text = single_param(params, "per_page")) {
        const auto per_page = parse_int(*text);
        if (!per_page || *per_page < 1) {
            refuse(400, "per_page must be a positive integer");
        }
        if (*per_page > kMaxPerPage) {
            refuse(400, "per_page must be at most " + std::to_string(kMaxPerPage));
        }
        paging.per_page = *per_page;
    }
    if (const auto text = single_param(params, "page")) {
        const auto page = parse_int(*text);
        if (!page || *page < 1) {
            refuse(400, "page must be an integer from 1");
        }
        paging.page = *page;
    }
    return paging;
}

std::optional<MetadataKind> metadata_kind(std::string_view name) {
    if (name == "kpi") {
        return MetadataKind::kpi;
    }
    if (name == "kpi_groups") {
        return MetadataKind::kpi_groups;
    }
    if (name == "municipality") {
        return MetadataKind::municipality;
    }
    if (name == "municipality_groups") {
        return MetadataKind::municipality_groups;
    }
    if (name == "ou") {
        return MetadataKind::ou;
    }
    return std::nullopt;
}

MetadataRequest parse_metadata(MetadataKind kind, const std::vector<std::string_view>& segments,
                               const QueryParams& params, int default_per_page) {
    MetadataRequest request;
    request.kind = kind;
    if (segments.size() == 2) {
        request.ids = id_list(segments[1], "ids");
    }
    request.title = single_param(params, "title");
    if (kind == MetadataKind::municipality) {
        request.region_type = single_param(params, "region_type");
        if (request.region_type && *request.region_type != "K" && *request.region_type != "L") {
            refuse(400, "region_type must be K or L");
        }
    }
    request.paging = parse_paging(params, default_per_page);
    return request;
}

// /data/kpi/{kpis}/municipality/{units}/year/{years}, or any two of the three in that order.
DataQuery parse_data_path(const std::vector<std::string_view>& segments, std::string_view unit) {
    DataQuery query;
    static constexpr int kKpi = 0, kUnit = 1, kYear = 2;
    int next_allowed = kKpi;
    int given = 0;
    for (std::size_t i = 1; i < segments.size(); i += 2) {
        const auto name = segments[i];
        const int dimension = name == "kpi"    ? kKpi
                              : name == unit   ? kUnit
                              : name == "year" ? kYear
                                               : -1;
        if (dimension < next_allowed || i + 1 >= segments.size()) {
            refuse(404, "Not found");
        }
        next_allowed = dimension + 1;
        ++given;
        const auto list = segments[i + 1];
        if (dimension == kKpi) {
            query.kpis = id_list(list, "kpi");
        } else if (dimension == kUnit) {
            query.units = id_list(list, std::string(unit));
        } else {
            std::vector<std::string> texts;
            add_ids(list, texts);
            if (texts.empty()) {
                refuse(400, "Empty list of years");
            }
            query.years = year_list(texts);
        }
    }
    if (given < 2) {
        refuse(400, "Give at least two of kpi, " + std::string(unit) + " and year");
    }
    return query;
}

// /data?kpi_id=...&municipality_id=...&year=... (comma lists or repeated parameters).
DataQuery parse_data_query(const QueryParams& params, std::string_view unit) {
    DataQuery query;
    int given = 0;
    if (const auto kpis = list_param(params, "kpi_id")) {
        check_list_size(*kpis, "kpi_id");
        query.kpis = *kpis;
        ++given;
    }
    const auto unit_param = std::string(unit) + "_id";
    if (const auto units = list_param(params, unit_param)) {
        check_list_size(*units, unit_param);
        query.units = *units;
        ++given;
    }
    if (const auto years = list_param(params, "year")) {
        query.years = year_list(*years);
        ++given;
    }
    if (given < 2) {
        refuse(400, "Give at least two of kpi_id, " + unit_param + " and year");
    }
    return query;
}

DataRequest parse_data(const std::vector<std::string_view>& segments, const QueryParams& params,
                       int default_per_page) {
    DataRequest request;
    request.organisational_units = segments[0] == "oudata";
    const std::string_view unit = request.organisational_units ? "ou" : "municipality";
    request.query =
        segments.size() == 1 ? parse_data_query(params, unit) : parse_data_path(segments, unit);
    if (const auto from_date = single_param(params, "from_date")) {
        if (!parse_iso_date(*from_date)) {
            refuse(400, "from_date must be a date YYYY-MM-DD");
        }
        request.query.from_date = *from_date;
    }
    request.paging = parse_paging(params, default_per_page);
    return request;
}

ApiRequest parse(std::string_view path, const QueryParams& params, int default_per_page) {
    // Only an absolute path ("/v3/kpi") names a page here; anything else would also make
    // next_url glue the path onto the origin's port ("http://host:8080v3/kpi").
    if (path.empty() || path.front() != '/') {
        refuse(404, "Not found");
    }
    auto segments = split(path, '/');
    // "/v3/kpi" splits into "", "v3", "kpi"; a trailing slash adds an empty last segment.
    if (!segments.empty() && segments.front().empty()) {
        segments.erase(segments.begin());
    }
    if (segments.size() > 1 && segments.back().empty()) {
        segments.pop_back();
    }
    if (segments.empty() || segments.front() != "v3") {
        if (!segments.empty() && segments.front() == "v2") {
            refuse(410, "API v2 is gone: use https://api.kolada.se/v3");
        }
        refuse(404, "Not found");
    }
    segments.erase(segments.begin());
    if (segments.empty()) {
        refuse(404, "Not found");
    }
    if (segments[0] == "data" || segments[0] == "oudata") {
        return parse_data(segments, params, default_per_page);
    }
    const auto kind = metadata_kind(segments[0]);
    if (!kind || segments.size() > 2) {
        refuse(404, "Not found");
    }
    return parse_metadata(*kind, segments, params, default_per_page);
}

}  // namespace

ApiRequest parse_api_request(std::string_view path, const QueryParams& params,
                             int default_per_page) {
    try {
        return parse(path, params, default_per_page);
    } catch (const Refusal& refusal) {
        return refusal.error;
    }
}

}  // namespace kolcat::kolada_api
