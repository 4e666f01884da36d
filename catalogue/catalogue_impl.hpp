#pragma once
// Internal to the catalogue library: the state behind a Catalogue object. The public API is
// catalogue.hpp; the methods are spread over catalogue_*.cpp by topic.

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "catalogue/key_interner.hpp"
#include "catalogue/value_writer.hpp"

namespace kolcat::catalogue {

// What the change queries (catalogue_changes.cpp, catalogue_value_changes.cpp) visit: the key
// figures a query names that have values (naming none, every one), sorted by id with their
// keys, and the units and years it keeps.
struct ChangeScope {
    std::vector<std::pair<std::string, std::int64_t>> kpis;
    std::vector<std::string> units;  // sorted; empty: every unit
    int first_year = 0;
    int last_year = 0;
    std::optional<YearSet> years;

    bool wants(const std::string& unit, int period) const;
};

struct Catalogue::Impl {
    Impl(const std::filesystem::path& path, OpenMode mode);

    std::filesystem::path path;
    OpenMode mode;
    Database db;  // declared before everything holding statements: destroyed last
    int schema_version = 0;
    KeyInterner kpi_keys;
    KeyInterner unit_keys;
    ValueWriter value_writer;  // the hot path of a sync (commit_page)
    // commit_page's sweep: a run, and whether a value older than it was stored at its first
    // sweep in this process.
    std::optional<std::pair<std::int64_t, bool>> older_values;

    void require_writable() const;
    ChangeScope change_scope(const ValueQuery& query);
    // Keeps the newest Catalogue::max_tombstones deletions and Catalogue::max_old_values old
    // values, and moves deletions_known_since and old_values_known_since past those dropped.
    // Call inside a write.
    void prune_records();

    // Runs fn inside one BEGIN IMMEDIATE transaction that commits only when fn returns.
    template <typename Fn>
    void write(Fn&& fn) {
        require_writable();
        try {
            Transaction transaction(db);
            std::forward<Fn>(fn)();
            transaction.commit();
        } catch (...) {
            // Keys created inside the rolled-back transaction are gone from the file.
            kpi_keys.forget();
            unit_keys.forget();
            throw;
        }
    }
};

}  // namespace kolcat::catalogue
