#pragma once
// What a sync asks for, before and after it meets Kolada's catalogue. A ScopeRequest is what the
// user said (ids, KPI groups, --all-kpis, the default); resolve_scope turns it into a SyncScope of
// ids Kolada knows, and collects every id asked for that Kolada does not know (unknown, or
// retired like N07401), so that none is dropped silently.

#include <optional>
#include <string>
#include <vector>

#include "catalogue/sync_state.hpp"
#include "catalogue/year_set.hpp"

namespace kolcat::catalogue {
class Catalogue;
}  // namespace kolcat::catalogue

namespace kolcat::sync {

struct ScopeRequest {
    // KPI ids. An id that is not a KPI but a KPI group ("G2KPI148336") stands for its members.
    std::vector<std::string> kpis;
    // KPI groups whose members are synced.
    std::vector<std::string> kpi_groups;
    // Every KPI in Kolada's catalogue (retired ones left out); `kpis` and `kpi_groups` are then
    // redundant and ignored.
    bool all_kpis = false;
    // Municipalities, regions, Riket and municipality groups (a group's values are Kolada's
    // unweighted means of its members, stored as a unit of their own).
    std::vector<std::string> units;
    // Adds every region: the units of type L but Riket, as the catalogue lists them.
    bool all_regions = false;
    // Adds every municipality: the units of type K. (`--unit all` is both, with Riket.)
    bool all_municipalities = false;
    std::vector<int> years;  // empty: every year
};

struct ResolvedScope {
    catalogue::SyncScope scope;  // ids sorted and unique, so equal requests give equal scopes
    std::vector<std::string> missing_ids;  // sorted, unique
};

// What resolution needs to know of Kolada's catalogue. The engine resolves against the
// catalogue after its metadata sync (CatalogueScopeSource); tests may script it.
class ScopeSource {
  public:
    virtual ~ScopeSource() = default;
    virtual std::vector<std::string> present_kpi_ids() const = 0;
    // Regions: units of type L, Riket excluded.
    virtual std::vector<std::string> region_ids() const = 0;
    // Municipalities: units of type K.
    virtual std::vector<std::string> municipality_ids() const = 0;
    // The members of a KPI group, or nullopt when there is no such group.
    virtual std::optional<std::vector<std::string>> kpi_group_members(
        const std::string& id) const = 0;
    // Of the ids given, those that are not a present (non-retired) KPI.
    virtual std::vector<std::string> unknown_kpis(const std::vector<std::string>& ids) const = 0;
    // Of the ids given, those that are neither a unit nor a municipality group.
    virtual std::vector<std::string> unknown_units(const std::vector<std::string>& ids) const = 0;
};

class CatalogueScopeSource : public ScopeSource {
  public:
    explicit CatalogueScopeSource(const catalogue::Catalogue& catalogue) : catalogue_(catalogue) {}
    std::vector<std::string> present_kpi_ids() const override;
    std::vector<std::string> region_ids() const override;
    std::vector<std::string> municipality_ids() const override;
    std::optional<std::vector<std::string>> kpi_group_members(const std::string& id) const override;
    std::vector<std::string> unknown_kpis(const std::vector<std::string>& ids) const override;
    std::vector<std::string> unknown_units(const std::vector<std::string>& ids) const override;

  private:
    const catalogue::Catalogue& catalogue_;
};

ResolvedScope resolve_scope(const ScopeRequest& request, const ScopeSource& source);

// A sync names its years to Kolada, so an open range of --years needs bounds: an open start is
// 1970, an open end `current_year`. Closed ranges and single years are kept as written.
inline constexpr int kEarliestSyncYear = 1970;
std::vector<int> sync_years(const catalogue::YearSet& years, int current_year);

// The words --unit takes besides ids: every municipality and region with Riket (312 units in
// 2026, no municipality group), every municipality (type K), every region (type L, Riket
// left out, as the default scope's regions). Groups are never implied: Kolada has 3 630 of them.
inline constexpr const char* all_units_word = "all";
inline constexpr const char* all_municipalities_word = "all-municipalities";
inline constexpr const char* all_regions_word = "all-regions";
// Moves the words above from request.units to its flags. Returns false when `units` named
// nothing but ids.
bool expand_unit_words(ScopeRequest& request);

// --- the default scope ---
inline constexpr const char* riket_id = "0000";
// Kolada's "Jämställdhet" KPI groups: regions, municipalities.
const std::vector<std::string>& equality_kpi_group_ids();
// "<län>s läns kommuner (ovägt medel)": the only way to compare counties on K-type KPIs.
const std::vector<std::string>& county_group_ids();
// Region Norrbotten's 14 municipalities.
const std::vector<std::string>& norrbotten_municipality_ids();
// Kolada's similar-regions groups for Norrbotten: socio-economics, health care.
const std::vector<std::string>& norrbotten_comparison_group_ids();

// Riket, every region, the county groups, Norrbotten's municipalities and comparison groups,
// every year. KPIs: `curated_kpis` when given, else the members of the two Jämställdhet groups.
ScopeRequest default_scope_request(const std::vector<std::string>& curated_kpis = {});

}  // namespace kolcat::sync
