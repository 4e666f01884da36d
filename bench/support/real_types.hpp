#pragma once
// Key-figure types as Kolada has them, for generated data sets of a realistic shape: the
// municipality_type ("K", "L" or "A") of key figures taken evenly over the snapshot's
// kpi.json (/work/shared/kolada-snapshot, read in place; never copied into the project).

#include <filesystem>
#include <string>
#include <vector>

namespace kolcat::bench {

// `count` municipality_types taken evenly over the catalogue in kpi.json, in its order.
// Throws when the file cannot be read.
std::vector<std::string> real_types(const std::filesystem::path& kpi_json, int count);

// "1 000 K, 500 L, 99 A": how many of each type.
std::string describe_types(const std::vector<std::string>& types);

}  // namespace kolcat::bench
