#include "curated/region_sets.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "catalogue/catalogue.hpp"
#include "curated/indicators_store.hpp"

namespace kolcat::curated {

namespace {

class UniqueList {
  public:
    void add(const std::string& id) {
        if (seen_.insert(id).second) {
            items_.push_back(id);
        }
    }
    std::vector<std::string> take() { return std::move(items_); }

  private:
    std::set<std::string> seen_;
    std::vector<std::string> items_;
};

bool is_group_id(std::string_view id) {
    return !id.empty() && id.front() == 'G';
}

bool looks_like_unit_id(std::string_view id) {
    const auto digits = [](std::string_view text) {
        return !text.empty() &&
               std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return (id.size() == 4 && digits(id)) || (is_group_id(id) && digits(id.substr(1)));
}

std::string lower_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return text;
}

std::string upper_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    });
    return text;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

std::string known_set_names(catalogue::Catalogue& catalogue) {
    std::string names;
    for (const auto& set : region_sets(catalogue)) {
        names += names.empty() ? "" : ", ";
        names += set.name;
    }
    return names.empty() ? "none stored yet" : names;
}

}  // namespace

std::vector<std::string> region_set_units(const catalogue::Catalogue& catalogue,
                                          const RegionSet& set) {
    UniqueList units;
    for (const auto& member : set.members) {
        if (set.expand_groups && is_group_id(member)) {
            if (const auto group =
                    catalogue.group(catalogue::GroupKind::municipality_group, member)) {
                for (const auto& unit : group->members) {
                    units.add(unit.id);
                }
                continue;
            }
        }
        units.add(member);
    }
    return units.take();
}

namespace {

std::string unit_list_message(UnitListError::Kind kind, const std::string& word,
                              const std::string& known_sets) {
    switch (kind) {
        case UnitListError::Kind::unknown_word:
            return "\"" + word +
                   "\" is neither a region set nor a unit id (known sets: " + known_sets + ")";
        case UnitListError::Kind::unknown_unit:
            return "unit " + word +
                   " is not in the catalogue (no such municipality, region or group)";
        case UnitListError::Kind::empty:
            break;
    }
    return "no region set or unit ids (known sets: " + known_sets + ")";
}

}  // namespace

UnitListError::UnitListError(Kind kind_, std::string word_, std::string known_sets_)
    : IndicatorsError(unit_list_message(kind_, word_, known_sets_)),
      kind(kind_),
      word(std::move(word_)),
      known_sets(std::move(known_sets_)) {}

ResolvedUnits resolve_against(catalogue::Catalogue& catalogue, std::string_view argument) {
    ResolvedUnits resolved;
    UniqueList units;
    const bool check_units = !catalogue.all_municipalities().empty();
    std::size_t start = 0;
    while (start <= argument.size()) {
        const auto comma = std::min(argument.find(',', start), argument.size());
        auto token = trim(argument.substr(start, comma - start));
        start = comma + 1;
        if (token.empty()) {
            continue;
        }
        resolved.label += resolved.label.empty() ? "" : ", ";
        resolved.label += token;
        // Set names are lower case and unit ids upper case (g33632 is G33632), whatever the
        // user typed.
        if (const auto set = region_set(catalogue, lower_case(token))) {
            for (const auto& unit : region_set_units(catalogue, *set)) {
                units.add(unit);
            }
            continue;
        }
        token = upper_case(token);
        if (!looks_like_unit_id(token)) {
            throw UnitListError(UnitListError::Kind::unknown_word, std::string(token),
                                known_set_names(catalogue));
        }
        if (check_units && !catalogue.unit_title(token)) {
            throw UnitListError(UnitListError::Kind::unknown_unit, std::string(token),
                                known_set_names(catalogue));
        }
        units.add(token);
    }
    resolved.units = units.take();
    if (resolved.units.empty()) {
        throw UnitListError(UnitListError::Kind::empty, "", known_set_names(catalogue));
    }
    return resolved;
}

}  // namespace kolcat::curated
