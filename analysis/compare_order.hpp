#pragma once
// The order of the units within one key figure of `kolcat compare` (--sort).

#include <optional>
#include <string>
#include <string_view>

#include "analysis/compare.hpp"

namespace kolcat::analysis {

// rank: compare's own order (by rank, then by title in Swedish order, the units without a rank
//       last): the default.
// value: by T, highest first.
// gap: by the sex gap K − M, highest first (women's value furthest above men's first, men's
//      furthest above women's last).
// ratio: by K / M, highest first.
// A unit missing the number sorts after every unit that has it. Ties, and the units without
// the number among themselves, keep compare's order. The --within county stays first: it is the
// yardstick, not a compared unit.
enum class UnitOrder { rank, value, gap, ratio };

std::string_view to_string(UnitOrder order);
std::optional<UnitOrder> parse_unit_order(std::string_view text);
// "value, gap, ratio, rank": for error messages.
std::string unit_order_choices();

// Reorders comparison.units; expects compare's order on entry (as compare returns it).
void order_units(KpiComparison& comparison, UnitOrder order);

}  // namespace kolcat::analysis
