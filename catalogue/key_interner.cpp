#include "catalogue/key_interner.hpp"

namespace kolcat::catalogue {

KeyInterner::KeyInterner(Database& db, Table table) : db_(db), table_(table) {}

std::optional<std::int64_t> KeyInterner::find(const std::string& id) {
    if (const auto cached = keys_.find(id); cached != keys_.end()) {
        return cached->second;
    }
    if (!select_) {
        select_.emplace(db_.prepare(table_ == Table::kpi_key
                                        ? "SELECT key FROM kpi_key WHERE id = ?1"
                                        : "SELECT key FROM unit_key WHERE id = ?1"));
    }
    StatementReset reset(*select_);
    select_->bind(1, id);
    if (!select_->step()) {
        return std::nullopt;  // not cached: another process may create it later
    }
    const auto key = select_->column_int64(0);
    keys_.emplace(id, key);
    return key;
}

std::int64_t KeyInterner::intern(const std::string& id) {
    if (const auto key = find(id)) {
        return *key;
    }
    if (!insert_) {
        insert_.emplace(db_.prepare(table_ == Table::kpi_key
                                        ? "INSERT INTO kpi_key (id) VALUES (?1)"
                                        : "INSERT INTO unit_key (id) VALUES (?1)"));
    }
    insert_->bind(1, id).run();
    const auto key = db_.last_insert_rowid();
    keys_.emplace(id, key);
    return key;
}

}  // namespace kolcat::catalogue
