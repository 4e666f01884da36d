#pragma once
// Which (key figure, unit) pairs can hold a value, as Kolada's metadata says: a key figure of
// municipality_type "K" has values for municipalities only, one of type "L" for regions only,
// one of type "A" for both. Riket (0000) has values for every type (the national figure of a
// municipal key figure as of a regional one), and a municipality group has values where its
// members have (Kolada's mean of the members that have a value). A sync never asks for a pair
// that cannot hold a value, and such a pair is never reported as "not synced": the metadata
// already answers that Kolada has no value for it.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kolcat::catalogue {

class Catalogue;
struct Municipality;

// The units a key figure has values for, or the key figures a unit has values for.
enum class Side { municipalities, regions, both };

// "K" municipalities, "L" regions; anything else ("A", unknown, empty) both.
Side kpi_side(std::string_view municipality_type);
// A municipality (type "K"), a region (type "L"), or Riket: both.
Side unit_side(const Municipality& unit);
// A group of members on one side is on that side; a mixed or empty group is on both.
Side group_side(const std::vector<Side>& member_sides);
bool can_hold_value(Side kpi, Side unit);

// The sides of a set of key figures and units (groups included), from the stored metadata.
// An id the metadata does not know is on both sides: asked for, never ruled out.
class PairTypes {
  public:
    PairTypes() = default;  // knows nothing: every pair can hold a value
    PairTypes(const Catalogue& catalogue, const std::vector<std::string>& kpis,
              const std::vector<std::string>& units);

    Side kpi(const std::string& id) const;
    Side unit(const std::string& id) const;
    bool can_hold_value(const std::string& kpi_id, const std::string& unit_id) const {
        return catalogue::can_hold_value(kpi(kpi_id), unit(unit_id));
    }

    // For tests and callers that know the types without a catalogue.
    void set_kpi(const std::string& id, Side side) { kpis_[id] = side; }
    void set_unit(const std::string& id, Side side) { units_[id] = side; }

  private:
    std::map<std::string, Side> kpis_;
    std::map<std::string, Side> units_;
};

}  // namespace kolcat::catalogue
