#pragma once
// A generated data set (demo::generate_dataset) with what a benchmark syncs of it.

#include <cstdint>
#include <string>
#include <vector>

#include "demo/generate_dataset.hpp"

namespace kolcat::bench {

struct GeneratedScope {
    demo::Dataset dataset;
    std::int64_t values = 0;         // the gender-level values it holds: what a sync must store
    std::vector<std::string> kpis;   // every key figure's id, in the data set's order
    std::vector<std::string> units;  // every municipality's id, in the data set's order
};

GeneratedScope generate_scope(int kpis, int units, int years, std::uint64_t seed);

}  // namespace kolcat::bench
