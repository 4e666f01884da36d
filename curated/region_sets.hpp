#pragma once
// Turning named region sets (indicators/region_sets.json, stored in the catalogue) and id lists
// into the units a comparison uses: the `--against SET|IDS` argument.

#include <string>
#include <string_view>
#include <vector>

#include "curated/indicators.hpp"

namespace kolcat::catalogue {
class Catalogue;
}  // namespace kolcat::catalogue

namespace kolcat::curated {

// The units a set stands for, in order and without duplicates. With expand_groups, a member
// that is a municipality group is replaced by the group's members as the catalogue stores them
// (a group the catalogue does not know yet stays as it is); otherwise members are kept as
// they are (county groups are units of their own).
std::vector<std::string> region_set_units(const catalogue::Catalogue& catalogue,
                                          const RegionSet& set);

struct ResolvedUnits {
    std::string label;               // "model-regions", "model-regions, 0000", "0024, 0017"
    std::vector<std::string> units;  // without duplicates, in the argument's order
};

// A list of units to compare with that names nothing the catalogue knows. The message names no
// option: the command that read the list says where it came from (see kind, word, known_sets).
class UnitListError : public IndicatorsError {
  public:
    enum class Kind {
        unknown_word,  // `word` is neither a region set nor a unit id
        unknown_unit,  // `word` looks like a unit id, but the catalogue does not know it
        empty          // the list names nothing
    };
    UnitListError(Kind kind, std::string word, std::string known_sets);

    Kind kind;
    std::string word;
    std::string known_sets;  // "model-regions, north, ..."
};

// Resolves a list of units to compare with: comma-separated tokens, each a region-set name
// stored in the catalogue or a unit id ("0025", "G33632"). Throws UnitListError for an empty
// list, for a token that is neither, and for a unit id the catalogue does not know when it
// holds unit metadata; the message lists the known set names.
ResolvedUnits resolve_against(catalogue::Catalogue& catalogue, std::string_view argument);

}  // namespace kolcat::curated
