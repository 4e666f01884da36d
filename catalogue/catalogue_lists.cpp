// Whole lists of the stored metadata, for callers that need every id rather than a lookup
// (the sync's scope resolution: --all-kpis and the default scope's regions).
#include "catalogue/catalogue.hpp"
#include "catalogue/catalogue_impl.hpp"

namespace kolcat::catalogue {

std::vector<std::string> Catalogue::present_kpi_ids() const {
    Statement select = impl_->db.prepare("SELECT id FROM kpi WHERE retired = 0 ORDER BY id");
    std::vector<std::string> ids;
    while (select.step()) {
        ids.push_back(select.column_text(0));
    }
    return ids;
}

std::vector<Municipality> Catalogue::all_municipalities() const {
    Statement select = impl_->db.prepare("SELECT id, title, type FROM municipality ORDER BY id");
    std::vector<Municipality> units;
    while (select.step()) {
        units.push_back({select.column_text(0), select.column_text(1), select.column_text(2)});
    }
    return units;
}

}  // namespace kolcat::catalogue
