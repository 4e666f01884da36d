// What changed in the catalogue since a time: the values a sync stored anew (changed_at) and
// those it deleted (their tombstones), for from_date answers; and the pruning of the bounded
// records (tombstones, old values).
#include <algorithm>
#include <limits>
#include <string>

#include "catalogue/catalogue.hpp"
#include "catalogue/catalogue_impl.hpp"

namespace kolcat::catalogue {

namespace {

constexpr const char* kKnownSince = "deletions_known_since";
constexpr const char* kOldValuesKnownSince = "old_values_known_since";

std::int64_t to_int64(const std::string& text) {
    try {
        return std::stoll(text);
    } catch (const std::exception&) {
        return std::numeric_limits<std::int64_t>::max();  // unreadable: no deletion is known
    }
}

}  // namespace

namespace {

// Keeps the newest `keep` rows of a bounded record (the tombstones, the old values) and moves
// its meta key, since when the record is whole, past the rows dropped. The names are the
// catalogue's own constants, never user text.
void prune_oldest(Database& db, const std::string& table, const std::string& time_column,
                  const char* known_since_key, std::int64_t keep) {
    Statement cutoff = db.prepare("SELECT " + time_column + " FROM " + table + " ORDER BY " +
                                  time_column + " DESC LIMIT 1 OFFSET ?1");
    cutoff.bind(1, keep);
    if (!cutoff.step()) {
        return;
    }
    const std::int64_t dropped_up_to = cutoff.column_int64(0);
    // Whole seconds go, so that what is kept is every row after dropped_up_to.
    db.prepare("DELETE FROM " + table + " WHERE " + time_column + " <= ?1")
        .bind(1, dropped_up_to)
        .run();
    db.prepare(
          "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET "
          "value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))")
        .bind(1, std::string(known_since_key))
        .bind(2, std::to_string(dropped_up_to + 1))
        .run();
}

}  // namespace

std::vector<std::pair<std::string, std::int64_t>> Catalogue::Impl::kpis_of(
    const ValueQuery& query) {
    std::vector<std::pair<std::string, std::int64_t>> kpis;
    if (query.kpis.empty()) {
        Statement all = db.prepare("SELECT id, key FROM kpi_key ORDER BY id");
        while (all.step()) {
            kpis.emplace_back(all.column_text(0), all.column_int64(1));
        }
        return kpis;
    }
    std::vector<std::string> ids = query.kpis;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (auto& id : ids) {
        if (const auto key = kpi_keys.find(id)) {
            kpis.emplace_back(std::move(id), *key);
        }
    }
    return kpis;
}

void Catalogue::Impl::prune_records() {
    prune_oldest(db, "kpi_value_deleted", "deleted_at", kKnownSince, Catalogue::max_tombstones);
    prune_oldest(db, "kpi_value_change", "changed_at", kOldValuesKnownSince,
                 Catalogue::max_old_values);
}

std::int64_t Catalogue::deletions_known_since() const {
    const auto text = meta(kKnownSince);
    return text ? to_int64(*text) : std::numeric_limits<std::int64_t>::max();
}

std::int64_t Catalogue::old_values_known_since() const {
    const auto text = meta(kOldValuesKnownSince);
    return text ? to_int64(*text) : std::numeric_limits<std::int64_t>::max();
}

void Catalogue::for_each_change(const ValueQuery& query, std::int64_t since,
                                const std::function<void(const Value&)>& fn) const {
    Database& db = impl_->db;
    const auto kpis = impl_->kpis_of(query);
    std::vector<std::string> units = query.units;
    std::sort(units.begin(), units.end());
    const int first_year = query.first_year.value_or(std::numeric_limits<int>::min());
    const int last_year = query.last_year.value_or(std::numeric_limits<int>::max());

    // Per kpi: live rows changed since, and tombstones since of cells not stored again.
    Statement select = db.prepare(
        "SELECT u.id, c.period, c.gender, c.value, c.count, c.status, c.deleted FROM ("
        "  SELECT unit, period, gender, value, count, status, 0 AS deleted FROM kpi_value "
        "  WHERE kpi = ?1 AND (changed_at >= ?2 OR (changed_at IS NULL AND ?5)) "
        "  AND period BETWEEN ?3 AND ?4 "
        "  UNION ALL "
        "  SELECT d.unit, d.period, d.gender, NULL, NULL, '', 1 FROM kpi_value_deleted d "
        "  WHERE d.kpi = ?1 AND d.deleted_at >= ?2 AND d.period BETWEEN ?3 AND ?4 "
        "  AND NOT EXISTS (SELECT 1 FROM kpi_value v WHERE v.kpi = d.kpi AND v.unit = d.unit "
        "  AND v.period = d.period AND v.gender = d.gender)"
        ") c JOIN unit_key u ON u.key = c.unit ORDER BY u.id, c.period, c.gender");
    // A value stored before changes were recorded may have changed at any time before then.
    const int unknown_counts = since < deletions_known_since() ? 1 : 0;
    Value value;
    for (const auto& [kpi, kpi_key] : kpis) {
        StatementReset reset(select);
        select.bind(1, kpi_key)
            .bind(2, since)
            .bind(3, first_year)
            .bind(4, last_year)
            .bind(5, unknown_counts);
        value.kpi = kpi;
        while (select.step()) {
            value.municipality = select.column_text(0);
            if (!units.empty() &&
                !std::binary_search(units.begin(), units.end(), value.municipality)) {
                continue;
            }
            value.period = select.column_int(1);
            if (query.years && !query.years->contains(value.period)) {
                continue;
            }
            value.gender = static_cast<Gender>(select.column_int(2));
            value.value = select.column_optional_double(3);
            value.count = select.column_optional_int(4);
            value.status = select.column_text(5);
            value.is_deleted = select.column_int(6) != 0;
            fn(value);
        }
    }
}

}  // namespace kolcat::catalogue
