#pragma once
// Mapping Kolada v3 JSON to the catalogue's domain types. Strict: a wrong type, an unknown
// gender code, a count that disagrees with the items or an impossible year throws
// KoladaFormatError, so nothing from a malformed answer is ever stored.

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/group.hpp"
#include "catalogue/kpi.hpp"
#include "catalogue/municipality.hpp"
#include "catalogue/value.hpp"

namespace kolcat::sync {

class KoladaFormatError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One page of the v3 envelope {"values": [...], "count": n, "next_url": ..., "previous_url": ...}.
template <typename Item>
struct Page {
    std::vector<Item> items;
    std::optional<std::string> next_url;  // as sent: absolute or relative, or none
    // When above 0: the reader read the whole text and found it nested no deeper than this, so
    // the fetcher need not check the nesting again (JsonFetcher::BodyReader).
    int checked_depth = 0;
};

Page<catalogue::Kpi> parse_kpi_page(const nlohmann::json& body);
Page<catalogue::Municipality> parse_municipality_page(const nlohmann::json& body);
Page<catalogue::Group> parse_group_page(const nlohmann::json& body);
// Data items are flattened: one Value per gender entry.
Page<catalogue::Value> parse_value_page(const nlohmann::json& body);
// The same from the answer's text, read straight into Values without building a JSON document
// (a sync's hot path: see value_page_parser.cpp). The same checks and messages as
// parse_value_page; text that is not JSON throws what nlohmann::json::parse would
// (json::parse_error, or json::out_of_range for a number like 1e999).
Page<catalogue::Value> parse_value_text(std::string_view json_text);

}  // namespace kolcat::sync
