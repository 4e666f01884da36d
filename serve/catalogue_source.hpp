#pragma once
// The local catalogue as the source of Kolada v3 answers (kolada_api/data_source.hpp).
//
// Values are served as the catalogue stores them, group cells included: a stored group cell is
// Kolada's own answer for that group at the last sync (the unweighted mean of the members that
// had a value, with their count). Computing it again from the catalogue's members would give
// another number whenever the catalogue holds only some of the members (a county group synced
// for a key figure whose municipalities were not), so it is never recomputed. A (key figure,
// group) pair the catalogue never synced has no values here, and X-Kolcat-Not-Synced names it.
//
// from_date answers come from the catalogue's record of changes: values whose changed_at is on
// or after the date, and the deletions remembered since (isdeleted, value null).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "kolada_api/data_source.hpp"

namespace kolcat::serve {

// The start of a from_date's day (UTC), in Unix seconds, as changed_at counts.
std::int64_t from_date_seconds(const std::string& from_date);

class CatalogueSource : public kolada_api::DataSource {
  public:
    // `only_ids`: the metadata ids a request names (/v3/kpi/N00945,N00946); the lists then
    // hold those alone (at most 25 lookups instead of every key figure). Empty: whole lists.
    explicit CatalogueSource(const catalogue::Catalogue& catalogue,
                             std::vector<std::string> only_ids = {});

    // The lists are read from the catalogue when first asked for.
    const std::vector<catalogue::Kpi>& kpis() const override;
    const std::vector<catalogue::Municipality>& municipalities() const override;
    const std::vector<catalogue::Group>& municipality_groups() const override;
    const std::vector<catalogue::Group>& kpi_groups() const override;
    kolada_api::VisitResult visit(const kolada_api::DataQuery& query, std::size_t offset,
                                  std::size_t limit,
                                  const kolada_api::ItemVisitor& visit) const override;

  private:
    std::vector<catalogue::Group> groups(catalogue::GroupKind kind) const;

    const catalogue::Catalogue& catalogue_;
    std::vector<std::string> only_ids_;
    mutable std::optional<std::vector<catalogue::Kpi>> kpis_;
    mutable std::optional<std::vector<catalogue::Municipality>> municipalities_;
    mutable std::optional<std::vector<catalogue::Group>> municipality_groups_;
    mutable std::optional<std::vector<catalogue::Group>> kpi_groups_;
};

}  // namespace kolcat::serve
