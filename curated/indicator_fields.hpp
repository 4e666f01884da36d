#pragma once
// Strict access to the fields of a curated entry (indicators.cpp), shared with the loader
// (indicators_load.cpp): each failure throws IndicatorsError with one short reason naming the
// field.

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kolcat::curated::indicator_fields {

// Throws IndicatorsError with the reason.
[[noreturn]] void fail(const std::string& reason);
std::string in_quotes(std::string_view text);
// Refuses a non-object and any field not in `allowed`.
void require_fields(const nlohmann::json& j, std::initializer_list<std::string_view> allowed);
// A required, non-empty text of at most 2 000 bytes.
std::string text_field(const nlohmann::json& j, const char* name);
std::vector<int> int_list_field(const nlohmann::json& j, const char* name);
// A Kolada KPI id such as "N00945".
std::string kpi_id_field(const nlohmann::json& j, const char* name);
// The "targets" list: Agenda 2030 target ids such as "5.2".
std::vector<std::string> target_list_field(const nlohmann::json& j);

}  // namespace kolcat::curated::indicator_fields
