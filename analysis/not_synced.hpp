#pragma once
// Pairs of (key figure, unit) that the catalogue never synced: how the commands mark them, and
// the `kolcat sync` commands that fill them. A pair never fetched is unknown, not a pair for
// which Kolada has no value, and the output must never present it as the latter.

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kolcat::catalogue {
class Catalogue;
}  // namespace kolcat::catalogue

namespace kolcat::analysis {

// What a table shows in a value cell of a pair never synced.
inline constexpr const char* kNotSyncedText = "not synced";

using KpiUnitPair = std::pair<std::string, std::string>;  // (kpi, unit)

class NotSynced {
  public:
    NotSynced() = default;
    // The pairs of kpis x units that `catalogue` never synced. `catalogue_argument`: the
    // --catalogue the user gave, repeated in the printed commands so they fill the same file.
    NotSynced(const catalogue::Catalogue& catalogue, const std::vector<std::string>& kpis,
              const std::vector<std::string>& units,
              std::optional<std::string> catalogue_argument = std::nullopt);

    NotSynced(const std::vector<KpiUnitPair>& pairs,
              std::optional<std::string> catalogue_argument = std::nullopt);

    bool empty() const { return pairs_.empty(); }
    bool contains(const std::string& kpi, const std::string& unit) const;
    const std::set<KpiUnitPair>& pairs() const { return pairs_; }
    // `kolcat sync` commands that fetch exactly these pairs: one per set of key figures that
    // lack the same units, e.g. "kolcat sync --kpi U30750 --unit 0024,G33631". A set of more
    // than `max_kpis` key figures is written --all-kpis instead of listing every id.
    std::vector<std::string> sync_commands(std::size_t max_kpis = 50) const;
    // Lines for the end of a table or for stderr: what "not synced" means, and the commands.
    std::string note(const std::string& line_prefix = "") const;

  private:
    std::set<KpiUnitPair> pairs_;
    std::optional<std::string> catalogue_argument_;
};

}  // namespace kolcat::analysis
