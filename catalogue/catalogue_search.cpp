// Full-text search over key figures (FTS5, ranked by bm25).
#include "catalogue/catalogue.hpp"
#include "catalogue/catalogue_impl.hpp"
#include "catalogue/fts_query.hpp"

namespace kolcat {

std::vector<SearchHit> Catalogue::search(const std::string& text, int limit) const {
    std::vector<SearchHit> hits;
    const std::string query = to_fts_query(text);
    if (query.empty()) {
        return hits;  // nothing searchable in the text (only punctuation, say)
    }
    // Weights per column (id, title, description): a hit in the id or the title says more than
    // one somewhere in a long description. Retired key figures are not offered.
    Statement select = impl_->db.prepare(
        "SELECT k.id, k.title, k.municipality_type, k.is_divided_by_gender, "
        "bm25(kpi_fts, 20.0, 5.0, 1.0) AS rank "
        "FROM kpi_fts JOIN kpi k ON k.fts_rowid = kpi_fts.rowid "
        "WHERE kpi_fts MATCH ?1 AND k.retired = 0 ORDER BY rank, k.id LIMIT ?2");
    select.bind(1, query).bind(2, limit > 0 ? limit : -1);
    try {
        while (select.step()) {
            hits.push_back({select.column_text(0), select.column_text(1), select.column_text(2),
                            select.column_int(3) != 0, select.column_double(4)});
        }
    } catch (const CatalogueError& error) {
        throw CatalogueError("cannot search for \"" + text + "\": " + error.what());
    }
    return hits;
}

}  // namespace kolcat
