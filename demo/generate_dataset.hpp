#pragma once
// A large, realistic-looking dataset for benchmarks: `kpis` key figures ("N" + 5 digits) times
// `units` municipalities (4-digit ids) times `years` periods, each with T, K and M values
// (a tenth of the key figures carry T only, as in Kolada). Deterministic for a given seed.
// Memory: about 16 bytes per cell (see value_store.hpp).

#include <cstdint>
#include <string>
#include <vector>

#include "demo/dataset.hpp"

namespace kolcat::demo {

// The last generated period; the first is last_generated_period - years + 1.
inline constexpr int kLastGeneratedPeriod = 2024;

// Throws std::invalid_argument for sizes outside 1..30000 kpis, 1..9000 units, 1..60 years.
Dataset generate_dataset(int kpis, int units, int years, std::uint64_t seed);

// The same with each key figure's municipality_type given ("K", "L" or "A", e.g. the real
// ones from Kolada's catalogue), and `regions` regions ("0001".., type L, 0..99) with Riket
// ("0000") and a group of the regions (G920000) beside the municipalities: a K-type key figure
// has values for the municipalities and Riket, an L-type one for the regions and Riket, an
// A-type one for every unit.
Dataset generate_typed_dataset(const std::vector<std::string>& kpi_types, int municipalities,
                               int regions, int years, std::uint64_t seed);

// How many gender-level values generate_dataset stores for these sizes.
std::int64_t generated_value_count(int kpis, int units, int years);

}  // namespace kolcat::demo
