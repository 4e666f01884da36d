#pragma once
// A Kolada key figure ("nyckeltal"), with every field of the v3 /kpi object.

#include <optional>
#include <string>

namespace kolcat::catalogue {

struct Kpi {
    std::string id;  // e.g. "N00945"
    std::string title;
    std::string description;
    bool is_divided_by_gender = false;  // Kolada's flag: only a hint, see the sex-breakdown check
    std::string municipality_type;      // "K" municipalities, "L" regions, "A" both
    std::optional<std::string> auspice;
    std::optional<std::string> operating_area;
    std::optional<std::string> perspective;
    std::optional<std::string> prel_publication_date;  // "YYYY-MM-DD"
    std::optional<std::string> publication_date;       // "YYYY-MM-DD"
    std::optional<std::string> publ_period;
    bool has_ou_data = false;
    // The object exactly as Kolada sent it (compact JSON), so that fields v3 adds later are kept.
    std::string raw_json;
};

}  // namespace kolcat::catalogue
