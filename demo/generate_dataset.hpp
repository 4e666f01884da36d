#pragma once
// A large, realistic-looking dataset for benchmarks: `kpis` key figures ("N" + 5 digits) times
// `units` municipalities (4-digit ids) times `years` periods, each with T, K and M values
// (a tenth of the key figures carry T only, as in Kolada). Deterministic for a given seed.
// Memory: about 16 bytes per cell (see value_store.hpp).

#include <cstdint>

#include "demo/dataset.hpp"

namespace kolcat::demo {

// The last generated period; the first is last_generated_period - years + 1.
inline constexpr int kLastGeneratedPeriod = 2024;

// Throws std::invalid_argument for sizes outside 1..30000 kpis, 1..9000 units, 1..60 years.
Dataset generate_dataset(int kpis, int units, int years, std::uint64_t seed);

// How many gender-level values generate_dataset stores for these sizes.
std::int64_t generated_value_count(int kpis, int units, int years);

}  // namespace kolcat::demo
