#include "analysis/compare_order.hpp"

#include <algorithm>
#include <array>

namespace kolcat::analysis {

namespace {

// In the order --help lists them.
constexpr std::array<std::pair<std::string_view, UnitOrder>, 4> kOrders{{
    {"value", UnitOrder::value},
    {"gap", UnitOrder::gap},
    {"ratio", UnitOrder::ratio},
    {"rank", UnitOrder::rank},
}};

std::optional<double> key_of(const UnitComparison& unit, UnitOrder order) {
    switch (order) {
        case UnitOrder::value:
            return unit.values.t;
        case UnitOrder::gap:
            return tidy_number(unit.gap);
        case UnitOrder::ratio:
            return tidy_number(unit.ratio);
        case UnitOrder::rank:
            break;
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(UnitOrder order) {
    for (const auto& [name, value] : kOrders) {
        if (value == order) {
            return name;
        }
    }
    return "?";
}

std::optional<UnitOrder> parse_unit_order(std::string_view text) {
    for (const auto& [name, value] : kOrders) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

std::string unit_order_choices() {
    std::string choices;
    for (const auto& [name, value] : kOrders) {
        choices += choices.empty() ? "" : ", ";
        choices += name;
    }
    return choices;
}

void order_units(KpiComparison& comparison, UnitOrder order) {
    if (order == UnitOrder::rank) {
        return;  // compare's own order
    }
    std::stable_sort(comparison.units.begin(), comparison.units.end(),
                     [&](const UnitComparison& a, const UnitComparison& b) {
                         if (a.is_reference != b.is_reference) {
                             return a.is_reference;
                         }
                         const auto key_a = key_of(a, order);
                         const auto key_b = key_of(b, order);
                         if (key_a.has_value() != key_b.has_value()) {
                             return key_a.has_value();
                         }
                         return key_a && *key_a > *key_b;
                     });
}

}  // namespace kolcat::analysis
