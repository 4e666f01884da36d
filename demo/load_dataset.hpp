#pragma once
// Reading a dataset from fixture files:
//   kpi.json, municipality.json, municipality_groups.json, kpi_groups.json
//       the v3 envelope {"values": [...]} as the API sends them (the snapshot's files qualify);
//   values.json (optional), compact series, one array per gender aligned to the years:
//       {"changed_on": "2024-06-01", "first_period": 2010,
//        "series": [{"kpi": "N00957", "municipality": "0025",
//                    "T": [24.9, 25.1, null, ...], "K": [...], "M": [...]}]}
//       null (or a short array) means no cell; a series may set its own "first_period";
//   values/<KPI>.csv (optional), the snapshot's form: municipality,period,gender,value
//       (an empty value is Kolada's null).
// Missing metadata files give empty lists. Throws std::runtime_error naming the file on
// anything malformed.

#include <filesystem>

#include "demo/dataset.hpp"

namespace kolcat::demo {

Dataset load_dataset(const std::filesystem::path& dir);

}  // namespace kolcat::demo
