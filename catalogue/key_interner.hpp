#pragma once
// Maps kpi and unit ids to the small integer keys that kpi_value stores (see migrations.cpp),
// with an in-memory cache so that the bulk inserts of a sync rarely touch the key tables.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "catalogue/database.hpp"

namespace kolcat::catalogue {

class KeyInterner {
  public:
    enum class Table { kpi_key, unit_key };
    KeyInterner(Database& db, Table table);

    // The key of an id, or nullopt when no value or sync record has ever named it.
    std::optional<std::int64_t> find(const std::string& id);
    // The key of an id, created when new. Call inside a write transaction.
    std::int64_t intern(const std::string& id);
    // Drops the cache. Needed after a rollback: keys created inside it no longer exist.
    void forget() noexcept { keys_.clear(); }

  private:
    Database& db_;
    Table table_;
    std::unordered_map<std::string, std::int64_t> keys_;
    std::optional<Statement> select_;
    std::optional<Statement> insert_;
};

}  // namespace kolcat::catalogue
