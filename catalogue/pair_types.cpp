#include "catalogue/pair_types.hpp"

#include <optional>

#include "catalogue/catalogue.hpp"
#include "catalogue/municipality.hpp"

namespace kolcat::catalogue {

Side kpi_side(std::string_view municipality_type) {
    if (municipality_type == "K") {
        return Side::municipalities;
    }
    if (municipality_type == "L") {
        return Side::regions;
    }
    return Side::both;
}

Side unit_side(const Municipality& unit) {
    if (unit.id == "0000") {
        return Side::both;  // Riket: the national figure of every type of key figure
    }
    if (unit.type == "K") {
        return Side::municipalities;
    }
    if (unit.type == "L") {
        return Side::regions;
    }
    return Side::both;
}

Side group_side(const std::vector<Side>& member_sides) {
    if (member_sides.empty()) {
        return Side::both;
    }
    const Side first = member_sides.front();
    for (const Side side : member_sides) {
        if (side != first) {
            return Side::both;
        }
    }
    return first;
}

bool can_hold_value(Side kpi, Side unit) {
    return kpi == Side::both || unit == Side::both || kpi == unit;
}

PairTypes::PairTypes(const Catalogue& catalogue, const std::vector<std::string>& kpis,
                     const std::vector<std::string>& units) {
    for (const auto& id : kpis) {
        if (const auto kpi = catalogue.kpi(id)) {
            kpis_[id] = kpi_side(kpi->municipality_type);
        }
    }
    std::map<std::string, Side> known_units;
    const auto side_of = [&](const std::string& id) -> std::optional<Side> {
        if (const auto found = known_units.find(id); found != known_units.end()) {
            return found->second;
        }
        const auto unit = catalogue.municipality(id);
        if (!unit) {
            return std::nullopt;
        }
        return known_units[id] = unit_side(*unit);
    };
    for (const auto& id : units) {
        if (const auto side = side_of(id)) {
            units_[id] = *side;
        } else if (const auto group = catalogue.group(GroupKind::municipality_group, id)) {
            std::vector<Side> sides;
            for (const auto& member : group->members) {
                // A member the metadata does not know could be either: the group is on both.
                sides.push_back(side_of(member.id).value_or(Side::both));
            }
            units_[id] = group_side(sides);
        }
    }
}

Side PairTypes::kpi(const std::string& id) const {
    const auto found = kpis_.find(id);
    return found == kpis_.end() ? Side::both : found->second;
}

Side PairTypes::unit(const std::string& id) const {
    const auto found = units_.find(id);
    return found == units_.end() ? Side::both : found->second;
}

}  // namespace kolcat::catalogue
