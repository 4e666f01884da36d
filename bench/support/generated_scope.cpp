#include "bench/support/generated_scope.hpp"

namespace kolcat::bench {

GeneratedScope generate_scope(int kpis, int units, int years, std::uint64_t seed) {
    GeneratedScope scope;
    scope.dataset = demo::generate_dataset(kpis, units, years, seed);
    scope.values = demo::generated_value_count(kpis, units, years);
    for (const auto& kpi : scope.dataset.kpis) {
        scope.kpis.push_back(kpi.id);
    }
    for (const auto& unit : scope.dataset.municipalities) {
        scope.units.push_back(unit.id);
    }
    return scope;
}

}  // namespace kolcat::bench
