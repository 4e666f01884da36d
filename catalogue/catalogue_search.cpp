// Search over key figures (FTS5, bm25) and KPI groups, ranked by the letters typed first.
#include <algorithm>

#include "catalogue/catalogue.hpp"
#include "catalogue/catalogue_impl.hpp"
#include "catalogue/fts_query.hpp"
#include "catalogue/search_words.hpp"

namespace kolcat::catalogue {

const char* to_string(SearchHitKind kind) {
    return kind == SearchHitKind::kpi_group ? "kpi_group" : "kpi";
}

namespace {

// Every key figure the full-text index matches; ranked and cut by the caller.
std::vector<SearchHit> kpi_hits(Database& db, const std::string& text, const SearchWords& words) {
    std::vector<SearchHit> hits;
    const std::string query = to_fts_query(text);
    if (query.empty()) {
        return hits;  // nothing searchable in the text (only punctuation, say)
    }
    // Weights per column (id, title, description): a hit in the id or the title says more than
    // one somewhere in a long description. Retired key figures are not offered.
    Statement select = db.prepare(
        "SELECT k.id, k.title, k.municipality_type, k.is_divided_by_gender, "
        "bm25(kpi_fts, 20.0, 5.0, 1.0) AS rank, k.description "
        "FROM kpi_fts JOIN kpi k ON k.fts_rowid = kpi_fts.rowid "
        "WHERE kpi_fts MATCH ?1 AND k.retired = 0");
    select.bind(1, query);
    try {
        while (select.step()) {
            SearchHit hit{select.column_text(0), select.column_text(1), select.column_text(2),
                          select.column_int(3) != 0, select.column_double(4)};
            hit.exact_words = words.count_starting_words_exactly(hit.kpi + " " + hit.title + " " +
                                                                 select.column_text(5));
            hits.push_back(std::move(hit));
        }
    } catch (const CatalogueError& error) {
        throw CatalogueError("cannot search for \"" + text + "\": " + error.what());
    }
    return hits;
}

// KPI groups are few (about a hundred), so they are matched here by the index's own rule
// rather than by a second full-text index.
std::vector<SearchHit> kpi_group_hits(Database& db, const SearchWords& words) {
    std::vector<SearchHit> hits;
    Statement select = db.prepare("SELECT id, title FROM kpi_group");
    while (select.step()) {
        SearchHit hit;
        hit.kpi = select.column_text(0);
        hit.title = select.column_text(1);
        hit.kind = SearchHitKind::kpi_group;
        if (words.all_start_words_folded(hit.kpi + " " + hit.title)) {
            hit.exact_words = words.count_starting_words_exactly(hit.kpi + " " + hit.title);
            hits.push_back(std::move(hit));
        }
    }
    return hits;
}

}  // namespace

std::vector<SearchHit> Catalogue::search(const std::string& text, int limit) const {
    const SearchWords words(text);
    std::vector<SearchHit> hits = kpi_hits(impl_->db, text, words);
    if (!words.empty()) {
        for (auto& hit : kpi_group_hits(impl_->db, words)) {
            hits.push_back(std::move(hit));
        }
    }
    // More words with the letters typed first; then a group, which gathers key figures on the
    // theme, before a single key figure; then bm25; the id breaks ties.
    std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
        if (a.exact_words != b.exact_words) {
            return a.exact_words > b.exact_words;
        }
        if (a.kind != b.kind) {
            return a.kind == SearchHitKind::kpi_group;
        }
        if (a.rank != b.rank) {
            return a.rank < b.rank;
        }
        return a.kpi < b.kpi;
    });
    if (limit > 0 && hits.size() > static_cast<std::size_t>(limit)) {
        hits.resize(static_cast<std::size_t>(limit));
    }
    return hits;
}

}  // namespace kolcat::catalogue
