#pragma once
// Reading a request the way Kolada v3 does: which endpoint, which ids, which paging, and every
// rule that earns a 400 (more than 25 ids, per_page above 5000, a malformed year or date).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "demo/dataset.hpp"

namespace kolcat::demo {

// The query parameters, decoded, as cpp-httplib hands them over (httplib::Params).
using QueryParams = std::multimap<std::string, std::string>;

inline constexpr int kMaxIdsPerList = 25;
inline constexpr int kMaxPerPage = 5000;

struct Paging {
    int page = 1;  // from 1
    int per_page = kMaxPerPage;
};

enum class MetadataKind { kpi, kpi_groups, municipality, municipality_groups, ou };

struct MetadataRequest {
    MetadataKind kind = MetadataKind::kpi;
    std::vector<std::string> ids;  // empty: the whole list
    std::optional<std::string> title;
    std::optional<std::string> region_type;  // "K" or "L", /municipality only
    Paging paging;
};

struct DataRequest {
    DataQuery query;
    bool organisational_units = false;  // /oudata: the fake holds no OU data
    Paging paging;
};

// An answer that is an error: status and a one-line message for the JSON body.
struct ApiError {
    int status = 400;
    std::string message;
};

using ApiRequest = std::variant<MetadataRequest, DataRequest, ApiError>;

// Parses a decoded path ("/v3/data/kpi/N00945/year/2020") and its query parameters.
ApiRequest parse_api_request(std::string_view path, const QueryParams& params,
                             int default_per_page = kMaxPerPage);

}  // namespace kolcat::demo
