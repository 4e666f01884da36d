#include "serve/status.hpp"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>

namespace kolcat::serve {

namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json optional_text(const std::optional<std::string>& text) {
    return text && !text->empty() ? ordered_json(*text) : ordered_json(nullptr);
}

// "2026-03-01T10:15:00Z" (the sync writes UTC); nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_utc(const std::string& text) {
    std::tm parts{};
    char zone = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &parts.tm_year, &parts.tm_mon,
                    &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &zone) != 7 ||
        zone != 'Z') {
        return std::nullopt;
    }
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    return std::chrono::system_clock::from_time_t(timegm(&parts));
}

}  // namespace

std::string status_json(const catalogue::Catalogue& catalogue,
                        std::chrono::system_clock::time_point now) {
    const auto last_sync = catalogue.meta(catalogue::meta_last_sync_at);
    ordered_json age = nullptr;
    if (last_sync) {
        if (const auto at = parse_utc(*last_sync)) {
            age = std::chrono::duration_cast<std::chrono::seconds>(now - *at).count();
        }
    }
    const auto synced = catalogue.synced_extent();
    const auto counts = catalogue.counts();
    const ordered_json status{
        {"source", "Kolada"},
        {"data_source", optional_text(catalogue.meta(catalogue::meta_data_source))},
        {"api_url", optional_text(catalogue.meta(catalogue::meta_api_url))},
        {"last_sync_at", optional_text(last_sync)},
        {"age_seconds", age},
        {"last_sync_failure", optional_text(catalogue.meta(catalogue::meta_last_sync_failure))},
        {"synced_pairs", synced.pairs},
        {"synced_kpis", synced.kpis},
        {"synced_units", synced.units},
        {"values", counts.values},
        {"kpis", counts.kpis},
        {"municipalities", counts.municipalities},
        {"municipality_groups", counts.municipality_groups},
        {"kpi_groups", counts.kpi_groups}};
    return status.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kolcat::serve
